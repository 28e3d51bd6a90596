package restli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var batchAnswers = []string{
	`{"results":{"(a:1,b:2)":{"status":204},"(a:3,b:4)":{"status":204}},"errors":{}}`,
	` { "results" : { "k1" : { "status" : 201 } , "k2":{"status":422} } , "statuses" : { } } `,
	`{"errors":{},"results":{}}`,
	`{}`,
	`{"results":{"k":{"status":204}},"results":{"j":{"status":200}}}`, // json.Unmarshal merges
	`{"results":{"k":{"status":204}},"errors":{"j":{"status":422,"message":"bad"}}}`,
	`{"results":{"k":{"status":204,"extra":1}}}`,
	`{"results":{"k":{"status":2040}}}`,
	`{"results":{"k":{"status":204.5}}}`,
	`{"results":{"k":{"status":"204"}}}`,
	`{"results":{"k\"q":{"status":204}}}`,
	`{"results":{"k\u0026q":{"status":204}}}`,
	`{"results":{"ké":{"status":204}}}`,
	`{"results":{"k":{"id":"x","status":201}}}`,
	`{"results":{"k":{"status":204}},"statuses":{"k":204}}`,
	`{"results":{"k":{"status":204}},"paging":{}}`,
	`{"results":null,"errors":null}`,
	`{"results":{"k":{"status":204}}}x`,
	`{"results":{"k":{"status":204}},}`,
	`{"results":{"k":{"status":204},}}`,
	`{"results":{"k":{"status":204}}`,
	`{"results":{"k":{"status":099}}}`,
	`[]`,
	`{"results":{"k":{"status":204}}} {}`,
}

// TestDecodeBatchResponseIsEncodingJSON checks the scan decodes (or
// refuses) every answer as json.Unmarshal does.
func TestDecodeBatchResponseIsEncodingJSON(t *testing.T) {
	for _, in := range batchAnswers {
		checkBatchDecode(t, in)
	}
}

func checkBatchDecode(t *testing.T, in string) {
	t.Helper()
	var want, got BatchResponse
	werr := json.Unmarshal([]byte(in), &want)
	gerr := DecodeBatchResponse([]byte(in), &got)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("%s: error %v, encoding/json's %v", in, gerr, werr)
	}
	if werr != nil {
		return
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s: -encoding/json +DecodeBatchResponse:\n%s", in, d)
	}
	// What ScanWriteAnswer lists is what encoding/json reads, in order
	// (a key listed twice: the last one counts, as in a map).
	ws, ok := ScanWriteAnswer([]byte(in), nil)
	if !ok {
		return
	}
	if len(want.Errors) > 0 || len(want.Statuses) > 0 {
		t.Errorf("%s: ScanWriteAnswer ignored errors or statuses", in)
	}
	listed := map[string]json.RawMessage{}
	for _, w := range ws {
		listed[string(w.Key)] = w.Value
		var st struct{ Status int }
		if json.Unmarshal(w.Value, &st) != nil || st.Status != w.Status {
			t.Errorf("%s: result %q has status %d", in, w.Value, w.Status)
		}
	}
	if len(listed) != len(want.Results) || len(want.Results) > 0 && cmp.Diff(want.Results, listed) != "" {
		t.Errorf("%s: ScanWriteAnswer listed %v, encoding/json read %v", in, listed, want.Results)
	}
}

func TestScanWriteAnswerOrder(t *testing.T) {
	ws, ok := ScanWriteAnswer([]byte(`{"results":{"b":{"status":204},"a":{"status":422}},"errors":{}}`), nil)
	want := []WriteResult{{Key: []byte("b"), Status: 204, Value: json.RawMessage(`{"status":204}`)}, {Key: []byte("a"), Status: 422, Value: json.RawMessage(`{"status":422}`)}}
	if !ok || cmp.Diff(want, ws) != "" {
		t.Errorf("ScanWriteAnswer = %v, %v; want %v", ws, ok, want)
	}
	if ws, ok := ScanWriteAnswer([]byte(`{"results":{"b":{"status":204}},"errors":{"a":{"status":422}}}`), ws[:0]); ok || len(ws) != 0 {
		t.Errorf("ScanWriteAnswer of an answer with errors = %v, %v", ws, ok)
	}
}

// TestDecodeBatchResponseScans checks the common write answer is read by
// the scan itself: its values are slices of the answer, not copies.
func TestDecodeBatchResponseScans(t *testing.T) {
	data := []byte(batchAnswers[0])
	var r BatchResponse
	if err := DecodeBatchResponse(data, &r); err != nil {
		t.Fatal(err)
	}
	v := r.Results["(a:1,b:2)"]
	if string(v) != `{"status":204}` || &v[0] != &data[strings.Index(batchAnswers[0], `{"status"`)] {
		t.Errorf("result %q was not read by the scan", v)
	}
}

func FuzzDecodeBatchResponse(f *testing.F) {
	for _, in := range batchAnswers {
		f.Add(in)
	}
	f.Fuzz(checkBatchDecode)
}

// plainPrefixBytewise is plainPrefix byte by byte.
func plainPrefixBytewise(b []byte) int {
	for i, c := range b {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return i
		}
	}
	return len(b)
}

// TestPlainPrefixEveryBytePosition checks plainPrefix against the
// bytewise rule for every byte at every place of two words and a tail,
// and for two flagged bytes in one word (the first must be found).
func TestPlainPrefixEveryBytePosition(t *testing.T) {
	const plain = "(a:1,b:urn%3Ali%3Ax)"
	for pos := 0; pos < len(plain); pos++ {
		for c := 0; c < 256; c++ {
			b := []byte(plain)
			b[pos] = byte(c)
			if got, want := plainPrefix(b), plainPrefixBytewise(b); got != want {
				t.Fatalf("plainPrefix(%q) = %d, want %d", b, got, want)
			}
			if pos+1 < len(b) {
				b[pos+1] = 0
				if got, want := plainPrefix(b), plainPrefixBytewise(b); got != want {
					t.Fatalf("plainPrefix(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
}

// FuzzPlainPrefix checks plainPrefix against plainPrefixBytewise.
func FuzzPlainPrefix(f *testing.F) {
	for _, s := range []string{"", "(a:1)\"", "0123456\x7f89", "01234567\"", "\x00", "é\"", `a\"b"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := plainPrefix(b), plainPrefixBytewise(b); got != want {
			t.Fatalf("plainPrefix(%q) = %d, want %d", b, got, want)
		}
	})
}
