package rscmock

import (
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// entity is one stored record as read, its body in /v2 field names.
type entity = state.Entity
