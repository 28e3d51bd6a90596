package restli

import "strings"

// Protocol is a Rest.li protocol version.
type Protocol int

const (
	// Protocol1 is Rest.li "1.0.0": the unversioned /v2 endpoints
	// (ids[0].field=value batch ids, a=b&c=d body keys).
	Protocol1 Protocol = 1
	// Protocol2 is Rest.li "2.0.0": the versioned /rest endpoints
	// (ids=List((a:b)) batch ids, (a:b) body keys).
	Protocol2 Protocol = 2
)

// HeaderValue returns the value of the X-RestLi-Protocol-Version header for p:
// "1.0.0" or "2.0.0". It returns "" for an unknown protocol.
func (p Protocol) HeaderValue() string {
	switch p {
	case Protocol1:
		return "1.0.0"
	case Protocol2:
		return "2.0.0"
	default:
		return ""
	}
}

// ParseProtocol maps an X-RestLi-Protocol-Version header value to a Protocol.
// A missing or unknown value means Protocol1, as on LinkedIn's servers; any
// "2.x.y" value means Protocol2.
func ParseProtocol(headerValue string) Protocol {
	v := strings.TrimSpace(headerValue)
	if v == "2" || strings.HasPrefix(v, "2.") {
		return Protocol2
	}
	return Protocol1
}

// Header names used by Rest.li and LinkedIn.
const (
	// HeaderProtocolVersion carries the Rest.li protocol version ("2.0.0").
	HeaderProtocolVersion = "X-RestLi-Protocol-Version"
	// HeaderMethod names the Rest.li method ("batch_update").
	HeaderMethod = "X-RestLi-Method"
	// HeaderMethodOverride carries the original HTTP method of a tunneled request.
	HeaderMethodOverride = "X-HTTP-Method-Override"
	// HeaderLinkedInVersion carries the YYYYMM version of a versioned /rest call.
	HeaderLinkedInVersion = "LinkedIn-Version"
	// HeaderRestliID carries the id of a created entity (protocol 2.0).
	HeaderRestliID = "X-RestLi-Id"
	// HeaderLinkedInID carries the id of a created entity (protocol 1.0).
	HeaderLinkedInID = "X-LinkedIn-Id"
	// HeaderErrorResponse flags an error body (protocol 2.0).
	HeaderErrorResponse = "X-RestLi-Error-Response"
	// HeaderLinkedInErrorResponse flags an error body (protocol 1.0).
	HeaderLinkedInErrorResponse = "X-LinkedIn-Error-Response"
)

// Rest.li method names, lower case as LinkedIn sends them in X-RestLi-Method.
const (
	// MethodBatchCreate is the BATCH_CREATE method.
	MethodBatchCreate = "batch_create"
	// MethodBatchUpdate is the BATCH_UPDATE method.
	MethodBatchUpdate = "batch_update"
	// MethodBatchPartialUpdate is the BATCH_PARTIAL_UPDATE method.
	MethodBatchPartialUpdate = "batch_partial_update"
	// MethodBatchDelete is the BATCH_DELETE method.
	MethodBatchDelete = "batch_delete"
	// MethodPartialUpdate is the PARTIAL_UPDATE method.
	MethodPartialUpdate = "partial_update"
	// MethodCreate is the CREATE method.
	MethodCreate = "create"
	// MethodBatchGet is the BATCH_GET method.
	MethodBatchGet = "batch_get"
	// MethodGet is the GET method.
	MethodGet = "get"
	// MethodFinder is the FINDER method.
	MethodFinder = "finder"
	// MethodUpdate is the UPDATE method.
	MethodUpdate = "update"
	// MethodDelete is the DELETE method.
	MethodDelete = "delete"
	// MethodAction is the ACTION method.
	MethodAction = "action"
)
