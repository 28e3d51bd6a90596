package rscmock

import "github.com/rsckit/rsckit/rscmock/internal/restli"

// The fake's Rest.li parser lives in rscmock/internal/restli, which imports
// neither rsc nor rsc/model; these are its names here.
type (
	rkey = restli.Key
)
