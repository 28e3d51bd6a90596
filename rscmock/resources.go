package rscmock

import (
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// entity is one stored record as read, its body in /v2 field names.
type entity = state.Entity

// Finders.

// sortedEntities returns the records of kind whose key keep accepts, by key.
func (s *Server) sortedEntities(kind string, keep func(rkey) bool) []*entity {
	return s.st.Sorted(kind, keep)
}
