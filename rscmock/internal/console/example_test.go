package console_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/rsckit/rsckit/rscmock/internal/console"
)

// Example renders the console's error page for a request.
func Example() {
	pages := console.Parse("console")
	r := httptest.NewRequest(http.MethodGet, "/_console/nowhere", nil)
	w := httptest.NewRecorder()
	pages.Render(w, "error", http.StatusNotFound, console.NewView(r, "Not Found", "No console page /_console/nowhere."))
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	// Output: 404 text/html; charset=utf-8
}
