package wire_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// A Rest.li 2.0 request that lacks LinkedIn-Version gets LinkedIn's error,
// flagged as a Rest.li error.
func ExampleWriteError() {
	h := http.Header{}
	h.Set(wire.HeaderProtocolVersion, "2.0.0")
	rec := httptest.NewRecorder()
	rec.Header().Set(wire.HeaderProtocolVersion, "2.0.0")
	wire.WriteError(rec, wire.CheckVersionedHeaders(h))
	fmt.Println(rec.Code, rec.Header().Get("X-RestLi-Error-Response"))
	fmt.Println(rec.Body.String())
	// Output:
	// 400 true
	// {"code":"VERSION_MISSING","message":"A version must be present. Please specify a version by adding the LinkedIn-Version header.","status":400}
}
