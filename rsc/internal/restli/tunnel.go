package restli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
)

// Content types used by query tunneling.
const (
	contentTypeForm      = "application/x-www-form-urlencoded"
	contentTypeJSON      = "application/json"
	contentTypeMultipart = "multipart/mixed"
)

// ErrTunnel is wrapped by every Untunnel error.
var ErrTunnel = errors.New("invalid tunneled request")

// Tunnel returns the Content-Type and body of the POST that carries a request
// whose query is too long (see NeedsTunnel). The caller sends POST to the URL
// without its query and sets X-HTTP-Method-Override to method; method itself
// is not part of the body.
//
// Without a JSON body the Content-Type is application/x-www-form-urlencoded
// and the body is rawQuery. With a (non-empty) JSON body it is multipart/mixed: part 1 is
// the query (application/x-www-form-urlencoded), part 2 the JSON body
// (application/json), written as mime/multipart.Writer writes them. The
// output is deterministic (see tunnelBoundary).
func Tunnel(method, rawQuery string, jsonBody []byte) (contentType string, body []byte) {
	_ = method // carried in X-HTTP-Method-Override by the caller
	contentType, parts := TunnelParts([]byte(rawQuery), jsonBody)
	return contentType, bytes.Join(parts, nil)
}

// TunnelParts is Tunnel with the body in parts, to be sent in turn without
// joining them: the multipart framing around rawQuery and jsonBody, which
// are parts themselves, not copied (a batch's query is kilobytes, its JSON
// body tens of kilobytes). Without a JSON body the only part is rawQuery.
func TunnelParts(rawQuery, jsonBody []byte) (contentType string, parts [][]byte) {
	if len(jsonBody) == 0 {
		return contentTypeForm, [][]byte{rawQuery}
	}
	boundary := tunnelBoundary(rawQuery, jsonBody)
	frame := make([]byte, 0, len(tunnelFrame)+3*len(boundary))
	frame = append(frame, "--"...)
	frame = append(frame, boundary...)
	frame = append(frame, tunnelQueryHead...)
	head := frame[:len(frame):len(frame)]
	frame = append(frame, "\r\n--"...)
	frame = append(frame, boundary...)
	frame = append(frame, tunnelJSONHead...)
	middle := frame[len(head):len(frame):len(frame)]
	frame = append(frame, "\r\n--"...)
	frame = append(frame, boundary...)
	frame = append(frame, "--\r\n"...)
	tail := frame[len(head)+len(middle):]
	if boundary == fixedBoundary {
		return fixedContentType, [][]byte{head, rawQuery, middle, jsonBody, tail}
	}
	return contentTypeMultipart + "; boundary=" + boundary, [][]byte{head, rawQuery, middle, jsonBody, tail}
}

// The multipart framing of a tunnelled body with a JSON body: the part
// headers after the first and second boundary lines, and all the framing
// but its three boundaries (whose length TunnelParts sizes its buffer to).
const (
	tunnelQueryHead = "\r\nContent-Type: " + contentTypeForm + "\r\n\r\n"
	tunnelJSONHead  = "\r\nContent-Type: " + contentTypeJSON + "\r\n\r\n"
	tunnelFrame     = "--" + tunnelQueryHead + "\r\n--" + tunnelJSONHead + "\r\n--" + "--\r\n"
)

// fixedBoundary is the boundary of a tunnelled body unless its content
// contains it (see tunnelBoundary), and fixedContentType the Content-Type
// that names it, a constant.
const (
	fixedBoundary    = "_restli_5f0c8e2a9b7d4136"
	fixedContentType = contentTypeMultipart + "; boundary=" + fixedBoundary
)

// tunnelBoundary is the multipart boundary of a tunnelled request: a fixed
// one, unless the content contains it, then one derived from the content
// by SHA-256 (which no content can contain but by chance). Looking for the
// fixed boundary costs a fraction of hashing every tunnelled request. It
// starts with "_", which Rest.li queries and LinkedIn's JSON bodies rarely
// hold: the search skips from one candidate first byte to the next.
func tunnelBoundary(rawQuery, jsonBody []byte) string {
	if !bytes.Contains(rawQuery, []byte(fixedBoundary)) && !bytes.Contains(jsonBody, []byte(fixedBoundary)) {
		return fixedBoundary
	}
	h := sha256.New()
	h.Write(rawQuery)
	h.Write([]byte{0})
	h.Write(jsonBody)
	return "restli-" + hex.EncodeToString(h.Sum(nil))[:40]
}

// Untunnel is the inverse of Tunnel, for servers and tests: from a tunneled
// request's Content-Type and body it returns the original raw query and JSON
// body (nil when there was none).
func Untunnel(contentType string, body []byte) (rawQuery string, jsonBody []byte, err error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", nil, fmt.Errorf("content type %q: %w", contentType, errors.Join(ErrTunnel, err))
	}
	switch mediaType {
	case contentTypeForm:
		return string(body), nil, nil
	case contentTypeMultipart:
	default:
		return "", nil, fmt.Errorf("unsupported content type %q: %w", mediaType, ErrTunnel)
	}
	boundary := params["boundary"]
	if boundary == "" {
		return "", nil, fmt.Errorf("multipart body without boundary: %w", ErrTunnel)
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	var haveQuery bool
	for {
		part, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, fmt.Errorf("read multipart body: %w", errors.Join(ErrTunnel, err))
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return "", nil, fmt.Errorf("read multipart part: %w", errors.Join(ErrTunnel, err))
		}
		partType, _, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil {
			return "", nil, fmt.Errorf("part content type: %w", errors.Join(ErrTunnel, err))
		}
		switch partType {
		case contentTypeForm:
			if haveQuery {
				return "", nil, fmt.Errorf("two query parts: %w", ErrTunnel)
			}
			rawQuery, haveQuery = string(data), true
		case contentTypeJSON:
			if jsonBody != nil {
				return "", nil, fmt.Errorf("two json parts: %w", ErrTunnel)
			}
			jsonBody = data
		default:
			return "", nil, fmt.Errorf("unexpected part content type %q: %w", partType, ErrTunnel)
		}
	}
	if !haveQuery {
		return "", nil, fmt.Errorf("multipart body has no query part: %w", ErrTunnel)
	}
	return rawQuery, jsonBody, nil
}
