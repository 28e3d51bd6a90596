package state_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

func all(restli.Key) bool { return true }

func TestHistorySurvivesDeletes(t *testing.T) {
	s := state.New()
	k := restli.Key{"ctx": "urn:li:organization:1", "cand": "C1"}
	s.Write("candidate", k, `{"firstName":"A"}`, 1)
	s.Write("candidate", k, `{"firstName":"B"}`, 2)
	if !s.Delete("candidate", k) {
		t.Fatal("delete of a held record reported not held")
	}
	if s.Delete("candidate", k) {
		t.Error("second delete reported held")
	}
	reqs, dels := s.History("candidate", k)
	if !slices.Equal(reqs, []uint64{1, 2}) || dels != 1 {
		t.Errorf("history %v %d", reqs, dels)
	}
	if got := s.Sorted("candidate", all); len(got) != 0 {
		t.Errorf("deleted record still held: %v", got)
	}
	if _, ok := s.Get("candidate", k); ok {
		t.Error("Get finds a deleted record")
	}
	if !slices.Equal(s.Kinds(), []string{"candidate"}) {
		t.Errorf("kinds %v", s.Kinds())
	}
}

func TestKeysRoundTrip(t *testing.T) {
	s := state.New()
	keys := []restli.Key{
		{"ctx": "urn:li:organization:1", "cand": "C2"},
		{"ctx": "urn:li:organization:1", "cand": "C10"},
		{"ctx": "urn:li:organization:1", "cand": "a=b\x00c\x01d"},
		{"": "simple"},
	}
	for i, k := range keys {
		s.Write("k", k, fmt.Sprintf(`{"n":%d}`, i), uint64(i+1))
	}
	got := s.Sorted("k", all)
	if len(got) != len(keys) {
		t.Fatalf("%d records, want %d", len(got), len(keys))
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].Key.Canonical() >= got[i].Key.Canonical() {
			t.Errorf("not sorted: %q before %q", got[i-1].Key.Canonical(), got[i].Key.Canonical())
		}
	}
	for i, k := range keys {
		e, ok := s.Get("k", k)
		if !ok || e.Key.Canonical() != k.Canonical() || string(e.Body["n"]) != fmt.Sprint(i) {
			t.Errorf("key %q: %v %v", k.Canonical(), e, ok)
		}
	}
}

func TestUpdateAndDeleteWhere(t *testing.T) {
	s := state.New()
	k := restli.Key{"ctx": "o", "app": "A1"}
	errNo := errors.New("no")
	if err := s.Update("app", k, 1, func(cur *state.Entity) (map[string]json.RawMessage, error) {
		if cur != nil {
			t.Errorf("cur = %v, want nil", cur)
		}
		return nil, errNo
	}); !errors.Is(err, errNo) {
		t.Errorf("err %v", err)
	}
	if s.Has("app", k) {
		t.Error("a failed update stored a record")
	}
	_ = s.Update("app", k, 7, func(*state.Entity) (map[string]json.RawMessage, error) {
		return map[string]json.RawMessage{"x": json.RawMessage(`1`)}, nil
	})
	if reqs, _ := s.History("app", k); !slices.Equal(reqs, []uint64{7}) {
		t.Errorf("history %v", reqs)
	}
	s.Write("stage", restli.Key{"ctx": "o", "app": "A1", "stage": "S"}, `{}`, 8)
	s.Write("stage", restli.Key{"ctx": "o", "app": "A2", "stage": "S"}, `{}`, 9)
	s.DeleteWhere("stage", func(k restli.Key) bool { return k["app"] == "A1" })
	if got := s.Sorted("stage", all); len(got) != 1 || got[0].Key["app"] != "A2" {
		t.Errorf("after DeleteWhere: %v", got)
	}
}

func TestConcurrentWriters(t *testing.T) {
	s := state.New()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 500 {
				s.Write("c", restli.Key{"cand": fmt.Sprint(w, "-", i)}, `{}`, uint64(i+1))
				s.Write("c", restli.Key{"cand": "shared"}, `{}`, uint64(i+1))
			}
		})
	}
	wg.Wait()
	if n := len(s.Sorted("c", all)); n != 2001 {
		t.Errorf("%d records, want 2001", n)
	}
	if reqs, _ := s.History("c", restli.Key{"cand": "shared"}); len(reqs) != 2000 {
		t.Errorf("shared key: %d writes, want 2000", len(reqs))
	}
}

func TestCompact(t *testing.T) {
	for in, want := range map[string]string{` { "a" : [1, 2] } `: `{"a":[1,2]}`, `{"a":[1,2]}`: `{"a":[1,2]}`, `{"a b":"c \" d\\","e": 1}`: `{"a b":"c \" d\\","e":1}`, `{"a":"x\\"}`: `{"a":"x\\"}`, `{"a":"\" \\", "b":1}`: `{"a":"\" \\","b":1}`, `[1]`: "", `{ "a" `: "", ``: ""} {
		got, ok := state.Compact([]byte(in))
		if got != want || ok != (want != "") {
			t.Errorf("Compact(%q) = %q, %v", in, got, ok)
		}
	}
}

// FuzzCompact: on every valid JSON object Compact answers what
// json.Compact does.
func FuzzCompact(f *testing.F) {
	for _, s := range []string{`{"a b":"c \" d\\","e": 1}`, `{"a":"x\\"}`, `{ }`, `{"a":[1, {"b":" "}]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var obj map[string]any
		if json.Unmarshal([]byte(s), &obj) != nil || obj == nil {
			return
		}
		var want bytes.Buffer
		if err := json.Compact(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		got, ok := state.Compact([]byte(s))
		if !ok || got != want.String() {
			t.Errorf("Compact(%q) = %q, %v; json.Compact %q", s, got, ok, want.String())
		}
	})
}
