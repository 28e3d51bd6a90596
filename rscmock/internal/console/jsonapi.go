package console

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// Route is one endpoint of a JSON API such as /_mock/.
type Route struct {
	Method  string
	Path    string // after the API's prefix
	Summary string
	Serve   http.HandlerFunc
}

// JSONAPI serves Routes under Prefix (e.g. "/_mock/"): the route of a
// request's path and method, 405 with Allow for another method of a known
// path, 404 for an unknown one. Its index is "" (GET Prefix), which
// Index serves.
type JSONAPI struct {
	Prefix string
	Routes []Route
}

// ServeHTTP routes r.
func (a JSONAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, a.Prefix), "/")
	var allow []string
	for _, rt := range a.Routes {
		if rt.Path != path {
			continue
		}
		if rt.Method == r.Method {
			rt.Serve(w, r)
			return
		}
		allow = append(allow, rt.Method)
	}
	if allow == nil {
		wire.WriteError(w, wire.Errorf(http.StatusNotFound, "unknown mock endpoint %s; GET %s lists them", r.URL.Path, a.Prefix))
		return
	}
	slices.Sort(allow)
	w.Header().Set("Allow", strings.Join(allow, ", "))
	wire.WriteError(w, wire.Errorf(http.StatusMethodNotAllowed, "%s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, strings.Join(allow, ", ")))
}

// Index writes the list of endpoints, with extra fields beside it.
func (a JSONAPI) Index(w http.ResponseWriter, extra map[string]any) {
	type ep struct {
		Method  string `json:"method"`
		Path    string `json:"path"`
		Summary string `json:"summary"`
	}
	out := []ep{}
	for _, rt := range a.Routes {
		out = append(out, ep{rt.Method, a.Prefix + rt.Path, rt.Summary})
	}
	body := map[string]any{"endpoints": out}
	for k, v := range extra {
		body[k] = v
	}
	wire.WriteJSON(w, http.StatusOK, body)
}

// DecodeJSON reads a JSON action body of at most limit bytes into v;
// unknown fields are errors so a misspelt field does not pass silently. An
// empty body is {}.
func DecodeJSON(r *http.Request, v any, limit int) *wire.Error {
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return wire.Errorf(http.StatusBadRequest, "read body: %v", err)
	}
	if len(b) > limit {
		return wire.Errorf(http.StatusBadRequest, "body larger than %d bytes (MaxMockBody)", limit)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return wire.Errorf(http.StatusBadRequest, "invalid JSON body: %v", err)
	}
	return nil
}
