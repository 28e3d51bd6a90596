package model

import (
	"encoding/json"
	"testing"
)

// benchCandidate is the candidate of the benchmarks of this package: a
// valid one with two e-mail addresses.
func benchCandidate() Candidate {
	c := validCandidate()
	c.EmailAddresses = append(c.EmailAddresses, "second@example.com")
	return c
}

// BenchmarkCandidateValidate is Candidate.Validate of benchCandidate.
func BenchmarkCandidateValidate(b *testing.B) {
	c := benchCandidate()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCandidateMarshal is json.Marshal of benchCandidate (its
// MarshalJSON).
func BenchmarkCandidateMarshal(b *testing.B) {
	c := benchCandidate()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJobPostingValidate(b *testing.B) {
	j := validJob()
	b.ReportAllocs()
	for b.Loop() {
		if err := j.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCandidateAppendJSON is Candidate's own encoder, as the send
// path writes a record into a batch's body (its buffer already sized).
func BenchmarkCandidateAppendJSON(b *testing.B) {
	c := benchCandidate()
	buf := c.AppendJSON(nil, nil)
	b.ReportAllocs()
	for b.Loop() {
		buf = c.AppendJSON(buf[:0], nil)
	}
}

// BenchmarkCandidateAppendValidJSON is Validate and AppendJSON in one walk
// (AppendValidJSON), on benchCandidate.
func BenchmarkCandidateAppendValidJSON(b *testing.B) {
	c := benchCandidate()
	buf := c.AppendJSON(nil, nil)
	b.ReportAllocs()
	for b.Loop() {
		var ok bool
		if buf, ok = c.AppendValidJSON(buf[:0], nil); !ok {
			b.Fatal("not ok")
		}
	}
}
