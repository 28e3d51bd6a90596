package rsc

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// MaxAttachmentsPerCall is LinkedIn's limit of attachments per
// rest/attachments call (LinkedIn's Java SDK).
const MaxAttachmentsPerCall = 10

// AttachmentsService syncs the resumes of job applications: on /rest as
// attachments (rest/attachments batch_update and batch_delete, at most 10
// per call); on /v2 (WithVersionedEndpoints(false)) by uploading each file
// to the URL hireMediaUrl returns and associating it with
// atsApplications/{key}/resumes. A file's content is streamed from its
// Attachment.Open, never held in memory by the SDK: a retry opens it again.
type AttachmentsService service

// BatchUpdate creates or replaces up to MaxAttachmentsPerCall attachments.
// Every attachment is validated first; one invalid attachment fails the
// call before any request, naming its field.
//
// rsc:operation BATCH_UPDATE /v2/atsApplications/{key}/resumes
func (s *AttachmentsService) BatchUpdate(ctx context.Context, atts []model.Attachment, opts ...RequestOption) ([]Result[model.AttachmentKey], error) {
	if len(atts) > MaxAttachmentsPerCall {
		return nil, fmt.Errorf("%w: attachments has %d records, LinkedIn takes %d per call", ErrBatchTooLarge, len(atts), MaxAttachmentsPerCall)
	}
	keys, err := validateBatch("attachments", atts, func(a model.Attachment) model.AttachmentKey { return a.Key })
	if err != nil {
		return nil, err
	}
	if len(atts) == 0 {
		return nil, nil
	}
	rt := attachmentsEndpoint.on(s.c)
	if !rt.versioned {
		return s.uploadV2(ctx, atts, keys, opts)
	}
	call := batchUpdateCall
	call.stream = func(rkeys []restli.Key, idx []int) func() (io.Reader, error) {
		return func() (io.Reader, error) { return streamAttachments(ctx, rt.protocol, rkeys, idx, atts), nil }
	}
	outs, err := sendBatch(ctx, s.c, rt, call, keys, nil, opts)
	if outs == nil {
		return nil, err
	}
	return results(keys, outs), err
}

// BatchDelete deletes up to MaxAttachmentsPerCall attachments.
//
// rsc:operation BATCH_DELETE /v2/atsApplications/{key}/resumes
func (s *AttachmentsService) BatchDelete(ctx context.Context, keys []model.AttachmentKey, opts ...RequestOption) ([]Result[model.AttachmentKey], error) {
	if len(keys) > MaxAttachmentsPerCall {
		return nil, fmt.Errorf("%w: attachments has %d keys, LinkedIn takes %d per call", ErrBatchTooLarge, len(keys), MaxAttachmentsPerCall)
	}
	return remove(ctx, s.c, attachmentsEndpoint, "attachments", keys, opts)
}

// streamAttachments returns a reader of {"entities":{key:{fields,
// "content":"<base64>"},...}} that a goroutine writes as it is read: each
// file is opened, base64-encoded and copied through a 32 KB buffer. The
// goroutine ends when the body is written, when its reader is closed (the
// HTTP transport closes it after the attempt) or when ctx ends.
func streamAttachments(ctx context.Context, p restli.Protocol, rkeys []restli.Key, idx []int, atts []model.Attachment) io.ReadCloser {
	pr, pw := io.Pipe()
	stop := context.AfterFunc(ctx, func() { pr.CloseWithError(ctx.Err()) })
	go func() {
		defer stop()
		pw.CloseWithError(writeAttachments(pw, p, rkeys, idx, atts))
	}()
	return pr
}

// writeAttachments writes the entities body of streamAttachments to w.
func writeAttachments(w io.Writer, p restli.Protocol, rkeys []restli.Key, idx []int, atts []model.Attachment) error {
	var head bytes.Buffer
	head.WriteString(`{"entities":{`)
	for j, i := range idx {
		if j > 0 {
			head.WriteByte(',')
		}
		head.Write(appendJSONString(nil, restli.EncodeEntityKey(p, rkeys[j])))
		head.WriteByte(':')
		fields, err := json.Marshal(atts[i])
		if err != nil {
			return err
		}
		// {"externalFileName":...} becomes {"externalFileName":...,"content":"
		head.Write(fields[:len(fields)-1])
		head.WriteString(`,"content":"`)
		if _, err := w.Write(head.Bytes()); err != nil {
			return err
		}
		head.Reset()
		if err := copyBase64(w, atts[i]); err != nil {
			return err
		}
		head.WriteString(`"}`)
	}
	head.WriteString(`}}`)
	_, err := w.Write(head.Bytes())
	return err
}

// copyBase64 streams a's content to w in base64 (JSON-safe as it is).
func copyBase64(w io.Writer, a model.Attachment) error {
	rc, err := a.Open()
	if err != nil {
		return fmt.Errorf("rsc: open attachment %s: %w", a.Key.AttachmentID, err)
	}
	defer rc.Close()
	enc := base64.NewEncoder(base64.StdEncoding, w)
	if _, err := io.Copy(enc, rc); err != nil {
		return fmt.Errorf("rsc: read attachment %s: %w", a.Key.AttachmentID, err)
	}
	return enc.Close()
}

// uploadV2 sends each attachment the /v2 way: hireMediaUrl for an upload
// URL, the content PUT to it, then a batch_update of
// atsApplications/{key}/resumes naming the uploaded file.
func (s *AttachmentsService) uploadV2(ctx context.Context, atts []model.Attachment, keys []model.AttachmentKey, opts []RequestOption) ([]Result[model.AttachmentKey], error) {
	out := make([]Result[model.AttachmentKey], len(atts))
	var okKeys []model.AttachmentKey
	var okBodies [][]byte
	var okAt []int
	for i, a := range atts {
		out[i].Key = keys[i]
		if a.Contract.IsZero() {
			out[i].Err = &model.ValidationError{Errors: []model.FieldError{{Path: pathAt("attachments", i, "contractId"),
				Message: "required on /v2: hireMediaUrl's hiringContext", Record: a.Key.String()}}}
			continue
		}
		media, err := s.uploadOne(ctx, a, opts)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			var qe *QuotaError
			if errors.As(err, &qe) {
				return nil, err
			}
			out[i].Err = err
			continue
		}
		// Assumption: the association names the uploaded file and its ATS
		// metadata (LinkedIn's body was not captured).
		b, err := json.Marshal(struct {
			Resume    model.URN         `json:"resume"`
			FileName  string            `json:"fileName"`
			CreatedAt model.EpochMillis `json:"atsCreatedAt"`
			Modified  model.EpochMillis `json:"atsLastModifiedAt"`
		}{media, a.FileName, a.CreatedAt, a.LastModifiedAt})
		if err != nil {
			return nil, err
		}
		okKeys, okBodies, okAt = append(okKeys, keys[i]), append(okBodies, b), append(okAt, i)
	}
	if len(okKeys) == 0 {
		return out, nil
	}
	outs, err := sendBatch(ctx, s.c, attachmentsEndpoint.v2, batchUpdateCall, okKeys, encodedBodies(okBodies), opts)
	if outs == nil {
		return nil, err
	}
	for j, i := range okAt {
		out[i].Status, out[i].Err = outs[j].status, outs[j].err
	}
	return out, nil
}

// hireMediaURL is hireMediaUrl's answer. Assumption: the upload URL comes
// as uploadUrl and the file's URN under one of the names below (LinkedIn's
// answer was not captured; a generated OpenAPI file says {uploadUrl,
// resumeUrn}); "value" wraps it as in other Rest.li actions.
func decodeHireMediaURL(data []byte) (uploadURL string, media model.URN, err error) {
	var o map[string]json.RawMessage
	if err := json.Unmarshal(data, &o); err != nil {
		return "", "", err
	}
	if v, ok := o["value"]; ok {
		var inner map[string]json.RawMessage
		if json.Unmarshal(v, &inner) == nil {
			o = inner
		}
	}
	str := func(names ...string) string {
		for _, n := range names {
			var s string
			if json.Unmarshal(o[n], &s) == nil && s != "" {
				return s
			}
		}
		return ""
	}
	uploadURL = str("uploadUrl", "uploadURL", "url")
	media = model.URN(str("resumeUrn", "mediaUrn", "resume", "media", "urn", "id"))
	if uploadURL == "" || media.IsZero() {
		return "", "", errors.New("no uploadUrl and file URN in hireMediaUrl's answer")
	}
	return uploadURL, media, nil
}

// uploadOne asks hireMediaUrl for an upload URL and streams a's content to
// it, and returns the uploaded file's URN.
func (s *AttachmentsService) uploadOne(ctx context.Context, a model.Attachment, opts []RequestOption) (model.URN, error) {
	body, err := json.Marshal(map[string]any{
		"blobTtl":         map[string]any{"duration": 72, "unit": "HOUR"},
		"contentType":     a.FileType.ContentType(),
		"fileName":        a.FileName,
		"hiringContext":   a.Contract,
		"usageParameters": map[string]any{"recruiterSystemConnectResumeParameters": map[string]any{}},
	})
	if err != nil {
		return "", err
	}
	req := &request{op: "ACTION", method: http.MethodPost, path: hireMediaURLPath, protocol: restli.Protocol1,
		quota: QuotaSync, body: body}
	var raw json.RawMessage
	if _, err := s.c.do(ctx, req, &raw, opts...); err != nil {
		return "", err
	}
	uploadURL, media, err := decodeHireMediaURL(raw)
	if err != nil {
		return "", fmt.Errorf("rsc: %s: %w", req.operation(), err)
	}
	return media, s.c.putContent(ctx, uploadURL, a)
}

// putContent PUTs a's content to a signed upload URL, streamed, without the
// bearer token, retrying (with the content opened again) after a broken
// connection or a server error.
func (c *core) putContent(ctx context.Context, uploadURL string, a model.Attachment) error {
	u, err := url.Parse(uploadURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("rsc: upload: hireMediaUrl gave %q, not an http(s) URL", uploadURL)
	}
	var last error
	for attempt := 0; attempt <= max(c.retry.MaxRetries, 0); attempt++ {
		if attempt > 0 {
			if err := sleepCtx(ctx, c.backoff(c.retry.MinWait, c.retry.MaxWait, attempt-1, nil)); err != nil {
				return err
			}
		}
		rc, err := a.Open()
		if err != nil {
			return fmt.Errorf("rsc: open attachment %s: %w", a.Key.AttachmentID, err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, u.String(), rc)
		if err != nil {
			rc.Close()
			return err
		}
		req.Header.Set("Content-Type", a.FileType.ContentType())
		if a.Size > 0 {
			req.ContentLength = a.Size
		}
		countRequest(ctx)
		resp, err := c.upload.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			c.log.LogAttrs(ctx, slog.LevelWarn, "rsc connection failed", slog.String("op", "UPLOAD "+u.Host), slog.String("error", netErrorText(err)))
			last = fmt.Errorf("rsc: upload %s: %s", a.Key.AttachmentID, netErrorText(err))
			continue
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		switch {
		case resp.StatusCode < 300:
			return nil
		case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
			last = &APIError{StatusCode: resp.StatusCode, Method: http.MethodPut, Operation: "UPLOAD " + u.Host,
				Message: "upload of attachment " + a.Key.AttachmentID + " failed (" + strconv.Itoa(resp.StatusCode) + ")"}
			continue
		default:
			return &APIError{StatusCode: resp.StatusCode, Method: http.MethodPut, Operation: "UPLOAD " + u.Host,
				Message: "upload of attachment " + a.Key.AttachmentID + " refused"}
		}
	}
	return last
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
