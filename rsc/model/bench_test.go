package model

import (
	"encoding/json"
	"testing"
)

func BenchmarkCandidateValidate(b *testing.B) {
	c := validCandidate()
	c.EmailAddresses = append(c.EmailAddresses, "second@example.com")
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCandidateMarshal(b *testing.B) {
	c := validCandidate()
	c.EmailAddresses = append(c.EmailAddresses, "second@example.com")
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
	c := validCandidate()
	c.EmailAddresses = append(c.EmailAddresses, "second@example.com")
	buf := c.AppendJSON(nil, nil)
	b.ReportAllocs()
	for b.Loop() {
		buf = c.AppendJSON(buf[:0], nil)
	}
}

// BenchmarkCandidateAppendValidJSON is Validate and AppendJSON in one walk
// (AppendValidJSON), on the candidate of the two benchmarks above.
func BenchmarkCandidateAppendValidJSON(b *testing.B) {
	c := validCandidate()
	c.EmailAddresses = append(c.EmailAddresses, "second@example.com")
	buf := c.AppendJSON(nil, nil)
	b.ReportAllocs()
	for b.Loop() {
		var ok bool
		if buf, ok = c.AppendValidJSON(buf[:0], nil); !ok {
			b.Fatal("not ok")
		}
	}
}
