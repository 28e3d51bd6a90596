package rscmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// entity is one stored record as read, its body in /v2 field names.
type entity = state.Entity

// handler answers one routed request, with s.mu held unless the route set
// mreq.ownLocking.
type handler func(m *mreq) (status int, body any, err *apiError)

// route resolves m's resource and Rest.li method.
func (s *Server) route(m *mreq) (handler, *apiError) {
	segs := m.segs
	name := "/v2/"
	if m.rest {
		name = "/rest/"
	}
	name += segs[0]
	keyed := func(kind *records.Kind) (handler, *apiError) {
		kr := records.Route{Kind: kind, V2: m.rest, Proto2: m.proto2, Name: name}
		return s.keyedHandler(m, kr)
	}
	sub := func(parentSpec *records.Kind, child map[string]*records.Kind) (handler, *apiError) {
		if len(segs) != 3 || child[segs[2]] == nil || m.rest {
			return nil, errf(http.StatusNotFound, "No resource found for %s", m.path)
		}
		pk, err := restli.ParseEntityKey(segs[1], false)
		if err != nil {
			return nil, errf(http.StatusBadRequest, "Invalid path key: %v", err)
		}
		plk, e := records.ToLogical(parentSpec, pk, false, nil)
		if e != nil {
			return nil, e
		}
		kr := records.Route{Kind: child[segs[2]], Proto2: m.proto2, Parent: plk, Name: name + "/{key}/" + segs[2]}
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
		return sub(records.Candidate, map[string]*records.Kind{"notes": records.CandidateNote})
	case !m.rest && segs[0] == "atsApplications" && len(segs) == 3 && segs[2] == "resumes":
		return s.resumeRoute(m, segs[1])
	case !m.rest && segs[0] == "atsApplications" && len(segs) > 1:
		return sub(records.Application, map[string]*records.Kind{"notes": records.ApplicationNote, "stages": records.Stage, "interviewFeedback": records.Feedback})
	case !m.rest && segs[0] == "atsIntegrations" && len(segs) > 1:
		return sub(records.Integration, map[string]*records.Kind{"configurations": records.Configuration})
	case len(segs) > 1 && segs[0] != "provisionedApplications":
		return nil, errf(http.StatusNotFound, "No resource found for %s", m.path)
	}
	switch name {
	case "/v2/atsCandidates", "/rest/candidates":
		return keyed(records.Candidate)
	case "/rest/candidateNotes":
		return keyed(records.CandidateNote)
	case "/v2/atsApplications", "/rest/atsApplications":
		return keyed(records.Application)
	case "/rest/applicationNotes":
		return keyed(records.ApplicationNote)
	case "/rest/applicationStage":
		return keyed(records.Stage)
	case "/rest/applicationInterviewFeedbacks":
		return keyed(records.Feedback)
	case "/v2/atsEntityAcls":
		if m.q.Has("q") {
			m.ownLocking = true
			return finder(s.recordFinder(s.rec.FindACLs), "integrationContext", "atsEntityId", "atsEntityType", "dataProvider")
		}
		return keyed(records.ACL)
	case "/v2/atsEntityAclAssignees":
		if m.q.Has("q") {
			m.ownLocking = true
			return finder(s.recordFinder(s.rec.FindAssignees), "integrationContext", "assignee", "dataProvider")
		}
		return keyed(records.Assignee)
	case "/v2/atsIntegrations", "/rest/integrations":
		if m.q.Has("q") {
			return finder(s.recruiterFinder(s.sim.FindIntegrationsByRequest), "requestId")
		}
		return keyed(records.Integration)
	case "/v2/simpleJobPostings", "/rest/simpleJobPostings":
		m.op = "BATCH_CREATE " + name
		if m.method != http.MethodPost {
			return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, name)
		}
		if err := m.q.Only(); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		m.ownLocking = true
		return s.batchCreateJobs, nil
	case "/v2/simpleJobPostingTasks", "/rest/simpleJobPostingTasks":
		m.op = "BATCH_GET " + name
		if m.method != http.MethodGet {
			return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, name)
		}
		if err := m.q.Only("ids", "fields"); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		m.ownLocking = true
		return s.getTasks, nil
	case "/v2/exportedCandidates", "/rest/exportedCandidates":
		// rest/exportedCandidates exists, 100,000 requests a day [Q S1, L3].
		// Assumption: the same finder and element shape as /v2.
		return finder(s.recruiterFinder(s.sim.FindExports), "requestId")
	case "/v2/atsPurgedExportedCandidates", "/rest/atsPurgedExportedCandidates":
		// rest/atsPurgedExportedCandidates is official, 100,000 requests a
		// day [Q S1, L14]. Assumption: the /v2 finder and shape.
		return finder(s.recruiterFinder(s.sim.FindPurged), "timeRange.start", "timeRange.end", "exportType")
	case "/v2/seats":
		// The legacy seat finder of LinkedIn's Postman collection
		// (linkedin-to-ats.md §7.1): q=seatsByAttributes&fields=id&active=true.
		return finder(s.recruiterFinder(s.sim.FindSeatsByAttributes), "contracts", "active")
	case "/v2/seatsV2", "/rest/seatsV2":
		return finder(func(m *mreq) (int, any, *apiError) { return s.sim.FindSeats(m.q, m.app, m.rest) }, "contracts", "states")
	case "/v2/conversationEvents":
		return finder(s.recruiterFinder(s.sim.FindInMails), "viewer", "timeRange.start", "timeRange.end")
	case "/v2/mailStubs":
		return finder(s.recruiterFinder(s.sim.FindMailStubs), "contract", "owners", "createdDateStart", "createdDateEnd")
	case "/v2/prospectNotes":
		return finder(s.recruiterFinder(s.sim.FindProspectNotes), "contract", "owners", "cutoffDate", "beforeDate")
	case "/v2/provisionedApplications":
		return s.provisioningRoute(m)
	case "/rest/integrationConfigurations":
		return keyed(records.Configuration)
	case "/rest/attachments":
		if m.method == http.MethodGet || m.method == http.MethodPost {
			return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s: batch_update (PUT) and batch_delete (DELETE) only", m.method, name)
		}
		return keyed(records.Attachment)
	case "/v2/hireMediaUrl":
		return s.hireMediaRoute(m)
	case "/rest/exportedApplicationEvaluations", "/rest/exportedApplicationEvaluation":
		// The 2026-03 release note says exportedApplicationEvaluations, the
		// page's path exportedApplicationEvaluation [Q §3]: both are served.
		return finder(s.findEvaluations, "requestId")
	}
	return nil, errf(http.StatusNotFound, "No resource found for %s", m.path)
}

// keyedHandler picks the batch method of a keyed resource, served by
// records without s.mu (mreq.ownLocking).
func (s *Server) keyedHandler(m *mreq, kr records.Route) (handler, *apiError) {
	if !kr.Served() {
		return nil, errf(http.StatusNotFound, "No resource found for %s", m.path)
	}
	restliMethod := strings.ToLower(m.header.Get(headerMethod))
	req := func(m *mreq) (*records.Request, records.Caller) {
		return &records.Request{Num: m.num, Rest: m.rest, Query: m.q, Body: m.body}, caller{s, m.app}
	}
	var op string
	var h handler
	switch m.method {
	case http.MethodGet:
		op, h = "BATCH_GET", func(m *mreq) (int, any, *apiError) { r, c := req(m); return s.rec.BatchGet(r, kr, c) }
	case http.MethodPut:
		op, h = "BATCH_UPDATE", func(m *mreq) (int, any, *apiError) { r, c := req(m); return s.rec.BatchWrite(r, kr, c, false) }
	case http.MethodDelete:
		op, h = "BATCH_DELETE", func(m *mreq) (int, any, *apiError) { r, c := req(m); return s.rec.BatchDelete(r, kr, c) }
	case http.MethodPost:
		op = "BATCH_PARTIAL_UPDATE"
		if restliMethod != "batch_partial_update" {
			m.op = op + " " + kr.Name
			return nil, errf(http.StatusBadRequest, "x-restli-method: batch_partial_update is required for a POST with ids")
		}
		h = func(m *mreq) (int, any, *apiError) { r, c := req(m); return s.rec.BatchWrite(r, kr, c, true) }
	default:
		return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, kr.Name)
	}
	m.op = op + " " + kr.Name
	m.ownLocking = true
	allowed := []string{"ids"}
	if m.method == http.MethodGet {
		allowed = append(allowed, "fields")
	}
	if err := m.q.Only(allowed...); err != nil {
		return nil, errf(http.StatusBadRequest, "%v", err)
	}
	return h, nil
}

// recordFinder adapts a finder of records (run without s.mu: the route
// sets mreq.ownLocking).
func (s *Server) recordFinder(f func(q restli.Query, c records.Caller) (int, any, *apiError)) handler {
	return func(m *mreq) (int, any, *apiError) { return f(m.q, caller{s, m.app}) }
}

// caller is the application of one API request, as records sees it; Own
// takes s.mu, CountRecords the application's quota lock.
type caller struct {
	s *Server
	a *app
}

// Own checks that the application may touch each integration context.
func (c caller) Own(ctxs ...string) *apiError {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	for _, ctx := range ctxs {
		if e := c.s.ownContext(c.a, ctx); e != nil {
			return e
		}
	}
	return nil
}

// CountRecords applies the application's records-per-minute quota.
func (c caller) CountRecords(n int) *apiError { return c.s.auth.CountRecords(c.a, n) }

// Jobs.

// batchCreateJobs is BATCH_CREATE simpleJobPostings. It runs without s.mu
// (mreq.ownLocking): it takes it only to check each posting's integration
// context and number its task; the postings have a lock of their own.
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
		// The fake's own spec judges the posting; the fake keeps it as sent.
		err := records.SpecErrors(spec.JobPosting.Validate(raw, s.cfg.strict))
		var p sim.Posting
		if err == nil {
			if derr := json.Unmarshal(raw, &p); derr != nil {
				err = wireErr("ERROR :: / :: %v\n", derr)
			}
			// Not enforced: spec.JobListedInFuture (listedAt not in the
			// future [A §3.1]). Tests run the fake on synthetic clocks
			// (synctest bubbles at 2000-01-01) with postings listed "now",
			// and rsc/model does not check it either; see the package doc.
		}
		if err != nil {
			msg := err.Error() // LinkedIn's "ERROR :: /field :: message" lines
			out[i] = elem{Status: http.StatusUnprocessableEntity, Error: &errorBody{Status: http.StatusUnprocessableEntity, Message: msg}}
			continue
		}
		s.mu.Lock()
		e := s.ownContext(m.app, p.IntegrationContext)
		var taskID string
		if e == nil {
			taskID = fmt.Sprintf("urn:li:simpleJobPostingTask:%d", s.sim.Next("task"))
		}
		s.mu.Unlock()
		if e != nil {
			out[i] = elem{Status: e.Status, Error: &errorBody{Status: e.Status, Message: e.Message}}
			continue
		}
		newURN := func() string {
			s.mu.Lock()
			defer s.mu.Unlock()
			return fmt.Sprintf("urn:li:jobPosting:%d", 100000+s.sim.Next("jobPosting"))
		}
		task := s.jobs.Submit(p, raw, taskID, newURN, s.now())
		if task.Status == sim.TaskSucceeded {
			s.st.LogWrite(kindJob, rkey{"ctx": p.IntegrationContext, "job": p.ExternalJobPostingID}, m.num, false)
		}
		out[i] = elem{ID: task.ID, Status: http.StatusAccepted}
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

// getTasks is BATCH_GET simpleJobPostingTasks, without s.mu (the tasks
// have a lock of their own).
func (s *Server) getTasks(m *mreq) (int, any, *apiError) {
	keys, err := m.q.IDs(true)
	if err != nil || len(keys) == 0 {
		return 0, nil, errf(http.StatusBadRequest, "ids are required")
	}
	if len(keys) > maxBatch {
		return 0, nil, errf(http.StatusBadRequest, "A batch may hold at most %d entities", maxBatch)
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k[""]
	}
	s.mu.Lock()
	org, contract := m.app.Org, m.app.Contract
	s.mu.Unlock()
	return http.StatusOK, s.jobs.GetTasks(ids, org, contract, s.now()), nil
}

// Finders.

// sortedEntities returns the records of kind whose key keep accepts, by key.
func (s *Server) sortedEntities(kind string, keep func(rkey) bool) []*entity {
	return s.st.Sorted(kind, keep)
}
