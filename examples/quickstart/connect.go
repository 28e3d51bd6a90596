package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/connect"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// The customer-facing flows of rsc/connect as the quickstart ATS uses them:
// the onboarding state its admin page shows, the engines running only what
// LinkedIn enabled, users binding their own LinkedIn identity to a seat,
// and who may read LinkedIn's InMails and notes.

// signedInURL is the ATS's OAuth redirect URL, registered on the child
// application (oauth2AuthorizedCallbackUrls).
const signedInURL = callbackHost + "/linkedin/signed-in"

// onboardingKey is the meta row holding a tenant's connect.Onboarding.
func onboardingKey(tenant string) string { return "onboarding/" + tenant }

// onboardingStates is the host's connect.OnboardingStore: the onboarding
// state of each tenant, as JSON in the meta table.
type onboardingStates struct{ store *sqlitestore.Store }

// Onboarding reads the tenant's state, or connect.ErrNoOnboarding.
func (s onboardingStates) Onboarding(ctx context.Context, tenant string) (connect.Onboarding, error) {
	v, ok, err := s.store.Meta(ctx, onboardingKey(tenant))
	if err != nil {
		return connect.Onboarding{}, err
	}
	if !ok {
		return connect.Onboarding{}, fmt.Errorf("tenant %s: %w", tenant, connect.ErrNoOnboarding)
	}
	var o connect.Onboarding
	if err := json.Unmarshal([]byte(v), &o); err != nil {
		return connect.Onboarding{}, fmt.Errorf("onboarding state of %s: %w", tenant, err)
	}
	return o, nil
}

func (s onboardingStates) save(ctx context.Context, o connect.Onboarding) error {
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	return s.store.SetMeta(ctx, onboardingKey(o.TenantID), string(b))
}

// adminStatus prints what the ATS's admin page shows (RSC-101).
func adminStatus(p *printer, o connect.Onboarding) string {
	st := o.Status()
	p.line("Admin page: %s", st.Message)
	return st.Message
}

// refreshOnboarding asks LinkedIn for the tenant's integration statuses,
// stores the result and prints it.
func refreshOnboarding(ctx context.Context, p *printer, states onboardingStates, client *rsc.Client, res *outcome) error {
	o, err := states.Onboarding(ctx, tenantID)
	if errors.Is(err, connect.ErrNoOnboarding) {
		if o, err = connect.NewOnboarding(tenantID, organization); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if o, err = connect.Refresh(ctx, client, o, time.Now()); err != nil {
		return err
	}
	if err := states.save(ctx, o); err != nil {
		return err
	}
	res.status = adminStatus(p, o)
	return nil
}

// requestInWidget is the admin's Request in LinkedIn's onboarding widget:
// the widget hands the ATS page its data-onintegrate payload, which the
// page posts to the ATS.
func requestInWidget(ctx context.Context, p *printer, states onboardingStates, li *linkedIn) error {
	o, err := connect.NewOnboarding(tenantID, organization)
	if err != nil {
		return err
	}
	o = o.ShowWidget(time.Now())
	adminStatus(p, o)
	payload, err := li.srv.RequestIntegrations(organization)
	if err != nil {
		return err
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	reqs, err := connect.ParseIntegrate(body)
	if err != nil {
		return err
	}
	if o, err = o.Request(reqs, time.Now()); err != nil {
		return err
	}
	p.line("Acme's admin requests the integration in LinkedIn's onboarding widget (data-onintegrate).")
	adminStatus(p, o)
	return states.save(ctx, o)
}

// bindUsers has each ATS user who holds a Recruiter seat sign in with
// LinkedIn (connect.Binder: OAuth authorization code with a checked state,
// then GET /v2/me) and binds them to their seat (connect.FindSeat). The
// browser is played by an HTTP client that picks the user's member on the
// fake's sign-in page.
func bindUsers(ctx context.Context, li *linkedIn, store *sqlitestore.Store, t sqlitestore.TenantRow, client *rsc.Client, members map[string]rscmock.Member) ([]connect.Binding, error) {
	hc := &http.Client{Transport: li.transport, Timeout: 10 * time.Second}
	// PKCE stays off: LinkedIn documents it for native apps only (see
	// connect.Binder); the state parameter is always checked.
	binder := connect.Binder{ClientID: t.ClientID, ClientSecret: model.Secret(t.ClientSecret), RedirectURL: signedInURL,
		AuthURL: li.srv.AuthorizationURL(), TokenURL: li.srv.TokenURL(), APIURL: li.srv.URL(), HTTPClient: hc}
	browser := &http.Client{Transport: li.transport, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var out []connect.Binding
	for _, u := range users {
		m, ok := members[u.ID]
		if !ok {
			continue
		}
		authURL, pending, err := binder.Start(u.ID, time.Now())
		if err != nil {
			return nil, err
		}
		callback, err := signIn(ctx, browser, authURL, m.URN)
		if err != nil {
			return nil, fmt.Errorf("%s signs in with LinkedIn: %w", u.ID, err)
		}
		id, err := binder.Finish(ctx, pending, callback, time.Now())
		if err != nil {
			return nil, err
		}
		b, err := connect.FindSeat(ctx, client, contract, u.ID, id)
		if err != nil {
			return nil, err
		}
		if !b.HasSeat() {
			return nil, fmt.Errorf("%s signed in as %s, who holds no seat on %s", u.ID, id.Person, contract)
		}
		if err := store.BindSeat(ctx, tenantID, u.ID, b.Seat, b.Person); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// signIn is the user's browser on LinkedIn's sign-in page: it chooses
// member, allows the application, and returns the query LinkedIn
// redirected back to the ATS with.
func signIn(ctx context.Context, browser *http.Client, authURL string, member model.URN) (url.Values, error) {
	u, err := url.Parse(authURL)
	if err != nil {
		return nil, err
	}
	form := u.Query()
	form.Set("member", string(member))
	form.Set("action", "allow")
	u.RawQuery = ""
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := browser.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(back.String(), signedInURL+"?") {
		return nil, fmt.Errorf("the sign-in page answered %d", resp.StatusCode)
	}
	return back.Query(), nil
}

// readAccess prints, for each ATS user, what connect.MayRead lets them see
// of the LinkedIn InMails and notes the intake stored for candidates.
func readAccess(ctx context.Context, p *printer, store *sqlitestore.Store, candidates ...string) ([]string, error) {
	us, err := store.Users(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	var items []connect.Item
	var kinds []string
	// The intake records the seat that owns each InMail (a reply's author
	// is the member). For InMails stored before it did, the owner of a
	// reply is the seat that sent the thread's first InMail.
	threadSeat := map[string]model.URN{}
	type msg struct{ id, thread, author, owner string }
	var msgs []msg
	for _, c := range candidates {
		rows, err := store.DB().QueryContext(ctx, `SELECT id, thread, author, owner FROM linkedin_messages WHERE tenant = ? AND candidate_id = ? ORDER BY at, id`, tenantID, c)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var m msg
			if err := rows.Scan(&m.id, &m.thread, &m.author, &m.owner); err != nil {
				rows.Close()
				return nil, err
			}
			if model.URN(m.author).IsType(model.URNTypeSeat) && threadSeat[m.thread] == "" {
				threadSeat[m.thread] = model.URN(m.author)
			}
			msgs = append(msgs, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		nrows, err := store.DB().QueryContext(ctx, `SELECT id, author FROM linkedin_notes WHERE tenant = ? AND candidate_id = ? ORDER BY at, id`, tenantID, c)
		if err != nil {
			return nil, err
		}
		for nrows.Next() {
			var id, author string
			if err := nrows.Scan(&id, &author); err != nil {
				nrows.Close()
				return nil, err
			}
			items = append(items, connect.IntakeNoteItem(rscsync.Note{ID: id, Author: model.URN(author)}))
			kinds = append(kinds, "note")
		}
		nrows.Close()
		if err := nrows.Err(); err != nil {
			return nil, err
		}
	}
	for _, m := range msgs {
		items = append(items, connect.IntakeMessageItem(threadSeat[m.thread], rscsync.Message{ID: m.id, Author: model.URN(m.author), Owner: model.URN(m.owner)}))
		kinds = append(kinds, "InMail")
	}
	p.line("%s and %s from LinkedIn; connect.MayRead lets only the seat holder who owns them read them:",
		plural(count(kinds, "InMail"), "InMail"), plural(count(kinds, "note"), "Recruiter note"))
	var lines []string
	for _, u := range us {
		if u.ID == "U4" { // one user without a seat is enough to show
			continue
		}
		admin := u.ID == "U5"
		cu := connect.User{ATSUserID: u.ID, Admin: admin, Seat: u.Seat, SeatActive: !u.Seat.IsZero()}
		content, meta := 0, 0
		for _, it := range items {
			switch connect.MayRead(cu, it) {
			case connect.AccessContent:
				content++
			case connect.AccessMetadata:
				meta++
			}
		}
		who := u.FirstName + " " + u.LastName
		switch {
		case !u.Seat.IsZero():
			who += " (seat " + string(u.Seat) + ")"
		case admin:
			who += " (admin, no seat)"
		default:
			who += " (no seat)"
		}
		var l string
		switch {
		case content == len(items):
			l = fmt.Sprintf("%s reads all %d", who, len(items))
		case content > 0:
			l = fmt.Sprintf("%s reads %d and sees %d exist", who, content, meta)
		default:
			l = fmt.Sprintf("%s sees only that they exist, who wrote them and when", who)
		}
		p.line("   %s", l)
		lines = append(lines, l)
	}
	return lines, nil
}

func count(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}
