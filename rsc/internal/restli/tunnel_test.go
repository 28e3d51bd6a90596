package restli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rscBatch returns n candidate keys shaped like a real RSC batch.
func rscBatch(n int) []Key {
	keys := make([]Key, n)
	for i := range keys {
		keys[i] = CompoundKey(
			Field{"atsCandidateId", fmt.Sprintf("cand-%06d", i)},
			Field{"dataProvider", "ATS"},
			Field{"integrationContext", "urn:li:organization:123456789"},
		)
	}
	return keys
}

func TestNeedsTunnel(t *testing.T) {
	t.Parallel()
	// LinkedIn's "4 KB" query limit: its own Python and JavaScript clients
	// tunnel above 4,000 bytes, so the SDK does too (not above 4,096).
	for n, want := range map[int]bool{4000: false, 4001: true, 4096: true} {
		u := &url.URL{Scheme: "https", Host: "api.linkedin.com", Path: "/v2/atsCandidates", RawQuery: "q=" + strings.Repeat("x", n-2)}
		if got := NeedsTunnel(u); got != want {
			t.Errorf("NeedsTunnel(%d-byte query) = %v, want %v", n, got, want)
		}
	}
	for _, p := range []Protocol{Protocol1, Protocol2} {
		var q Query
		q.SetIDs(rscBatch(100))
		u := &url.URL{Scheme: "https", Host: "api.linkedin.com", Path: "/v2/atsCandidates", RawQuery: q.Encode(p)}
		if len(u.RawQuery) <= MaxQueryLength {
			t.Fatalf("protocol %d: 100 keys gave only %d bytes", p, len(u.RawQuery))
		}
		if !NeedsTunnel(u) {
			t.Errorf("protocol %d: NeedsTunnel(%d-byte query) = false", p, len(u.RawQuery))
		}
		q.SetIDs(rscBatch(2))
		u.RawQuery = q.Encode(p)
		if NeedsTunnel(u) {
			t.Errorf("protocol %d: NeedsTunnel(short) = true", p)
		}
	}
	long := &url.URL{Scheme: "https", Host: "h", Path: "/" + strings.Repeat("a", MaxURLLength)}
	if !NeedsTunnel(long) {
		t.Error("NeedsTunnel(long path) = false")
	}
	if NeedsTunnel(nil) {
		t.Error("NeedsTunnel(nil) = true")
	}
}

func TestTunnelRoundTrip(t *testing.T) {
	t.Parallel()
	var q Query
	q.SetIDs(rscBatch(100))
	rawQuery := q.Encode(Protocol1)
	entities := map[string]json.RawMessage{}
	for _, k := range rscBatch(100) {
		entities[EncodeEntityKey(Protocol1, k)] = json.RawMessage(`{"firstName":"Ada"}`)
	}
	jsonBody, err := json.Marshal(BatchRequest{Entities: entities})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("no body", func(t *testing.T) {
		t.Parallel()
		ct, body := Tunnel("GET", rawQuery, nil)
		if ct != "application/x-www-form-urlencoded" || string(body) != rawQuery {
			t.Fatalf("Tunnel = %q, %.40q…", ct, body)
		}
		gotQuery, gotBody, err := Untunnel(ct, body)
		if err != nil || gotQuery != rawQuery || gotBody != nil {
			t.Fatalf("Untunnel = %.40q, %q, %v", gotQuery, gotBody, err)
		}
		keys, err := ParseIDs(Protocol1, gotQuery)
		if err != nil || len(keys) != 100 || !keys[42].Equal(rscBatch(100)[42]) {
			t.Errorf("ParseIDs(untunneled) = %d keys, %v", len(keys), err)
		}
	})

	t.Run("json body", func(t *testing.T) {
		t.Parallel()
		ct, body := Tunnel("PUT", rawQuery, jsonBody)
		mediaType, params, err := mime.ParseMediaType(ct)
		if err != nil || mediaType != "multipart/mixed" || params["boundary"] == "" {
			t.Fatalf("content type %q: %v", ct, err)
		}
		// Check the parts with mime/multipart directly.
		r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		var parts []string
		for {
			part, err := r.NextPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(part)
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, part.Header.Get("Content-Type"), string(data))
		}
		want := []string{"application/x-www-form-urlencoded", rawQuery, "application/json", string(jsonBody)}
		if diff := cmp.Diff(want, parts); diff != "" {
			t.Errorf("multipart parts mismatch (-want +got):\n%s", diff)
		}
		gotQuery, gotBody, err := Untunnel(ct, body)
		if err != nil || gotQuery != rawQuery || !bytes.Equal(gotBody, jsonBody) {
			t.Fatalf("Untunnel: query ok %v, body ok %v, err %v", gotQuery == rawQuery, bytes.Equal(gotBody, jsonBody), err)
		}
		ct2, body2 := Tunnel("PUT", rawQuery, jsonBody)
		if ct2 != ct || !bytes.Equal(body2, body) {
			t.Error("Tunnel is not deterministic")
		}
	})
}

func TestUntunnelErrors(t *testing.T) {
	t.Parallel()
	multipartBody := func(parts ...string) []byte {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.SetBoundary("b")
		for i := 0; i+1 < len(parts); i += 2 {
			pw, _ := w.CreatePart(map[string][]string{"Content-Type": {parts[i]}})
			_, _ = pw.Write([]byte(parts[i+1]))
		}
		_ = w.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name string
		ct   string
		body []byte
	}{
		{"bad content type", "", nil},
		{"json", "application/json", []byte("{}")},
		{"no boundary", "multipart/mixed", nil},
		{"truncated", "multipart/mixed; boundary=b", []byte("--b\r\nContent-Type: application/json\r\n\r\n{}")},
		{"no query part", "multipart/mixed; boundary=b", multipartBody("application/json", "{}")},
		{"two query parts", "multipart/mixed; boundary=b", multipartBody(contentTypeForm, "a=1", contentTypeForm, "b=2")},
		{"two json parts", "multipart/mixed; boundary=b", multipartBody(contentTypeForm, "a=1", contentTypeJSON, "{}", contentTypeJSON, "{}")},
		{"unknown part", "multipart/mixed; boundary=b", multipartBody(contentTypeForm, "a=1", "text/plain", "x")},
	}
	for _, tt := range tests {
		if _, _, err := Untunnel(tt.ct, tt.body); !errors.Is(err, ErrTunnel) {
			t.Errorf("%s: Untunnel error = %v, want ErrTunnel", tt.name, err)
		}
	}
	q, body, err := Untunnel("multipart/mixed; boundary=b", multipartBody(contentTypeForm, "a=1"))
	if err != nil || q != "a=1" || body != nil {
		t.Errorf("query-only multipart = %q, %q, %v", q, body, err)
	}
}

// TestTunnelIsMultipartWriter checks Tunnel's body byte for byte against
// mime/multipart.Writer with the same boundary, and that a content holding
// the fixed boundary gets another one.
func TestTunnelIsMultipartWriter(t *testing.T) {
	t.Parallel()
	const fixed = "_restli_5f0c8e2a9b7d4136"
	for _, tc := range []struct {
		query, body   string
		fixedBoundary bool
	}{
		{"ids=List((a:1))", `{"entities":{"(a:1)":{}}}`, true},
		{"ids=List((a:" + fixed + "))", `{}`, false},
		{"ids=x", `{"note":"--` + fixed + `"}`, false},
	} {
		ct, body := Tunnel("PUT", tc.query, []byte(tc.body))
		pct, parts := TunnelParts([]byte(tc.query), []byte(tc.body))
		if joined := bytes.Join(parts, nil); pct != ct || string(joined) != string(body) {
			t.Errorf("TunnelParts: %q, %q, not Tunnel's %q, %q", pct, joined, ct, body)
		}
		if len(parts) != 5 || string(parts[1]) != tc.query || string(parts[3]) != tc.body {
			t.Errorf("TunnelParts: parts %q do not hold the query and the body as they are", parts)
		}
		mediaType, params, err := mime.ParseMediaType(ct)
		if err != nil || mediaType != "multipart/mixed" {
			t.Fatalf("content type %q: %v", ct, err)
		}
		boundary := params["boundary"]
		if (boundary == fixed) != tc.fixedBoundary || strings.Contains(tc.query+tc.body, boundary) {
			t.Errorf("%q: boundary %q", tc.body, boundary)
		}
		var want bytes.Buffer
		w := multipart.NewWriter(&want)
		if err := w.SetBoundary(boundary); err != nil {
			t.Fatal(err)
		}
		for _, p := range [][2]string{{"application/x-www-form-urlencoded", tc.query}, {"application/json", tc.body}} {
			pw, _ := w.CreatePart(textproto.MIMEHeader{"Content-Type": {p[0]}})
			_, _ = pw.Write([]byte(p[1]))
		}
		_ = w.Close()
		if !bytes.Equal(body, want.Bytes()) {
			t.Errorf("%q:\n got %q\nwant %q", tc.body, body, want.Bytes())
		}
		if wantCT := mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": boundary}); ct != wantCT {
			t.Errorf("content type %q, want %q", ct, wantCT)
		}
	}
}

// checkTunnelParts fails t unless TunnelParts of query and body is what
// mime/multipart.Writer writes with its boundary, which neither holds,
// and Untunnel gives them back.
func checkTunnelParts(t *testing.T, query, body []byte) {
	t.Helper()
	ct, parts := TunnelParts(query, body)
	if len(body) == 0 {
		if ct != contentTypeForm || len(parts) != 1 || !bytes.Equal(parts[0], query) {
			t.Fatalf("no body: %q, %q", ct, parts)
		}
		return
	}
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatalf("content type %q: %v", ct, err)
	}
	boundary := params["boundary"]
	if wantCT := mime.FormatMediaType(contentTypeMultipart, map[string]string{"boundary": boundary}); ct != wantCT {
		t.Fatalf("content type %q, want %q", ct, wantCT)
	}
	if boundary == "" || bytes.Contains(query, []byte(boundary)) || bytes.Contains(body, []byte(boundary)) {
		t.Fatalf("boundary %q is in the content", boundary)
	}
	var want bytes.Buffer
	w := multipart.NewWriter(&want)
	if err := w.SetBoundary(boundary); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		ctype   string
		content []byte
	}{{contentTypeForm, query}, {contentTypeJSON, body}} {
		pw, _ := w.CreatePart(textproto.MIMEHeader{"Content-Type": {p.ctype}})
		_, _ = pw.Write(p.content)
	}
	_ = w.Close()
	if got := bytes.Join(parts, nil); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("body\n %q\nwant\n %q", got, want.Bytes())
	}
	if len(parts) != 5 || len(query) > 0 && &parts[1][0] != &query[0] || &parts[3][0] != &body[0] {
		t.Fatalf("the query and the body are not parts as they are")
	}
	q, b, err := Untunnel(ct, bytes.Join(parts, nil))
	if err != nil || q != string(query) || !bytes.Equal(b, body) {
		t.Fatalf("Untunnel: %q, %q, %v", q, b, err)
	}
}

// FuzzTunnelParts checks TunnelParts (checkTunnelParts) on any query and
// body, among them ones holding the fixed boundary or a part of it.
func FuzzTunnelParts(f *testing.F) {
	f.Add("ids=List((a:1))", `{"entities":{"(a:1)":{}}}`)
	f.Add("ids=List((a:"+fixedBoundary+"))", `{}`)
	f.Add("ids=x", `{"note":"\r\n--`+fixedBoundary+`"}`)
	f.Add("", `{"a":"_restli_"}`)
	f.Add("ids=x", "")
	f.Fuzz(func(t *testing.T, query, body string) {
		checkTunnelParts(t, []byte(query), []byte(body))
	})
}

// TestTunnelPartsAllocations: the framing is one allocation sized to fit
// and the parts another; the Content-Type of the fixed boundary is a
// constant.
func TestTunnelPartsAllocations(t *testing.T) {
	query, body := []byte("ids=List((a:1),(a:2))"), []byte(`{"entities":{"(a:1)":{},"(a:2)":{}}}`)
	if n := testing.AllocsPerRun(100, func() { TunnelParts(query, body) }); n != 2 {
		t.Errorf("%v allocations, want 2", n)
	}
	if _, parts := TunnelParts(query, body); cap(parts[4]) != len(parts[4]) {
		t.Errorf("the framing's buffer has %d bytes to spare", cap(parts[4])-len(parts[4]))
	}
	if ct, _ := TunnelParts(query, body); ct != "multipart/mixed; boundary="+fixedBoundary {
		t.Errorf("content type %q", ct)
	}
}
