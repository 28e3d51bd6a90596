package rscmock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
)

// The rsc/internal/restli package is internal to rsc, so the mock has its
// own copies of the few wire shapes it needs.

// Rest.li and LinkedIn headers.
const (
	headerMethod          = "X-RestLi-Method"
	headerProtocolVersion = "X-RestLi-Protocol-Version"
	headerMethodOverride  = "X-HTTP-Method-Override"
	headerLinkedInVersion = "LinkedIn-Version"
)

// errorBody is a LinkedIn error, whole or per entity.
type errorBody struct {
	Status           int    `json:"status,omitempty"`
	ServiceErrorCode int    `json:"serviceErrorCode,omitempty"`
	Message          string `json:"message,omitempty"`
}

// patch is a Rest.li partial update {"patch":{"$set":{...},"$delete":[...]}}.
type patch struct {
	Set    map[string]any
	Delete []string
}

func (p *patch) UnmarshalJSON(data []byte) error {
	var wire struct {
		Patch *struct {
			Set    map[string]any `json:"$set"`
			Delete []string       `json:"$delete"`
		} `json:"patch"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&wire); err != nil {
		return fmt.Errorf("invalid patch: %w", err)
	}
	if wire.Patch == nil {
		return errors.New(`invalid patch: missing "patch" object`)
	}
	p.Set, p.Delete = wire.Patch.Set, wire.Patch.Delete
	return nil
}

// untunnel reads a tunneled request's query and JSON body: a form body, or
// multipart/mixed with a form part and a JSON part.
func untunnel(contentType string, body []byte) (rawQuery string, jsonBody []byte, err error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", nil, fmt.Errorf("content type %q: %w", contentType, err)
	}
	switch mt {
	case "application/x-www-form-urlencoded", "text/plain":
		return string(body), nil, nil
	case "multipart/mixed":
	default:
		return "", nil, fmt.Errorf("unsupported content type %q", mt)
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	haveQuery := false
	for {
		part, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, fmt.Errorf("read multipart body: %w", err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return "", nil, fmt.Errorf("read multipart part: %w", err)
		}
		pt, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		switch pt {
		case "application/x-www-form-urlencoded":
			rawQuery, haveQuery = string(data), true
		case "application/json":
			jsonBody = data
		default:
			return "", nil, fmt.Errorf("unexpected part content type %q", pt)
		}
	}
	if !haveQuery {
		return "", nil, errors.New("multipart body has no query part")
	}
	return rawQuery, jsonBody, nil
}
