package state_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

func TestHistorySurvivesDeletes(t *testing.T) {
	s := state.New()
	k := restli.Key{"ctx": "urn:li:organization:1", "cand": "C1"}
	s.Bucket("candidate")[k.Canonical()] = &state.Entity{Key: k, Body: map[string]json.RawMessage{"firstName": json.RawMessage(`"A"`)}}
	s.LogWrite("candidate", k, "r1", false)
	s.LogWrite("candidate", k, "r2", false)
	delete(s.Bucket("candidate"), k.Canonical())
	s.LogWrite("candidate", k, "r3", true)
	reqs, dels := s.History("candidate", k)
	if !slices.Equal(reqs, []string{"r1", "r2"}) || dels != 1 {
		t.Errorf("history %v %d", reqs, dels)
	}
	if got := s.Sorted("candidate", func(*state.Entity) bool { return true }); len(got) != 0 {
		t.Errorf("deleted record still held: %v", got)
	}
	if !slices.Equal(s.Kinds(), []string{"candidate"}) {
		t.Errorf("kinds %v", s.Kinds())
	}
}
