// Package state holds the fake LinkedIn's synced records: per kind of
// resource, the records by logical key, and per key the history of the
// writes and deletes LinkedIn accepted (which survives deletes, so a test
// can tell a record written once from one written twice). It imports
// neither rsc nor rsc/model.
//
// A Store is not safe for concurrent use; the rscmock Server serializes
// access to it.
package state

import (
	"encoding/json"
	"maps"
	"slices"
	"sort"

	"github.com/rsckit/rsckit/rscmock/internal/restli"
)

// Entity is one stored record: its logical key and its body in /v2 field
// names, without the key.
type Entity struct {
	Key  restli.Key
	Body map[string]json.RawMessage
}

// Store holds the records and their write histories.
type Store struct {
	buckets map[string]map[string]*Entity
	logs    map[string]*history
}

// history is the write history of one key.
type history struct {
	requests []string
	deletes  int
}

// New returns an empty Store.
func New() *Store {
	return &Store{buckets: map[string]map[string]*Entity{}, logs: map[string]*history{}}
}

// Bucket returns the records of kind by canonical key; the map is the
// Store's own (writes to it are writes to the Store).
func (s *Store) Bucket(kind string) map[string]*Entity {
	b := s.buckets[kind]
	if b == nil {
		b = map[string]*Entity{}
		s.buckets[kind] = b
	}
	return b
}

// Kinds returns the kinds that have held records, sorted.
func (s *Store) Kinds() []string {
	return slices.Sorted(maps.Keys(s.buckets))
}

// Sorted returns the records of kind that keep accepts, by canonical key.
func (s *Store) Sorted(kind string, keep func(*Entity) bool) []*Entity {
	var out []*Entity
	for _, e := range s.Bucket(kind) {
		if keep(e) {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key.Canonical() < out[j].Key.Canonical() })
	return out
}

// Replace swaps in the records of a restored Store (histories start afresh).
func (s *Store) Replace(buckets map[string]map[string]*Entity) {
	s.buckets, s.logs = buckets, map[string]*history{}
}

// LogWrite records that LinkedIn accepted a write (or, with del, a delete)
// of key of kind in the request named id.
func (s *Store) LogWrite(kind string, key restli.Key, id string, del bool) {
	k := kind + "\x00" + key.Canonical()
	h := s.logs[k]
	if h == nil {
		h = &history{}
		s.logs[k] = h
	}
	if del {
		h.deletes++
		return
	}
	h.requests = append(h.requests, id)
}

// History returns the requests whose write of key LinkedIn accepted, in
// order, and how many deletes it accepted.
func (s *Store) History(kind string, key restli.Key) (requests []string, deletes int) {
	if h := s.logs[kind+"\x00"+key.Canonical()]; h != nil {
		return slices.Clone(h.requests), h.deletes
	}
	return nil, 0
}
