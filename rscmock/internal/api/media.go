package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// The /v2 resume upload (POST /v2/hireMediaUrl, PUT of the file,
// PUT /v2/atsApplications/{key}/resumes) and the exported application
// evaluations, each under a lock of its own (taken after Mu when a
// handler holds both).

// uploads holds the upload URLs of hireMediaUrl by id.
type uploads struct {
	mu   sync.Mutex
	byID map[string]*mediaState
}

// evaluations holds the exported application evaluations by requestId.
type evaluations struct {
	mu   sync.Mutex
	byID map[string]*evaluationState
}

// mediaState is one upload URL handed out by hireMediaUrl.
type mediaState struct {
	app         *auth.App
	urn         string
	contentType string
	fileName    string
	data        []byte
	uploaded    bool
}

// hireMediaRoute is POST /v2/hireMediaUrl.
func (a *API) hireMediaRoute(m *request) (handler, *wire.Error) {
	m.op = "CREATE /v2/hireMediaUrl"
	if m.method != http.MethodPost || len(m.segs) != 1 {
		return nil, wire.Errorf(http.StatusMethodNotAllowed, "%s is not supported on /v2/hireMediaUrl", m.method)
	}
	if err := m.q.Only(); err != nil {
		return nil, wire.Errorf(http.StatusBadRequest, "%v", err)
	}
	return a.createMedia, nil
}

// createMedia answers an upload URL for one file.
//
// Assumption: LinkedIn's answer is not captured [A §3.10, §9 item 10]; the
// fake answers 201 {"uploadUrl", "resumeUrn"} (the names of the one 3P
// guess, ResumeUploadResponse), the URN urn:li:hireMedia:{n}. The upload is
// a PUT of the file's bytes to uploadUrl (no token: the URL is the
// credential), with the declared Content-Type, at most 10 MB.
func (a *API) createMedia(m *request) (int, any, *wire.Error) {
	if err := records.SpecErrors(spec.HireMediaURL.Validate(m.body, a.cfg.Strict)); err != nil {
		return 0, nil, wire.Errorf(http.StatusUnprocessableEntity, "%s", err.Error())
	}
	var in struct {
		ContentType   string `json:"contentType"`
		HiringContext string `json:"hiringContext"`
		FileName      string `json:"fileName"`
	}
	_ = json.Unmarshal(m.body, &in)
	if e := a.own(m.app, in.HiringContext); e != nil {
		return 0, nil, e
	}
	a.media.mu.Lock()
	defer a.media.mu.Unlock()
	if len(a.media.byID) >= MaxMedia {
		return 0, nil, wire.Errorf(http.StatusTooManyRequests, "the fake holds at most %d upload URLs (MaxMedia)", MaxMedia)
	}
	if a.media.byID == nil {
		a.media.byID = map[string]*mediaState{}
	}
	id := fmt.Sprintf("%d%s", a.p.Sim.Next("media"), a.p.Sim.RandHex(12))
	md := &mediaState{app: m.app, urn: "urn:li:hireMedia:" + id, contentType: in.ContentType, fileName: in.FileName}
	a.media.byID[id] = md
	return http.StatusCreated, map[string]string{"uploadUrl": a.p.BaseURL() + "/_upload/" + id, "resumeUrn": md.urn}, nil
}

// serveUpload is PUT /_upload/{id}: the file's bytes.
func (a *API) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/_upload/")
	if r.Method != http.MethodPut {
		w.Header().Set("Allow", "PUT")
		wire.WriteError(w, wire.Errorf(http.StatusMethodNotAllowed, "upload with PUT"))
		return
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, spec.MaxAttachmentBytes+1))
	if err != nil {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "read body: %v", err))
		return
	}
	if len(b) > spec.MaxAttachmentBytes {
		wire.WriteError(w, wire.Errorf(http.StatusRequestEntityTooLarge, "a resume is at most %d bytes", spec.MaxAttachmentBytes))
		return
	}
	a.media.mu.Lock()
	defer a.media.mu.Unlock()
	md := a.media.byID[id]
	if md == nil {
		wire.WriteError(w, wire.Errorf(http.StatusNotFound, "no upload URL %s", r.URL.Path))
		return
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != md.contentType {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "Content-Type %q, the upload URL was made for %s", r.Header.Get("Content-Type"), md.contentType))
		return
	}
	md.data, md.uploaded = b, true
	w.WriteHeader(http.StatusCreated)
}

// resumeRoute is PUT /v2/atsApplications/{key}/resumes.
func (a *API) resumeRoute(m *request, rawKey string) (handler, *wire.Error) {
	m.op = "UPDATE /v2/atsApplications/{key}/resumes"
	if m.method != http.MethodPut {
		return nil, wire.Errorf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, m.path)
	}
	if err := m.q.Only(); err != nil {
		return nil, wire.Errorf(http.StatusBadRequest, "%v", err)
	}
	pk, err := restli.ParseEntityKey(rawKey, false)
	if err != nil {
		return nil, wire.Errorf(http.StatusBadRequest, "Invalid path key: %v", err)
	}
	lk, e := records.ToLogical(records.Application, pk, false, nil)
	if e != nil {
		return nil, e
	}
	return func(m *request) (int, any, *wire.Error) { return a.putResume(m, lk) }, nil
}

// putResume associates an uploaded resume with an application.
//
// Assumption: the body is not captured [A §3.10, Q A10]. The fake takes a
// JSON object one of whose string fields is a resumeUrn that hireMediaUrl
// gave this application and whose file was uploaded, and stores it as the
// application's RESUME attachment (externalAttachmentId "resume"), which
// rest/attachments also writes.
func (a *API) putResume(m *request, lk restli.Key) (int, any, *wire.Error) {
	if e := a.own(m.app, lk["ctx"]); e != nil {
		return 0, nil, e
	}
	var body map[string]any
	if err := json.Unmarshal(m.body, &body); err != nil || body == nil {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "Invalid body: want a JSON object naming the resumeUrn")
	}
	var md *mediaState
	a.media.mu.Lock()
	defer a.media.mu.Unlock()
	for _, v := range body {
		if str, ok := v.(string); ok {
			if c := a.media.byID[strings.TrimPrefix(str, "urn:li:hireMedia:")]; c != nil && c.urn == str && c.app == m.app {
				md = c
			}
		}
	}
	switch {
	case md == nil:
		return 0, nil, wire.Errorf(http.StatusUnprocessableEntity, "ERROR :: / :: no resumeUrn from hireMediaUrl of this application in the body\n")
	case !md.uploaded:
		return 0, nil, wire.Errorf(http.StatusUnprocessableEntity, "ERROR :: / :: the file of %s was not uploaded\n", md.urn)
	}
	ak := restli.Key{"ctx": lk["ctx"], "ref": lk["app"], "att": "resume", "reftype": "APPLICATION", "atype": "RESUME"}
	stored := map[string]json.RawMessage{}
	for k, v := range map[string]any{"externalFileName": md.fileName, "fileType": fileType(md.contentType),
		"content": base64.StdEncoding.EncodeToString(md.data)} {
		stored[k], _ = json.Marshal(v)
	}
	b, _ := json.Marshal(stored)
	a.p.Store.Write(records.Attachment.Name, ak, string(b), m.num)
	return http.StatusNoContent, nil, nil
}

// fileType names a content type as the SDK's fileType enum does.
func fileType(ct string) string {
	switch ct {
	case "text/plain":
		return "TXT"
	case "application/pdf":
		return "PDF"
	case "application/msword":
		return "DOC"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return "DOCX"
	}
	return "UNKNOWN"
}

// evaluationState is one exported application evaluation request.
type evaluationState struct {
	org      string
	created  time.Time
	elements []map[string]any
}

// evaluationTTL is how long an evaluation's requestId lives [Q S2: "expires
// after 24 hours"].
const evaluationTTL = 24 * time.Hour

// AddEvaluation stands in for LinkedIn Hiring Assistant: it keeps an
// evaluation of application app of integration context ctx, with fields
// plus "integrationContext" and "atsJobApplicationId", and answers its
// requestId, under which rest/exportedApplicationEvaluations serves it for
// 24 hours of the fake's clock [Q S2].
func (a *API) AddEvaluation(ctx, app string, fields map[string]any) string {
	el := map[string]any{}
	for k, v := range fields {
		el[k] = v
	}
	el["integrationContext"], el["atsJobApplicationId"] = ctx, app
	a.p.Mu.Lock()
	id := fmt.Sprint(8000000 + a.p.Sim.Next("evaluation"))
	a.p.Mu.Unlock()
	a.evals.mu.Lock()
	defer a.evals.mu.Unlock()
	if a.evals.byID == nil {
		a.evals.byID = map[string]*evaluationState{}
	}
	a.evals.byID[id] = &evaluationState{org: ctx, created: a.cfg.Clock(), elements: []map[string]any{el}}
	return id
}

// findEvaluations is the request finder of rest/exportedApplicationEvaluations.
// An unknown or expired requestId answers 404 (Assumption: LinkedIn's
// answer after 24 hours is unpublished; 404 or 410 per Q L1).
func (a *API) findEvaluations(m *request) (int, any, *wire.Error) {
	if m.q.Get("q") != "request" || m.q.Get("requestId") == "" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "finder request needs requestId")
	}
	a.evals.mu.Lock()
	defer a.evals.mu.Unlock()
	ev := a.evals.byID[m.q.Get("requestId")]
	if ev == nil || (ev.org != m.app.Org && ev.org != m.app.Contract) || !a.cfg.Clock().Before(ev.created.Add(evaluationTTL)) {
		return 0, nil, wire.Errorf(http.StatusNotFound, "No evaluation for requestId %s (ids expire after 24 hours)", m.q.Get("requestId"))
	}
	return wire.Page(m.q, ev.elements, 10, false)
}
