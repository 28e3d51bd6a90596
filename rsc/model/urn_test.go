package model

import (
	"errors"
	"testing"
)

func TestParseURN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		wantErr string
		typ, id string
	}{
		{in: "urn:li:organization:1000", typ: "organization", id: "1000"},
		{in: "urn:li:simpleJobPostingTask:03ff7ca6-aa", typ: "simpleJobPostingTask", id: "03ff7ca6-aa"},
		{in: "urn:li:messagingThread:(urn:li:seat:1,2)", typ: "messagingThread", id: "(urn:li:seat:1,2)"},
		{in: "urn:li:developerApplication:a:b", typ: "developerApplication", id: "a:b"},
		{in: "", wantErr: `rsc: urn "": missing "urn:li:" prefix: invalid URN`},
		{in: "URN:li:person:1", wantErr: `rsc: urn "URN:li:person:1": missing "urn:li:" prefix: invalid URN`},
		{in: "organization:1", wantErr: `rsc: urn "organization:1": missing "urn:li:" prefix: invalid URN`},
		{in: "urn:li::1", wantErr: `rsc: urn "urn:li::1": empty type: invalid URN`},
		{in: "urn:li:person", wantErr: `rsc: urn "urn:li:person": empty id: invalid URN`},
		{in: "urn:li:person:", wantErr: `rsc: urn "urn:li:person:": empty id: invalid URN`},
		{in: "urn:li:per-son:1", wantErr: `rsc: urn "urn:li:per-son:1": type must be ASCII letters and digits: invalid URN`},
		{in: "urn:li:person:a b", wantErr: `rsc: urn "urn:li:person:a b": contains whitespace or control characters: invalid URN`},
		{in: "urn:li:person:a\tb", wantErr: `rsc: urn "urn:li:person:a\tb": contains whitespace or control characters: invalid URN`},
		{in: "urn:li:person:a\x00", wantErr: `rsc: urn "urn:li:person:a\x00": contains whitespace or control characters: invalid URN`},
		{in: "urn:li:person:\xff", wantErr: `rsc: urn "urn:li:person:\xff": not valid UTF-8: invalid URN`},
	}
	for _, tc := range tests {
		u, err := ParseURN(tc.in)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr || !errors.Is(err, ErrInvalidURN) {
				t.Errorf("ParseURN(%q) error = %v, want %q wrapping ErrInvalidURN", tc.in, err, tc.wantErr)
			}
			if u != "" {
				t.Errorf("ParseURN(%q) = %q on error, want empty", tc.in, u)
			}
			if URN(tc.in).Validate() == nil {
				t.Errorf("URN(%q).Validate() = nil, want error", tc.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseURN(%q): %v", tc.in, err)
			continue
		}
		if u.Type() != tc.typ || u.ID() != tc.id || u.String() != tc.in || u.IsZero() || !u.IsType(tc.typ) {
			t.Errorf("ParseURN(%q) = type %q id %q, want %q %q", tc.in, u.Type(), u.ID(), tc.typ, tc.id)
		}
		if err := u.Validate(); err != nil {
			t.Errorf("Validate(%q): %v", tc.in, err)
		}
	}
}

func TestURNAccessors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		u       URN
		typ, id string
		isType  string
		want    bool
	}{
		{OrganizationURN("1"), "organization", "1", URNTypeOrganization, true},
		{ContractURN("2"), "contract", "2", URNTypeContract, true},
		{PersonURN("abC"), "person", "abC", URNTypePerson, true},
		{SeatURN("3"), "seat", "3", URNTypeSeat, true},
		{DeveloperApplicationURN("4"), "developerApplication", "4", URNTypeDeveloperApplication, true},
		{NewURN("industry", "4"), "industry", "4", URNTypeIndustry, true},
		{PersonURN("1"), "person", "1", URNTypeOrganization, false},
		{PersonURN("a b"), "person", "a b", URNTypePerson, false}, // malformed id
		{"", "", "", URNTypePerson, false},
		{"person:1", "", "", URNTypePerson, false},
		{"urn:li:person", "", "", URNTypePerson, false},
	}
	for _, tc := range tests {
		if got := tc.u.Type(); got != tc.typ {
			t.Errorf("%q.Type() = %q, want %q", tc.u, got, tc.typ)
		}
		if got := tc.u.ID(); got != tc.id {
			t.Errorf("%q.ID() = %q, want %q", tc.u, got, tc.id)
		}
		if got := tc.u.IsType(tc.isType); got != tc.want {
			t.Errorf("%q.IsType(%q) = %v, want %v", tc.u, tc.isType, got, tc.want)
		}
	}
	if !URN("").IsZero() || OrganizationURN("1").IsZero() {
		t.Error("IsZero wrong")
	}
	if got := OrganizationURN("1000").String(); got != "urn:li:organization:1000" {
		t.Errorf("String() = %q", got)
	}
}
