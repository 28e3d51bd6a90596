package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// The route table: each resource and Rest.li method of /v2 and /rest.

// route resolves m's resource and Rest.li method.
func (a *API) route(m *request) (handler, *wire.Error) {
	segs := m.segs
	name := "/v2/"
	if m.rest {
		name = "/rest/"
	}
	name += segs[0]
	keyed := func(kind *records.Kind) (handler, *wire.Error) {
		kr := records.Route{Kind: kind, V2: m.rest, Proto2: m.proto2, Name: name}
		return a.keyedHandler(m, kr)
	}
	sub := func(parentSpec *records.Kind, child map[string]*records.Kind) (handler, *wire.Error) {
		if len(segs) != 3 || child[segs[2]] == nil || m.rest {
			return nil, wire.Errorf(http.StatusNotFound, "No resource found for %s", m.path)
		}
		pk, err := restli.ParseEntityKey(segs[1], false)
		if err != nil {
			return nil, wire.Errorf(http.StatusBadRequest, "Invalid path key: %v", err)
		}
		plk, e := records.ToLogical(parentSpec, pk, false, nil)
		if e != nil {
			return nil, e
		}
		kr := records.Route{Kind: child[segs[2]], Proto2: m.proto2, Parent: plk, Name: name + "/{key}/" + segs[2]}
		return a.keyedHandler(m, kr)
	}
	// finder routes a finder that declares params (besides q, start, count
	// and the fields projection); any other parameter is a 400 naming it.
	finder := func(h handler, params ...string) (handler, *wire.Error) {
		if len(segs) != 1 {
			return nil, wire.Errorf(http.StatusNotFound, "No resource found for %s", m.path)
		}
		m.op = "FINDER " + name
		if m.method != http.MethodGet {
			return nil, wire.Errorf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, name)
		}
		if err := m.q.Only(append([]string{"q", "start", "count", "fields"}, params...)...); err != nil {
			return nil, wire.Errorf(http.StatusBadRequest, "%v", err)
		}
		return h, nil
	}
	switch {
	case !m.rest && segs[0] == "atsCandidates" && len(segs) > 1:
		return sub(records.Candidate, map[string]*records.Kind{"notes": records.CandidateNote})
	case !m.rest && segs[0] == "atsApplications" && len(segs) == 3 && segs[2] == "resumes":
		return a.resumeRoute(m, segs[1])
	case !m.rest && segs[0] == "atsApplications" && len(segs) > 1:
		return sub(records.Application, map[string]*records.Kind{"notes": records.ApplicationNote, "stages": records.Stage, "interviewFeedback": records.Feedback})
	case !m.rest && segs[0] == "atsIntegrations" && len(segs) > 1:
		return sub(records.Integration, map[string]*records.Kind{"configurations": records.Configuration})
	case len(segs) > 1 && segs[0] != "provisionedApplications":
		return nil, wire.Errorf(http.StatusNotFound, "No resource found for %s", m.path)
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
			return finder(a.recordFinder(a.p.Records.FindACLs), "integrationContext", "atsEntityId", "atsEntityType", "dataProvider")
		}
		return keyed(records.ACL)
	case "/v2/atsEntityAclAssignees":
		if m.q.Has("q") {
			m.ownLocking = true
			return finder(a.recordFinder(a.p.Records.FindAssignees), "integrationContext", "assignee", "dataProvider")
		}
		return keyed(records.Assignee)
	case "/v2/atsIntegrations", "/rest/integrations":
		if m.q.Has("q") {
			return finder(a.recruiterFinder(a.p.Sim.FindIntegrationsByRequest), "requestId")
		}
		return keyed(records.Integration)
	case "/v2/simpleJobPostings", "/rest/simpleJobPostings":
		m.op = "BATCH_CREATE " + name
		if m.method != http.MethodPost {
			return nil, wire.Errorf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, name)
		}
		if err := m.q.Only(); err != nil {
			return nil, wire.Errorf(http.StatusBadRequest, "%v", err)
		}
		m.ownLocking = true
		return a.batchCreateJobs, nil
	case "/v2/simpleJobPostingTasks", "/rest/simpleJobPostingTasks":
		m.op = "BATCH_GET " + name
		if m.method != http.MethodGet {
			return nil, wire.Errorf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, name)
		}
		if err := m.q.Only("ids", "fields"); err != nil {
			return nil, wire.Errorf(http.StatusBadRequest, "%v", err)
		}
		m.ownLocking = true
		return a.getTasks, nil
	case "/v2/exportedCandidates", "/rest/exportedCandidates":
		// rest/exportedCandidates exists, 100,000 requests a day [Q S1, L3].
		// Assumption: the same finder and element shape as /v2.
		return finder(a.recruiterFinder(a.p.Sim.FindExports), "requestId")
	case "/v2/atsPurgedExportedCandidates", "/rest/atsPurgedExportedCandidates":
		// rest/atsPurgedExportedCandidates is official, 100,000 requests a
		// day [Q S1, L14]. Assumption: the /v2 finder and shape.
		return finder(a.recruiterFinder(a.p.Sim.FindPurged), "timeRange.start", "timeRange.end", "exportType")
	case "/v2/seats":
		// The legacy seat finder of LinkedIn's Postman collection
		// (linkedin-to-ats.md §7.1): q=seatsByAttributes&fields=id&active=true.
		return finder(a.recruiterFinder(a.p.Sim.FindSeatsByAttributes), "contracts", "active")
	case "/v2/seatsV2", "/rest/seatsV2":
		return finder(func(m *request) (int, any, *wire.Error) { return a.p.Sim.FindSeats(m.q, m.app, m.rest) }, "contracts", "states")
	case "/v2/conversationEvents":
		return finder(a.recruiterFinder(a.p.Sim.FindInMails), "viewer", "timeRange.start", "timeRange.end")
	case "/v2/mailStubs":
		return finder(a.recruiterFinder(a.p.Sim.FindMailStubs), "contract", "owners", "createdDateStart", "createdDateEnd")
	case "/v2/prospectNotes":
		return finder(a.recruiterFinder(a.p.Sim.FindProspectNotes), "contract", "owners", "cutoffDate", "beforeDate")
	case "/v2/provisionedApplications":
		return a.provisioningRoute(m)
	case "/rest/integrationConfigurations":
		return keyed(records.Configuration)
	case "/rest/attachments":
		if m.method == http.MethodGet || m.method == http.MethodPost {
			return nil, wire.Errorf(http.StatusMethodNotAllowed, "%s is not supported on %s: batch_update (PUT) and batch_delete (DELETE) only", m.method, name)
		}
		return keyed(records.Attachment)
	case "/v2/hireMediaUrl":
		return a.hireMediaRoute(m)
	case "/rest/exportedApplicationEvaluations", "/rest/exportedApplicationEvaluation":
		// The 2026-03 release note says exportedApplicationEvaluations, the
		// page's path exportedApplicationEvaluation [Q §3]: both are served.
		return finder(a.findEvaluations, "requestId")
	}
	return nil, wire.Errorf(http.StatusNotFound, "No resource found for %s", m.path)
}

// keyedHandler picks the batch method of a keyed resource, served by
// records without Mu (request.ownLocking).
func (a *API) keyedHandler(m *request, kr records.Route) (handler, *wire.Error) {
	if !kr.Served() {
		return nil, wire.Errorf(http.StatusNotFound, "No resource found for %s", m.path)
	}
	restliMethod := strings.ToLower(m.header.Get(wire.HeaderMethod))
	req := func(m *request) (*records.Request, records.Caller) {
		return &records.Request{Num: m.num, Rest: m.rest, Query: m.q, Body: m.body}, caller{a, m.app}
	}
	var op string
	var h handler
	switch m.method {
	case http.MethodGet:
		op, h = "BATCH_GET", func(m *request) (int, any, *wire.Error) { r, c := req(m); return a.p.Records.BatchGet(r, kr, c) }
	case http.MethodPut:
		op, h = "BATCH_UPDATE", func(m *request) (int, any, *wire.Error) {
			r, c := req(m)
			return a.p.Records.BatchWrite(r, kr, c, false)
		}
	case http.MethodDelete:
		op, h = "BATCH_DELETE", func(m *request) (int, any, *wire.Error) { r, c := req(m); return a.p.Records.BatchDelete(r, kr, c) }
	case http.MethodPost:
		op = "BATCH_PARTIAL_UPDATE"
		if restliMethod != "batch_partial_update" {
			m.op = op + " " + kr.Name
			return nil, wire.Errorf(http.StatusBadRequest, "x-restli-method: batch_partial_update is required for a POST with ids")
		}
		h = func(m *request) (int, any, *wire.Error) {
			r, c := req(m)
			return a.p.Records.BatchWrite(r, kr, c, true)
		}
	default:
		return nil, wire.Errorf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, kr.Name)
	}
	m.op = op + " " + kr.Name
	m.ownLocking = true
	allowed := []string{"ids"}
	if m.method == http.MethodGet {
		allowed = append(allowed, "fields")
	}
	if err := m.q.Only(allowed...); err != nil {
		return nil, wire.Errorf(http.StatusBadRequest, "%v", err)
	}
	return h, nil
}

// recordFinder adapts a finder of records (run without Mu: the route
// sets request.ownLocking).
func (a *API) recordFinder(f func(q restli.Query, c records.Caller) (int, any, *wire.Error)) handler {
	return func(m *request) (int, any, *wire.Error) { return f(m.q, caller{a, m.app}) }
}

// caller is the application of one API request, as records sees it; Own
// takes Mu, CountRecords the application's quota lock.
type caller struct {
	api *API
	app *auth.App
}

// Own checks that the application may touch each integration context.
func (c caller) Own(ctxs ...string) *wire.Error {
	c.api.p.Mu.Lock()
	defer c.api.p.Mu.Unlock()
	for _, ctx := range ctxs {
		if e := c.api.own(c.app, ctx); e != nil {
			return e
		}
	}
	return nil
}

// CountRecords applies the application's records-per-minute quota.
func (c caller) CountRecords(n int) *wire.Error { return c.api.p.Auth.CountRecords(c.app, n) }

// Jobs.

// batchCreateJobs is BATCH_CREATE simpleJobPostings. It runs without Mu
// (request.ownLocking): it takes it only to check each posting's integration
// context and number its task; the postings have a lock of their own.
func (a *API) batchCreateJobs(m *request) (int, any, *wire.Error) {
	if strings.ToLower(m.header.Get(wire.HeaderMethod)) != "batch_create" {
		return 0, nil, wire.Errorf(http.StatusForbidden, "x-restli-method: batch_create is required")
	}
	var req struct {
		Elements []json.RawMessage `json:"elements"`
	}
	if err := json.Unmarshal(m.body, &req); err != nil || req.Elements == nil {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "Invalid body: want {\"elements\":[...]}")
	}
	if len(req.Elements) > MaxBatch {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "A batch may hold at most %d entities, got %d", MaxBatch, len(req.Elements))
	}
	type elem struct {
		ID     string          `json:"id,omitempty"`
		Status int             `json:"status"`
		Error  *wire.ErrorBody `json:"error,omitempty"`
	}
	out := make([]elem, len(req.Elements))
	for i, raw := range req.Elements {
		raw = defaultOperation(raw)
		// The fake's own spec judges the posting; the fake keeps it as sent.
		err := records.SpecErrors(spec.JobPosting.Validate(raw, a.cfg.Strict))
		var p sim.Posting
		if err == nil {
			if derr := json.Unmarshal(raw, &p); derr != nil {
				err = wire.Messagef("ERROR :: / :: %v\n", derr)
			}
			// Not enforced: spec.JobListedInFuture (listedAt not in the
			// future [A §3.1]). Tests run the fake on synthetic clocks
			// (synctest bubbles at 2000-01-01) with postings listed "now",
			// and rsc/model does not check it either; see the package doc.
		}
		if err != nil {
			msg := err.Error() // LinkedIn's "ERROR :: /field :: message" lines
			out[i] = elem{Status: http.StatusUnprocessableEntity, Error: &wire.ErrorBody{Status: http.StatusUnprocessableEntity, Message: msg}}
			continue
		}
		a.p.Mu.Lock()
		e := a.own(m.app, p.IntegrationContext)
		var taskID string
		if e == nil {
			taskID = fmt.Sprintf("urn:li:simpleJobPostingTask:%d", a.p.Sim.Next("task"))
		}
		a.p.Mu.Unlock()
		if e != nil {
			out[i] = elem{Status: e.Status, Error: &wire.ErrorBody{Status: e.Status, Message: e.Message}}
			continue
		}
		newURN := func() string {
			a.p.Mu.Lock()
			defer a.p.Mu.Unlock()
			return fmt.Sprintf("urn:li:jobPosting:%d", 100000+a.p.Sim.Next("jobPosting"))
		}
		task := a.p.Jobs.Submit(p, raw, taskID, newURN, a.cfg.Clock())
		if task.Status == sim.TaskSucceeded {
			a.p.Store.LogWrite(KindJob, restli.Key{"ctx": p.IntegrationContext, "job": p.ExternalJobPostingID}, m.num, false)
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

// getTasks is BATCH_GET simpleJobPostingTasks, without Mu (the tasks
// have a lock of their own).
func (a *API) getTasks(m *request) (int, any, *wire.Error) {
	keys, err := m.q.IDs(true)
	if err != nil || len(keys) == 0 {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "ids are required")
	}
	if len(keys) > MaxBatch {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "A batch may hold at most %d entities", MaxBatch)
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k[""]
	}
	a.p.Mu.Lock()
	org, contract := m.app.Org, m.app.Contract
	a.p.Mu.Unlock()
	return http.StatusOK, a.p.Jobs.GetTasks(ids, org, contract, a.cfg.Clock()), nil
}

// provisioningRoute routes /v2/provisionedApplications.
func (a *API) provisioningRoute(m *request) (handler, *wire.Error) {
	switch {
	case len(m.segs) == 1 && m.method == http.MethodGet:
		m.op = "FINDER /v2/provisionedApplications"
		if err := m.q.Only("q", "uniqueForeignId", "start", "count", "fields"); err != nil {
			return nil, wire.Errorf(http.StatusBadRequest, "%v", err)
		}
		return func(m *request) (int, any, *wire.Error) { return a.provisioning().Find(m.q) }, nil
	case len(m.segs) == 1 && m.method == http.MethodPost:
		m.op = "CREATE /v2/provisionedApplications"
		if err := m.q.Only(); err != nil {
			return nil, wire.Errorf(http.StatusBadRequest, "%v", err)
		}
		return func(m *request) (int, any, *wire.Error) { return a.provisioning().Create(m.body) }, nil
	case len(m.segs) == 2 && m.method == http.MethodPost:
		m.op = "PARTIAL_UPDATE /v2/provisionedApplications/{urn}"
		if err := m.q.Only(); err != nil {
			return nil, wire.Errorf(http.StatusBadRequest, "%v", err)
		}
		return func(m *request) (int, any, *wire.Error) { return a.provisioning().Update(m.segs[1], m.body) }, nil
	}
	return nil, wire.Errorf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, m.path)
}

// recruiterFinder serves a finder of the recruiter state (sim) to m.
func (a *API) recruiterFinder(f func(q restli.Query, app *auth.App) (int, any, *wire.Error)) handler {
	return func(m *request) (int, any, *wire.Error) { return f(m.q, m.app) }
}

// provisioning is the provisioning API over the applications; a new
// application is registered by the front (Parts.NewApp).
func (a *API) provisioning() auth.Provisioning {
	return auth.Provisioning{Apps: a.p.Auth, NewApp: a.p.NewApp}
}
