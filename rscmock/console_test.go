package rscmock_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

const evilName = `<script>alert("x")</script>`

// page GETs a console page and checks it is an HTML page holding every want
// string and no unescaped script from the evil candidate name.
func (f *fixture) page(t *testing.T, path string, status int, want ...string) string {
	t.Helper()
	resp, body := f.get(t, path)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d: %s", path, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET %s: content type %q", path, ct)
	}
	if strings.Contains(body, evilName) {
		t.Errorf("GET %s: the candidate name is not escaped", path)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("GET %s: no %q in the page", path, w)
		}
	}
	return body
}

func TestConsolePages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, evilName)
	q := url.Values{"org": {string(f.org)}}.Encode()
	gq := url.Values{"org": {string(f.org)}, "member": {string(f.grace.URN)}, "seat": {string(f.seat)}}.Encode()
	escaped := `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`
	cases := []struct {
		path string
		want []string
	}{
		{"/_console/", []string{"Default Customer", string(f.org), string(f.d.Contract), "ONE_CLICK_EXPORT: PARTNER_READY", "CSA_API: NOT_REQUESTED", "1 jobs", "1 candidates"}},
		{"/_console/tenant?" + q, []string{f.d.ClientID, f.d.ClientSecret, "FAKE", string(f.seat), "https://ats.example.com/linkedin", "ALL_PRODUCT_USERS", "Acme LinkedIn Recruiter One-Click Export Integration", "Enable"}},
		{"/_console/jobs?" + q, []string{"J1", "Software Engineer", "open", f.d.Seats[0].Holder.FirstName}},
		{"/_console/candidates?" + q, []string{"C1", escaped, "grace@example.com", "Grace Hopper", "profile widget"}},
		{"/_console/applications?" + q, []string{"A1", "C1", "Software Engineer", "Phone Screen"}},
		{"/_console/members?" + q + "&q=grace%40example.com", []string{"Grace Hopper", "past applicant", "<strong>1</strong> of 1 members"}},
		{"/_console/members?" + q + "&q=nobody-at-all", []string{"<strong>0</strong> of 0 members", "No member matches."}},
		{"/_console/member?" + gq, []string{"Grace Hopper", "Rear Admiral", "candidate <code>C1</code>", "A1", "Phone Screen", `<option value="J1">`, "Send InMail", "Add note", "Purge exported profile"}},
		{"/_console/seat?seat=" + url.QueryEscape(string(f.seat)), []string{"Export job list", "J1", "Software Engineer", "Grace Hopper"}},
	}
	for _, tc := range cases {
		f.page(t, tc.path, 200, tc.want...)
	}
	// The candidate name is escaped on the member page too.
	f.page(t, "/_console/member?"+gq, 200, escaped)
	// Readable errors.
	f.page(t, "/_console/jobs", 400, "Choose a tenant")
	f.page(t, "/_console/tenant?org=urn:li:organization:424242", 404, "No tenant has the organization or contract urn:li:organization:424242")
	f.page(t, "/_console/member?"+q+"&member=urn:li:person:nope", 404, "No member urn:li:person:nope")
	f.page(t, "/_console/seat?seat=urn:li:seat:1", 404, "No seat urn:li:seat:1")
	f.page(t, "/_console/nope", 404, "No console page /_console/nope")
	if resp, _ := f.do(t, "POST", "/_console/tenant?"+q, "", ""); resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST on a page: %d %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// TestConsoleActions posts each form and checks its effect.
func TestConsoleActions(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	ctx := context.Background()
	gq := url.Values{"org": {string(f.org)}, "member": {string(f.grace.URN)}}.Encode()
	back := "/_console/member?" + gq
	form := func(kv ...string) url.Values {
		v := url.Values{"back": {back}, "seat": {string(f.seat)}, "member": {string(f.grace.URN)}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	act := func(action string, v url.Values) (string, string) {
		t.Helper()
		resp, _ := f.post(t, "/_console/actions/"+action, v)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/_console/") {
			t.Fatalf("%s: %d Location %q", action, resp.StatusCode, loc)
		}
		return loc, f.follow(t, resp)
	}

	// Enable One-Click Export as the admin; the notification is readable by request id.
	_, body := act("integration", url.Values{"back": {"/_console/tenant?org=" + string(f.org)}, "ctx": {string(f.org)}, "itype": {"ONE_CLICK_EXPORT"}, "enabled": {"true"}})
	if !strings.Contains(body, "ONE_CLICK_EXPORT enabled for "+string(f.org)) || !strings.Contains(body, `id="flash"`) {
		t.Errorf("enable flash missing: %s", body)
	}
	if st, _ := f.srv.Integrations(f.org); st[0].Status != "ENABLED" {
		t.Errorf("after enable %+v", st[0])
	}
	dels := f.srv.Deliveries()
	if ins, _, err := f.c.Integrations.FindByRequest(ctx, dels[len(dels)-1].Notification.ID); err != nil || len(ins) != 1 || ins[0].Status != "ENABLED" {
		t.Errorf("FindByRequest: %v %+v", err, ins)
	}

	// Export, then the ATS reads it with the request id of the notification.
	_, body = act("export", form("job", "J1"))
	if !strings.Contains(body, "Exported Grace Hopper to job J1") || !strings.Contains(body, "Exported in requests") {
		t.Errorf("export page: %s", body)
	}
	dels = f.srv.Deliveries()
	last := dels[len(dels)-1]
	if last.Notification.Type != model.NotificationExportCandidateProfile || last.Status != 200 {
		t.Fatalf("export delivery %+v", last)
	}
	if ex, _, err := f.c.Exports.Get(ctx, last.Notification.ID); err != nil || len(ex) != 1 || ex[0].Candidate.Member != f.grace.URN {
		t.Errorf("export through the client: %v %+v", err, ex)
	}
	// A job the seat may not see: the page says why.
	loc, body := act("export", form("job", "J9"))
	if !strings.Contains(loc, "error=") || !strings.Contains(body, "cannot export Grace Hopper to job J9: rscmock: the seat may not see this job") || !strings.Contains(body, `id="error"`) {
		t.Errorf("bad export: %s %s", loc, body)
	}

	// InMail, reply with contact details, notes.
	act("inmail", form("subject", "Hi", "body", "A role?"))
	if _, body = act("inmail", form("body", "  ")); !strings.Contains(body, "Write the InMail&#39;s message.") {
		t.Errorf("empty InMail: %s", body)
	}
	_, body = act("reply", form("body", "Sure", "shareContact", "on"))
	if !strings.Contains(body, "shared contact details") {
		t.Errorf("reply: %s", body)
	}
	if evs, _ := f.srv.InMails(f.org, f.grace.URN); len(evs) != 2 || evs[0].Subject != "Hi" {
		t.Errorf("inmails %+v", evs)
	}
	if stubs, _, err := f.c.MailStubs.List(ctx, rsc.MailStubListOptions{Contract: f.d.Contract}); err != nil || len(stubs) != 1 {
		t.Errorf("stubs through the client: %v %+v", err, stubs)
	}
	act("note", form("note", "Shared note"))
	act("note", form("note", "Private note", "private", "on"))
	if notes, _ := f.srv.ProspectNotes(f.org, f.grace.URN); len(notes) != 2 || notes[1].Visibility != "PRIVATE" {
		t.Errorf("notes %+v", notes)
	}
	if notes, _, err := f.c.ProspectNotes.List(ctx, rsc.ProspectNoteListOptions{Contract: f.d.Contract}); err != nil || len(notes) != 1 || notes[0].Note != "Shared note" {
		t.Errorf("notes through the client: %v %+v", err, notes)
	}
	f.page(t, back, 200, "Private note", "PRIVATE", "Shared note", "Hi", "A role?", "grace@example.com")
	if _, body = act("note", form("note", "")); !strings.Contains(body, "Write the note.") {
		t.Errorf("empty note: %s", body)
	}
	if _, body = act("inmail", form("member", "urn:li:person:ghost", "body", "x")); !strings.Contains(body, "is not a LinkedIn member of the mock") {
		t.Errorf("unknown member: %s", body)
	}

	// Purge.
	_, body = act("purge", form())
	if !strings.Contains(body, "Grace Hopper closed their profile") {
		t.Errorf("purge: %s", body)
	}
	if p, _, err := f.c.Exports.ListPurged(ctx, rsc.PurgedListOptions{}); err != nil || len(p) != 1 || p[0].Member != f.grace.URN {
		t.Errorf("purged through the client: %v %+v", err, p)
	}

	// Add a member.
	_, body = act("member", url.Values{"back": {"/_console/members?org=" + string(f.org)}, "firstName": {"Ada"}, "lastName": {"Lovelace"}, "email": {"ada@example.com"}})
	if ms := f.srv.SearchMembers("ada@example.com"); len(ms) != 1 || !strings.Contains(body, "Added member Ada Lovelace") {
		t.Errorf("add member: %+v", ms)
	}
	if _, body = act("member", url.Values{"firstName": {"Ada"}}); !strings.Contains(body, "needs a first and a last name") {
		t.Errorf("bad member: %s", body)
	}

	// Forms only: GET is 405, other origins 403, unknown actions 404, and
	// "back" never leaves the console.
	if resp, _ := f.get(t, "/_console/actions/export"); resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET action: %d", resp.StatusCode)
	}
	if resp, body := f.post(t, "/_console/actions/export", form("job", "J1"), "Origin", "https://evil.example"); resp.StatusCode != 403 || !strings.Contains(body, "Forms may only be posted") {
		t.Errorf("cross-origin action: %d", resp.StatusCode)
	}
	if resp, _ := f.post(t, "/_console/actions/nope", form()); resp.StatusCode != 404 {
		t.Errorf("unknown action: %d", resp.StatusCode)
	}
	if resp, _ := f.post(t, "/_console/actions/note", url.Values{"back": {"https://evil.example/"}, "seat": {string(f.seat)}, "member": {string(f.grace.URN)}, "note": {"x"}}); !strings.HasPrefix(resp.Header.Get("Location"), "/_console/?flash=") {
		t.Errorf("open redirect: %q", resp.Header.Get("Location"))
	}
	if resp, _ := f.get(t, "/_console"); resp.StatusCode != 301 || resp.Header.Get("Location") != "/_console/" {
		t.Errorf("/_console: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestConsoleSeatACL checks that the seat's export job list and In-ATS
// indicator follow ACLs when JOB_POSTING_VIEWERS is not set.
func TestConsoleSeatACL(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	d := srv.Default()
	org := d.Organization
	if _, err := c.JobPostings.BatchCreate(ctx, []model.JobPosting{job(org, "J1", model.OperationCreate), job(org, "J2", model.OperationCreate)}); err != nil {
		t.Fatal(err)
	}
	acl := model.EntityACLKey{IntegrationContext: org, ATSEntityACLID: "G1", ATSEntityID: "J2", ATSEntityType: model.EntityTypeJobPosting}
	as := model.ACLAssigneeKey{IntegrationContext: org, ATSEntityACLID: "G1", Assignee: d.Seats[1].Holder.URN, ATSEntityType: model.EntityTypeJobPosting}
	if _, err := c.EntityACLs.BatchUpdate(ctx, []model.EntityACL{{Key: acl}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ACLAssignees.BatchUpdate(ctx, []model.ACLAssignee{{Key: as}}); err != nil {
		t.Fatal(err)
	}
	f := &fixture{srv: srv, client: newFixtureClient()}
	body := f.page(t, "/_console/seat?seat="+url.QueryEscape(string(d.Seats[1].URN)), 200, "<code>J2</code>")
	if strings.Contains(body, "<code>J1</code>") {
		t.Errorf("seat 1 sees J1: %s", body)
	}
	f.page(t, "/_console/seat?seat="+url.QueryEscape(string(d.Seats[0].URN)), 200, "No job: this seat sees no open job.")
	f.page(t, "/_console/jobs?org="+url.QueryEscape(string(org)), 200, d.Seats[1].Holder.FirstName)
}
