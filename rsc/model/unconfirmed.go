package model

import (
	"encoding/json"
	"slices"
	"strings"
)

// This file holds the LinkedIn-to-ATS shapes LinkedIn has not published in full.
// Every guess is marked "Assumption:". Each type decodes tolerantly: it accepts the
// plausible alternative field names listed in its doc, ids as numbers or strings, and
// times as numbers, numeric strings, RFC 3339 strings or {"time": …} audit stamps. A
// value of an unexpected type leaves its field zero. The whole element is kept in Raw
// so callers can read fields this package does not know. MarshalJSON writes the
// presumed LinkedIn shape (the fake server serves it); Raw is not marshalled.

// Field names accepted for a member (person URN), in order of preference, and the
// names under which a member object may hold its URN.
var (
	memberNames  = []string{"member", "person", "personUrn", "memberUrn", "prospect"}
	memberFields = []string{"member", "person", "personUrn", "memberUrn", "urn", "entityUrn", "id"}
	seatFields   = []string{"seat", "seatUrn", "urn", "entityUrn", "id"}
)

// NotificationType is the type of a push notification sent to a customer's
// CALLBACK_URL.
type NotificationType string

// Notification types seen in LinkedIn's material.
const (
	// NotificationExportCandidateProfile follows a One-Click Export; fetch with
	// exportedCandidates?q=request&requestId={id}.
	NotificationExportCandidateProfile NotificationType = "EXPORT_CANDIDATE_PROFILE"
	// NotificationIntegrationStatusChange follows an enablement change; fetch with
	// atsIntegrations?q=request&requestId={id}.
	NotificationIntegrationStatusChange NotificationType = "INTEGRATION_STATUS_CHANGE"
)

// Valid reports whether t is a known notification type.
func (t NotificationType) Valid() bool {
	return t == NotificationExportCandidateProfile || t == NotificationIntegrationStatusChange || t == NotificationApplicationEvaluation
}

// Notification is the body LinkedIn POSTs to a customer's CALLBACK_URL. It carries only
// the id of the event; the ATS fetches the data with it.
//
// Assumption: the payload is {"id": "<requestId>", "type": "...", "expiresAt": <epoch
// ms>} as in Oracle's receiving endpoint; decoding also accepts "requestId" for the id
// (number or string), "eventType"/"notificationType" for the type, and an expiry as a
// numeric or RFC 3339 string.
type Notification struct {
	// ID is the request id to fetch with ("id" or "requestId").
	ID   string
	Type NotificationType
	// ExpiresAt is when the notification expires; zero means never.
	ExpiresAt EpochMillis
	// Raw is the whole body as received.
	Raw json.RawMessage
}

// UnmarshalJSON decodes a notification tolerantly and keeps it in Raw.
func (n *Notification) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "notification")
	if err != nil {
		return err
	}
	*n = Notification{
		ID:        o.str("id", "requestId", "notificationId"),
		Type:      NotificationType(o.str("type", "eventType", "notificationType")),
		ExpiresAt: o.millis("expiresAt", "expireAt", "expiresOn", "expiration"),
		Raw:       rawCopy(data),
	}
	return nil
}

// MarshalJSON writes {"id", "type", "expiresAt"} (expiresAt omitted when zero).
func (n Notification) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID        string           `json:"id"`
		Type      NotificationType `json:"type"`
		ExpiresAt EpochMillis      `json:"expiresAt,omitzero"`
	}{n.ID, n.Type, n.ExpiresAt})
}

// Validate checks that the id and the type are set. Unknown types pass, so a handler
// can acknowledge and ignore them.
func (n Notification) Validate() error {
	var c checker
	c.required("id", n.ID)
	c.required("type", string(n.Type))
	if n.ExpiresAt < 0 {
		c.add("expiresAt", msgNotNegative)
	}
	return c.result(func() string { return pairs("id", n.ID) })
}

// Seat is a Recruiter seat holder on a contract (seatsV2).
//
// Assumption: only "id" (the seat id) is documented. The contract is read from
// "contract"/"contracts"/"contractUrn", the member from "member"/"person"/"personUrn"/
// "memberUrn"/"seatHolder"/"owner", the seat URN from "seat"/"seatUrn"/"entityUrn",
// the id also from "seatId" (the /rest name), the state from "state"/"status" and
// the active flag from "active" (or state "ACTIVE" when "active" is absent).
type Seat struct {
	// ID is the seat id ("id" or "seatId", number or string).
	ID string
	// URN is urn:li:seat:{ID}; derived from ID when the element has none.
	URN      URN
	Contract URN
	// Member is the seat holder's person URN, used to match ATS users to seats.
	Member URN
	Active bool
	State  string
	// Raw is the whole element as received.
	Raw json.RawMessage
}

// UnmarshalJSON decodes a seat tolerantly and keeps it in Raw.
func (s *Seat) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "seat")
	if err != nil {
		return err
	}
	v := Seat{
		ID:       o.str("id", "seatId"),
		URN:      o.urn([]string{"seat", "seatUrn", "entityUrn"}, seatFields...),
		Contract: o.urn([]string{"contract", "contracts", "contractUrn"}, "contract", "urn"),
		Member:   o.urn(slices.Concat(memberNames, []string{"seatHolder", "owner"}), memberFields...),
		State:    o.str("state", "status"),
		Raw:      rawCopy(data),
	}
	if u, ok := urnOf(o.lookup("id")); ok && strings.HasPrefix(string(u), urnPrefix) {
		v.URN, v.ID = u, u.ID() // the id itself is a URN
	}
	if v.URN == "" && v.ID != "" {
		v.URN = SeatURN(v.ID)
	}
	if v.ID == "" {
		v.ID = v.URN.ID()
	}
	if active, ok := o.boolean("active"); ok {
		v.Active = active
	} else {
		v.Active = strings.EqualFold(v.State, "ACTIVE")
	}
	*s = v
	return nil
}

// MarshalJSON writes {"id", "contract", "member", "active", "state"}; id is a number
// when numeric.
func (s Seat) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID       flexID `json:"id"`
		Contract URN    `json:"contract,omitempty"`
		Member   URN    `json:"member,omitempty"`
		Active   bool   `json:"active"`
		State    string `json:"state,omitempty"`
	}{flexID(s.ID), s.Contract, s.Member, s.Active, s.State})
}

// ConversationEvent is one InMail event of a Recruiter seat holder
// (conversationEvents).
//
// Assumption: field names are unpublished; the presumed shape follows an ETL exercise
// on LinkedIn's sample: {"id", "thread", "author", "recipients", "content": {"mail":
// {"subject", "body": {"text"}}}, "createdAt"}. Decoding also accepts "threadUrn"/
// "messagingThread", "from"/"sender", "to"/"recipient", a flat "subject"/"body",
// "created" (number or {"time"}), and recipients as URN strings or objects with
// "recipient"/"member"/"person"/"seat"/"urn".
type ConversationEvent struct {
	ID         string
	Thread     URN
	Author     URN
	Recipients []URN
	Subject    string
	Body       string
	CreatedAt  EpochMillis
	// Viewer is the seat whose InMail history the event was read from (the
	// conversationEvents viewer): the seat holder who owns it, a member's
	// reply included. rsc sets it from the request; it is not in LinkedIn's
	// answer and not written by MarshalJSON.
	Viewer URN
	// Raw is the whole element as received.
	Raw json.RawMessage
}

// UnmarshalJSON decodes an event tolerantly and keeps it in Raw.
func (e *ConversationEvent) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "conversation event")
	if err != nil {
		return err
	}
	partyFields := []string{"recipient", "member", "person", "seat", "author", "urn", "entityUrn"}
	*e = ConversationEvent{
		ID:         o.str("id", "eventId", "entityUrn"),
		Thread:     o.urn([]string{"thread", "threadUrn", "messagingThread", "conversation"}, "urn", "entityUrn", "id"),
		Author:     o.urn([]string{"author", "from", "sender"}, partyFields...),
		Recipients: o.urns([]string{"recipients", "to", "recipient"}, partyFields...),
		Subject:    o.str("content.mail.subject", "subject", "content.subject"),
		Body:       o.str("content.mail.body.text", "content.mail.body", "body.text", "body", "content.body.text", "content.body", "text"),
		CreatedAt:  o.millis("createdAt", "created", "createdTime", "time"),
		Raw:        rawCopy(data),
	}
	return nil
}

// MarshalJSON writes the presumed shape (see the type's Assumption).
func (e ConversationEvent) MarshalJSON() ([]byte, error) {
	type body struct {
		Text string `json:"text"`
	}
	type mail struct {
		Subject string `json:"subject,omitempty"`
		Body    body   `json:"body"`
	}
	type content struct {
		Mail mail `json:"mail"`
	}
	return json.Marshal(struct {
		ID         string      `json:"id"`
		Thread     URN         `json:"thread,omitempty"`
		Author     URN         `json:"author,omitempty"`
		Recipients []URN       `json:"recipients,omitempty"`
		Content    content     `json:"content"`
		CreatedAt  EpochMillis `json:"createdAt,omitzero"`
	}{e.ID, e.Thread, e.Author, e.Recipients, content{mail{e.Subject, body{e.Body}}}, e.CreatedAt})
}

// ProspectNote is a Recruiter note about a prospect on a contract (prospectNotes).
// Times and date filters are based on the last update.
//
// Assumption: only "active", "contract", "created" and "id" (a number) are documented.
// The rest is presumed: "lastModified", "owner" (seat URN), "member" (person URN),
// "note" and "visibility". Decoding also accepts "noteId"; "lastModifiedAt"/
// "updatedAt"; "author"/"seat"/"creator" for the owner; "prospect"/"person" for the
// member; "text"/"content"/"body" for the note; "privacy"/"scope" for visibility; and
// times as numbers or {"time"} stamps. A note without "active" is read as active,
// because treating it as deleted would destroy data; "active": false presumably marks
// a deleted note.
type ProspectNote struct {
	ID           string
	Active       bool
	Contract     URN
	Created      EpochMillis
	LastModified EpochMillis
	// Owner is the seat URN of the note's author.
	Owner URN
	// Member is the prospect's person URN.
	Member     URN
	Note       string
	Visibility string
	// Raw is the whole element as received.
	Raw json.RawMessage
}

// UnmarshalJSON decodes a note tolerantly and keeps it in Raw.
func (n *ProspectNote) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "prospect note")
	if err != nil {
		return err
	}
	v := ProspectNote{
		ID:           o.str("id", "noteId"),
		Contract:     o.urn([]string{"contract", "contractUrn"}, "contract", "urn"),
		Created:      o.millis("created", "createdAt", "createdTime"),
		LastModified: o.millis("lastModified", "lastModifiedAt", "lastModifiedTime", "updatedAt"),
		Owner:        o.urn([]string{"owner", "author", "seat", "creator"}, seatFields...),
		Member:       o.urn(memberNames, memberFields...),
		Note:         o.str("note", "text", "content", "body", "content.text", "note.text"),
		Visibility:   o.str("visibility", "privacy", "scope"),
		Raw:          rawCopy(data),
	}
	v.Active = true
	if active, ok := o.boolean("active"); ok {
		v.Active = active
	}
	*n = v
	return nil
}

// MarshalJSON writes the presumed shape (see the type's Assumption); id is a number
// when numeric.
func (n ProspectNote) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID           flexID      `json:"id"`
		Active       bool        `json:"active"`
		Contract     URN         `json:"contract,omitempty"`
		Created      EpochMillis `json:"created,omitzero"`
		LastModified EpochMillis `json:"lastModified,omitzero"`
		Owner        URN         `json:"owner,omitempty"`
		Member       URN         `json:"member,omitempty"`
		Note         string      `json:"note,omitempty"`
		Visibility   string      `json:"visibility,omitempty"`
	}{flexID(n.ID), n.Active, n.Contract, n.Created, n.LastModified, n.Owner, n.Member, n.Note, n.Visibility})
}

// profileFields are the stub-profile fields shared by MailStub and StubProfile.
type profileFields struct {
	Member             URN
	FirstName          string
	LastName           string
	Headline           string
	Location           string
	CurrentCompanyName string
	CurrentJobTitle    string
	ProfileURL         string
	EmailAddress       string
}

// decodeProfile reads the stub-profile fields of o under their alternative names.
func decodeProfile(o object) profileFields {
	return profileFields{
		Member:             o.urn(memberNames, memberFields...),
		FirstName:          o.str("firstName", "firstName.localized"),
		LastName:           o.str("lastName"),
		Headline:           o.str("headline"),
		Location:           o.str("location", "location.name", "locationName"),
		CurrentCompanyName: o.str("currentCompanyName", "companyName", "currentCompany", "currentCompany.name"),
		CurrentJobTitle:    o.str("currentJobTitle", "currentTitle", "jobTitle", "title"),
		ProfileURL:         o.str("profileUrl", "publicProfileUrl", "linkedInProfileUrl", "profileURL"),
		EmailAddress:       o.firstStr("emailAddress", "emailAddresses", "email"),
	}
}

// StubProfile is the LinkedIn stub profile of an exported candidate, the "candidate"
// of an exportedCandidates element. Exports normally carry no email or phone.
//
// Assumption: only "emailAddress" (a string since March 2024) is documented. The rest
// is presumed from vendor reports: "member", "firstName", "lastName", "headline",
// "location", "currentCompanyName", "currentJobTitle", "profileUrl". Decoding also
// accepts "person"/"personUrn"/"memberUrn"; "emailAddresses"/"email" and an array
// (first element); "location.name"; "companyName"/"currentCompany"; "currentTitle"/
// "jobTitle"/"title"; "publicProfileUrl"/"linkedInProfileUrl"; and localized names.
type StubProfile struct {
	Member             URN
	FirstName          string
	LastName           string
	Headline           string
	Location           string
	CurrentCompanyName string
	CurrentJobTitle    string
	ProfileURL         string
	EmailAddress       string
	// Raw is the whole object as received.
	Raw json.RawMessage
}

// stubProfileJSON is the presumed wire shape of a stub profile.
type stubProfileJSON struct {
	Member             URN    `json:"member,omitempty"`
	FirstName          string `json:"firstName,omitempty"`
	LastName           string `json:"lastName,omitempty"`
	Headline           string `json:"headline,omitempty"`
	Location           string `json:"location,omitempty"`
	CurrentCompanyName string `json:"currentCompanyName,omitempty"`
	CurrentJobTitle    string `json:"currentJobTitle,omitempty"`
	ProfileURL         string `json:"profileUrl,omitempty"`
	EmailAddress       string `json:"emailAddress,omitempty"`
}

// UnmarshalJSON decodes a stub profile tolerantly and keeps it in Raw.
func (p *StubProfile) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "stub profile")
	if err != nil {
		return err
	}
	f := decodeProfile(o)
	*p = StubProfile{
		Member: f.Member, FirstName: f.FirstName, LastName: f.LastName, Headline: f.Headline,
		Location: f.Location, CurrentCompanyName: f.CurrentCompanyName, CurrentJobTitle: f.CurrentJobTitle,
		ProfileURL: f.ProfileURL, EmailAddress: f.EmailAddress, Raw: rawCopy(data),
	}
	return nil
}

// MarshalJSON writes the presumed shape (see the type's Assumption).
func (p StubProfile) MarshalJSON() ([]byte, error) {
	return json.Marshal(stubProfileJSON{
		p.Member, p.FirstName, p.LastName, p.Headline, p.Location,
		p.CurrentCompanyName, p.CurrentJobTitle, p.ProfileURL, p.EmailAddress,
	})
}

// MailStub is the contact information a member shared in reply to an InMail
// (mailStubs).
//
// Assumption: only "emailAddress" (a string since March 2024) is documented; the rest
// is presumed from LinkedIn Help and vendor docs: "id", "owner" (seat URN), "member",
// "firstName", "lastName", "emailAddress", "phoneNumber", "headline", "location",
// "currentCompanyName", "currentJobTitle", "profileUrl", "createdAt". Decoding accepts
// the StubProfile alternatives plus "seat"/"sender" for the owner, "phoneNumbers"/
// "phone" as a string, an array or a {"number"} object, and "created" for the time.
type MailStub struct {
	ID string
	// Owner is the seat URN of the seat holder who sent the InMail.
	Owner              URN
	Member             URN
	FirstName          string
	LastName           string
	EmailAddress       string
	PhoneNumber        string
	Headline           string
	Location           string
	CurrentCompanyName string
	CurrentJobTitle    string
	ProfileURL         string
	CreatedAt          EpochMillis
	// Raw is the whole element as received.
	Raw json.RawMessage
}

// UnmarshalJSON decodes a mail stub tolerantly and keeps it in Raw.
func (m *MailStub) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "mail stub")
	if err != nil {
		return err
	}
	f := decodeProfile(o)
	*m = MailStub{
		ID:                 o.str("id", "mailStubId"),
		Owner:              o.urn([]string{"owner", "seat", "sender"}, seatFields...),
		Member:             f.Member,
		FirstName:          f.FirstName,
		LastName:           f.LastName,
		EmailAddress:       f.EmailAddress,
		PhoneNumber:        phoneOf(o, "phoneNumber", "phoneNumbers", "phone"),
		Headline:           f.Headline,
		Location:           f.Location,
		CurrentCompanyName: f.CurrentCompanyName,
		CurrentJobTitle:    f.CurrentJobTitle,
		ProfileURL:         f.ProfileURL,
		CreatedAt:          o.millis("createdAt", "created", "createdTime"),
		Raw:                rawCopy(data),
	}
	return nil
}

// phoneOf reads a phone number given as a string, a {"number"} object or a list of
// either (first element).
func phoneOf(o object, paths ...string) string {
	for _, p := range paths {
		v := o.lookup(p)
		if len(v) == 0 {
			continue
		}
		if v[0] == '[' {
			var list []json.RawMessage
			if json.Unmarshal(v, &list) != nil || len(list) == 0 {
				continue
			}
			v = list[0]
		}
		if s, ok := textOf(v); ok {
			return s
		}
		if obj := asObject(v); obj != nil {
			if s := obj.str("number", "phoneNumber"); s != "" {
				return s
			}
		}
	}
	return ""
}

// MarshalJSON writes the presumed shape (see the type's Assumption).
func (m MailStub) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID                 string      `json:"id"`
		Owner              URN         `json:"owner,omitempty"`
		Member             URN         `json:"member,omitempty"`
		FirstName          string      `json:"firstName,omitempty"`
		LastName           string      `json:"lastName,omitempty"`
		EmailAddress       string      `json:"emailAddress,omitempty"`
		PhoneNumber        string      `json:"phoneNumber,omitempty"`
		Headline           string      `json:"headline,omitempty"`
		Location           string      `json:"location,omitempty"`
		CurrentCompanyName string      `json:"currentCompanyName,omitempty"`
		CurrentJobTitle    string      `json:"currentJobTitle,omitempty"`
		ProfileURL         string      `json:"profileUrl,omitempty"`
		CreatedAt          EpochMillis `json:"createdAt,omitzero"`
	}{m.ID, m.Owner, m.Member, m.FirstName, m.LastName, m.EmailAddress, m.PhoneNumber, m.Headline,
		m.Location, m.CurrentCompanyName, m.CurrentJobTitle, m.ProfileURL, m.CreatedAt})
}

// Exporter identifies the Recruiter user who exported a candidate, so the ATS can
// credit them (source attribution).
//
// Assumption: the exporter field is unpublished; presumed an object {"seat", "person",
// "email", "firstName", "lastName"}. Decoding also accepts "seatUrn", "member"/
// "personUrn", "emailAddress", or a bare URN string (seat or person by its type) or
// email address.
type Exporter struct {
	Seat      URN    `json:"seat,omitempty"`
	Person    URN    `json:"person,omitempty"`
	Email     string `json:"email,omitempty"`
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
}

// UnmarshalJSON decodes an exporter object or a bare URN or email string.
func (e *Exporter) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	if s, ok := textOf(data); ok {
		*e = exporterFromString(s)
		return nil
	}
	o, err := decodeObject(data, "exporter")
	if err != nil {
		return err
	}
	*e = Exporter{
		Seat:      o.urn([]string{"seat", "seatUrn"}, seatFields...),
		Person:    o.urn([]string{"person", "member", "personUrn", "memberUrn"}, memberFields...),
		Email:     o.firstStr("email", "emailAddress", "emailAddresses"),
		FirstName: o.str("firstName"),
		LastName:  o.str("lastName"),
	}
	return nil
}

// exporterFromString sorts a bare exporter value into seat, person or email.
func exporterFromString(s string) Exporter {
	u := URN(s)
	switch {
	case u.IsType(URNTypeSeat):
		return Exporter{Seat: u}
	case u.IsType(URNTypePerson):
		return Exporter{Person: u}
	case strings.Contains(s, "@"):
		return Exporter{Email: s}
	}
	return Exporter{}
}

// ExportedCandidate is one element of exportedCandidates?q=request: a candidate a
// Recruiter user exported to the ATS with One-Click Export. Check IntegrationContext
// against the customer that owns the callback URL.
//
// Assumption: only "candidate" (the stub profile) and "integrationContext" are
// documented. Presumed: "requestId", "externalJobPostingId" (the chosen job),
// "exporter" and "exportedAt". Decoding also accepts "id"/"request" for the request
// id; "atsJobPostingId"/"jobPostingId"/"externalPipelineId" for the job;
// "exportedBy"/"exportingUser"/"owner"/"recruiter"/"seat" for the exporter;
// "createdAt"/"created"/"exportTime" for the time; and a bare member URN as candidate.
type ExportedCandidate struct {
	RequestID            string
	IntegrationContext   URN
	Candidate            StubProfile
	ExternalJobPostingID string
	Exporter             Exporter
	ExportedAt           EpochMillis
	// Raw is the whole element as received.
	Raw json.RawMessage
}

// Key identifies the exported candidate for idempotent storage: the request
// id and, when LinkedIn names it, the member ("<requestId>/<member URN>"). A
// request is a finder whose answer is a list, so it may carry several
// candidates; each is stored under its own key, and a redelivered request
// maps onto the same keys.
func (x ExportedCandidate) Key() string {
	if x.Candidate.Member.IsZero() {
		return x.RequestID
	}
	return x.RequestID + "/" + string(x.Candidate.Member)
}

// UnmarshalJSON decodes an exported candidate tolerantly and keeps it in Raw.
func (x *ExportedCandidate) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "exported candidate")
	if err != nil {
		return err
	}
	v := ExportedCandidate{
		RequestID:            o.str("requestId", "id", "request"),
		IntegrationContext:   o.urn([]string{"integrationContext"}, "urn"),
		ExternalJobPostingID: o.str("externalJobPostingId", "atsJobPostingId", "jobPostingId", "externalPipelineId", "job.externalJobPostingId"),
		ExportedAt:           o.millis("exportedAt", "createdAt", "created", "exportTime"),
		Raw:                  rawCopy(data),
	}
	for _, name := range []string{"candidate", "stubProfile", "profile"} {
		raw := o.lookup(name)
		if raw == nil {
			continue
		}
		if u, ok := urnOf(raw); ok {
			v.Candidate = StubProfile{Member: u, Raw: rawCopy(raw)}
			break
		}
		if v.Candidate.UnmarshalJSON(raw) == nil {
			break
		}
	}
	if v.Candidate.Member == "" {
		v.Candidate.Member = o.urn(memberNames, memberFields...)
	}
	for _, name := range []string{"exporter", "exportedBy", "exportingUser", "owner", "recruiter", "seat"} {
		if raw := o.lookup(name); raw != nil && v.Exporter.UnmarshalJSON(raw) == nil && v.Exporter != (Exporter{}) {
			break
		}
	}
	*x = v
	return nil
}

// MarshalJSON writes {"requestId", "integrationContext", "candidate",
// "externalJobPostingId", "exporter", "exportedAt"}.
func (x ExportedCandidate) MarshalJSON() ([]byte, error) {
	var exporter *Exporter
	if x.Exporter != (Exporter{}) {
		exporter = &x.Exporter
	}
	return json.Marshal(struct {
		RequestID            string      `json:"requestId,omitempty"`
		IntegrationContext   URN         `json:"integrationContext"`
		Candidate            StubProfile `json:"candidate"`
		ExternalJobPostingID string      `json:"externalJobPostingId,omitempty"`
		Exporter             *Exporter   `json:"exporter,omitempty"`
		ExportedAt           EpochMillis `json:"exportedAt,omitzero"`
	}{x.RequestID, x.IntegrationContext, x.Candidate, x.ExternalJobPostingID, exporter, x.ExportedAt})
}

// PurgedExportedCandidate is a previously exported member whose profile was closed
// (atsPurgedExportedCandidates). Query at least every 30 days and tell customers to
// delete data they have no legal basis to keep.
//
// Assumption: the response schema is unpublished; presumed {"member", "requestId",
// "exportType", "purgedAt"}. Decoding also accepts "person"/"personUrn"/"memberUrn"/
// "candidate" for the member, "id"/"exportRequestId" for the request id and
// "closedAt"/"deletedAt"/"createdAt"/"created" for the time.
type PurgedExportedCandidate struct {
	Member    URN
	RequestID string
	// ExportType is for example "ONE_CLICK_EXPORT".
	ExportType string
	PurgedAt   EpochMillis
	// Raw is the whole element as received.
	Raw json.RawMessage
}

// UnmarshalJSON decodes a purged candidate tolerantly and keeps it in Raw.
func (p *PurgedExportedCandidate) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "purged exported candidate")
	if err != nil {
		return err
	}
	*p = PurgedExportedCandidate{
		Member:     o.urn(slices.Concat(memberNames, []string{"candidate"}), memberFields...),
		RequestID:  o.str("requestId", "id", "exportRequestId"),
		ExportType: o.str("exportType"),
		PurgedAt:   o.millis("purgedAt", "closedAt", "deletedAt", "createdAt", "created"),
		Raw:        rawCopy(data),
	}
	return nil
}

// MarshalJSON writes the presumed shape (see the type's Assumption).
func (p PurgedExportedCandidate) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Member     URN         `json:"member,omitempty"`
		RequestID  string      `json:"requestId,omitempty"`
		ExportType string      `json:"exportType,omitempty"`
		PurgedAt   EpochMillis `json:"purgedAt,omitzero"`
	}{p.Member, p.RequestID, p.ExportType, p.PurgedAt})
}

// CandidateMatches is the member match state of a synced candidate, read with a batch
// get of atsCandidates (fields=matchedMembers,manualMatchedMember).
//
// Assumption: "matchedMembers" is presumed a list of person URNs; decoding also
// accepts objects holding the URN under "member"/"person"/"personUrn"/"memberUrn"/
// "urn" (for example with a confidence score, kept in Raw) and the names "matches"/
// "algorithmicMatches". "manualMatchedMember" may also be such an object.
type CandidateMatches struct {
	Key CandidateKey `json:"-"`
	// MatchedMembers are LinkedIn's algorithmic matches.
	MatchedMembers []URN
	// ManualMatchedMember is the user- or partner-supplied match.
	ManualMatchedMember URN
	// Raw is the whole element as received.
	Raw json.RawMessage
}

// UnmarshalJSON decodes the matches tolerantly and keeps the element in Raw. Key is
// left unchanged.
func (m *CandidateMatches) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "candidate matches")
	if err != nil {
		return err
	}
	*m = CandidateMatches{
		Key:                 m.Key,
		MatchedMembers:      o.urns([]string{"matchedMembers", "matches", "algorithmicMatches"}, memberFields...),
		ManualMatchedMember: o.urn([]string{"manualMatchedMember"}, memberFields...),
		Raw:                 rawCopy(data),
	}
	return nil
}

// MarshalJSON writes {"matchedMembers": [<person URN>...], "manualMatchedMember"}.
func (m CandidateMatches) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		MatchedMembers      []URN `json:"matchedMembers,omitempty"`
		ManualMatchedMember URN   `json:"manualMatchedMember,omitempty"`
	}{m.MatchedMembers, m.ManualMatchedMember})
}

// Validate checks the key and that the manual match, if set, is a person URN.
func (m CandidateMatches) Validate() error {
	var c checker
	m.Key.check(&c, "key.")
	c.urn("manualMatchedMember", m.ManualMatchedMember, URNTypePerson, false)
	return c.result(m.Key.String)
}
