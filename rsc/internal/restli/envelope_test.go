package restli

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPatchJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		patch Patch
		want  string
	}{
		{"set", Patch{Set: map[string]any{"manualMatchedMember": "urn:li:person:1", "b": 2}}, `{"patch":{"$set":{"b":2,"manualMatchedMember":"urn:li:person:1"}}}`},
		{"delete", Patch{Delete: []string{"a"}}, `{"patch":{"$delete":["a"]}}`},
		{"both", Patch{Set: map[string]any{"a": true}, Delete: []string{"b"}}, `{"patch":{"$set":{"a":true},"$delete":["b"]}}`},
		{"empty", Patch{}, `{"patch":{}}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.patch)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: Marshal = %s, %v; want %s", tt.name, got, err, tt.want)
			continue
		}
		var back Patch
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("%s: Unmarshal: %v", tt.name, err)
		}
		again, _ := json.Marshal(back)
		if string(again) != tt.want {
			t.Errorf("%s: round trip = %s", tt.name, again)
		}
	}
	if _, err := json.Marshal(Patch{Set: map[string]any{"c": make(chan int)}}); err == nil {
		t.Error("Marshal of an unencodable value succeeded")
	}
	for _, bad := range []string{`{}`, `{"patch":{"nested":{"$set":{}}}}`, `{"patch":{"$set":1}}`, `[`} {
		var p Patch
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

func TestDecodeError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body string
		want ErrorResponse
		ok   bool
	}{
		{`{"message":"Empty oauth2_access_token","serviceErrorCode":401,"status":401}`,
			ErrorResponse{Status: 401, ServiceErrorCode: 401, Message: "Empty oauth2_access_token"}, true},
		{` {"status":422,"message":"bad"} `, ErrorResponse{Status: 422, Message: "bad"}, true},
		{`{"code":"VERSION_MISSING","message":"A version must be present"}`, ErrorResponse{Code: "VERSION_MISSING", Message: "A version must be present"}, true},
		{`{"status":201,"id":"1"}`, ErrorResponse{}, false},
		{`{"message":"an entity with a message field"}`, ErrorResponse{}, false},
		{`{"results":{}}`, ErrorResponse{}, false},
		{`[]`, ErrorResponse{}, false},
		{``, ErrorResponse{}, false},
		{`{"status":"500"}`, ErrorResponse{}, false},
	}
	for _, tt := range tests {
		got, ok := DecodeError([]byte(tt.body))
		if ok != tt.ok {
			t.Errorf("DecodeError(%s) ok = %v, want %v", tt.body, ok, tt.ok)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("DecodeError(%s) mismatch (-want +got):\n%s", tt.body, diff)
		}
	}
}

func TestEnvelopesJSON(t *testing.T) {
	t.Parallel()
	res := CreateResponse{Elements: []CreateStatus{
		{Status: 201, ID: json.RawMessage(`"urn:li:task:1"`)},
		{Status: 400, Error: &ErrorResponse{Status: 400, Message: "bad"}},
	}}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"elements":[{"status":201,"id":"urn:li:task:1"},{"status":400,"error":{"status":400,"message":"bad"}}]}`
	if string(got) != want {
		t.Errorf("CreateResponse = %s, want %s", got, want)
	}
	coll := CollectionResponse{Elements: []json.RawMessage{}, Paging: &Paging{Start: 0, Count: 10, Links: []Link{{Rel: "next", Href: "/x?start=10", Type: "application/json"}}}}
	got, err = json.Marshal(coll)
	if err != nil {
		t.Fatal(err)
	}
	want = `{"elements":[],"paging":{"start":0,"count":10,"links":[{"rel":"next","href":"/x?start=10","type":"application/json"}]}}`
	if string(got) != want {
		t.Errorf("CollectionResponse = %s, want %s", got, want)
	}
	got, err = json.Marshal(BatchResponse{})
	if err != nil || string(got) != `{}` {
		t.Errorf("empty BatchResponse = %s, %v", got, err)
	}
}
