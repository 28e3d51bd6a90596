package rscmock

import (
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// The fake's HTTP plumbing lives in rscmock/internal/wire, which imports
// neither rsc nor rsc/model; these are its names here.
type (
	apiError  = wire.Error
	errorBody = wire.ErrorBody
	patch     = wire.Patch
)

const (
	headerMethod          = wire.HeaderMethod
	headerProtocolVersion = wire.HeaderProtocolVersion
	headerMethodOverride  = wire.HeaderMethodOverride
	headerLinkedInVersion = wire.HeaderLinkedInVersion
)

var (
	errf                  = wire.Errorf
	wireErr               = wire.Messagef
	writeJSON             = wire.WriteJSON
	writeError            = wire.WriteError
	dropConn              = wire.DropConn
	untunnel              = wire.Untunnel
	newBatchResult        = wire.NewBatchResult
	checkVersionedHeaders = wire.CheckVersionedHeaders
	checkProtocolHeader   = wire.CheckProtocolHeader
	checkJSONContentType  = wire.CheckJSONContentType
)

// page cuts a finder's elements per m's start and count (wire.Page).
func page[T any](m *mreq, all []T, defCount int, startRequired bool) (int, any, *apiError) {
	return wire.Page(m.q, all, defCount, startRequired)
}

// millis reads an epoch-milliseconds parameter (wire.Millis).
func millis(q restli.Query, name string) (int64, bool, *apiError) { return wire.Millis(q, name) }
