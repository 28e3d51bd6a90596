package model

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFieldErrorError(t *testing.T) {
	t.Parallel()
	fe := FieldError{Path: "candidates[3].emailAddresses", Record: "atsCandidateId=C4", Message: msgEmailUnlessPURN}
	if got, want := fe.Error(), "candidates[3].emailAddresses: required unless manualMatchedMember is set"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := (FieldError{Message: "boom"}).Error(); got != "boom" {
		t.Errorf("Error() without path = %q", got)
	}
}

func TestValidationErrorError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		errs []FieldError
		want string
	}{
		{nil, "rsc: invalid input: 0 problem(s)"},
		{[]FieldError{{Path: "a", Message: "required"}}, "rsc: invalid input: 1 problem(s): a: required"},
		{[]FieldError{{Path: "a", Message: "required"}, {Path: "b[1].c", Message: "must be > 0"}, {Message: "x"}},
			"rsc: invalid input: 3 problem(s): a: required; b[1].c: must be > 0; x"},
	}
	for _, tc := range tests {
		if got := (&ValidationError{Errors: tc.errs}).Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// plainErr is a Validator whose error is not a *ValidationError.
type plainErr struct{ err error }

func (p plainErr) Validate() error { return p.err }

func TestValidateBatch(t *testing.T) {
	t.Parallel()
	good := validCandidate()
	bad := validCandidate()
	bad.Key.ATSCandidateID = "C4"
	bad.EmailAddresses = nil
	bad.FirstName = ""

	if err := ValidateBatch("candidates", []Candidate{good, good}); err != nil {
		t.Fatalf("valid batch: %v", err)
	}
	if err := ValidateBatch[Candidate]("candidates", nil); err != nil {
		t.Fatalf("empty batch: %v", err)
	}

	err := ValidateBatch("candidates", []Candidate{good, bad, good, bad})
	rec := "atsCandidateId=C4 integrationContext=urn:li:organization:1000"
	want := &ValidationError{Errors: []FieldError{
		{Path: "candidates[1].emailAddresses", Record: rec, Message: msgEmailUnlessPURN},
		{Path: "candidates[1].firstName", Record: rec, Message: "required"},
		{Path: "candidates[3].emailAddresses", Record: rec, Message: msgEmailUnlessPURN},
		{Path: "candidates[3].firstName", Record: rec, Message: "required"},
	}}
	if diff := cmp.Diff(want, err); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	// Pointers: nil entries are reported, not dereferenced.
	err = ValidateBatch("candidates", []*Candidate{&good, nil})
	if diff := cmp.Diff([]pm{{"candidates[1]", "must not be null"}}, problems(t, err)); diff != "" {
		t.Errorf("nil pointer (-want +got):\n%s", diff)
	}

	// Errors of other types are kept with their text.
	err = ValidateBatch("things", []plainErr{{nil}, {errors.New("broken")}})
	if diff := cmp.Diff([]pm{{"things[1]", "broken"}}, problems(t, err)); diff != "" {
		t.Errorf("plain error (-want +got):\n%s", diff)
	}

	// A record-level problem without a path gets the record's index as its path.
	err = ValidateBatch("things", []plainErr{{&ValidationError{Errors: []FieldError{{Message: "whole record"}}}}})
	if diff := cmp.Diff([]pm{{"things[0]", "whole record"}}, problems(t, err)); diff != "" {
		t.Errorf("empty path (-want +got):\n%s", diff)
	}
}

func TestValidEmail(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"a@b.c":               true,
		"ada.lovelace@ex.com": true,
		"a+tag@mail.ex.co.uk": true,
		"a@b.c.":              true,
		"":                    false,
		"ab.c":                false,
		"@b.c":                false,
		"a@bc":                false,
		"a@.c":                false,
		"a@b.":                false,
		"a@b@c.d":             false,
		"a b@c.d":             false,
		"a@b.c\n":             false,
	} {
		if got := validEmail(s); got != want {
			t.Errorf("validEmail(%q) = %v, want %v", s, got, want)
		}
	}
}
