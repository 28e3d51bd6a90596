package model

import "strings"

// The key types below hold the key parts of each RSC resource. The client turns them
// into Rest.li keys and adds dataProvider=ATS. Validate reports problems under
// "key." paths; String renders the parts as "name=value" pairs, parent key first.

// CandidateKey identifies a synced candidate (atsCandidates).
type CandidateKey struct {
	IntegrationContext URN // organization URN
	ATSCandidateID     string
}

// ApplicationKey identifies a synced job application (atsApplications).
type ApplicationKey struct {
	IntegrationContext  URN // organization URN
	ATSJobApplicationID string
}

// CandidateNoteKey identifies a note of a candidate (atsCandidates/{key}/notes).
type CandidateNoteKey struct {
	Candidate CandidateKey
	NoteID    string
}

// ApplicationNoteKey identifies a note of an application (atsApplications/{key}/notes).
type ApplicationNoteKey struct {
	Application ApplicationKey
	NoteID      string
}

// StageKey identifies one stage history entry of an application
// (atsApplications/{key}/stages).
type StageKey struct {
	Application ApplicationKey
	StageID     string
}

// InterviewFeedbackKey identifies one interview feedback of an application
// (atsApplications/{key}/interviewFeedback).
type InterviewFeedbackKey struct {
	Application ApplicationKey
	FeedbackID  string
}

// IntegrationKey identifies one customer integration (atsIntegrations). The context
// is a contract URN for CSA_API and an organization URN otherwise.
type IntegrationKey struct {
	IntegrationContext URN
	IntegrationType    IntegrationType
	TenantType         TenantType
}

// ConfigurationKey identifies one configuration of an integration
// (atsIntegrations/{key}/configurations).
type ConfigurationKey struct {
	Integration IntegrationKey
	Name        ConfigurationName
}

// EntityACLKey associates a securable entity (a job) with an ATS security group
// (atsEntityAcls).
type EntityACLKey struct {
	IntegrationContext URN // organization URN
	ATSEntityACLID     string
	ATSEntityID        string // the job's externalJobPostingId
	ATSEntityType      EntityType
}

// ACLAssigneeKey assigns a LinkedIn member to an ATS security group for an entity type
// (atsEntityAclAssignees).
type ACLAssigneeKey struct {
	IntegrationContext URN // organization URN
	ATSEntityACLID     string
	Assignee           URN // person URN
	ATSEntityType      EntityType
}

// pairs renders name=value pairs separated by spaces.
func pairs(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(kv[i])
		b.WriteByte('=')
		b.WriteString(kv[i+1])
	}
	return b.String()
}

// join concatenates two key renderings.
func join(parent, child string) string { return parent + " " + child }

// String returns "atsCandidateId=<id> integrationContext=<urn>".
func (k CandidateKey) String() string {
	return pairs("atsCandidateId", k.ATSCandidateID, "integrationContext", string(k.IntegrationContext))
}

func (k CandidateKey) check(c *checker, prefix string) {
	old := c.enter(prefix, -1)
	defer c.leave(old)
	c.id("atsCandidateId", k.ATSCandidateID)
	c.urn("integrationContext", k.IntegrationContext, URNTypeOrganization, true)
}

// Validate checks that atsCandidateId is set and integrationContext is an
// organization URN.
func (k CandidateKey) Validate() error {
	var c checker
	k.check(&c, "key.")
	return c.result(k.String)
}

// String returns "atsJobApplicationId=<id> integrationContext=<urn>".
func (k ApplicationKey) String() string {
	return pairs("atsJobApplicationId", k.ATSJobApplicationID, "integrationContext", string(k.IntegrationContext))
}

func (k ApplicationKey) check(c *checker, prefix string) {
	old := c.enter(prefix, -1)
	defer c.leave(old)
	c.id("atsJobApplicationId", k.ATSJobApplicationID)
	c.urn("integrationContext", k.IntegrationContext, URNTypeOrganization, true)
}

// Validate checks that atsJobApplicationId is set and integrationContext is an
// organization URN.
func (k ApplicationKey) Validate() error {
	var c checker
	k.check(&c, "key.")
	return c.result(k.String)
}

// String returns the candidate key followed by "noteId=<id>".
func (k CandidateNoteKey) String() string {
	return join(k.Candidate.String(), pairs("noteId", k.NoteID))
}

func (k CandidateNoteKey) check(c *checker) {
	k.Candidate.check(c, "key.candidate.")
	old := c.enter("key.", -1)
	defer c.leave(old)
	c.id("noteId", k.NoteID)
}

// Validate checks the candidate key (paths "key.candidate.*") and that noteId is set.
func (k CandidateNoteKey) Validate() error {
	var c checker
	k.check(&c)
	return c.result(k.String)
}

// String returns the application key followed by "noteId=<id>".
func (k ApplicationNoteKey) String() string {
	return join(k.Application.String(), pairs("noteId", k.NoteID))
}

func (k ApplicationNoteKey) check(c *checker) {
	k.Application.check(c, "key.application.")
	old := c.enter("key.", -1)
	defer c.leave(old)
	c.id("noteId", k.NoteID)
}

// Validate checks the application key (paths "key.application.*") and that noteId is
// set.
func (k ApplicationNoteKey) Validate() error {
	var c checker
	k.check(&c)
	return c.result(k.String)
}

// String returns the application key followed by "stageId=<id>".
func (k StageKey) String() string {
	return join(k.Application.String(), pairs("stageId", k.StageID))
}

func (k StageKey) check(c *checker) {
	k.Application.check(c, "key.application.")
	old := c.enter("key.", -1)
	defer c.leave(old)
	c.id("stageId", k.StageID)
}

// Validate checks the application key (paths "key.application.*") and that stageId
// is set.
func (k StageKey) Validate() error {
	var c checker
	k.check(&c)
	return c.result(k.String)
}

// String returns the application key followed by "feedbackId=<id>".
func (k InterviewFeedbackKey) String() string {
	return join(k.Application.String(), pairs("feedbackId", k.FeedbackID))
}

func (k InterviewFeedbackKey) check(c *checker) {
	k.Application.check(c, "key.application.")
	old := c.enter("key.", -1)
	defer c.leave(old)
	c.id("feedbackId", k.FeedbackID)
}

// Validate checks the application key (paths "key.application.*") and that
// feedbackId is set.
func (k InterviewFeedbackKey) Validate() error {
	var c checker
	k.check(&c)
	return c.result(k.String)
}

// String returns "integrationContext=<urn> integrationType=<type> tenantType=<type>".
func (k IntegrationKey) String() string {
	return pairs("integrationContext", string(k.IntegrationContext),
		"integrationType", string(k.IntegrationType), "tenantType", string(k.TenantType))
}

func (k IntegrationKey) check(c *checker, prefix string) {
	old := c.enter(prefix, -1)
	defer c.leave(old)
	ctxType := URNTypeOrganization
	if k.IntegrationType == IntegrationTypeCSAAPI {
		ctxType = URNTypeContract
	}
	c.urn("integrationContext", k.IntegrationContext, ctxType, true)
	switch {
	case k.IntegrationType == "":
		c.add("integrationType", msgRequired)
	case !k.IntegrationType.Valid():
		c.add("integrationType", oneOf(
			IntegrationTypeApplyConnect, IntegrationTypeApplyWithLinkedIn, IntegrationTypeCSAAPI,
			IntegrationTypeInATSIndicator, IntegrationTypeOneClickExport, IntegrationTypeProfilePlugin,
			IntegrationTypeRecommendedMatches, IntegrationTypeUnifiedSearch))
	}
	switch {
	case k.TenantType == "":
		c.add("tenantType", msgRequired)
	case !k.TenantType.Valid():
		c.add("tenantType", oneOf(TenantTypeRecruiter, TenantTypeJobs))
	}
}

// Validate checks integrationContext (a contract URN for CSA_API, an organization URN
// otherwise), integrationType and tenantType.
func (k IntegrationKey) Validate() error {
	var c checker
	k.check(&c, "key.")
	return c.result(k.String)
}

// String returns the integration key followed by "name=<configuration name>".
func (k ConfigurationKey) String() string {
	return join(k.Integration.String(), pairs("name", string(k.Name)))
}

func (k ConfigurationKey) check(c *checker) {
	k.Integration.check(c, "key.integration.")
	old := c.enter("key.", -1)
	defer c.leave(old)
	switch {
	case k.Name == "":
		c.add("name", msgRequired)
	case !k.Name.Valid():
		c.add("name", oneOf(ConfigCallbackURL, ConfigJobPostingViewers, ConfigApplicationViewers))
	}
}

// Validate checks the integration key (paths "key.integration.*") and the
// configuration name.
func (k ConfigurationKey) Validate() error {
	var c checker
	k.check(&c)
	return c.result(k.String)
}

// String returns "atsEntityAclId=… atsEntityId=… atsEntityType=… integrationContext=…".
func (k EntityACLKey) String() string {
	return pairs("atsEntityAclId", k.ATSEntityACLID, "atsEntityId", k.ATSEntityID,
		"atsEntityType", string(k.ATSEntityType), "integrationContext", string(k.IntegrationContext))
}

// entityType checks an ACL entity type.
func (c *checker) entityType(path string, t EntityType) {
	switch {
	case t == "":
		c.add(path, msgRequired)
	case !t.Valid():
		c.add(path, msgJobPostingType)
	}
}

func (k EntityACLKey) check(c *checker) {
	old := c.enter("key.", -1)
	defer c.leave(old)
	c.id("atsEntityAclId", k.ATSEntityACLID)
	c.id("atsEntityId", k.ATSEntityID)
	c.entityType("atsEntityType", k.ATSEntityType)
	c.urn("integrationContext", k.IntegrationContext, URNTypeOrganization, true)
}

// Validate checks that every key part is set, the entity type is JOB_POSTING and the
// context is an organization URN.
func (k EntityACLKey) Validate() error {
	var c checker
	k.check(&c)
	return c.result(k.String)
}

// String returns "assignee=… atsEntityAclId=… atsEntityType=… integrationContext=…".
func (k ACLAssigneeKey) String() string {
	return pairs("assignee", string(k.Assignee), "atsEntityAclId", k.ATSEntityACLID,
		"atsEntityType", string(k.ATSEntityType), "integrationContext", string(k.IntegrationContext))
}

func (k ACLAssigneeKey) check(c *checker) {
	old := c.enter("key.", -1)
	defer c.leave(old)
	c.urn("assignee", k.Assignee, URNTypePerson, true)
	c.id("atsEntityAclId", k.ATSEntityACLID)
	c.entityType("atsEntityType", k.ATSEntityType)
	c.urn("integrationContext", k.IntegrationContext, URNTypeOrganization, true)
}

// Validate checks that every key part is set, the assignee is a person URN, the entity
// type is JOB_POSTING and the context is an organization URN.
func (k ACLAssigneeKey) Validate() error {
	var c checker
	k.check(&c)
	return c.result(k.String)
}
