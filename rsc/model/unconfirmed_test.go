package model

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// decodeCase is one tolerant-decoding input and the fields expected from it.
type decodeCase[T any] struct {
	name string
	in   string
	want T
}

// runDecode decodes each case, compares it (ignoring Raw) and checks that Raw holds the
// whole input, unknown fields included.
func runDecode[T any](t *testing.T, cases []decodeCase[T]) {
	t.Helper()
	var zero T
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got T
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreFields(zero, "Raw"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			raw := cmp.Diff(json.RawMessage(strings.TrimSpace(tc.in)), rawOf(got))
			if raw != "" {
				t.Errorf("Raw does not hold the input:\n%s", raw)
			}
		})
	}
}

// rawOf returns the Raw field of an unconfirmed type.
func rawOf(v any) json.RawMessage {
	switch x := v.(type) {
	case Notification:
		return x.Raw
	case Seat:
		return x.Raw
	case ConversationEvent:
		return x.Raw
	case ProspectNote:
		return x.Raw
	case MailStub:
		return x.Raw
	case StubProfile:
		return x.Raw
	case ExportedCandidate:
		return x.Raw
	case PurgedExportedCandidate:
		return x.Raw
	case CandidateMatches:
		return x.Raw
	}
	panic("no Raw")
}

// marshalsTo checks the presumed wire shape and that decoding it gives v back.
func marshalsTo[T any](t *testing.T, v T, want string) {
	t.Helper()
	var zero T
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	jsonEqual(t, b, want)
	var back T
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if diff := cmp.Diff(v, back, cmpopts.IgnoreFields(zero, "Raw")); diff != "" {
		t.Errorf("round trip (-sent +decoded):\n%s", diff)
	}
}

// badInput checks that a non-object is an error and null leaves the value unchanged.
func badInput[T any](t *testing.T, keep T) {
	t.Helper()
	v := keep
	if err := json.Unmarshal([]byte(`[1,2]`), &v); err == nil {
		t.Errorf("%T from array: want error", v)
	}
	v = keep
	if err := json.Unmarshal([]byte(`null`), &v); err != nil || !cmp.Equal(v, keep) {
		t.Errorf("%T from null = %+v, %v; want unchanged", v, v, err)
	}
}

func TestNotificationDecode(t *testing.T) {
	t.Parallel()
	runDecode(t, []decodeCase[Notification]{
		{"presumed", `{"id":"123456789","type":"EXPORT_CANDIDATE_PROFILE","expiresAt":1700000000000,"extra":{"x":1}}`,
			Notification{ID: "123456789", Type: NotificationExportCandidateProfile, ExpiresAt: 1700000000000}},
		{"requestId number", `{"requestId":123456789,"type":"INTEGRATION_STATUS_CHANGE"}`,
			Notification{ID: "123456789", Type: NotificationIntegrationStatusChange}},
		{"numeric string expiry", `{"id":"a","type":"X","expiresAt":"1700000000000"}`,
			Notification{ID: "a", Type: "X", ExpiresAt: 1700000000000}},
		{"RFC 3339 expiry", `{"id":"a","eventType":"EXPORT_CANDIDATE_PROFILE","expiresAt":"2023-11-14T22:13:20.5Z"}`,
			Notification{ID: "a", Type: NotificationExportCandidateProfile, ExpiresAt: 1700000000500}},
		{"garbage expiry kept in Raw", `{"id":"a","type":"X","expiresAt":"soon"}`, Notification{ID: "a", Type: "X"}},
		{"empty", `{}`, Notification{}},
	})
	marshalsTo(t, Notification{ID: "1", Type: NotificationExportCandidateProfile, ExpiresAt: 5},
		`{"id":"1","type":"EXPORT_CANDIDATE_PROFILE","expiresAt":5}`)
	marshalsTo(t, Notification{ID: "1", Type: NotificationExportCandidateProfile}, `{"id":"1","type":"EXPORT_CANDIDATE_PROFILE"}`)
	badInput(t, Notification{ID: "keep"})
}

func TestNotificationValidate(t *testing.T) {
	t.Parallel()
	runRules(t, func() Notification {
		return Notification{ID: "123", Type: NotificationExportCandidateProfile, ExpiresAt: 1}
	}, []ruleCase[Notification]{
		{"no id", func(n *Notification) { n.ID = "" }, one("id", "required")},
		{"no type", func(n *Notification) { n.Type = "" }, one("type", "required")},
		{"unknown type", func(n *Notification) { n.Type = "SOMETHING_NEW" }, nil},
		{"no expiry", func(n *Notification) { n.ExpiresAt = 0 }, nil},
		{"negative expiry", func(n *Notification) { n.ExpiresAt = -1 }, one("expiresAt", "must not be negative")},
		{"NUL id", func(n *Notification) { n.ID = "\x00" }, one("id", "must not contain NUL bytes")},
	})
}

func TestSeatDecode(t *testing.T) {
	t.Parallel()
	runDecode(t, []decodeCase[Seat]{
		{"presumed", `{"id":123,"contract":"urn:li:contract:9","member":"urn:li:person:p1","active":true,"extra":1}`,
			Seat{ID: "123", URN: SeatURN("123"), Contract: ContractURN("9"), Member: PersonURN("p1"), Active: true}},
		{"legacy id only", `{"id":456}`, Seat{ID: "456", URN: SeatURN("456")}},
		{"rest names", `{"seatId":"7","contracts":["urn:li:contract:9"],"seatHolder":{"person":"urn:li:person:p"},"state":"ACTIVE"}`,
			Seat{ID: "7", URN: SeatURN("7"), Contract: ContractURN("9"), Member: PersonURN("p"), Active: true, State: "ACTIVE"}},
		{"urn id", `{"id":"urn:li:seat:5","personUrn":"urn:li:person:q","state":"INACTIVE"}`,
			Seat{ID: "5", URN: SeatURN("5"), Member: PersonURN("q"), State: "INACTIVE"}},
		{"seat urn only", `{"seat":"urn:li:seat:8","active":"false"}`, Seat{ID: "8", URN: SeatURN("8")}},
	})
	marshalsTo(t, Seat{ID: "123", URN: SeatURN("123"), Contract: ContractURN("9"), Member: PersonURN("p1"), Active: true},
		`{"id":123,"contract":"urn:li:contract:9","member":"urn:li:person:p1","active":true}`)
	marshalsTo(t, Seat{ID: "ab", URN: SeatURN("ab"), State: "ACTIVE", Active: true}, `{"id":"ab","active":true,"state":"ACTIVE"}`)
	badInput(t, Seat{ID: "keep"})
}

func TestConversationEventDecode(t *testing.T) {
	t.Parallel()
	want := ConversationEvent{
		ID: "I6234554148858486784_1000", Thread: "urn:li:messagingThread:6234532054298611712",
		Author: SeatURN("123456789"), Recipients: []URN{PersonURN("abc")},
		Subject: "RE: Testing Stub Profile", Body: "Hi there", CreatedAt: 1486428775129,
	}
	runDecode(t, []decodeCase[ConversationEvent]{
		{"etl sample", `{"id":"I6234554148858486784_1000","author":"urn:li:seat:123456789",
			"recipients":[{"recipient":"urn:li:person:abc","name":"Jane"}],"threadUrn":"urn:li:messagingThread:6234532054298611712",
			"content":{"mail":{"subject":"RE: Testing Stub Profile","body":{"text":"Hi there"}}},"createdAt":1486428775129}`, want},
		{"flat", `{"eventId":"I6234554148858486784_1000","from":{"seat":"urn:li:seat:123456789"},"to":["urn:li:person:abc"],
			"thread":"urn:li:messagingThread:6234532054298611712","subject":"RE: Testing Stub Profile","body":"Hi there",
			"created":{"time":1486428775129}}`, want},
		{"single recipient", `{"id":"e","recipient":"urn:li:person:abc","createdAt":"1486428775129"}`,
			ConversationEvent{ID: "e", Recipients: []URN{PersonURN("abc")}, CreatedAt: 1486428775129}},
	})
	marshalsTo(t, want, `{"id":"I6234554148858486784_1000","thread":"urn:li:messagingThread:6234532054298611712",
		"author":"urn:li:seat:123456789","recipients":["urn:li:person:abc"],
		"content":{"mail":{"subject":"RE: Testing Stub Profile","body":{"text":"Hi there"}}},"createdAt":1486428775129}`)
	badInput(t, ConversationEvent{ID: "keep"})
}

func TestProspectNoteDecode(t *testing.T) {
	t.Parallel()
	runDecode(t, []decodeCase[ProspectNote]{
		{"documented sample", `{"active": true, "contract": "urn:li:contract:1234567", "created": 1489192513000, "id": 1323073443}`,
			ProspectNote{ID: "1323073443", Active: true, Contract: ContractURN("1234567"), Created: 1489192513000}},
		{"presumed", `{"id":1,"active":false,"contract":"urn:li:contract:1","created":1,"lastModified":2,"owner":"urn:li:seat:3",
			"member":"urn:li:person:p","note":"Great fit","visibility":"PRIVATE","unknown":[1]}`,
			ProspectNote{ID: "1", Contract: ContractURN("1"), Created: 1, LastModified: 2, Owner: SeatURN("3"),
				Member: PersonURN("p"), Note: "Great fit", Visibility: "PRIVATE"}},
		{"alternatives, active absent", `{"noteId":"N1","author":{"seat":"urn:li:seat:3"},"prospect":"urn:li:person:p","text":"hello",
			"created":{"time":1},"lastModifiedAt":{"time":5},"privacy":"PUBLIC"}`,
			ProspectNote{ID: "N1", Active: true, Owner: SeatURN("3"), Member: PersonURN("p"), Note: "hello",
				Created: 1, LastModified: 5, Visibility: "PUBLIC"}},
	})
	marshalsTo(t, ProspectNote{ID: "1323073443", Active: true, Contract: ContractURN("1234567"), Created: 1489192513000,
		LastModified: 1489192513001, Owner: SeatURN("1"), Member: PersonURN("p"), Note: "n", Visibility: "PRIVATE"},
		`{"id":1323073443,"active":true,"contract":"urn:li:contract:1234567","created":1489192513000,
		"lastModified":1489192513001,"owner":"urn:li:seat:1","member":"urn:li:person:p","note":"n","visibility":"PRIVATE"}`)
	marshalsTo(t, ProspectNote{ID: "N1"}, `{"id":"N1","active":false}`)
	badInput(t, ProspectNote{ID: "keep"})
}

func TestMailStubDecode(t *testing.T) {
	t.Parallel()
	want := MailStub{
		ID: "m1", Owner: SeatURN("1"), Member: PersonURN("p"), FirstName: "Ada", LastName: "Lovelace",
		EmailAddress: "ada@example.com", PhoneNumber: "555-555-5555", Headline: "Mathematician", Location: "London",
		CurrentCompanyName: "Analytical Engines", CurrentJobTitle: "Programmer",
		ProfileURL: "https://www.linkedin.com/in/ada", CreatedAt: 1489192513000,
	}
	const presumed = `{"id":"m1","owner":"urn:li:seat:1","member":"urn:li:person:p","firstName":"Ada","lastName":"Lovelace",
		"emailAddress":"ada@example.com","phoneNumber":"555-555-5555","headline":"Mathematician","location":"London",
		"currentCompanyName":"Analytical Engines","currentJobTitle":"Programmer","profileUrl":"https://www.linkedin.com/in/ada",
		"createdAt":1489192513000}`
	runDecode(t, []decodeCase[MailStub]{
		{"presumed", presumed, want},
		{"alternatives", `{"mailStubId":"m1","seat":"urn:li:seat:1","personUrn":"urn:li:person:p",
			"firstName":{"localized":{"de_DE":"Ada-de","en_US":"Ada"},"preferredLocale":{"country":"US","language":"en"}},
			"lastName":{"localized":{"en_US":"Lovelace"}},
			"emailAddresses":["ada@example.com","other@example.com"],"phoneNumbers":[{"number":"555-555-5555","type":"MOBILE"}],
			"headline":"Mathematician","location":{"name":"London"},"companyName":"Analytical Engines","title":"Programmer",
			"publicProfileUrl":"https://www.linkedin.com/in/ada","created":{"time":1489192513000},"newField":true}`, want},
		{"phone object", `{"id":"m2","phone":{"number":"1"}}`, MailStub{ID: "m2", PhoneNumber: "1"}},
	})
	marshalsTo(t, want, presumed)
	badInput(t, MailStub{ID: "keep"})
}

func TestStubProfileDecode(t *testing.T) {
	t.Parallel()
	want := StubProfile{Member: PersonURN("p"), FirstName: "Ada", LastName: "Lovelace", Headline: "Mathematician",
		Location: "London", CurrentCompanyName: "Analytical Engines", CurrentJobTitle: "Programmer",
		ProfileURL: "https://www.linkedin.com/in/ada"}
	const presumed = `{"member":"urn:li:person:p","firstName":"Ada","lastName":"Lovelace","headline":"Mathematician",
		"location":"London","currentCompanyName":"Analytical Engines","currentJobTitle":"Programmer",
		"profileUrl":"https://www.linkedin.com/in/ada"}`
	withEmail := want
	withEmail.EmailAddress = "ada@example.com"
	runDecode(t, []decodeCase[StubProfile]{
		{"presumed", presumed, want},
		{"alternatives", `{"personUrn":"urn:li:person:p","firstName":"Ada","lastName":"Lovelace","headline":"Mathematician",
			"location":{"name":"London"},"currentCompany":"Analytical Engines","jobTitle":"Programmer",
			"linkedInProfileUrl":"https://www.linkedin.com/in/ada","profilePictureUrl":"https://x"}`, want},
		{"email string", `{"member":"urn:li:person:p","firstName":"Ada","lastName":"Lovelace","headline":"Mathematician",
			"location":"London","currentCompanyName":"Analytical Engines","currentJobTitle":"Programmer",
			"profileUrl":"https://www.linkedin.com/in/ada","emailAddress":"ada@example.com"}`, withEmail},
		{"email array (pre-2024)", `{"member":"urn:li:person:p","firstName":"Ada","lastName":"Lovelace","headline":"Mathematician",
			"location":"London","currentCompanyName":"Analytical Engines","currentJobTitle":"Programmer",
			"profileUrl":"https://www.linkedin.com/in/ada","emailAddress":["","ada@example.com"]}`, withEmail},
	})
	marshalsTo(t, withEmail, strings.TrimSuffix(presumed, "}")+`,"emailAddress":"ada@example.com"}`)
	badInput(t, StubProfile{FirstName: "keep"})
}

func TestExportedCandidateDecode(t *testing.T) {
	t.Parallel()
	want := ExportedCandidate{
		RequestID: "123456789", IntegrationContext: OrganizationURN("1000"),
		Candidate:            StubProfile{Member: PersonURN("p"), FirstName: "Ada", LastName: "Lovelace"},
		ExternalJobPostingID: "J1",
		Exporter:             Exporter{Seat: SeatURN("1"), Email: "rec@ats.example.com", FirstName: "Rita", LastName: "Cruiter"},
		ExportedAt:           1489192513000,
	}
	opts := []cmp.Option{cmpopts.IgnoreFields(ExportedCandidate{}, "Raw"), cmpopts.IgnoreFields(StubProfile{}, "Raw")}
	const presumed = `{"requestId":"123456789","integrationContext":"urn:li:organization:1000",
		"candidate":{"member":"urn:li:person:p","firstName":"Ada","lastName":"Lovelace"},"externalJobPostingId":"J1",
		"exporter":{"seat":"urn:li:seat:1","email":"rec@ats.example.com","firstName":"Rita","lastName":"Cruiter"},
		"exportedAt":1489192513000}`
	tests := []struct {
		name string
		in   string
		want ExportedCandidate
	}{
		{"presumed", presumed, want},
		{"alternatives", `{"id":123456789,"integrationContext":"urn:li:organization:1000",
			"stubProfile":{"person":"urn:li:person:p","firstName":"Ada","lastName":"Lovelace"},"externalPipelineId":"J1",
			"exportedBy":{"seatUrn":"urn:li:seat:1","emailAddress":"rec@ats.example.com","firstName":"Rita","lastName":"Cruiter"},
			"created":{"time":1489192513000},"note":"exported with a note"}`, want},
		{"bare values", `{"requestId":"r","integrationContext":"urn:li:organization:1","candidate":"urn:li:person:p",
			"atsJobPostingId":"J2","exporter":"rec@ats.example.com","exportedAt":"2017-03-11T00:35:13Z"}`,
			ExportedCandidate{RequestID: "r", IntegrationContext: OrganizationURN("1"), Candidate: StubProfile{Member: PersonURN("p")},
				ExternalJobPostingID: "J2", Exporter: Exporter{Email: "rec@ats.example.com"}, ExportedAt: 1489192513000}},
		{"member at top level, seat exporter", `{"requestId":"r","member":"urn:li:person:p","candidate":{"firstName":"A"},"seat":"urn:li:seat:4"}`,
			ExportedCandidate{RequestID: "r", Candidate: StubProfile{Member: PersonURN("p"), FirstName: "A"}, Exporter: Exporter{Seat: SeatURN("4")}}},
		{"person exporter", `{"requestId":"r","exporter":"urn:li:person:x"}`,
			ExportedCandidate{RequestID: "r", Exporter: Exporter{Person: PersonURN("x")}}},
	}
	for _, tc := range tests {
		var got ExportedCandidate
		if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, got, opts...); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
		if string(got.Raw) != strings.TrimSpace(tc.in) {
			t.Errorf("%s: Raw = %s", tc.name, got.Raw)
		}
	}
	var got ExportedCandidate
	if err := json.Unmarshal([]byte(presumed), &got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got.Candidate.Raw), `"firstName":"Ada"`) {
		t.Errorf("candidate Raw = %s", got.Candidate.Raw)
	}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, b, presumed)
	b, _ = json.Marshal(ExportedCandidate{IntegrationContext: OrganizationURN("1")})
	jsonEqual(t, b, `{"integrationContext":"urn:li:organization:1","candidate":{}}`)
	badInput(t, ExportedCandidate{RequestID: "keep"})

	// A batch response decodes element by element.
	var page struct {
		Elements []ExportedCandidate `json:"elements"`
	}
	if err := json.Unmarshal([]byte(`{"elements":[`+presumed+`,{"requestId":"2"}]}`), &page); err != nil || len(page.Elements) != 2 ||
		page.Elements[1].RequestID != "2" || page.Elements[0].Candidate.FirstName != "Ada" {
		t.Errorf("page = %+v, %v", page, err)
	}
}

func TestPurgedExportedCandidateDecode(t *testing.T) {
	t.Parallel()
	runDecode(t, []decodeCase[PurgedExportedCandidate]{
		{"presumed", `{"member":"urn:li:person:p","requestId":"r1","exportType":"ONE_CLICK_EXPORT","purgedAt":1592425447000}`,
			PurgedExportedCandidate{Member: PersonURN("p"), RequestID: "r1", ExportType: "ONE_CLICK_EXPORT", PurgedAt: 1592425447000}},
		{"alternatives", `{"personUrn":"urn:li:person:p","id":7,"exportType":"ONE_CLICK_EXPORT","closedAt":"2020-06-17T20:24:07Z","x":1}`,
			PurgedExportedCandidate{Member: PersonURN("p"), RequestID: "7", ExportType: "ONE_CLICK_EXPORT", PurgedAt: 1592425447000}},
		{"candidate object", `{"candidate":{"member":"urn:li:person:p"}}`, PurgedExportedCandidate{Member: PersonURN("p")}},
	})
	marshalsTo(t, PurgedExportedCandidate{Member: PersonURN("p"), RequestID: "r1", ExportType: "ONE_CLICK_EXPORT", PurgedAt: 1},
		`{"member":"urn:li:person:p","requestId":"r1","exportType":"ONE_CLICK_EXPORT","purgedAt":1}`)
	badInput(t, PurgedExportedCandidate{RequestID: "keep"})
}

func TestCandidateMatchesDecode(t *testing.T) {
	t.Parallel()
	runDecode(t, []decodeCase[CandidateMatches]{
		{"presumed", `{"matchedMembers":["urn:li:person:a","urn:li:person:b"],"manualMatchedMember":"urn:li:person:c"}`,
			CandidateMatches{MatchedMembers: []URN{PersonURN("a"), PersonURN("b")}, ManualMatchedMember: PersonURN("c")}},
		{"objects", `{"matchedMembers":[{"member":"urn:li:person:a","confidence":0.9},{"person":"urn:li:person:b"},{"score":1}],
			"manualMatchedMember":{"member":"urn:li:person:c"}}`,
			CandidateMatches{MatchedMembers: []URN{PersonURN("a"), PersonURN("b")}, ManualMatchedMember: PersonURN("c")}},
		{"none", `{}`, CandidateMatches{}},
	})
	// Decoding keeps the key the caller filled in from the response map.
	m := CandidateMatches{Key: CandidateKey{IntegrationContext: OrganizationURN("1"), ATSCandidateID: "C1"}}
	if err := json.Unmarshal([]byte(`{"matchedMembers":["urn:li:person:a"]}`), &m); err != nil || m.Key.ATSCandidateID != "C1" {
		t.Errorf("key lost: %+v, %v", m, err)
	}
	marshalsTo(t, CandidateMatches{MatchedMembers: []URN{PersonURN("a")}, ManualMatchedMember: PersonURN("c")},
		`{"matchedMembers":["urn:li:person:a"],"manualMatchedMember":"urn:li:person:c"}`)
	marshalsTo(t, CandidateMatches{}, `{}`)
	badInput(t, CandidateMatches{ManualMatchedMember: "keep"})

	runRules(t, func() CandidateMatches { return m }, []ruleCase[CandidateMatches]{
		{"seat match", func(c *CandidateMatches) { c.ManualMatchedMember = SeatURN("1") },
			one("manualMatchedMember", "must be a person URN (urn:li:person:{id})")},
		{"no key", func(c *CandidateMatches) { c.Key = CandidateKey{} },
			[]pm{{"key.atsCandidateId", "required"}, {"key.integrationContext", "required"}}},
	})
}

func TestExporterDecode(t *testing.T) {
	t.Parallel()
	tests := map[string]Exporter{
		`"urn:li:seat:1"`:   {Seat: SeatURN("1")},
		`"urn:li:person:p"`: {Person: PersonURN("p")},
		`"a@b.c"`:           {Email: "a@b.c"},
		`"something"`:       {},
		`{"member":"urn:li:person:p","emailAddresses":["a@b.c"]}`: {Person: PersonURN("p"), Email: "a@b.c"},
	}
	for in, want := range tests {
		var got Exporter
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("%s: got %+v, %v; want %+v", in, got, err, want)
		}
	}
	var e Exporter
	if err := json.Unmarshal([]byte(`[1]`), &e); err == nil {
		t.Error("array: want error")
	}
}

func TestExportedCandidateKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   ExportedCandidate
		want string
	}{
		{ExportedCandidate{RequestID: "r1", Candidate: StubProfile{Member: "urn:li:person:ada"}}, "r1/urn:li:person:ada"},
		{ExportedCandidate{RequestID: "r1", Candidate: StubProfile{Member: "urn:li:person:alan"}}, "r1/urn:li:person:alan"},
		{ExportedCandidate{RequestID: "r1"}, "r1"},
	} {
		if got := tc.in.Key(); got != tc.want {
			t.Errorf("Key() of %+v = %q, want %q", tc.in, got, tc.want)
		}
	}
}
