// Package records serves the fake LinkedIn's synced records: the keyed
// resources an ATS writes (candidates, applications, their notes, stages
// and interview feedback, ACLs and assignees, integrations and their
// configurations, attachments) with batch get, update, partial update and
// delete, on /v2 with Rest.li 1.0 keys and on /rest with 2.0 keys. It maps
// wire keys to logical keys, judges bodies with the fake's own schema
// (rscmock/internal/spec), keeps the records in a state.Store and writes
// LinkedIn's batch answers. It imports neither rsc nor rsc/model.
//
// What a record handler needs from the rest of the fake (which tenant may
// touch which integration context, the records-per-minute quota, LinkedIn's
// matches of a candidate) comes through Caller and Service.Matches, so a
// Service holds no lock of its own: the Store locks per record.
package records

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
	"github.com/rsckit/rsckit/rscmock/internal/state"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// Values LinkedIn fixes.
const (
	dataProviderATS = "ATS"
	oneClickExport  = "ONE_CLICK_EXPORT"
)

// Service serves the synced records of one fake. It is safe for
// concurrent use.
type Service struct {
	// Store holds the records.
	Store *state.Store
	// Strict also refuses fields the schema does not declare (422).
	Strict bool
	// LoopbackCallbacks lets a CALLBACK_URL be http on a loopback address.
	LoopbackCallbacks bool
	// Matches returns LinkedIn's matched members (person URNs) of a
	// candidate's stored body; nil matches none.
	Matches func(body map[string]json.RawMessage) []string
}

// Caller is what a Service needs from the rest of the fake about the
// application that made a request.
type Caller interface {
	// Own returns an error unless the caller may touch every integration
	// context of ctxs (binding a newly provisioned application to its
	// first organization and contract).
	Own(ctxs ...string) *wire.Error
	// CountRecords counts n records against the caller's records-per-minute
	// quota, or returns the 429 once it is used up.
	CountRecords(n int) *wire.Error
}

// Request is one batch request to a keyed resource.
type Request struct {
	// Num is the request's number, logged with each write it makes.
	Num uint64
	// Rest is set for a /rest path (some quotas differ).
	Rest bool
	// Query is the parsed query (ids, fields).
	Query restli.Query
	// Body is the JSON body (untunneled).
	Body []byte
}

// HasCallbackURL reports whether the integration with logical key lk
// (ctx, itype, tenant) has a CALLBACK_URL configuration with a value.
func (s *Service) HasCallbackURL(lk restli.Key) bool {
	ck := restli.Key{"name": "CALLBACK_URL"}
	for k, v := range lk {
		ck[k] = v
	}
	e, ok := s.Store.Get(Configuration.Name, ck)
	if !ok {
		return false
	}
	var v struct {
		String string `json:"string"`
	}
	return json.Unmarshal(e.Body["configurationValue"], &v) == nil && v.String != ""
}

// wireField maps a key field as sent on the wire to its logical name; a
// logical name "" marks dataProvider, which must be ATS.
type wireField struct{ wire, logical string }

// Kind describes one keyed RSC resource.
type Kind struct {
	// Name names the kind in the Store and in the fake.
	Name    string
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
func (k *Kind) check(lk restli.Key, body []byte, strict, loopback bool) error {
	wk := map[string]string{"dataProvider": dataProviderATS}
	for n, v := range lk {
		wk[logicalWire[n]] = v
	}
	errs := k.res.CheckKey(wk)
	if body != nil {
		errs = append(errs, k.res.Validate(body, strict)...)
	}
	if k == Configuration && body != nil {
		var v struct {
			Value map[string]json.RawMessage `json:"configurationValue"`
		}
		var str string
		if json.Unmarshal(body, &v) == nil && json.Unmarshal(v.Value["string"], &str) == nil {
			errs = append(errs, spec.ConfigurationValue(lk["name"], str, loopback)...)
		}
	}
	return SpecErrors(errs)
}

// SpecErrors renders spec errors as LinkedIn's message lines (nil when none).
func SpecErrors(errs []spec.Error) error {
	if len(errs) == 0 {
		return nil
	}
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return wire.Message(b.String())
}

// The kinds of keyed resources.
var (
	dp          = wireField{"dataProvider", ""}
	ctxField    = wireField{"integrationContext", "ctx"}
	timeRenames = map[string]string{"externalCreatedAt": "atsCreatedAt", "externalLastModifiedAt": "atsLastModifiedAt"}

	// Candidate is /v2/atsCandidates and rest/candidates [A §3.2].
	Candidate = &Kind{Name: "candidate", records: true, res: spec.Candidate,
		v1:      []wireField{{"atsCandidateId", "cand"}, dp, ctxField},
		v2:      []wireField{{"externalCandidateId", "cand"}, ctxField},
		renames: timeRenames}
	// CandidateNote is /v2/atsCandidates/{key}/notes and rest/candidateNotes.
	CandidateNote = &Kind{Name: "candidateNote", records: true, sub: "note", res: spec.CandidateNote,
		v2:      []wireField{{"externalCandidateId", "cand"}, {"externalNoteId", "note"}, ctxField},
		renames: timeRenames}
	// Application is /v2/atsApplications and rest/atsApplications [A §3.3].
	Application = &Kind{Name: "application", records: true, res: spec.Application,
		v1: []wireField{{"atsJobApplicationId", "app"}, dp, ctxField},
		v2: []wireField{{"atsJobApplicationId", "app"}, ctxField}}
	// ApplicationNote is /v2/atsApplications/{key}/notes and rest/applicationNotes.
	ApplicationNote = &Kind{Name: "applicationNote", records: true, sub: "note", res: spec.ApplicationNote,
		v2:      []wireField{{"externalJobApplicationId", "app"}, {"externalNoteId", "note"}, ctxField},
		renames: timeRenames}
	// Stage is /v2/atsApplications/{key}/stages and rest/applicationStage.
	Stage = &Kind{Name: "stage", records: true, sub: "stage", res: spec.Stage,
		v2: []wireField{{"jobApplicationId", "app"}, ctxField, {"jobApplicationStageId", "stage"}}}
	// Feedback is /v2/atsApplications/{key}/interviewFeedback and
	// rest/applicationInterviewFeedbacks.
	Feedback = &Kind{Name: "feedback", records: true, sub: "fb", res: spec.Feedback,
		v2: []wireField{{"jobApplicationId", "app"}, ctxField, {"interviewFeedbackId", "fb"}}}
	// ACL is /v2/atsEntityAcls, the ACL of a job or application.
	ACL = &Kind{Name: "acl", records: true, res: spec.EntityACL,
		v1: []wireField{{"atsEntityAclId", "acl"}, dp, ctxField, {"atsEntityId", "entity"}, {"atsEntityType", "etype"}}}
	// Assignee is /v2/atsEntityAclAssignees, a seat holder on an ACL.
	Assignee = &Kind{Name: "assignee", records: true, res: spec.ACLAssignee,
		v1: []wireField{{"atsEntityAclId", "acl"}, ctxField, dp, {"assignee", "assignee"}, {"atsEntityType", "etype"}}}
	// Integration is /v2/atsIntegrations and rest/integrations [A §2.5].
	Integration = &Kind{Name: "integration", res: spec.Integration,
		v1: []wireField{ctxField, {"integrationType", "itype"}, {"tenantType", "tenant"}, dp},
		v2: []wireField{ctxField, {"integrationType", "itype"}, {"tenantType", "tenant"}}}
	// Configuration is a /v2 sub-resource of atsIntegrations and, on
	// /rest, rest/integrationConfigurations keyed by the integration's
	// fields and the configuration's name [A §2.5, §3.14: dataProvider
	// dropped]. Assumption: the name field of the /rest key is unpublished;
	// the fake takes "name" and accepts "configurationName", "configurationKey"
	// and "key" too, and a leftover dataProvider=ATS.
	Configuration = &Kind{Name: "configuration", sub: "name", res: spec.Configuration,
		v2:      []wireField{ctxField, {"integrationType", "itype"}, {"tenantType", "tenant"}, {"name", "name"}},
		aliases: map[string]string{"configurationName": "name", "configurationKey": "name", "key": "name", "dataProvider": ""}}
	// Attachment is rest/attachments [Q A10, S11; A §3.10 SDK model]:
	// batch_update and batch_delete, at most 10 per call [A §4 "Attachments
	// bulk <= 10 per batch", SDK]. The SDK names the context organizationId,
	// S11 integrationContext: both are accepted.
	Attachment = &Kind{Name: "attachment", res: spec.Attachment, maxBatch: 10,
		v2: []wireField{{"externalReferenceEntityId", "ref"}, {"externalAttachmentId", "att"}, ctxField,
			{"externalReferenceEntityType", "reftype"}, {"attachmentType", "atype"}},
		aliases: map[string]string{"organizationId": "integrationContext"}}
)

// Route is a resolved keyed resource: its kind, protocol and, for /v2
// sub-resources, the parent's logical key.
type Route struct {
	// Kind is the resource.
	Kind *Kind
	// V2 selects the /rest field names (the "v2" key fields of Kind).
	V2 bool
	// Proto2 selects the Rest.li 2.0 key syntax of answers: the request
	// carried X-RestLi-Protocol-Version: 2.0.0, on /v2 or /rest.
	Proto2 bool
	// Parent is the logical key of a /v2 sub-resource's parent (nil otherwise).
	Parent restli.Key
	// Name names the resource in errors and operations: "/v2/atsCandidates",
	// "/v2/atsApplications/{key}/notes".
	Name string
}

// Served reports whether the route's protocol has the resource (a kind
// may be /rest only, or /v2 only).
func (kr Route) Served() bool {
	if kr.V2 {
		return kr.Kind.v2 != nil
	}
	return kr.Parent != nil || kr.Kind.v1 != nil
}

// ToLogical turns a wire key into a logical key: v2 selects the /rest
// field names, parent the simple key of a sub-resource.
func ToLogical(spec *Kind, k restli.Key, v2 bool, parent restli.Key) (restli.Key, *wire.Error) {
	if parent != nil {
		v, ok := k.Simple()
		if !ok || v == "" {
			return nil, wire.Errorf(http.StatusBadRequest, "Invalid key: want a simple key")
		}
		lk := restli.Key{spec.sub: v}
		for n, pv := range parent {
			lk[n] = pv
		}
		return lk, nil
	}
	fields := spec.v1
	if v2 {
		fields = spec.v2
	}
	lk := restli.Key{}
	n := 0
	for name, v := range k {
		if strings.HasPrefix(name, "$params.") {
			continue
		}
		if alias, ok := spec.aliases[name]; ok && v2 {
			if alias == "" { // an optional dataProvider
				if v != dataProviderATS {
					return nil, wire.Errorf(http.StatusBadRequest, "Invalid key: dataProvider must be ATS")
				}
				continue
			}
			name = alias
		}
		n++
		i := slices.IndexFunc(fields, func(f wireField) bool { return f.wire == name })
		if i < 0 {
			return nil, wire.Errorf(http.StatusBadRequest, "Invalid key: unknown field %q", name)
		}
		if fields[i].logical == "" {
			if v != dataProviderATS {
				return nil, wire.Errorf(http.StatusBadRequest, "Invalid key: dataProvider must be ATS")
			}
			continue
		}
		if v == "" {
			return nil, wire.Errorf(http.StatusBadRequest, "Invalid key: empty %s", name)
		}
		lk[fields[i].logical] = v
	}
	if n != len(fields) {
		var want []string
		for _, f := range fields {
			want = append(want, f.wire)
		}
		return nil, wire.Errorf(http.StatusBadRequest, "Invalid key: want fields %s", strings.Join(want, ", "))
	}
	return lk, nil
}

// wireKey renders a logical key in the route's wire syntax.
func (kr Route) wireKey(lk restli.Key) string {
	if kr.Parent != nil {
		return lk[kr.Kind.sub]
	}
	fields := kr.Kind.v1
	if kr.V2 {
		fields = kr.Kind.v2
	}
	wk := restli.Key{}
	var order []string
	for _, f := range fields {
		order = append(order, f.wire)
		if f.logical == "" {
			wk[f.wire] = dataProviderATS
		} else {
			wk[f.wire] = lk[f.logical]
		}
	}
	return restli.FormatKey(wk, kr.Proto2, order)
}

// requestKeys parses and checks the ids of a batch request; canon holds
// their canonical forms.
func (s *Service) requestKeys(r *Request, kr Route, c Caller) (keys []restli.Key, canon []string, e *wire.Error) {
	ids, err := r.Query.IDs(kr.Parent != nil)
	if err != nil {
		return nil, nil, wire.Errorf(http.StatusBadRequest, "Invalid ids: %v", err)
	}
	if len(ids) == 0 {
		return nil, nil, wire.Errorf(http.StatusBadRequest, "ids are required")
	}
	if limit := cmp.Or(kr.Kind.maxBatch, wire.MaxBatch); len(ids) > limit {
		return nil, nil, wire.Errorf(http.StatusBadRequest, "A batch may hold at most %d entities, got %d", limit, len(ids))
	}
	keys = make([]restli.Key, len(ids))
	canon = make([]string, len(ids))
	ctxs := make([]string, len(ids))
	seen := make(map[string]bool, len(ids))
	for i, k := range ids {
		lk, e := ToLogical(kr.Kind, k, kr.V2, kr.Parent)
		if e != nil {
			return nil, nil, e
		}
		ck := lk.Canonical()
		if seen[ck] {
			return nil, nil, wire.Errorf(http.StatusBadRequest, "Duplicate id %s", kr.wireKey(lk))
		}
		seen[ck] = true
		keys[i], canon[i], ctxs[i] = lk, ck, lk["ctx"]
	}
	if e := c.Own(ctxs...); e != nil {
		return nil, nil, e
	}
	return keys, canon, nil
}

// BatchWrite is BATCH_UPDATE (full replace) and, with partial,
// BATCH_PARTIAL_UPDATE.
func (s *Service) BatchWrite(r *Request, kr Route, c Caller, partial bool) (int, any, *wire.Error) {
	keys, canon, e := s.requestKeys(r, kr, c)
	if e != nil {
		return 0, nil, e
	}
	entities, ok := wire.Entities(r.Body)
	if !ok {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "Invalid body: want {\"entities\":{...}}")
	}
	byKey := make(map[string]string, len(keys)) // canonical -> body key string
	for bk := range entities {
		k, err := restli.ParseEntityKey(bk, kr.Parent != nil)
		if err != nil {
			return 0, nil, wire.Errorf(http.StatusBadRequest, "Invalid entity key %q: %v", bk, err)
		}
		lk, e := ToLogical(kr.Kind, k, kr.V2, kr.Parent)
		if e != nil {
			return 0, nil, e
		}
		byKey[lk.Canonical()] = bk
	}
	if len(byKey) != len(keys) || len(entities) != len(keys) {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "The entities of the body do not match the ids")
	}
	for i, lk := range keys {
		if _, ok := byKey[canon[i]]; !ok {
			return 0, nil, wire.Errorf(http.StatusBadRequest, "The entities of the body do not match the ids: no entity for %s", kr.wireKey(lk))
		}
	}
	if e := countRecords(r, kr, c, len(keys)); e != nil {
		return 0, nil, e
	}
	out := wire.NewBatchResult()
	for i, lk := range keys {
		bk := byKey[canon[i]]
		raw := entities[bk]
		var st int
		var err error
		if partial {
			st, err = s.patchEntity(kr, lk, raw, r.Num)
		} else {
			st, err = s.putEntity(kr, lk, raw, r.Num)
		}
		if err != nil {
			out.Errors[bk] = wire.ErrorBody{Status: st, Message: err.Error()}
			continue
		}
		out.Results[bk] = wire.Status{Status: st}
	}
	return http.StatusOK, out, nil
}

// countRecords applies the caller's records-per-minute quota to a batch
// of n records of route kr, where LinkedIn counts them.
func countRecords(r *Request, kr Route, c Caller, n int) *wire.Error {
	if !countsRecords(r, kr) {
		return nil
	}
	return c.CountRecords(n)
}

// putEntity replaces one entity, logging the write as accepted in request
// number req.
func (s *Service) putEntity(kr Route, lk restli.Key, raw json.RawMessage, req uint64) (int, error) {
	norm, ok := state.Compact(raw)
	if !ok {
		return http.StatusBadRequest, wire.Messagef("ERROR :: / :: entity must be a JSON object\n")
	}
	// The spec reads raw as it reads norm, without a copy, unless renames
	// change it.
	checked := raw
	var body map[string]json.RawMessage
	if kr.V2 && len(kr.Kind.renames) > 0 {
		// /rest names some fields apart: store them under their /v2 names.
		_ = json.Unmarshal([]byte(norm), &body)
		renamed := false
		for from, to := range kr.Kind.renames {
			if v, ok := body[from]; ok {
				delete(body, from)
				body[to] = v
				renamed = true
			}
		}
		if renamed {
			b, _ := json.Marshal(body)
			norm, checked = string(b), b
		}
	}
	if err := kr.Kind.check(lk, checked, s.Strict, s.LoopbackCallbacks); err != nil {
		return http.StatusUnprocessableEntity, validationMessage(err)
	}
	// CALLBACK_URL is mandatory before ONE_CLICK_EXPORT is enabled, also when
	// a batch update writes the status. Assumption: LinkedIn documents no
	// partner write of the status; the mock answers it as it answers the
	// admin's enable (409).
	if kr.Kind == Integration && lk["itype"] == oneClickExport && !s.HasCallbackURL(lk) {
		var v struct {
			Status string `json:"status"`
		}
		if json.Unmarshal([]byte(norm), &v) == nil && v.Status == "ENABLED" {
			return http.StatusConflict, wire.Messagef("CALLBACK_URL is mandatory before enabling ONE_CLICK_EXPORT; configure it first")
		}
	}
	s.Store.Write(kr.Kind.Name, lk, norm, req)
	return http.StatusNoContent, nil
}

// patchEntity applies a Rest.li patch to one entity, logging the write as
// accepted in request number req.
func (s *Service) patchEntity(kr Route, lk restli.Key, raw json.RawMessage, req uint64) (int, error) {
	var p wire.Patch
	if err := json.Unmarshal(raw, &p); err != nil {
		return http.StatusBadRequest, wire.Messagef("ERROR :: /patch :: %v\n", err)
	}
	status := http.StatusNoContent
	err := s.Store.Update(kr.Kind.Name, lk, req, func(e *state.Entity) (map[string]json.RawMessage, error) {
		st, next, err := applyPatch(kr, lk, e, p)
		status = st
		return next, err
	})
	return status, err
}

// applyPatch returns the body of e (nil when not held) after patch p, or
// the status and message of its refusal.
func applyPatch(kr Route, lk restli.Key, e *state.Entity, p wire.Patch) (int, map[string]json.RawMessage, error) {
	switch kr.Kind {
	case Integration:
		for f := range p.Set {
			if f != "integrationName" {
				return http.StatusUnprocessableEntity, nil, wire.Messagef("ERROR :: /%s :: field cannot be set\n", f)
			}
		}
		if e == nil {
			if err := kr.Kind.check(lk, nil, false, false); err != nil {
				return http.StatusUnprocessableEntity, nil, validationMessage(err)
			}
			e = &state.Entity{Key: lk, Body: map[string]json.RawMessage{"status": json.RawMessage(`"DISABLED"`)}}
		}
	case Candidate:
		if e == nil {
			return http.StatusNotFound, nil, wire.Messagef("Not Found")
		}
		for f, v := range p.Set {
			if f != "manualMatchedMember" {
				return http.StatusUnprocessableEntity, nil, wire.Messagef("ERROR :: /%s :: field cannot be patched\n", f)
			}
			if u, ok := v.(string); !ok || !spec.IsURN(u, "person") {
				return http.StatusUnprocessableEntity, nil, wire.Messagef("ERROR :: /manualMatchedMember :: must be a person URN (urn:li:person:...)\n")
			}
		}
	default:
		return http.StatusMethodNotAllowed, nil, wire.Messagef("partial update is not supported on this resource")
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
	if we, ok := err.(wire.Message); ok {
		return we
	}
	return wire.Messagef("ERROR :: / :: %v\n", err)
}

// countsRecords reports whether a request's records count against the
// records-per-minute quota. LinkedIn documents none ("N/A") for the
// versioned rest/applicationInterviewFeedbacks.
func countsRecords(r *Request, kr Route) bool {
	return kr.Kind.records && !(r.Rest && kr.Kind == Feedback)
}

// BatchDelete is BATCH_DELETE: it deletes entities, cascading to children.
func (s *Service) BatchDelete(r *Request, kr Route, c Caller) (int, any, *wire.Error) {
	keys, _, e := s.requestKeys(r, kr, c)
	if e != nil {
		return 0, nil, e
	}
	if e := countRecords(r, kr, c, len(keys)); e != nil {
		return 0, nil, e
	}
	out := wire.NewBatchResult()
	for _, lk := range keys {
		s.Store.Delete(kr.Kind.Name, lk)
		var children []*Kind
		switch kr.Kind {
		case Application:
			children = []*Kind{ApplicationNote, Stage, Feedback}
		case Candidate:
			children = []*Kind{CandidateNote}
		case Integration:
			children = []*Kind{Configuration}
		}
		for _, c := range children {
			s.Store.DeleteWhere(c.Name, func(k restli.Key) bool { return isChild(k, lk) })
		}
		out.Results[kr.wireKey(lk)] = wire.Status{Status: http.StatusNoContent}
	}
	return http.StatusOK, out, nil
}

// isChild reports whether child's key holds every field of parent's.
func isChild(child, parent restli.Key) bool {
	for k, v := range parent {
		if child[k] != v {
			return false
		}
	}
	return true
}

// BatchGet is BATCH_GET: it reads entities, with the fields projection.
func (s *Service) BatchGet(r *Request, kr Route, c Caller) (int, any, *wire.Error) {
	keys, _, e := s.requestKeys(r, kr, c)
	if e != nil {
		return 0, nil, e
	}
	var fields []string
	if f := r.Query.Get("fields"); f != "" {
		fields = strings.Split(f, ",")
	}
	out := wire.BatchResult{Results: map[string]any{}, Errors: map[string]wire.ErrorBody{}}
	statuses := map[string]int{}
	for _, lk := range keys {
		wk := kr.wireKey(lk)
		ent, _ := s.Store.Get(kr.Kind.Name, lk)
		if ent == nil {
			out.Errors[wk] = wire.ErrorBody{Status: http.StatusNotFound, Message: "Not Found"}
			continue
		}
		view := ent.Body
		if kr.Kind == Candidate {
			matches := []string{}
			if s.Matches != nil {
				matches = s.Matches(ent.Body)
			}
			mm, _ := json.Marshal(matches)
			view["matchedMembers"] = mm
		}
		if kr.V2 {
			for to, from := range kr.Kind.renames {
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

// FindACLs is the criteria finder of /v2/atsEntityAcls: the caller's ACLs
// of integrationContext, of one entity (atsEntityId, atsEntityType) when
// given.
func (s *Service) FindACLs(q restli.Query, c Caller) (int, any, *wire.Error) {
	if q.Get("q") != "criteria" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "unknown finder %q", q.Get("q"))
	}
	ctx := q.Get("integrationContext")
	if e := own(c, ctx); e != nil {
		return 0, nil, e
	}
	eid, et := q.Get("atsEntityId"), q.Get("atsEntityType")
	ents := s.Store.Sorted(ACL.Name, func(k restli.Key) bool {
		return k["ctx"] == ctx && (eid == "" || k["entity"] == eid) && (et == "" || k["etype"] == et)
	})
	els := make([]map[string]string, len(ents))
	for i, e := range ents {
		els[i] = map[string]string{"atsEntityAclId": e.Key["acl"], "dataProvider": dataProviderATS,
			"integrationContext": e.Key["ctx"], "atsEntityId": e.Key["entity"], "atsEntityType": e.Key["etype"]}
	}
	return wire.Page(q, els, 100, false)
}

// FindAssignees is the criteria finder of /v2/atsEntityAclAssignees: the
// caller's ACL assignees of integrationContext, of one assignee when given.
func (s *Service) FindAssignees(q restli.Query, c Caller) (int, any, *wire.Error) {
	if q.Get("q") != "criteria" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "unknown finder %q", q.Get("q"))
	}
	ctx := q.Get("integrationContext")
	if e := own(c, ctx); e != nil {
		return 0, nil, e
	}
	as := q.Get("assignee")
	ents := s.Store.Sorted(Assignee.Name, func(k restli.Key) bool {
		return k["ctx"] == ctx && (as == "" || k["assignee"] == as)
	})
	els := make([]map[string]string, len(ents))
	for i, e := range ents {
		els[i] = map[string]string{"atsEntityAclId": e.Key["acl"], "dataProvider": dataProviderATS,
			"integrationContext": e.Key["ctx"], "assignee": e.Key["assignee"], "atsEntityType": e.Key["etype"]}
	}
	return wire.Page(q, els, 100, false)
}

// own checks one integration context of a finder: required, then the
// caller's.
func own(c Caller, ctx string) *wire.Error {
	if ctx == "" {
		return wire.Errorf(http.StatusBadRequest, "integrationContext is required")
	}
	return c.Own(ctx)
}
