package rsc

import (
	"context"
	"encoding/json"
	"iter"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// EntityACLsService syncs entity ACLs: which security group (atsEntityAclId)
// may see a job. Jobs without ACLs are hidden unless the JOB_POSTING_VIEWERS
// configuration is ALL_PRODUCT_USERS. See
// https://learn.microsoft.com/en-us/linkedin/talent/middleware-platform/sync-acls
type EntityACLsService service

// BatchUpdate creates up to 100 entity ACLs (the body of each is empty: the
// key says it all).
//
// rsc:operation BATCH_UPDATE /v2/atsEntityAcls
func (s *EntityACLsService) BatchUpdate(ctx context.Context, acls []model.EntityACL, opts ...RequestOption) ([]Result[model.EntityACLKey], error) {
	return upsert(ctx, s.c, entityACLsEndpoint, "entityAcls", acls, func(a model.EntityACL) model.EntityACLKey { return a.Key }, opts)
}

// BatchDelete deletes up to 100 entity ACLs.
//
// rsc:operation BATCH_DELETE /v2/atsEntityAcls
func (s *EntityACLsService) BatchDelete(ctx context.Context, keys []model.EntityACLKey, opts ...RequestOption) ([]Result[model.EntityACLKey], error) {
	return remove(ctx, s.c, entityACLsEndpoint, "entityAcls", keys, opts)
}

// EntityACLListOptions selects the ACLs of one entity (finder "criteria").
type EntityACLListOptions struct {
	IntegrationContext model.URN
	ATSEntityID        string
	// ATSEntityType defaults to JOB_POSTING, the only securable type.
	ATSEntityType model.EntityType
	ListOptions
}

// aclWire is an ACL or assignee element as LinkedIn returns it from a finder.
type aclWire struct {
	ATSEntityACLID     string    `json:"atsEntityAclId"`
	IntegrationContext model.URN `json:"integrationContext"`
	ATSEntityID        string    `json:"atsEntityId"`
	ATSEntityType      string    `json:"atsEntityType"`
	Assignee           model.URN `json:"assignee"`
}

// List returns one page of the ACLs of an entity.
//
// rsc:operation FINDER criteria /v2/atsEntityAcls
func (s *EntityACLsService) List(ctx context.Context, opts EntityACLListOptions, ropts ...RequestOption) ([]model.EntityACL, *Response, error) {
	if err := finderCriteria("integrationContext", string(opts.IntegrationContext), "atsEntityId", opts.ATSEntityID); err != nil {
		return nil, nil, err
	}
	et := opts.ATSEntityType
	if et == "" {
		et = model.EntityTypeJobPosting
	}
	fr := entityACLsFinder.on(s.c)
	var q restli.Query
	q.Set("q", "criteria")
	q.Set("atsEntityId", opts.ATSEntityID)
	q.Set("atsEntityType", string(et))
	q.Set("dataProvider", model.DataProviderATS)
	q.Set("integrationContext", string(opts.IntegrationContext))
	addPaging(&q, opts.ListOptions, 100)
	return find(ctx, s.c, fr, q, func(raw json.RawMessage) (model.EntityACL, error) {
		w, err := decodeJSON[aclWire](raw)
		acl := model.EntityACL{Key: model.EntityACLKey{IntegrationContext: w.IntegrationContext, ATSEntityACLID: w.ATSEntityACLID,
			ATSEntityID: w.ATSEntityID, ATSEntityType: model.EntityType(w.ATSEntityType)}}
		return acl, err
	}, ropts)
}

// All ranges over every ACL of an entity, fetching pages as needed. Ranging
// it again starts over; it is not safe for concurrent use.
func (s *EntityACLsService) All(ctx context.Context, opts EntityACLListOptions) iter.Seq2[model.EntityACL, error] {
	return allOf(ctx, opts, 100, s.List)
}

// ACLAssigneesService syncs which LinkedIn members (person URNs) belong to a
// security group. A member may hold at most 10 ACLs.
type ACLAssigneesService service

// BatchUpdate creates up to 100 assignees.
//
// rsc:operation BATCH_UPDATE /v2/atsEntityAclAssignees
func (s *ACLAssigneesService) BatchUpdate(ctx context.Context, assignees []model.ACLAssignee, opts ...RequestOption) ([]Result[model.ACLAssigneeKey], error) {
	return upsert(ctx, s.c, aclAssigneesEndpoint, "aclAssignees", assignees, func(a model.ACLAssignee) model.ACLAssigneeKey { return a.Key }, opts)
}

// BatchDelete deletes up to 100 assignees.
//
// rsc:operation BATCH_DELETE /v2/atsEntityAclAssignees
func (s *ACLAssigneesService) BatchDelete(ctx context.Context, keys []model.ACLAssigneeKey, opts ...RequestOption) ([]Result[model.ACLAssigneeKey], error) {
	return remove(ctx, s.c, aclAssigneesEndpoint, "aclAssignees", keys, opts)
}

// ACLAssigneeListOptions selects the ACL memberships of one member (finder "criteria").
type ACLAssigneeListOptions struct {
	IntegrationContext model.URN
	Assignee           model.URN
	ListOptions
}

// List returns one page of a member's ACL memberships.
//
// rsc:operation FINDER criteria /v2/atsEntityAclAssignees
func (s *ACLAssigneesService) List(ctx context.Context, opts ACLAssigneeListOptions, ropts ...RequestOption) ([]model.ACLAssignee, *Response, error) {
	if err := finderCriteria("integrationContext", string(opts.IntegrationContext), "assignee", string(opts.Assignee)); err != nil {
		return nil, nil, err
	}
	var q restli.Query
	q.Set("q", "criteria")
	q.Set("assignee", string(opts.Assignee))
	q.Set("dataProvider", model.DataProviderATS)
	q.Set("integrationContext", string(opts.IntegrationContext))
	addPaging(&q, opts.ListOptions, 100)
	return find(ctx, s.c, aclAssigneesFinder.on(s.c), q, func(raw json.RawMessage) (model.ACLAssignee, error) {
		w, err := decodeJSON[aclWire](raw)
		a := model.ACLAssignee{Key: model.ACLAssigneeKey{IntegrationContext: w.IntegrationContext, ATSEntityACLID: w.ATSEntityACLID,
			Assignee: w.Assignee, ATSEntityType: model.EntityType(w.ATSEntityType)}}
		return a, err
	}, ropts)
}

// All ranges over every ACL membership of a member. Ranging it again starts
// over; it is not safe for concurrent use.
func (s *ACLAssigneesService) All(ctx context.Context, opts ACLAssigneeListOptions) iter.Seq2[model.ACLAssignee, error] {
	return allOf(ctx, opts, 100, s.List)
}
