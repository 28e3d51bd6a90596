package rscmock

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// Server-rendered pages shared by the console and the widget stand-ins.

// assets holds the page templates and in.js.
//
//go:embed templates static
var assets embed.FS

// pageFuncs are the template functions of every page.
var pageFuncs = template.FuncMap{
	"millis": func(m model.EpochMillis) string {
		if m == 0 {
			return ""
		}
		return time.UnixMilli(int64(m)).UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"join": strings.Join,
	"urns": func(us []model.URN) string {
		parts := make([]string, len(us))
		for i, u := range us {
			parts[i] = string(u)
		}
		return strings.Join(parts, ", ")
	},
}

// parsePages parses, for each page template of dir, the page with dir's
// layout.html into its own set (each page defines "content").
func parsePages(dir string) map[string]*template.Template {
	names, err := fs.Glob(assets, "templates/"+dir+"/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(n[strings.LastIndexByte(n, '/')+1:], ".html")
		if base == "layout" {
			continue
		}
		out[base] = template.Must(template.New(base).Funcs(pageFuncs).ParseFS(assets, "templates/"+dir+"/layout.html", n))
	}
	return out
}

// Compiled page templates; immutable after package initialisation.
var (
	consolePages = parsePages("console")
	widgetPages  = parsePages("widgets")
)

// pageView is what every page template receives.
type pageView struct {
	Title string
	// Flash and Error are the messages of the last action.
	Flash, Error string
	// Self is the page's path and query without the messages, for forms'
	// "back" field.
	Self string
	Data any
}

// Tenant returns the organization of a tenant's page (Data["Org"]), for
// the navigation links.
func (v pageView) Tenant() model.URN {
	if m, ok := v.Data.(map[string]any); ok {
		if u, ok := m["Org"].(model.URN); ok {
			return u
		}
	}
	return ""
}

// newView returns the view of request r's page.
func newView(r *http.Request, title string, data any) pageView {
	q := r.URL.Query()
	v := pageView{Title: title, Flash: q.Get("flash"), Error: q.Get("error"), Data: data}
	q.Del("flash")
	q.Del("error")
	v.Self = r.URL.Path
	if len(q) > 0 {
		v.Self += "?" + q.Encode()
	}
	return v
}

// render executes a page into a buffer first, so a template error gives a
// clean 500 instead of half a page.
func render(w http.ResponseWriter, pages map[string]*template.Template, page string, status int, v pageView) {
	var buf bytes.Buffer
	t := pages[page]
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

// sameOrigin reports whether a form POST comes from this server's page
// (wire.SameOrigin).
func sameOrigin(r *http.Request) bool { return wire.SameOrigin(r) }

// safeBack returns back when it is a path under prefix on this server, else
// fallback.
func safeBack(back, prefix, fallback string) string {
	u, err := url.Parse(back)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, prefix) || strings.HasPrefix(back, "//") || strings.Contains(u.Path, "..") {
		return fallback
	}
	return back
}

// redirectWith answers 303 to back with a flash or error message added to
// its query.
func redirectWith(w http.ResponseWriter, r *http.Request, back, msg string, err error) {
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

// parsePost checks a form POST: method, origin and size. It answers and
// reports false when the request may not go on.
func parsePost(w http.ResponseWriter, r *http.Request, pages map[string]*template.Template) bool {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		render(w, pages, "error", http.StatusMethodNotAllowed, newView(r, "Method not allowed", r.Method+" is not allowed here; this address takes form POSTs."))
		return false
	}
	if !sameOrigin(r) {
		render(w, pages, "error", http.StatusForbidden, newView(r, "Forbidden", "Forms may only be posted from the mock's own pages (Origin "+r.Header.Get("Origin")+")."))
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		render(w, pages, "error", http.StatusBadRequest, newView(r, "Bad request", "Cannot read the form: "+err.Error()))
		return false
	}
	return true
}
