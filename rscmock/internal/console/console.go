// Package console serves the fake LinkedIn's own pages and its /_mock/ JSON
// API from the recruiter simulator (sim.World): the console at /_console/
// (Console), the widget stand-ins at /_widgets/ and in.js (Widgets), and the
// /_mock/ endpoints (Mock, on the JSONAPI router). It holds their templates,
// the page frame, form checks and redirects, and the views the templates
// read (plain strings and ints, built from sim's values). It imports neither
// rsc nor rsc/model.
package console

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// assets holds the page templates and in.js.
//
//go:embed templates static
var assets embed.FS

// funcs are the template functions of every page.
var funcs = template.FuncMap{
	"millis": Millis,
	"join":   strings.Join,
	"urns":   JoinStrings,
}

// Millis renders epoch milliseconds (any integer kind) as a UTC time, ""
// for zero.
func Millis(v any) string {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || !rv.CanInt() || rv.Int() == 0 {
		return ""
	}
	return time.UnixMilli(rv.Int()).UTC().Format("2006-01-02 15:04:05 UTC")
}

// JoinStrings joins a slice of any string kind (URNs) with ", ".
func JoinStrings(v any) string {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() != reflect.Slice {
		return ""
	}
	parts := make([]string, rv.Len())
	for i := range parts {
		if e := rv.Index(i); e.Kind() == reflect.String {
			parts[i] = e.String()
		}
	}
	return strings.Join(parts, ", ")
}

// Pages are the compiled pages of one set ("console" or "widgets"), by
// name; immutable once parsed.
type Pages map[string]*template.Template

// Parse parses, for each page template of set, the page with the set's
// layout.html (each page defines "content"). A broken template panics: the
// templates are part of the binary.
func Parse(set string) Pages {
	names, err := fs.Glob(assets, "templates/"+set+"/*.html")
	if err != nil {
		panic(err)
	}
	out := Pages{}
	for _, n := range names {
		base := strings.TrimSuffix(n[strings.LastIndexByte(n, '/')+1:], ".html")
		if base == "layout" {
			continue
		}
		out[base] = template.Must(template.New(base).Funcs(funcs).ParseFS(assets, "templates/"+set+"/layout.html", n))
	}
	return out
}

// Script returns in.js, the script the widgets load.
func Script() ([]byte, error) { return assets.ReadFile("static/in.js") }

// View is what every page template receives.
type View struct {
	Title string
	// Flash and Error are the messages of the last action.
	Flash, Error string
	// Self is the page's path and query without the messages, for forms'
	// "back" field.
	Self string
	Data any
}

// Tenant returns the organization of a tenant's page (Data["Org"], of any
// string kind), for the navigation links.
func (v View) Tenant() string {
	if m, ok := v.Data.(map[string]any); ok {
		if rv := reflect.ValueOf(m["Org"]); rv.IsValid() && rv.Kind() == reflect.String {
			return rv.String()
		}
	}
	return ""
}

// NewView returns the view of request r's page.
func NewView(r *http.Request, title string, data any) View {
	q := r.URL.Query()
	v := View{Title: title, Flash: q.Get("flash"), Error: q.Get("error"), Data: data}
	q.Del("flash")
	q.Del("error")
	v.Self = r.URL.Path
	if len(q) > 0 {
		v.Self += "?" + q.Encode()
	}
	return v
}

// Render executes a page into a buffer first, so a template error gives a
// clean 500 instead of half a page.
func (p Pages) Render(w http.ResponseWriter, page string, status int, v View) {
	var buf bytes.Buffer
	t := p[page]
	if t == nil {
		http.Error(w, "rscmock: no page "+page, http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		http.Error(w, "rscmock: render "+page+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// SafeBack returns back when it is a path under prefix on this server, else
// fallback.
func SafeBack(back, prefix, fallback string) string {
	u, err := url.Parse(back)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, prefix) || strings.HasPrefix(back, "//") || strings.Contains(u.Path, "..") {
		return fallback
	}
	return back
}

// RedirectWith answers 303 to back with a flash or error message added to
// its query.
func RedirectWith(w http.ResponseWriter, r *http.Request, back, msg string, err error) {
	u, _ := url.Parse(back)
	q := u.Query()
	q.Del("flash")
	q.Del("error")
	if err != nil {
		q.Set("error", err.Error())
	} else if msg != "" {
		q.Set("flash", msg)
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

// ParsePost checks a form POST: method, origin and size. It answers with
// one of p's error page and reports false when the request may not go on.
func (p Pages) ParsePost(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		p.Render(w, "error", http.StatusMethodNotAllowed, NewView(r, "Method not allowed", r.Method+" is not allowed here; this address takes form POSTs."))
		return false
	}
	if !wire.SameOrigin(r) {
		p.Render(w, "error", http.StatusForbidden, NewView(r, "Forbidden", "Forms may only be posted from the mock's own pages (Origin "+r.Header.Get("Origin")+")."))
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		p.Render(w, "error", http.StatusBadRequest, NewView(r, "Bad request", "Cannot read the form: "+err.Error()))
		return false
	}
	return true
}
