package crash

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Ops of a Send besides the job posting operations (CREATE, CLOSE, ...).
const (
	OpUpsert = "upsert" // BATCH_UPDATE
	OpDelete = "delete" // BATCH_DELETE
)

// Send is one record a write request carried to LinkedIn.
type Send struct {
	// Stream is the resource, with a parent key in the path written
	// {key}: "/v2/atsCandidates", "/v2/atsApplications/{key}/stages".
	Stream string
	// Key is the record's canonical key: its key fields in sorted query
	// form ("atsCandidateId=C1&dataProvider=ATS&integrationContext=..."),
	// a sub-resource's prefixed with its parent's key and "/".
	Key string
	// Op is OpUpsert, OpDelete or a job posting's operation (CREATE, CLOSE).
	Op string
	// Body is the record's JSON as sent; empty for a delete.
	Body string
}

// RecordSends returns the records a Rest.li request to LinkedIn carries:
// the ids of a BATCH_UPDATE (with their bodies) or BATCH_DELETE in the
// Rest.li 1.0 query (ids[i].field=value or ids=x), also when the request is
// tunneled (POST with X-HTTP-Method-Override and a form or multipart body),
// and the elements of a simpleJobPostings BATCH_CREATE. Other requests
// (reads, token requests) carry none.
func RecordSends(method string, u *url.URL, header http.Header, body []byte) ([]Send, error) {
	rawQuery := u.RawQuery
	if ov := header.Get("X-HTTP-Method-Override"); ov != "" && method == http.MethodPost {
		q, b, err := untunnel(header.Get("Content-Type"), body)
		if err != nil {
			return nil, fmt.Errorf("tunneled %s %s: %w", ov, u.Path, err)
		}
		method, rawQuery, body = strings.ToUpper(ov), q, b
	}
	stream, parent, err := streamOf(u.EscapedPath())
	if err != nil {
		return nil, err
	}
	switch {
	case method == http.MethodPost && strings.HasSuffix(stream, "/simpleJobPostings"):
		return jobSends(stream, body)
	case method == http.MethodPut, method == http.MethodDelete:
	default:
		return nil, nil
	}
	ids, err := queryIDs(rawQuery)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, u.Path, err)
	}
	var bodies map[string]json.RawMessage
	if method == http.MethodPut {
		var wire struct {
			Entities map[string]json.RawMessage `json:"entities"`
		}
		if err := json.Unmarshal(body, &wire); err != nil {
			return nil, fmt.Errorf("%s %s: body: %w", method, u.Path, err)
		}
		bodies = make(map[string]json.RawMessage, len(wire.Entities))
		for k, v := range wire.Entities {
			ck, err := canonicalKey(k)
			if err != nil {
				return nil, fmt.Errorf("%s %s: entity key %q: %w", method, u.Path, k, err)
			}
			bodies[ck] = v
		}
	}
	out := make([]Send, 0, len(ids))
	for _, id := range ids {
		s := Send{Stream: stream, Key: id, Op: OpDelete}
		if method == http.MethodPut {
			b, ok := bodies[id]
			if !ok {
				return nil, fmt.Errorf("%s %s: no entity for id %q", method, u.Path, id)
			}
			s.Op, s.Body = OpUpsert, string(b)
		}
		if parent != "" {
			s.Key = parent + "/" + id
		}
		out = append(out, s)
	}
	return out, nil
}

// streamOf splits a path into its stream (a parent key segment written
// {key}) and the parent's canonical key.
func streamOf(escaped string) (stream, parent string, err error) {
	segs := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	if len(segs) > 3 {
		p, err := url.PathUnescape(segs[2])
		if err != nil {
			return "", "", fmt.Errorf("path %s: %w", escaped, err)
		}
		if parent, err = canonicalKey(p); err != nil {
			return "", "", fmt.Errorf("path %s: %w", escaped, err)
		}
		segs[2] = "{key}"
	}
	for i, s := range segs {
		if segs[i], err = url.PathUnescape(s); err != nil {
			return "", "", fmt.Errorf("path %s: %w", escaped, err)
		}
	}
	return "/" + strings.Join(segs, "/"), parent, nil
}

// canonicalKey returns a key given as "field=value&..." with its fields
// sorted (values query-escaped), or a simple key as it is.
func canonicalKey(k string) (string, error) {
	if !strings.Contains(k, "=") {
		return k, nil
	}
	v, err := url.ParseQuery(k)
	if err != nil {
		return "", err
	}
	return v.Encode(), nil
}

// queryIDs returns the canonical keys of a Rest.li 1.0 query's ids, in
// order: ids[i].field=value pairs grouped by i, or ids=x values.
func queryIDs(rawQuery string) ([]string, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(q["ids"])
	byIndex := map[int]url.Values{}
	for name, vals := range q {
		rest, ok := strings.CutPrefix(name, "ids[")
		if !ok {
			continue
		}
		idx, field, ok := strings.Cut(rest, "].")
		i, err := strconv.Atoi(idx)
		if !ok || err != nil || field == "" || len(vals) != 1 {
			return nil, fmt.Errorf("query parameter %q: not ids[i].field", name)
		}
		if byIndex[i] == nil {
			byIndex[i] = url.Values{}
		}
		byIndex[i].Set(field, vals[0])
	}
	idx := make([]int, 0, len(byIndex))
	for i := range byIndex {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for _, i := range idx {
		out = append(out, byIndex[i].Encode())
	}
	return out, nil
}

// jobSends reads a simpleJobPostings BATCH_CREATE body.
func jobSends(stream string, body []byte) ([]Send, error) {
	var wire struct {
		Elements []json.RawMessage `json:"elements"`
	}
	if err := json.Unmarshal(body, &wire); err != nil {
		return nil, fmt.Errorf("POST %s: body: %w", stream, err)
	}
	out := make([]Send, 0, len(wire.Elements))
	for i, el := range wire.Elements {
		var j struct {
			Context string `json:"integrationContext"`
			ID      string `json:"externalJobPostingId"`
			Op      string `json:"jobPostingOperationType"`
		}
		if err := json.Unmarshal(el, &j); err != nil || j.ID == "" {
			return nil, fmt.Errorf("POST %s: element %d: no externalJobPostingId: %w", stream, i, err)
		}
		key := url.Values{"externalJobPostingId": {j.ID}, "integrationContext": {j.Context}}.Encode()
		out = append(out, Send{Stream: stream, Key: key, Op: j.Op, Body: string(el)})
	}
	return out, nil
}

// untunnel reads a tunneled request's query and JSON body: a form body,
// or multipart/mixed with a form part and a JSON part.
func untunnel(contentType string, body []byte) (rawQuery string, jsonBody []byte, err error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", nil, err
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		return string(body), nil, nil
	case "multipart/mixed":
	default:
		return "", nil, fmt.Errorf("content type %q", mt)
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	haveQuery := false
	for {
		part, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, err
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return "", nil, err
		}
		switch pt, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type")); pt {
		case "application/x-www-form-urlencoded":
			rawQuery, haveQuery = string(data), true
		case "application/json":
			jsonBody = data
		default:
			return "", nil, fmt.Errorf("part content type %q", pt)
		}
	}
	if !haveQuery {
		return "", nil, errors.New("multipart body without a query part")
	}
	return rawQuery, jsonBody, nil
}

// Repeat is a record sent again with the op and body of its previous
// send: work done twice.
type Repeat struct {
	Send
	// Run is the run that sent it again; PrevRun the run of the previous
	// send, whose acknowledgement (a checkpoint, a completed intent) a
	// kill lost when PrevRun < Run.
	Run, PrevRun int
}

// Recorder is an http.Handler middleware in front of LinkedIn (rscmock)
// that counts API requests and, per request LinkedIn processed (it wrote a
// 2xx status), the records it carried (RecordSends). Requests are tagged
// with the run set by SetRun when they arrive. It is safe for concurrent
// use.
type Recorder struct {
	next               http.Handler
	requests, inflight atomic.Int64

	mu      sync.Mutex
	run     int
	sends   int
	last    map[string]lastSend // by stream + " " + key
	repeats []Repeat
	errs    []error
}

type lastSend struct {
	op, body string
	run      int
}

// NewRecorder returns a Recorder that serves requests with next.
func NewRecorder(next http.Handler) *Recorder {
	return &Recorder{next: next, last: map[string]lastSend{}}
}

// SetRun tags the requests that arrive from now on with run n.
func (rc *Recorder) SetRun(n int) {
	rc.mu.Lock()
	rc.run = n
	rc.mu.Unlock()
}

// Requests returns the number of API requests received (not token or
// inspection requests).
func (rc *Recorder) Requests() int64 { return rc.requests.Load() }

// Inflight returns the number of API requests being served.
func (rc *Recorder) Inflight() int64 { return rc.inflight.Load() }

// Sends returns the number of records carried by processed requests.
func (rc *Recorder) Sends() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.sends
}

// Repeats returns the records sent again unchanged, in the order seen.
func (rc *Recorder) Repeats() []Repeat {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.repeats)
}

// Err returns the requests whose records could not be parsed, joined.
func (rc *Recorder) Err() error {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return errors.Join(rc.errs...)
}

// statusWriter remembers the status the handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP serves r with the next handler and records what it carried.
func (rc *Recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/v2/") && !strings.HasPrefix(r.URL.Path, "/rest/") {
		rc.next.ServeHTTP(w, r)
		return
	}
	rc.requests.Add(1)
	rc.inflight.Add(1)
	defer rc.inflight.Add(-1)
	rc.mu.Lock()
	run := rc.run
	rc.mu.Unlock()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sw := &statusWriter{ResponseWriter: w}
	rc.next.ServeHTTP(sw, r)
	if sw.status < 200 || sw.status > 299 {
		return // not processed: an answer never written (the caller left), or an error
	}
	sends, err := RecordSends(r.Method, r.URL, r.Header, body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if err != nil {
		rc.errs = append(rc.errs, err)
		return
	}
	for _, s := range sends {
		rc.sends++
		k := s.Stream + " " + s.Key
		if prev, ok := rc.last[k]; ok && prev.op == s.Op && prev.body == s.Body {
			rc.repeats = append(rc.repeats, Repeat{Send: s, Run: run, PrevRun: prev.run})
		}
		rc.last[k] = lastSend{op: s.Op, body: s.Body, run: run}
	}
}
