package wire_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

func TestCheckJSONContentType(t *testing.T) {
	for _, tc := range []struct {
		ct, body string
		ok       bool
	}{
		{"application/json", `{}`, true},
		{"application/json; charset=utf-8", `{}`, true},
		{"text/plain", `{"a":1}`, true}, // LinkedIn's Postman collection
		{"text/plain", `not json`, false},
		{"", `{}`, false},
		{"", ``, true},
		{"application/xml", `{}`, false},
	} {
		h := http.Header{}
		if tc.ct != "" {
			h.Set("Content-Type", tc.ct)
		}
		if got := wire.CheckJSONContentType(h, []byte(tc.body)); (got == nil) != tc.ok {
			t.Errorf("%q %q: %v, want ok %v", tc.ct, tc.body, got, tc.ok)
		}
	}
}

func TestCheckVersionedHeaders(t *testing.T) {
	for v, code := range map[string]string{"": "VERSION_MISSING", "2026": "INVALID_VERSION", "202613": "INVALID_VERSION", "202603": "", "202508.02": ""} {
		h := http.Header{}
		if v != "" {
			h.Set(wire.HeaderLinkedInVersion, v)
		}
		e := wire.CheckVersionedHeaders(h)
		if (e == nil) != (code == "") || (e != nil && e.Code != code) {
			t.Errorf("version %q: %v, want code %q", v, e, code)
		}
	}
	h := http.Header{}
	h.Set(wire.HeaderProtocolVersion, "3.0.0")
	if e := wire.CheckProtocolHeader(h); e == nil || e.Status != http.StatusBadRequest {
		t.Errorf("protocol 3.0.0: %v", e)
	}
}

func TestUntunnelForm(t *testing.T) {
	q, body, err := wire.Untunnel("application/x-www-form-urlencoded", []byte("ids=1&ids=2"))
	if err != nil || q != "ids=1&ids=2" || body != nil {
		t.Errorf("form: %q %q %v", q, body, err)
	}
	if _, _, err := wire.Untunnel("multipart/mixed; boundary=x", []byte("--x--\r\n")); err == nil {
		t.Error("multipart without a query part accepted")
	}
	if _, _, err := wire.Untunnel("image/png", nil); err == nil {
		t.Error("image/png accepted")
	}
}

func TestPage(t *testing.T) {
	q, err := restli.ParseQuery(url.Values{"start": {"1"}, "count": {"2"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	_, out, e := wire.Page(q, []int{10, 20, 30, 40}, 10, false)
	got := out.(map[string]any)["elements"].([]int)
	if e != nil || len(got) != 2 || got[0] != 20 {
		t.Errorf("page: %v %v", got, e)
	}
	q, _ = restli.ParseQuery("start=-1")
	if _, _, e := wire.Page(q, []int{1}, 10, false); e == nil {
		t.Error("negative start accepted")
	}
}

func TestPatchRefusesUnknownFields(t *testing.T) {
	var p wire.Patch
	if err := p.UnmarshalJSON([]byte(`{"patch":{"$set":{"a":1}}}`)); err != nil || p.Set["a"] == nil {
		t.Errorf("patch: %v %v", p, err)
	}
	if err := p.UnmarshalJSON([]byte(`{"patch":{"$sett":{}}}`)); err == nil {
		t.Error("a misspelt $set accepted")
	}
	if err := p.UnmarshalJSON([]byte(`{}`)); err == nil {
		t.Error("a body without patch accepted")
	}
}
