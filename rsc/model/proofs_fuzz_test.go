package model_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

// rawDecoder is one tolerant model type whose decoder keeps the input in Raw.
type rawDecoder struct {
	name   string
	decode func([]byte) (raw json.RawMessage, v any, err error)
}

func decodeRaw[T any](raw func(*T) json.RawMessage) func([]byte) (json.RawMessage, any, error) {
	return func(data []byte) (json.RawMessage, any, error) {
		var v T
		err := json.Unmarshal(data, &v)
		return raw(&v), &v, err
	}
}

// rawDecoders lists every model type decoded tolerantly (the unconfirmed
// LinkedIn shapes, integrations and configuration values).
var rawDecoders = []rawDecoder{
	{"Notification", decodeRaw(func(v *model.Notification) json.RawMessage { return v.Raw })},
	{"Seat", decodeRaw(func(v *model.Seat) json.RawMessage { return v.Raw })},
	{"ConversationEvent", decodeRaw(func(v *model.ConversationEvent) json.RawMessage { return v.Raw })},
	{"ProspectNote", decodeRaw(func(v *model.ProspectNote) json.RawMessage { return v.Raw })},
	{"StubProfile", decodeRaw(func(v *model.StubProfile) json.RawMessage { return v.Raw })},
	{"MailStub", decodeRaw(func(v *model.MailStub) json.RawMessage { return v.Raw })},
	{"ExportedCandidate", decodeRaw(func(v *model.ExportedCandidate) json.RawMessage { return v.Raw })},
	{"PurgedExportedCandidate", decodeRaw(func(v *model.PurgedExportedCandidate) json.RawMessage { return v.Raw })},
	{"CandidateMatches", decodeRaw(func(v *model.CandidateMatches) json.RawMessage { return v.Raw })},
	{"Integration", decodeRaw(func(v *model.Integration) json.RawMessage { return v.Raw })},
	{"ConfigurationValue", decodeRaw(func(v *model.ConfigurationValue) json.RawMessage { return v.Raw })},
}

// FuzzModelDecoders feeds arbitrary JSON to every tolerant model decoder
// (and to Exporter, which keeps no Raw). None may panic; a value decoded
// from anything but null keeps the input in Raw; and what MarshalJSON
// writes decodes again without error.
func FuzzModelDecoders(f *testing.F) {
	for _, s := range []string{
		`{"id":"1","type":"EXPORT_CANDIDATE_PROFILE","expiresAt":1700000000000}`,
		`{"seatId":5,"contract":"urn:li:contract:1","member":{"urn":"urn:li:person:a"},"state":"ACTIVE","active":true}`,
		`{"id":"e1","thread":"urn:li:messagingThread:1","author":"urn:li:seat:1","recipients":["urn:li:person:a"],"subject":"s","body":"b","createdAt":"2026-01-01T00:00:00Z"}`,
		`{"id":1323000001,"active":true,"contract":"urn:li:contract:1","created":{"time":1},"lastModified":1,"owner":"urn:li:seat:1","member":"urn:li:person:a","note":"n","visibility":"CONTRACT"}`,
		`{"member":"urn:li:person:a","firstName":{"localized":{"en_US":"Ada"}},"lastName":"L","emailAddress":"a@b.c","phoneNumbers":[{"number":"1"}]}`,
		`{"integrationContext":"urn:li:organization:1","externalJobPostingId":"J1","exportedAt":1,"candidate":{"member":"urn:li:person:a"},"exporter":"urn:li:seat:1"}`,
		`{"member":"urn:li:person:a","requestId":9,"exportType":"ONE_CLICK_EXPORT","purgedAt":1}`,
		`{"matchedMembers":["urn:li:person:a",{"member":"urn:li:person:b"}],"manualMatchedMember":null}`,
		`{"integrationName":"x","status":"ENABLED"}`, `{"string":"https://x.example.com"}`, `"https://x.example.com"`,
		`null`, `{}`, `[]`, `1`, `"x"`, `true`, `{"a":{"b":{"c":[1,2,{"d":null}]}}}`, `{"id":"\ud800","createdAt":-1e309}`,
		`{"createdAt":9223372036854775807999,"expiresAt":"not a date"}`, `{"firstName":{"localized":{}},"headline":[]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var ex model.Exporter
		_ = json.Unmarshal(data, &ex)
		valid := json.Valid(data)
		isNull := bytes.Equal(bytes.TrimSpace(data), []byte("null"))
		for _, d := range rawDecoders {
			raw, v, err := d.decode(data)
			if err != nil {
				continue
			}
			if !valid {
				t.Fatalf("%s accepted invalid JSON %q", d.name, data)
			}
			if !isNull && !jsonSame(raw, data) {
				t.Fatalf("%s: Raw %q is not the input %q", d.name, raw, data)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%s: marshal of %+v (from %q): %v", d.name, v, data, err)
			}
			if _, _, err := d.decode(out); err != nil {
				t.Fatalf("%s: its own output %q (from %q) does not decode: %v", d.name, out, data, err)
			}
		}
	})
}

func jsonSame(a, b []byte) bool {
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return false
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}
