package rscmock

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
)

// Resumes: the /v2 upload flow (hireMediaUrl, an upload to the URL it
// answers, then atsApplications/{key}/resumes) and rest/attachments, with
// the exported application evaluations of LinkedIn Hiring Assistant.

// MaxMedia is the most upload URLs the fake holds at once (its own bound on
// memory: each upload holds up to 10 MB).
const MaxMedia = 1000

// mediaState is one upload URL handed out by hireMediaUrl.
type mediaState struct {
	app         *app
	urn         string
	contentType string
	fileName    string
	data        []byte
	uploaded    bool
}

// hireMediaRoute is POST /v2/hireMediaUrl.
func (s *Server) hireMediaRoute(m *mreq) (handler, *apiError) {
	m.op = "CREATE /v2/hireMediaUrl"
	if m.method != http.MethodPost || len(m.segs) != 1 {
		return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on /v2/hireMediaUrl", m.method)
	}
	if err := m.q.Only(); err != nil {
		return nil, errf(http.StatusBadRequest, "%v", err)
	}
	return s.createMedia, nil
}

// createMedia answers an upload URL for one file.
//
// Assumption: LinkedIn's answer is not captured [A §3.10, §9 item 10]; the
// fake answers 201 {"uploadUrl", "resumeUrn"} (the names of the one 3P
// guess, ResumeUploadResponse), the URN urn:li:hireMedia:{n}. The upload is
// a PUT of the file's bytes to uploadUrl (no token: the URL is the
// credential), with the declared Content-Type, at most 10 MB.
func (s *Server) createMedia(m *mreq) (int, any, *apiError) {
	if err := records.SpecErrors(spec.HireMediaURL.Validate(m.body, s.cfg.strict)); err != nil {
		return 0, nil, errf(http.StatusUnprocessableEntity, "%s", err.Error())
	}
	var in struct {
		ContentType   string `json:"contentType"`
		HiringContext string `json:"hiringContext"`
		FileName      string `json:"fileName"`
	}
	_ = json.Unmarshal(m.body, &in)
	if e := s.ownContext(m.app, in.HiringContext); e != nil {
		return 0, nil, e
	}
	if len(s.media) >= MaxMedia {
		return 0, nil, errf(http.StatusTooManyRequests, "the fake holds at most %d upload URLs (MaxMedia)", MaxMedia)
	}
	if s.media == nil {
		s.media = map[string]*mediaState{}
	}
	id := fmt.Sprintf("%d%s", s.sim.Next("media"), s.sim.RandHex(12))
	md := &mediaState{app: m.app, urn: "urn:li:hireMedia:" + id, contentType: in.ContentType, fileName: in.FileName}
	s.media[id] = md
	return http.StatusCreated, map[string]string{"uploadUrl": s.baseURL + "/_upload/" + id, "resumeUrn": md.urn}, nil
}

// serveUpload is PUT /_upload/{id}: the file's bytes.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/_upload/")
	if r.Method != http.MethodPut {
		w.Header().Set("Allow", "PUT")
		writeError(w, errf(http.StatusMethodNotAllowed, "upload with PUT"))
		return
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, spec.MaxAttachmentBytes+1))
	if err != nil {
		writeError(w, errf(http.StatusBadRequest, "read body: %v", err))
		return
	}
	if len(b) > spec.MaxAttachmentBytes {
		writeError(w, errf(http.StatusRequestEntityTooLarge, "a resume is at most %d bytes", spec.MaxAttachmentBytes))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	md := s.media[id]
	if md == nil {
		writeError(w, errf(http.StatusNotFound, "no upload URL %s", r.URL.Path))
		return
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != md.contentType {
		writeError(w, errf(http.StatusBadRequest, "Content-Type %q, the upload URL was made for %s", r.Header.Get("Content-Type"), md.contentType))
		return
	}
	md.data, md.uploaded = b, true
	w.WriteHeader(http.StatusCreated)
}

// resumeRoute is PUT /v2/atsApplications/{key}/resumes.
func (s *Server) resumeRoute(m *mreq, rawKey string) (handler, *apiError) {
	m.op = "UPDATE /v2/atsApplications/{key}/resumes"
	if m.method != http.MethodPut {
		return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, m.path)
	}
	if err := m.q.Only(); err != nil {
		return nil, errf(http.StatusBadRequest, "%v", err)
	}
	pk, err := restli.ParseEntityKey(rawKey, false)
	if err != nil {
		return nil, errf(http.StatusBadRequest, "Invalid path key: %v", err)
	}
	lk, e := records.ToLogical(records.Application, pk, false, nil)
	if e != nil {
		return nil, e
	}
	return func(m *mreq) (int, any, *apiError) { return s.putResume(m, lk) }, nil
}

// putResume associates an uploaded resume with an application.
//
// Assumption: the body is not captured [A §3.10, Q A10]. The fake takes a
// JSON object one of whose string fields is a resumeUrn that hireMediaUrl
// gave this application and whose file was uploaded, and stores it as the
// application's RESUME attachment (externalAttachmentId "resume"), which
// rest/attachments also writes.
func (s *Server) putResume(m *mreq, lk rkey) (int, any, *apiError) {
	if e := s.ownContext(m.app, lk["ctx"]); e != nil {
		return 0, nil, e
	}
	var body map[string]any
	if err := json.Unmarshal(m.body, &body); err != nil || body == nil {
		return 0, nil, errf(http.StatusBadRequest, "Invalid body: want a JSON object naming the resumeUrn")
	}
	var md *mediaState
	for _, v := range body {
		if str, ok := v.(string); ok {
			if c := s.media[strings.TrimPrefix(str, "urn:li:hireMedia:")]; c != nil && c.urn == str && c.app == m.app {
				md = c
			}
		}
	}
	switch {
	case md == nil:
		return 0, nil, errf(http.StatusUnprocessableEntity, "ERROR :: / :: no resumeUrn from hireMediaUrl of this application in the body\n")
	case !md.uploaded:
		return 0, nil, errf(http.StatusUnprocessableEntity, "ERROR :: / :: the file of %s was not uploaded\n", md.urn)
	}
	ak := rkey{"ctx": lk["ctx"], "ref": lk["app"], "att": "resume", "reftype": "APPLICATION", "atype": "RESUME"}
	stored := map[string]json.RawMessage{}
	for k, v := range map[string]any{"externalFileName": md.fileName, "fileType": fileType(md.contentType),
		"content": base64.StdEncoding.EncodeToString(md.data)} {
		stored[k], _ = json.Marshal(v)
	}
	b, _ := json.Marshal(stored)
	s.st.Write(records.Attachment.Name, ak, string(b), m.num)
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

// AttachmentKey names an attachment: the application (or candidate) it
// belongs to and the ATS's attachment id ("resume" for the /v2 upload flow).
type AttachmentKey struct {
	// IntegrationContext is the customer's organization.
	IntegrationContext model.URN
	// EntityType is APPLICATION or CANDIDATE.
	EntityType string
	// EntityID is the ATS's id of the application or candidate.
	EntityID string
	// AttachmentID is the ATS's id of the attachment.
	AttachmentID string
}

// SyncedAttachment returns a RESUME attachment as LinkedIn holds it (see
// SyncedCandidate); its body holds the file base64 in "content".
func (s *Server) SyncedAttachment(key AttachmentKey) (Synced[AttachmentKey], bool) {
	return synced(s, records.Attachment.Name, key, rkey{"ctx": string(key.IntegrationContext), "ref": key.EntityID,
		"att": key.AttachmentID, "reftype": key.EntityType, "atype": "RESUME"})
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

// AddApplicationEvaluation stands in for LinkedIn Hiring Assistant: it
// evaluates application key and answers the requestId under which
// rest/exportedApplicationEvaluations serves the evaluation for 24 hours of
// the fake's clock [Q S2]. fields are the evaluation's own fields.
//
// Assumption: the element shape is unpublished; the fake serves fields plus
// "integrationContext" and "atsJobApplicationId". LinkedIn triggers the
// fetch with a push notification whose type is unpublished; the fake sends
// none.
func (s *Server) AddApplicationEvaluation(key model.ApplicationKey, fields map[string]any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.evaluations == nil {
		s.evaluations = map[string]*evaluationState{}
	}
	el := map[string]any{}
	for k, v := range fields {
		el[k] = v
	}
	el["integrationContext"], el["atsJobApplicationId"] = string(key.IntegrationContext), key.ATSJobApplicationID
	id := fmt.Sprint(8000000 + s.sim.Next("evaluation"))
	s.evaluations[id] = &evaluationState{org: string(key.IntegrationContext), created: s.now(), elements: []map[string]any{el}}
	return id
}

// findEvaluations is the request finder of rest/exportedApplicationEvaluations.
// An unknown or expired requestId answers 404 (Assumption: LinkedIn's
// answer after 24 hours is unpublished; 404 or 410 per Q L1).
func (s *Server) findEvaluations(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "request" || m.q.Get("requestId") == "" {
		return 0, nil, errf(http.StatusBadRequest, "finder request needs requestId")
	}
	ev := s.evaluations[m.q.Get("requestId")]
	if ev == nil || (ev.org != m.app.Org && ev.org != m.app.Contract) || !s.now().Before(ev.created.Add(evaluationTTL)) {
		return 0, nil, errf(http.StatusNotFound, "No evaluation for requestId %s (ids expire after 24 hours)", m.q.Get("requestId"))
	}
	return page(m, ev.elements, 10, false)
}
