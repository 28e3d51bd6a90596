package rscmock

import "github.com/rsckit/rsckit/rscmock/internal/wire"

// The fake's HTTP plumbing lives in rscmock/internal/wire, which imports
// neither rsc nor rsc/model; these are its names here.
type apiError = wire.Error

var (
	errf       = wire.Errorf
	writeJSON  = wire.WriteJSON
	writeError = wire.WriteError
)
