package restli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// ErrorResponse is a Rest.li / LinkedIn error body, returned for a failed call
// or per entity inside batch responses.
type ErrorResponse struct {
	Status           int    `json:"status,omitempty"`
	ServiceErrorCode int    `json:"serviceErrorCode,omitempty"`
	Code             string `json:"code,omitempty"`
	Message          string `json:"message,omitempty"`
	ExceptionClass   string `json:"exceptionClass,omitempty"`
	StackTrace       string `json:"stackTrace,omitempty"`
}

// BatchRequest is the body of BATCH_UPDATE and BATCH_PARTIAL_UPDATE: entities
// keyed by EncodeEntityKey.
type BatchRequest struct {
	Entities map[string]json.RawMessage `json:"entities"`
}

// CreateRequest is the body of BATCH_CREATE.
type CreateRequest struct {
	Elements []json.RawMessage `json:"elements"`
}

// BatchResponse is the response of BATCH_GET, BATCH_UPDATE,
// BATCH_PARTIAL_UPDATE and BATCH_DELETE, keyed by entity key. For updates and
// deletes each result is {"status":204}.
type BatchResponse struct {
	Results  map[string]json.RawMessage `json:"results,omitempty"`
	Statuses map[string]int             `json:"statuses,omitempty"`
	Errors   map[string]ErrorResponse   `json:"errors,omitempty"`
}

// CreateStatus is one element of a CreateResponse, index-aligned with the
// request's elements.
type CreateStatus struct {
	Status int             `json:"status"`
	ID     json.RawMessage `json:"id,omitempty"` // string or complex key object
	Error  *ErrorResponse  `json:"error,omitempty"`
}

// CreateResponse is the response of BATCH_CREATE.
type CreateResponse struct {
	Elements []CreateStatus `json:"elements"`
}

// Paging is the paging block of a CollectionResponse.
type Paging struct {
	Start int    `json:"start"`
	Count int    `json:"count"`
	Total int    `json:"total,omitempty"`
	Links []Link `json:"links,omitempty"`
}

// Link is a paging link.
type Link struct {
	Rel  string `json:"rel"`
	Href string `json:"href"`
	Type string `json:"type"`
}

// CollectionResponse is the response of FINDER and GET_ALL.
type CollectionResponse struct {
	Elements []json.RawMessage `json:"elements"`
	Paging   *Paging           `json:"paging,omitempty"`
}

// Patch is a Rest.li partial update: {"patch":{"$set":{…},"$delete":[…]}}.
// Nested field patches are not supported.
type Patch struct {
	// Set holds the fields to set and their new values.
	Set map[string]any
	// Delete holds the names of the fields to remove.
	Delete []string
}

// MarshalJSON emits {"patch":{"$set":{…},"$delete":[…]}}, omitting empty parts.
func (p Patch) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(`{"patch":{`)
	if len(p.Set) > 0 {
		b, err := json.Marshal(p.Set)
		if err != nil {
			return nil, fmt.Errorf("marshal patch $set: %w", err)
		}
		buf.WriteString(`"$set":`)
		buf.Write(b)
	}
	if len(p.Delete) > 0 {
		b, err := json.Marshal(p.Delete)
		if err != nil {
			return nil, fmt.Errorf("marshal patch $delete: %w", err)
		}
		if len(p.Set) > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`"$delete":`)
		buf.Write(b)
	}
	buf.WriteString(`}}`)
	return buf.Bytes(), nil
}

// UnmarshalJSON reads {"patch":{"$set":{…},"$delete":[…]}}; it rejects nested
// field patches, which Patch cannot represent.
func (p *Patch) UnmarshalJSON(data []byte) error {
	var wire struct {
		Patch map[string]json.RawMessage `json:"patch"`
	}
	if err := json.Unmarshal(data, &wire); err != nil {
		return fmt.Errorf("unmarshal patch: %w", err)
	}
	if wire.Patch == nil {
		return fmt.Errorf("unmarshal patch: missing \"patch\" object")
	}
	var out Patch
	for k, v := range wire.Patch {
		var err error
		switch k {
		case "$set":
			err = json.Unmarshal(v, &out.Set)
		case "$delete":
			err = json.Unmarshal(v, &out.Delete)
		default:
			err = fmt.Errorf("nested patch of field %q is not supported", k)
		}
		if err != nil {
			return fmt.Errorf("unmarshal patch: %w", err)
		}
	}
	*p = out
	return nil
}

// DecodeError reads a Rest.li/LinkedIn error body; ok is false when body is
// not one. A body is an error when it is a JSON object with a status of 400
// or more, a serviceErrorCode, an exceptionClass, or both a code and a
// message.
func DecodeError(body []byte) (ErrorResponse, bool) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return ErrorResponse{}, false
	}
	var e ErrorResponse
	if err := json.Unmarshal(trimmed, &e); err != nil {
		return ErrorResponse{}, false
	}
	if e.Status >= 400 || e.ServiceErrorCode != 0 || e.ExceptionClass != "" ||
		(e.Code != "" && strings.TrimSpace(e.Message) != "") {
		return e, true
	}
	return ErrorResponse{}, false
}
