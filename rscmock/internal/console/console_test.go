package console_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/console"
)

// urn and millis stand for the caller's named types (a URN, epoch millis).
type (
	urn    string
	millis int64
)

func TestTemplateFuncsTakeNamedTypes(t *testing.T) {
	t.Parallel()
	if got := console.Millis(millis(1_700_000_000_000)); got != "2023-11-14 22:13:20 UTC" {
		t.Errorf("Millis = %q", got)
	}
	if got := console.Millis(int64(0)); got != "" {
		t.Errorf("Millis(0) = %q", got)
	}
	if got := console.Millis("x"); got != "" {
		t.Errorf("Millis(string) = %q", got)
	}
	if got := console.JoinStrings([]urn{"urn:li:person:a", "urn:li:person:b"}); got != "urn:li:person:a, urn:li:person:b" {
		t.Errorf("JoinStrings = %q", got)
	}
	v := console.View{Data: map[string]any{"Org": urn("urn:li:organization:1")}}
	if v.Tenant() != "urn:li:organization:1" || (console.View{Data: 3}).Tenant() != "" {
		t.Errorf("Tenant = %q", v.Tenant())
	}
}

func TestPagesRenderAndFormChecks(t *testing.T) {
	t.Parallel()
	for _, set := range []string{"console", "widgets"} {
		pages := console.Parse(set)
		if pages["error"] == nil || pages["layout"] != nil {
			t.Fatalf("%s pages: %v", set, pages)
		}
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/_console/x?flash=done&a=1", nil)
		pages.Render(w, "error", http.StatusNotFound, console.NewView(r, "Not found", "No <page>."))
		if w.Code != 404 || !strings.Contains(w.Body.String(), "No &lt;page&gt;.") || w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s error page: %d %s", set, w.Code, w.Body.String())
		}
		w = httptest.NewRecorder()
		pages.Render(w, "nope", 200, console.View{})
		if w.Code != 500 {
			t.Errorf("%s unknown page: %d", set, w.Code)
		}
		w = httptest.NewRecorder()
		post := httptest.NewRequest(http.MethodPost, "http://fake.test/_console/actions/x", strings.NewReader("a=1"))
		post.Header.Set("Origin", "http://evil.test")
		if pages.ParsePost(w, post) || w.Code != http.StatusForbidden {
			t.Errorf("%s cross-origin post: %d", set, w.Code)
		}
		w = httptest.NewRecorder()
		if pages.ParsePost(w, httptest.NewRequest(http.MethodGet, "/_console/actions/x", nil)) || w.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s GET on an action: %d", set, w.Code)
		}
	}
	if v := console.NewView(httptest.NewRequest(http.MethodGet, "/p?flash=ok&error=bad&a=1", nil), "T", nil); v.Flash != "ok" || v.Error != "bad" || v.Self != "/p?a=1" {
		t.Errorf("view %+v", v)
	}
	for back, want := range map[string]string{"/_console/tenant?org=x": "/_console/tenant?org=x", "//evil.test/_console/": "/_console/",
		"https://evil.test/_console/": "/_console/", "/_console/../x": "/_console/", "/other": "/_console/"} {
		if got := console.SafeBack(back, "/_console/", "/_console/"); got != want {
			t.Errorf("SafeBack(%q) = %q, want %q", back, got, want)
		}
	}
	w := httptest.NewRecorder()
	console.RedirectWith(w, httptest.NewRequest(http.MethodPost, "/", nil), "/_console/?flash=old", "", errors.New("no such seat"))
	if loc := w.Header().Get("Location"); w.Code != http.StatusSeeOther || loc != "/_console/?error=no+such+seat" {
		t.Errorf("redirect %d %s", w.Code, loc)
	}
	if b, err := console.Script(); err != nil || len(b) == 0 {
		t.Errorf("in.js: %v", err)
	}
}
