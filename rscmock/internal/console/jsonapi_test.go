package console_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/console"
)

// TestJSONAPI: a route answers its method, another method of its path is
// 405 with Allow, an unknown path 404; the index lists every route; a body
// with an unknown field or over the limit is a 400.
func TestJSONAPI(t *testing.T) {
	t.Parallel()
	var got struct{ Name string }
	api := console.JSONAPI{Prefix: "/_mock/"}
	api.Routes = []console.Route{
		{Method: "GET", Path: "", Summary: "this list", Serve: func(w http.ResponseWriter, _ *http.Request) { api.Index(w, map[string]any{"console": "/_console/"}) }},
		{Method: "POST", Path: "things", Summary: "add a thing: {name}", Serve: func(w http.ResponseWriter, r *http.Request) {
			if e := console.DecodeJSON(r, &got, 32); e != nil {
				http.Error(w, e.Message, e.Status)
				return
			}
			w.WriteHeader(http.StatusCreated)
		}},
	}
	do := func(method, path, body string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		api.ServeHTTP(w, httptest.NewRequest(method, path, strings.NewReader(body)))
		return w
	}
	if w := do("POST", "/_mock/things", `{"name":"a"}`); w.Code != http.StatusCreated || got.Name != "a" {
		t.Errorf("POST things: %d, decoded %+v", w.Code, got)
	}
	if w := do("POST", "/_mock/things/", ``); w.Code != http.StatusCreated {
		t.Errorf("empty body with a trailing slash: %d", w.Code)
	}
	if w := do("POST", "/_mock/things", `{"nmae":"a"}`); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "nmae") {
		t.Errorf("misspelt field: %d %s", w.Code, w.Body)
	}
	if w := do("POST", "/_mock/things", `{"name":"`+strings.Repeat("x", 40)+`"}`); w.Code != http.StatusBadRequest {
		t.Errorf("body over the limit: %d", w.Code)
	}
	if w := do("GET", "/_mock/things", ``); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "POST" {
		t.Errorf("GET things: %d Allow %q", w.Code, w.Header().Get("Allow"))
	}
	if w := do("GET", "/_mock/nothing", ``); w.Code != http.StatusNotFound {
		t.Errorf("unknown path: %d", w.Code)
	}
	w := do("GET", "/_mock/", ``)
	for _, want := range []string{`"path":"/_mock/things"`, `"summary":"add a thing: {name}"`, `"console":"/_console/"`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("index %s lacks %s", w.Body, want)
		}
	}
}
