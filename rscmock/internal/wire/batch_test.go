package wire

import (
	"bytes"
	"encoding/json"
	"testing"
)

// stdJSON is what WriteJSON wrote before BatchResult wrote its own JSON:
// encoding/json, HTML characters unescaped.
func stdJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// checkBatchJSON checks that encodeJSON writes r as encoding/json does.
func checkBatchJSON(t *testing.T, r BatchResult) {
	t.Helper()
	got, err := encodeJSON(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := stdJSON(t, r); !bytes.Equal(got, want) {
		t.Fatalf("encodeJSON:\n got %s\nwant %s", got, want)
	}
}

func TestBatchResultJSONMatchesEncodingJSON(t *testing.T) {
	checkBatchJSON(t, BatchResult{})
	checkBatchJSON(t, NewBatchResult())
	r := NewBatchResult()
	for i, k := range []string{"atsCandidateId=C1&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A1", "b<>&", "é", "\xff", "a\"q\\", "tab\t", "\u2028", "", "z"} {
		r.Results[k] = Status{Status: 200 + i}
	}
	r.Results["view"] = map[string]any{"html": "<b>&</b>", "n": 1}
	r.Errors["e<1>"] = ErrorBody{Status: 422, Message: "ERROR :: /firstName :: <script> & \u2028\n"}
	r.Errors["e2"] = ErrorBody{}
	checkBatchJSON(t, r)
}

func FuzzBatchResultJSON(f *testing.F) {
	f.Add("atsCandidateId=C1&dataProvider=ATS", "x<y", 204, "ERROR :: /a :: b\n")
	f.Add("\xff\u2028", "\"", -1, "")
	f.Fuzz(func(t *testing.T, k1, k2 string, status int, msg string) {
		r := NewBatchResult()
		r.Results[k1] = Status{Status: status}
		r.Results[k2] = msg
		r.Errors[k2] = ErrorBody{Status: status, Message: msg}
		checkBatchJSON(t, r)
	})
}
