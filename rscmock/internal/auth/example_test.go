package auth_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
)

// Example issues a client-credentials token and authenticates a call with it.
func Example() {
	g := auth.New(auth.Config{Seed: 1, TokenTTL: 30 * time.Minute})
	g.Add(&auth.App{ClientID: "child", Secret: "s3cret"})
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/oauth/v2/accessToken",
		strings.NewReader("grant_type=client_credentials&client_id=child&client_secret=s3cret"))
	g.ServeToken(w, r, nil)
	tok := g.Issue(g.App("child"))
	call := httptest.NewRequest(http.MethodGet, "/v2/atsCandidates", nil)
	call.Header.Set("Authorization", "Bearer "+tok)
	a, err := g.Authenticate(call)
	fmt.Println(w.Code, a.ClientID, err == nil)
	// Output: 200 child true
}
