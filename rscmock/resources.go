package rscmock

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// wireField maps a key field as sent on the wire to its logical name; a
// logical name "" marks dataProvider, which must be ATS.
type wireField struct{ wire, logical string }

// kindSpec describes one keyed RSC resource.
type kindSpec struct {
	kind    string
	v1, v2  []wireField
	sub     string // logical field of a /v2 sub-resource's simple key
	renames map[string]string
	records bool
	// res is the resource's schema in the fake's own spec (not rsc/model).
	res *spec.Resource
	// aliases are other /rest wire names of key fields (alias -> wire name
	// of v2), accepted where LinkedIn's sources disagree or are silent; an
	// alias to "" is an optional dataProvider.
	aliases map[string]string
	// maxBatch is the most entities per call (default 100).
	maxBatch int
}

// logicalWire names the /v2 wire field of each logical key field, for the
// spec's key checks.
var logicalWire = map[string]string{"ctx": "integrationContext", "cand": "atsCandidateId", "app": "atsJobApplicationId",
	"note": "noteId", "stage": "stageId", "fb": "feedbackId", "acl": "atsEntityAclId", "entity": "atsEntityId",
	"etype": "atsEntityType", "assignee": "assignee", "itype": "integrationType", "tenant": "tenantType", "name": "name",
	"ref": "externalReferenceEntityId", "att": "externalAttachmentId", "reftype": "externalReferenceEntityType", "atype": "attachmentType"}

// check validates a stored body (/v2 field names) for key lk with the fake's
// spec; the error is LinkedIn's "ERROR :: /field :: message" lines.
// With loopback, a CALLBACK_URL may be http on a loopback address.
func (k *kindSpec) check(lk rkey, body []byte, strict, loopback bool) error {
	wk := map[string]string{"dataProvider": model.DataProviderATS}
	for n, v := range lk {
		wk[logicalWire[n]] = v
	}
	errs := k.res.CheckKey(wk)
	if body != nil {
		errs = append(errs, k.res.Validate(body, strict)...)
	}
	if k == kindConfiguration && body != nil {
		var v struct {
			Value map[string]json.RawMessage `json:"configurationValue"`
		}
		var str string
		if json.Unmarshal(body, &v) == nil && json.Unmarshal(v.Value["string"], &str) == nil {
			errs = append(errs, spec.ConfigurationValue(lk["name"], str, loopback)...)
		}
	}
	return specErrors(errs)
}

// specErrors renders spec errors as LinkedIn's message lines (nil when none).
func specErrors(errs []spec.Error) error {
	if len(errs) == 0 {
		return nil
	}
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return wireError(b.String())
}

var (
	dp          = wireField{"dataProvider", ""}
	ctxField    = wireField{"integrationContext", "ctx"}
	timeRenames = map[string]string{"externalCreatedAt": "atsCreatedAt", "externalLastModifiedAt": "atsLastModifiedAt"}

	kindCandidate = &kindSpec{kind: "candidate", records: true, res: spec.Candidate,
		v1:      []wireField{{"atsCandidateId", "cand"}, dp, ctxField},
		v2:      []wireField{{"externalCandidateId", "cand"}, ctxField},
		renames: timeRenames}
	kindCandidateNote = &kindSpec{kind: "candidateNote", records: true, sub: "note", res: spec.CandidateNote,
		v2:      []wireField{{"externalCandidateId", "cand"}, {"externalNoteId", "note"}, ctxField},
		renames: timeRenames}
	kindApplication = &kindSpec{kind: "application", records: true, res: spec.Application,
		v1: []wireField{{"atsJobApplicationId", "app"}, dp, ctxField},
		v2: []wireField{{"atsJobApplicationId", "app"}, ctxField}}
	kindApplicationNote = &kindSpec{kind: "applicationNote", records: true, sub: "note", res: spec.ApplicationNote,
		v2:      []wireField{{"externalJobApplicationId", "app"}, {"externalNoteId", "note"}, ctxField},
		renames: timeRenames}
	kindStage = &kindSpec{kind: "stage", records: true, sub: "stage", res: spec.Stage,
		v2: []wireField{{"jobApplicationId", "app"}, ctxField, {"jobApplicationStageId", "stage"}}}
	kindFeedback = &kindSpec{kind: "feedback", records: true, sub: "fb", res: spec.Feedback,
		v2: []wireField{{"jobApplicationId", "app"}, ctxField, {"interviewFeedbackId", "fb"}}}
	kindACL = &kindSpec{kind: "acl", records: true, res: spec.EntityACL,
		v1: []wireField{{"atsEntityAclId", "acl"}, dp, ctxField, {"atsEntityId", "entity"}, {"atsEntityType", "etype"}}}
	kindAssignee = &kindSpec{kind: "assignee", records: true, res: spec.ACLAssignee,
		v1: []wireField{{"atsEntityAclId", "acl"}, ctxField, dp, {"assignee", "assignee"}, {"atsEntityType", "etype"}}}
	kindIntegration = &kindSpec{kind: "integration", res: spec.Integration,
		v1: []wireField{ctxField, {"integrationType", "itype"}, {"tenantType", "tenant"}, dp},
		v2: []wireField{ctxField, {"integrationType", "itype"}, {"tenantType", "tenant"}}}
	// kindConfiguration is a /v2 sub-resource of atsIntegrations and, on
	// /rest, rest/integrationConfigurations keyed by the integration's
	// fields and the configuration's name [A §2.5, §3.14: dataProvider
	// dropped]. Assumption: the name field of the /rest key is unpublished;
	// the fake takes "name" and accepts "configurationName", "configurationKey"
	// and "key" too, and a leftover dataProvider=ATS.
	kindConfiguration = &kindSpec{kind: "configuration", sub: "name", res: spec.Configuration,
		v2:      []wireField{ctxField, {"integrationType", "itype"}, {"tenantType", "tenant"}, {"name", "name"}},
		aliases: map[string]string{"configurationName": "name", "configurationKey": "name", "key": "name", "dataProvider": ""}}
	// kindAttachment is rest/attachments [Q A10, S11; A §3.10 SDK model]:
	// batch_update and batch_delete, at most 10 per call [A §4 "Attachments
	// bulk <= 10 per batch", SDK]. The SDK names the context organizationId,
	// S11 integrationContext: both are accepted.
	kindAttachment = &kindSpec{kind: "attachment", res: spec.Attachment, maxBatch: 10,
		v2: []wireField{{"externalReferenceEntityId", "ref"}, {"externalAttachmentId", "att"}, ctxField,
			{"externalReferenceEntityType", "reftype"}, {"attachmentType", "atype"}},
		aliases: map[string]string{"organizationId": "integrationContext"}}
)

// entity is one stored record as read, its body in /v2 field names.
type entity = state.Entity

// handler answers one routed request, with s.mu held unless the route set
// mreq.ownLocking.
type handler func(m *mreq) (status int, body any, err *apiError)

// keyedRoute is a resolved keyed resource: its spec, protocol and, for /v2
// sub-resources, the parent's logical key.
type keyedRoute struct {
	spec *kindSpec
	// v2 selects the /rest field names (the "v2" key fields of kindSpec).
	v2 bool
	// proto2 selects the Rest.li 2.0 key syntax of answers: the request
	// carried X-RestLi-Protocol-Version: 2.0.0, on /v2 or /rest.
	proto2 bool
	parent rkey
	name   string
}

// route resolves m's resource and Rest.li method.
func (s *Server) route(m *mreq) (handler, *apiError) {
	segs := m.segs
	name := "/v2/"
	if m.rest {
		name = "/rest/"
	}
	name += segs[0]
	keyed := func(spec *kindSpec) (handler, *apiError) {
		kr := keyedRoute{spec: spec, v2: m.rest, proto2: m.proto2, name: name}
		return s.keyedHandler(m, kr)
	}
	sub := func(parentSpec *kindSpec, child map[string]*kindSpec) (handler, *apiError) {
		if len(segs) != 3 || child[segs[2]] == nil || m.rest {
			return nil, errf(http.StatusNotFound, "No resource found for %s", m.path)
		}
		pk, err := restli.ParseEntityKey(segs[1], false)
		if err != nil {
			return nil, errf(http.StatusBadRequest, "Invalid path key: %v", err)
		}
		plk, e := toLogical(parentSpec, pk, false, nil)
		if e != nil {
			return nil, e
		}
		kr := keyedRoute{spec: child[segs[2]], proto2: m.proto2, parent: plk, name: name + "/{key}/" + segs[2]}
		return s.keyedHandler(m, kr)
	}
	// finder routes a finder that declares params (besides q, start, count
	// and the fields projection); any other parameter is a 400 naming it.
	finder := func(h handler, params ...string) (handler, *apiError) {
		if len(segs) != 1 {
			return nil, errf(http.StatusNotFound, "No resource found for %s", m.path)
		}
		m.op = "FINDER " + name
		if m.method != http.MethodGet {
			return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, name)
		}
		if err := m.q.Only(append([]string{"q", "start", "count", "fields"}, params...)...); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		return h, nil
	}
	switch {
	case !m.rest && segs[0] == "atsCandidates" && len(segs) > 1:
		return sub(kindCandidate, map[string]*kindSpec{"notes": kindCandidateNote})
	case !m.rest && segs[0] == "atsApplications" && len(segs) == 3 && segs[2] == "resumes":
		return s.resumeRoute(m, segs[1])
	case !m.rest && segs[0] == "atsApplications" && len(segs) > 1:
		return sub(kindApplication, map[string]*kindSpec{"notes": kindApplicationNote, "stages": kindStage, "interviewFeedback": kindFeedback})
	case !m.rest && segs[0] == "atsIntegrations" && len(segs) > 1:
		return sub(kindIntegration, map[string]*kindSpec{"configurations": kindConfiguration})
	case len(segs) > 1 && segs[0] != "provisionedApplications":
		return nil, errf(http.StatusNotFound, "No resource found for %s", m.path)
	}
	switch name {
	case "/v2/atsCandidates", "/rest/candidates":
		return keyed(kindCandidate)
	case "/rest/candidateNotes":
		return keyed(kindCandidateNote)
	case "/v2/atsApplications", "/rest/atsApplications":
		return keyed(kindApplication)
	case "/rest/applicationNotes":
		return keyed(kindApplicationNote)
	case "/rest/applicationStage":
		return keyed(kindStage)
	case "/rest/applicationInterviewFeedbacks":
		return keyed(kindFeedback)
	case "/v2/atsEntityAcls":
		if m.q.Has("q") {
			return finder(s.findACLs, "integrationContext", "atsEntityId", "atsEntityType", "dataProvider")
		}
		return keyed(kindACL)
	case "/v2/atsEntityAclAssignees":
		if m.q.Has("q") {
			return finder(s.findAssignees, "integrationContext", "assignee", "dataProvider")
		}
		return keyed(kindAssignee)
	case "/v2/atsIntegrations", "/rest/integrations":
		if m.q.Has("q") {
			return finder(s.findIntegrationsByRequest, "requestId")
		}
		return keyed(kindIntegration)
	case "/v2/simpleJobPostings", "/rest/simpleJobPostings":
		m.op = "BATCH_CREATE " + name
		if m.method != http.MethodPost {
			return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, name)
		}
		if err := m.q.Only(); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		return s.batchCreateJobs, nil
	case "/v2/simpleJobPostingTasks", "/rest/simpleJobPostingTasks":
		m.op = "BATCH_GET " + name
		if m.method != http.MethodGet {
			return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, name)
		}
		if err := m.q.Only("fields"); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		return s.getTasks, nil
	case "/v2/exportedCandidates", "/rest/exportedCandidates":
		// rest/exportedCandidates exists, 100,000 requests a day [Q S1, L3].
		// Assumption: the same finder and element shape as /v2.
		return finder(s.findExports, "requestId")
	case "/v2/atsPurgedExportedCandidates", "/rest/atsPurgedExportedCandidates":
		// rest/atsPurgedExportedCandidates is official, 100,000 requests a
		// day [Q S1, L14]. Assumption: the /v2 finder and shape.
		return finder(s.findPurged, "timeRange.start", "timeRange.end", "exportType")
	case "/v2/seats":
		// The legacy seat finder of LinkedIn's Postman collection
		// (linkedin-to-ats.md §7.1): q=seatsByAttributes&fields=id&active=true.
		return finder(s.findSeatsByAttributes, "contracts", "active")
	case "/v2/seatsV2", "/rest/seatsV2":
		return finder(s.findSeats, "contracts", "states")
	case "/v2/conversationEvents":
		return finder(s.findInMails, "viewer", "timeRange.start", "timeRange.end")
	case "/v2/mailStubs":
		return finder(s.findMailStubs, "contract", "owners", "createdDateStart", "createdDateEnd")
	case "/v2/prospectNotes":
		return finder(s.findProspectNotes, "contract", "owners", "cutoffDate", "beforeDate")
	case "/v2/provisionedApplications":
		return s.provisioningRoute(m)
	case "/rest/integrationConfigurations":
		return keyed(kindConfiguration)
	case "/rest/attachments":
		if m.method == http.MethodGet || m.method == http.MethodPost {
			return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s: batch_update (PUT) and batch_delete (DELETE) only", m.method, name)
		}
		return keyed(kindAttachment)
	case "/v2/hireMediaUrl":
		return s.hireMediaRoute(m)
	case "/rest/exportedApplicationEvaluations", "/rest/exportedApplicationEvaluation":
		// The 2026-03 release note says exportedApplicationEvaluations, the
		// page's path exportedApplicationEvaluation [Q §3]: both are served.
		return finder(s.findEvaluations, "requestId")
	}
	return nil, errf(http.StatusNotFound, "No resource found for %s", m.path)
}

// toLogical turns a wire key into a logical key.
func toLogical(spec *kindSpec, k rkey, v2 bool, parent rkey) (rkey, *apiError) {
	if parent != nil {
		v, ok := k.Simple()
		if !ok || v == "" {
			return nil, errf(http.StatusBadRequest, "Invalid key: want a simple key")
		}
		lk := rkey{spec.sub: v}
		for n, pv := range parent {
			lk[n] = pv
		}
		return lk, nil
	}
	fields := spec.v1
	if v2 {
		fields = spec.v2
	}
	lk := rkey{}
	n := 0
	for name, v := range k {
		if strings.HasPrefix(name, "$params.") {
			continue
		}
		if alias, ok := spec.aliases[name]; ok && v2 {
			if alias == "" { // an optional dataProvider
				if v != model.DataProviderATS {
					return nil, errf(http.StatusBadRequest, "Invalid key: dataProvider must be ATS")
				}
				continue
			}
			name = alias
		}
		n++
		i := slices.IndexFunc(fields, func(f wireField) bool { return f.wire == name })
		if i < 0 {
			return nil, errf(http.StatusBadRequest, "Invalid key: unknown field %q", name)
		}
		if fields[i].logical == "" {
			if v != model.DataProviderATS {
				return nil, errf(http.StatusBadRequest, "Invalid key: dataProvider must be ATS")
			}
			continue
		}
		if v == "" {
			return nil, errf(http.StatusBadRequest, "Invalid key: empty %s", name)
		}
		lk[fields[i].logical] = v
	}
	if n != len(fields) {
		var want []string
		for _, f := range fields {
			want = append(want, f.wire)
		}
		return nil, errf(http.StatusBadRequest, "Invalid key: want fields %s", strings.Join(want, ", "))
	}
	return lk, nil
}

// wireKey renders a logical key in the route's wire syntax.
func (kr keyedRoute) wireKey(lk rkey) string {
	if kr.parent != nil {
		return lk[kr.spec.sub]
	}
	fields := kr.spec.v1
	if kr.v2 {
		fields = kr.spec.v2
	}
	wk := rkey{}
	var order []string
	for _, f := range fields {
		order = append(order, f.wire)
		if f.logical == "" {
			wk[f.wire] = model.DataProviderATS
		} else {
			wk[f.wire] = lk[f.logical]
		}
	}
	return restli.FormatKey(wk, kr.proto2, order)
}

// keyedHandler picks the batch method of a keyed resource.
func (s *Server) keyedHandler(m *mreq, kr keyedRoute) (handler, *apiError) {
	if !kr.v2 && kr.parent == nil && kr.spec.v1 == nil || kr.v2 && kr.spec.v2 == nil {
		return nil, errf(http.StatusNotFound, "No resource found for %s", m.path)
	}
	restliMethod := strings.ToLower(m.header.Get(headerMethod))
	var op string
	var h handler
	switch m.method {
	case http.MethodGet:
		op, h = "BATCH_GET", func(m *mreq) (int, any, *apiError) { return s.batchGet(m, kr) }
	case http.MethodPut:
		op, h = "BATCH_UPDATE", func(m *mreq) (int, any, *apiError) { return s.batchWrite(m, kr, false) }
	case http.MethodDelete:
		op, h = "BATCH_DELETE", func(m *mreq) (int, any, *apiError) { return s.batchDelete(m, kr) }
	case http.MethodPost:
		op = "BATCH_PARTIAL_UPDATE"
		if restliMethod != "batch_partial_update" {
			m.op = op + " " + kr.name
			return nil, errf(http.StatusBadRequest, "x-restli-method: batch_partial_update is required for a POST with ids")
		}
		h = func(m *mreq) (int, any, *apiError) { return s.batchWrite(m, kr, true) }
	default:
		return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, kr.name)
	}
	m.op = op + " " + kr.name
	m.ownLocking = true
	allowed := []string{}
	if m.method == http.MethodGet {
		allowed = append(allowed, "fields")
	}
	if err := m.q.Only(allowed...); err != nil {
		return nil, errf(http.StatusBadRequest, "%v", err)
	}
	return h, nil
}

// requestKeys parses and checks the ids of a batch request.
func (s *Server) requestKeys(m *mreq, kr keyedRoute) ([]rkey, *apiError) {
	ids, err := m.q.IDs(kr.parent != nil)
	if err != nil {
		return nil, errf(http.StatusBadRequest, "Invalid ids: %v", err)
	}
	if len(ids) == 0 {
		return nil, errf(http.StatusBadRequest, "ids are required")
	}
	if limit := cmp.Or(kr.spec.maxBatch, maxBatch); len(ids) > limit {
		return nil, errf(http.StatusBadRequest, "A batch may hold at most %d entities, got %d", limit, len(ids))
	}
	out := make([]rkey, len(ids))
	seen := map[string]bool{}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, k := range ids {
		lk, e := toLogical(kr.spec, k, kr.v2, kr.parent)
		if e != nil {
			return nil, e
		}
		if e := s.ownContext(m.app, model.URN(lk["ctx"])); e != nil {
			return nil, e
		}
		c := lk.Canonical()
		if seen[c] {
			return nil, errf(http.StatusBadRequest, "Duplicate id %s", kr.wireKey(lk))
		}
		seen[c] = true
		out[i] = lk
	}
	return out, nil
}

// batchWrite is BATCH_UPDATE (full replace) and BATCH_PARTIAL_UPDATE. It
// locks what it touches (mreq.ownLocking).
func (s *Server) batchWrite(m *mreq, kr keyedRoute, partial bool) (int, any, *apiError) {
	keys, e := s.requestKeys(m, kr)
	if e != nil {
		return 0, nil, e
	}
	var req struct {
		Entities map[string]json.RawMessage `json:"entities"`
	}
	if err := json.Unmarshal(m.body, &req); err != nil || req.Entities == nil {
		return 0, nil, errf(http.StatusBadRequest, "Invalid body: want {\"entities\":{...}}")
	}
	byKey := make(map[string]string, len(keys)) // canonical -> body key string
	for bk := range req.Entities {
		k, err := restli.ParseEntityKey(bk, kr.parent != nil)
		if err != nil {
			return 0, nil, errf(http.StatusBadRequest, "Invalid entity key %q: %v", bk, err)
		}
		lk, e := toLogical(kr.spec, k, kr.v2, kr.parent)
		if e != nil {
			return 0, nil, e
		}
		byKey[lk.Canonical()] = bk
	}
	if len(byKey) != len(keys) || len(req.Entities) != len(keys) {
		return 0, nil, errf(http.StatusBadRequest, "The entities of the body do not match the ids")
	}
	canon := make([]string, len(keys))
	for i, lk := range keys {
		canon[i] = lk.Canonical()
		if _, ok := byKey[canon[i]]; !ok {
			return 0, nil, errf(http.StatusBadRequest, "The entities of the body do not match the ids: no entity for %s", kr.wireKey(lk))
		}
	}
	if e := s.countRecordsLocked(m, kr, len(keys)); e != nil {
		return 0, nil, e
	}
	out := newBatchResult()
	for i, lk := range keys {
		bk := byKey[canon[i]]
		raw := req.Entities[bk]
		var st int
		var err error
		if partial {
			st, err = s.patchEntity(kr, lk, raw, m.num)
		} else {
			st, err = s.putEntity(kr, lk, raw, m.num)
		}
		if err != nil {
			out.Errors[bk] = errorBody{Status: st, Message: err.Error()}
			continue
		}
		out.Results[bk] = map[string]int{"status": st}
	}
	return http.StatusOK, out, nil
}

// countRecordsLocked applies the records-per-minute quota to a batch of n
// records of route kr, taking s.mu.
func (s *Server) countRecordsLocked(m *mreq, kr keyedRoute, n int) *apiError {
	if !countsRecords(m, kr) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.countRecords(m.app, n)
}

// putEntity replaces one entity, logging the write as accepted in request
// number req.
func (s *Server) putEntity(kr keyedRoute, lk rkey, raw json.RawMessage, req uint64) (int, error) {
	norm, ok := state.Compact(raw)
	if !ok {
		return http.StatusBadRequest, wireErr("ERROR :: / :: entity must be a JSON object\n")
	}
	var body map[string]json.RawMessage
	if kr.v2 && len(kr.spec.renames) > 0 {
		// /rest names some fields apart: store them under their /v2 names.
		_ = json.Unmarshal([]byte(norm), &body)
		renamed := false
		for from, to := range kr.spec.renames {
			if v, ok := body[from]; ok {
				delete(body, from)
				body[to] = v
				renamed = true
			}
		}
		if renamed {
			b, _ := json.Marshal(body)
			norm = string(b)
		}
	}
	if err := kr.spec.check(lk, []byte(norm), s.cfg.strict, s.cfg.loopbackCallback); err != nil {
		return http.StatusUnprocessableEntity, validationMessage(err)
	}
	// CALLBACK_URL is mandatory before ONE_CLICK_EXPORT is enabled, also when
	// a batch update writes the status. Assumption: LinkedIn documents no
	// partner write of the status; the mock answers it as it answers the
	// admin's enable (409).
	if kr.spec == kindIntegration && lk["itype"] == string(model.IntegrationTypeOneClickExport) && !s.hasCallbackURL(lk) {
		var v struct {
			Status string `json:"status"`
		}
		if json.Unmarshal([]byte(norm), &v) == nil && v.Status == "ENABLED" {
			return http.StatusConflict, wireErr("CALLBACK_URL is mandatory before enabling ONE_CLICK_EXPORT; configure it first")
		}
	}
	s.st.Write(kr.spec.kind, lk, norm, req)
	return http.StatusNoContent, nil
}

// patchEntity applies a Rest.li patch to one entity, logging the write as
// accepted in request number req.
func (s *Server) patchEntity(kr keyedRoute, lk rkey, raw json.RawMessage, req uint64) (int, error) {
	var p patch
	if err := json.Unmarshal(raw, &p); err != nil {
		return http.StatusBadRequest, wireErr("ERROR :: /patch :: %v\n", err)
	}
	status := http.StatusNoContent
	err := s.st.Update(kr.spec.kind, lk, req, func(e *entity) (map[string]json.RawMessage, error) {
		st, next, err := applyPatch(kr, lk, e, p)
		status = st
		return next, err
	})
	return status, err
}

// applyPatch returns the body of e (nil when not held) after patch p, or
// the status and message of its refusal.
func applyPatch(kr keyedRoute, lk rkey, e *entity, p patch) (int, map[string]json.RawMessage, error) {
	switch kr.spec {
	case kindIntegration:
		for f := range p.Set {
			if f != "integrationName" {
				return http.StatusUnprocessableEntity, nil, wireErr("ERROR :: /%s :: field cannot be set\n", f)
			}
		}
		if e == nil {
			if err := kr.spec.check(lk, nil, false, false); err != nil {
				return http.StatusUnprocessableEntity, nil, validationMessage(err)
			}
			e = &entity{Key: lk, Body: map[string]json.RawMessage{"status": json.RawMessage(`"DISABLED"`)}}
		}
	case kindCandidate:
		if e == nil {
			return http.StatusNotFound, nil, wireErr("Not Found")
		}
		for f, v := range p.Set {
			if f != "manualMatchedMember" {
				return http.StatusUnprocessableEntity, nil, wireErr("ERROR :: /%s :: field cannot be patched\n", f)
			}
			if u, ok := v.(string); !ok || !model.URN(u).IsType(model.URNTypePerson) {
				return http.StatusUnprocessableEntity, nil, wireErr("ERROR :: /manualMatchedMember :: must be a person URN (urn:li:person:...)\n")
			}
		}
	default:
		return http.StatusMethodNotAllowed, nil, wireErr("partial update is not supported on this resource")
	}
	next := map[string]json.RawMessage{}
	for k, v := range e.Body {
		next[k] = v
	}
	for f, v := range p.Set {
		bv, _ := json.Marshal(v)
		next[f] = bv
	}
	for _, f := range p.Delete {
		delete(next, f)
	}
	return http.StatusNoContent, next, nil
}

// validationMessage renders an error as LinkedIn's "ERROR :: /field ::
// message" lines.
func validationMessage(err error) error {
	if we, ok := err.(wireError); ok {
		return we
	}
	return wireErr("ERROR :: / :: %v\n", err)
}

// countsRecords reports whether a request's records count against the
// records-per-minute quota. LinkedIn documents none ("N/A") for the
// versioned rest/applicationInterviewFeedbacks.
func countsRecords(m *mreq, kr keyedRoute) bool {
	return kr.spec.records && !(m.rest && kr.spec == kindFeedback)
}

// batchDelete deletes entities, cascading to children.
func (s *Server) batchDelete(m *mreq, kr keyedRoute) (int, any, *apiError) {
	keys, e := s.requestKeys(m, kr)
	if e != nil {
		return 0, nil, e
	}
	if e := s.countRecordsLocked(m, kr, len(keys)); e != nil {
		return 0, nil, e
	}
	out := newBatchResult()
	for _, lk := range keys {
		s.st.Delete(kr.spec.kind, lk)
		var children []*kindSpec
		switch kr.spec {
		case kindApplication:
			children = []*kindSpec{kindApplicationNote, kindStage, kindFeedback}
		case kindCandidate:
			children = []*kindSpec{kindCandidateNote}
		case kindIntegration:
			children = []*kindSpec{kindConfiguration}
		}
		for _, c := range children {
			s.st.DeleteWhere(c.kind, func(k rkey) bool { return isChild(k, lk) })
		}
		out.Results[kr.wireKey(lk)] = map[string]int{"status": http.StatusNoContent}
	}
	return http.StatusOK, out, nil
}

// isChild reports whether child's key holds every field of parent's.
func isChild(child, parent rkey) bool {
	for k, v := range parent {
		if child[k] != v {
			return false
		}
	}
	return true
}

// batchGet reads entities.
func (s *Server) batchGet(m *mreq, kr keyedRoute) (int, any, *apiError) {
	keys, e := s.requestKeys(m, kr)
	if e != nil {
		return 0, nil, e
	}
	var fields []string
	if f := m.q.Get("fields"); f != "" {
		fields = strings.Split(f, ",")
	}
	out := batchResult{Results: map[string]any{}, Errors: map[string]errorBody{}}
	statuses := map[string]int{}
	for _, lk := range keys {
		wk := kr.wireKey(lk)
		ent, _ := s.st.Get(kr.spec.kind, lk)
		if ent == nil {
			out.Errors[wk] = errorBody{Status: http.StatusNotFound, Message: "Not Found"}
			continue
		}
		view := ent.Body
		if kr.spec == kindCandidate {
			s.mu.Lock()
			mm, _ := json.Marshal(s.matchedMembers(ent))
			s.mu.Unlock()
			view["matchedMembers"] = mm
		}
		if kr.v2 {
			for to, from := range kr.spec.renames {
				if v, ok := view[from]; ok {
					delete(view, from)
					view[to] = v
				}
			}
		}
		if fields != nil {
			for k := range view {
				if !slices.Contains(fields, k) {
					delete(view, k)
				}
			}
		}
		out.Results[wk] = view
		statuses[wk] = http.StatusOK
	}
	return http.StatusOK, map[string]any{"results": out.Results, "errors": out.Errors, "statuses": statuses}, nil
}

// Jobs.

type jobState struct {
	posting model.JobPosting
	urn     model.URN
	closed  bool
}

func (s *Server) batchCreateJobs(m *mreq) (int, any, *apiError) {
	if strings.ToLower(m.header.Get(headerMethod)) != "batch_create" {
		return 0, nil, errf(http.StatusForbidden, "x-restli-method: batch_create is required")
	}
	var req struct {
		Elements []json.RawMessage `json:"elements"`
	}
	if err := json.Unmarshal(m.body, &req); err != nil || req.Elements == nil {
		return 0, nil, errf(http.StatusBadRequest, "Invalid body: want {\"elements\":[...]}")
	}
	if len(req.Elements) > maxBatch {
		return 0, nil, errf(http.StatusBadRequest, "A batch may hold at most %d entities, got %d", maxBatch, len(req.Elements))
	}
	type elem struct {
		ID     string     `json:"id,omitempty"`
		Status int        `json:"status"`
		Error  *errorBody `json:"error,omitempty"`
	}
	out := make([]elem, len(req.Elements))
	for i, raw := range req.Elements {
		raw = defaultOperation(raw)
		// The fake's own spec judges the posting; model.JobPosting only
		// carries the accepted one into the fake's state.
		err := specErrors(spec.JobPosting.Validate(raw, s.cfg.strict))
		var j model.JobPosting
		if err == nil {
			if derr := json.Unmarshal(raw, &j); derr != nil {
				err = wireErr("ERROR :: / :: %v\n", derr)
			}
			// Not enforced: spec.JobListedInFuture (listedAt not in the
			// future [A §3.1]). Tests run the fake on synthetic clocks
			// (synctest bubbles at 2000-01-01) with postings listed "now",
			// and rsc/model does not check it either; see the package doc.
		}
		if err == nil {
			if e := s.ownContext(m.app, j.IntegrationContext); e != nil {
				out[i] = elem{Status: e.Status, Error: &errorBody{Status: e.Status, Message: e.Message}}
				continue
			}
		}
		if err != nil {
			msg := validationMessage(err).Error()
			out[i] = elem{Status: http.StatusUnprocessableEntity, Error: &errorBody{Status: http.StatusUnprocessableEntity, Message: msg}}
			continue
		}
		task := &model.JobPostingTask{ID: model.URN(fmt.Sprintf("urn:li:simpleJobPostingTask:%d", s.next("task"))),
			Status: model.TaskSucceeded, ExternalJobPostingID: j.ExternalJobPostingID}
		jk := string(j.IntegrationContext) + "\x00" + j.ExternalJobPostingID
		js := s.jobs[jk]
		switch j.Operation {
		case model.OperationCreate:
			if js == nil {
				js = &jobState{urn: model.URN(fmt.Sprintf("urn:li:jobPosting:%d", 100000+s.next("jobPosting")))}
				s.jobs[jk] = js
			}
			js.posting, js.closed = j, false
		case model.OperationClose:
			if js != nil && js.closed {
				task.Status, task.ErrorMessage = model.TaskFailed, closeFailed
			} else if js != nil {
				js.closed = true
			}
		default:
			if js != nil {
				js.posting, js.closed = j, false
			}
		}
		switch {
		case js == nil && j.Operation == model.OperationClose:
			task.Status, task.ErrorMessage = model.TaskFailed, closeFailed
		case js == nil:
			task.Status, task.ErrorMessage = model.TaskFailed, "no job with externalJobPostingId "+j.ExternalJobPostingID
		default:
			task.JobPosting = js.urn
		}
		if task.Status == model.TaskSucceeded {
			s.st.LogWrite(kindJob, rkey{"ctx": string(j.IntegrationContext), "job": j.ExternalJobPostingID}, m.num, false)
		}
		s.tasks[string(task.ID)] = task
		s.taskOwner[string(task.ID)] = j.IntegrationContext
		if s.cfg.taskDelay > 0 {
			s.taskReady[string(task.ID)] = s.now().Add(s.cfg.taskDelay)
		}
		out[i] = elem{ID: string(task.ID), Status: http.StatusAccepted}
	}
	return http.StatusOK, map[string]any{"elements": out}, nil
}

// defaultOperation adds "jobPostingOperationType": "CREATE" to a job posting
// without one. The docs call the field required (ats-to-linkedin.md §3.1),
// but LinkedIn's own Postman collection omits it and LinkedIn accepts that
// as a create (§9 item 11); the client sends it.
func defaultOperation(raw json.RawMessage) json.RawMessage {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return raw
	}
	if _, ok := obj["jobPostingOperationType"]; ok {
		return raw
	}
	obj["jobPostingOperationType"] = json.RawMessage(`"CREATE"`)
	b, err := json.Marshal(obj)
	if err != nil {
		return raw
	}
	return b
}

func (s *Server) getTasks(m *mreq) (int, any, *apiError) {
	ids, err := m.q.IDs(true)
	if err != nil || len(ids) == 0 {
		return 0, nil, errf(http.StatusBadRequest, "ids are required")
	}
	if len(ids) > maxBatch {
		return 0, nil, errf(http.StatusBadRequest, "A batch may hold at most %d entities", maxBatch)
	}
	out := newBatchResult()
	for _, k := range ids {
		id := k[""]
		t := s.tasks[id]
		owner := s.taskOwner[id]
		if t == nil || (owner != m.app.org && owner != m.app.contract) {
			out.Errors[id] = errorBody{Status: http.StatusNotFound, Message: "Not Found"}
			continue
		}
		if ready, ok := s.taskReady[id]; ok && s.now().Before(ready) {
			out.Results[id] = &model.JobPostingTask{ID: t.ID, Status: model.TaskInProgress, ExternalJobPostingID: t.ExternalJobPostingID}
			continue
		}
		out.Results[id] = t
	}
	return http.StatusOK, out, nil
}

// closeFailed is LinkedIn's error for closing a job it does not have open
// (the create-jobs page's error strings). Assumption: it comes as the
// task's errorMessage; the page lists it with status 409 and does not say
// whether it can also be a per-job 409.
const closeFailed = "Cannot close job which is already closed or does not exist"

// Finders.

// sortedEntities returns the records of kind whose key keep accepts, by key.
func (s *Server) sortedEntities(kind string, keep func(rkey) bool) []*entity {
	return s.st.Sorted(kind, keep)
}

func (s *Server) findACLs(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "criteria" {
		return 0, nil, errf(http.StatusBadRequest, "unknown finder %q", m.q.Get("q"))
	}
	ctx := model.URN(m.q.Get("integrationContext"))
	if e := s.ownContext(m.app, ctx); e != nil {
		return 0, nil, e
	}
	eid, et := m.q.Get("atsEntityId"), m.q.Get("atsEntityType")
	ents := s.sortedEntities(kindACL.kind, func(k rkey) bool {
		return k["ctx"] == string(ctx) && (eid == "" || k["entity"] == eid) && (et == "" || k["etype"] == et)
	})
	els := make([]map[string]string, len(ents))
	for i, e := range ents {
		els[i] = map[string]string{"atsEntityAclId": e.Key["acl"], "dataProvider": model.DataProviderATS,
			"integrationContext": e.Key["ctx"], "atsEntityId": e.Key["entity"], "atsEntityType": e.Key["etype"]}
	}
	return page(m, els, 100, false)
}

func (s *Server) findAssignees(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "criteria" {
		return 0, nil, errf(http.StatusBadRequest, "unknown finder %q", m.q.Get("q"))
	}
	ctx := model.URN(m.q.Get("integrationContext"))
	if e := s.ownContext(m.app, ctx); e != nil {
		return 0, nil, e
	}
	as := m.q.Get("assignee")
	ents := s.sortedEntities(kindAssignee.kind, func(k rkey) bool {
		return k["ctx"] == string(ctx) && (as == "" || k["assignee"] == as)
	})
	els := make([]map[string]string, len(ents))
	for i, e := range ents {
		els[i] = map[string]string{"atsEntityAclId": e.Key["acl"], "dataProvider": model.DataProviderATS,
			"integrationContext": e.Key["ctx"], "assignee": e.Key["assignee"], "atsEntityType": e.Key["etype"]}
	}
	return page(m, els, 100, false)
}
