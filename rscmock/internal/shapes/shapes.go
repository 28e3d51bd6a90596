// Package shapes holds the fake LinkedIn's own types for what LinkedIn
// serves to an ATS on its finders and pushes to its CALLBACK_URL: exports,
// purged exports, InMail events, mail stubs, prospect notes, job posting
// tasks and notifications. Each is written from LinkedIn's notes
// (linkedin-to-ats.md, ats-to-linkedin.md), with "Assumption:" where a
// field name is unpublished. It imports neither rsc nor rsc/model, so an
// answer the fake serves does not take its shape from the client's types:
// a field the client names wrongly cannot round-trip by construction.
//
// Times are epoch milliseconds; URNs are strings.
package shapes

// Notification is the body LinkedIn POSTs to a CALLBACK_URL: the id to
// fetch the event with, its type and when it expires [linkedin-to-ats.md
// §3.1]. Assumption: the field names id, type and expiresAt (Oracle's
// receiving endpoint).
type Notification struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	ExpiresAt int64  `json:"expiresAt,omitempty"`
}

// StubProfile is the exported member's profile: emailAddress is one
// string since March 2024 [linkedin-to-ats.md §4.3, RSC release notes].
// Assumption: the other field names.
type StubProfile struct {
	Member             string `json:"member,omitempty"`
	FirstName          string `json:"firstName,omitempty"`
	LastName           string `json:"lastName,omitempty"`
	Headline           string `json:"headline,omitempty"`
	Location           string `json:"location,omitempty"`
	CurrentCompanyName string `json:"currentCompanyName,omitempty"`
	CurrentJobTitle    string `json:"currentJobTitle,omitempty"`
	ProfileURL         string `json:"profileUrl,omitempty"`
	EmailAddress       string `json:"emailAddress,omitempty"`
}

// Exporter is the Recruiter user who exported a candidate. Assumption: the
// field is unpublished (linkedin-to-ats.md §4.3 "Exporter identity",
// Greenhouse credits the exporter); the fake sends seat, person, email and
// name.
type Exporter struct {
	Seat      string `json:"seat,omitempty"`
	Person    string `json:"person,omitempty"`
	Email     string `json:"email,omitempty"`
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
}

// ExportedCandidate is one element of exportedCandidates?q=request
// [linkedin-to-ats.md §4.3, §14]: the stub profile under "candidate", the
// integrationContext, the job and the exporter. Assumption: the names of
// the job (externalJobPostingId) and exporter fields, and exportedAt.
type ExportedCandidate struct {
	RequestID            string      `json:"requestId,omitempty"`
	IntegrationContext   string      `json:"integrationContext"`
	Candidate            StubProfile `json:"candidate"`
	ExternalJobPostingID string      `json:"externalJobPostingId,omitempty"`
	Exporter             *Exporter   `json:"exporter,omitempty"`
	ExportedAt           int64       `json:"exportedAt,omitempty"`
}

// PurgedExportedCandidate is one element of atsPurgedExportedCandidates
// [linkedin-to-ats.md §5]. Assumption: the schema is unpublished; {member, requestId, exportType,
// purgedAt}.
type PurgedExportedCandidate struct {
	Member     string `json:"member,omitempty"`
	RequestID  string `json:"requestId,omitempty"`
	ExportType string `json:"exportType,omitempty"`
	PurgedAt   int64  `json:"purgedAt,omitempty"`
}

// ConversationEvent is one InMail event of conversationEvents
// [linkedin-to-ats.md §8].
// Assumption: the field names are unpublished; the shape follows an ETL
// exercise on LinkedIn's sample: {id, thread, author, recipients,
// content: {mail: {subject, body: {text}}}, createdAt}.
type ConversationEvent struct {
	ID         string   `json:"id"`
	Thread     string   `json:"thread,omitempty"`
	Author     string   `json:"author,omitempty"`
	Recipients []string `json:"recipients,omitempty"`
	Content    Content  `json:"content"`
	CreatedAt  int64    `json:"createdAt,omitempty"`
}

// Content is the content of a ConversationEvent.
type Content struct {
	Mail Mail `json:"mail"`
}

// Mail is an InMail's subject and body.
type Mail struct {
	Subject string   `json:"subject,omitempty"`
	Body    MailBody `json:"body"`
}

// MailBody is an InMail's text.
type MailBody struct {
	Text string `json:"text"`
}

// MailStub is the contact information a member shared in reply to an
// InMail (mailStubs) [linkedin-to-ats.md §10]: emailAddress is documented, a string since March
// 2024. Assumption: the other field names (LinkedIn Help, vendors' docs).
type MailStub struct {
	ID                 string `json:"id"`
	Owner              string `json:"owner,omitempty"`
	Member             string `json:"member,omitempty"`
	FirstName          string `json:"firstName,omitempty"`
	LastName           string `json:"lastName,omitempty"`
	EmailAddress       string `json:"emailAddress,omitempty"`
	PhoneNumber        string `json:"phoneNumber,omitempty"`
	Headline           string `json:"headline,omitempty"`
	Location           string `json:"location,omitempty"`
	CurrentCompanyName string `json:"currentCompanyName,omitempty"`
	CurrentJobTitle    string `json:"currentJobTitle,omitempty"`
	ProfileURL         string `json:"profileUrl,omitempty"`
	CreatedAt          int64  `json:"createdAt,omitempty"`
}

// ProspectNote is one element of prospectNotes [linkedin-to-ats.md §9]: "active", "contract",
// "created" and a numeric "id" are documented. Assumption: lastModified,
// owner (seat), member, note and visibility.
type ProspectNote struct {
	// ID is the note's number, as a JSON number.
	ID           int64  `json:"id"`
	Active       bool   `json:"active"`
	Contract     string `json:"contract,omitempty"`
	Created      int64  `json:"created,omitempty"`
	LastModified int64  `json:"lastModified,omitempty"`
	Owner        string `json:"owner,omitempty"`
	Member       string `json:"member,omitempty"`
	Note         string `json:"note,omitempty"`
	Visibility   string `json:"visibility,omitempty"`
}

// JobPostingTask is a simpleJobPostingTasks result [ats-to-linkedin.md
// §3.1]: the task URN, its status (IN_PROGRESS, SUCCEEDED, FAILED), the
// job it is about and, once known, the LinkedIn job; errorMessage when it
// failed.
type JobPostingTask struct {
	ID                   string `json:"id"`
	Status               string `json:"status"`
	ExternalJobPostingID string `json:"externalJobPostingId,omitempty"`
	JobPosting           string `json:"jobPosting,omitempty"`
	ErrorMessage         string `json:"errorMessage,omitempty"`
	Location             string `json:"location,omitempty"`
}
