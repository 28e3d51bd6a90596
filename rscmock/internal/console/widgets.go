package console

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// widgetPages are the widgets' compiled templates; immutable after package
// initialisation.
var widgetPages = Parse("widgets")

// Widgets serves the stand-ins for LinkedIn's JavaScript widgets: in.js,
// the profile widget (IN/HcmWidget), the onboarding widget
// (IN/ATSIntegrationWidget) and a demo ATS page that embeds them.
type Widgets struct {
	// World is the recruiter simulator; its Auth holds the API keys.
	World *sim.World
	// BaseURL is the URL the fake reports.
	BaseURL func() string
	// DefaultOrg is the organization the demo page shows when the request
	// names none ("" when there is no default customer).
	DefaultOrg func() string
}

// tenant is a customer and its identity, read under the world's lock.
type tenant struct {
	c                   *sim.Customer
	org, contract, name string
}

// MsgUnauthorizedDomain is the text LinkedIn's widgets show for an unknown
// API key or a page outside the application's validJsSdkDomains.
const MsgUnauthorizedDomain = "Unauthorized domain Domain validation failed for the API key"

// apiKeyRE is what the demo page accepts as an API key (it is written raw
// into the in.js script element).
var apiKeyRE = regexp.MustCompile(`^[A-Za-z0-9._~-]{1,200}$`)

// ServeHTTP routes in.js and /_widgets/ requests.
func (s *Widgets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/xdoor/scripts/in.js", "/_widgets/in.js":
		s.widgetScript(w, r)
	case "/_widgets/profile":
		s.getOnly(w, r, s.widgetProfile)
	case "/_widgets/profile/link":
		s.widgetLink(w, r, true)
	case "/_widgets/profile/unlink":
		s.widgetLink(w, r, false)
	case "/_widgets/onboarding":
		s.getOnly(w, r, s.widgetOnboarding)
	case "/_widgets/onboarding/request", "/_widgets/onboarding/enable", "/_widgets/onboarding/connect":
		s.widgetOnboardingAction(w, r, strings.TrimPrefix(r.URL.Path, "/_widgets/onboarding/"))
	case "/_widgets/demo", "/_widgets/", "/_widgets":
		s.getOnly(w, r, s.widgetDemo)
	default:
		widgetError(w, r, http.StatusNotFound, "No widget page "+r.URL.Path+".")
	}
}

func (s *Widgets) getOnly(w http.ResponseWriter, r *http.Request, h http.HandlerFunc) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		widgetError(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed on "+r.URL.Path+".")
		return
	}
	h(w, r)
}

func widgetError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	widgetPages.Render(w, "error", status, NewView(r, "LinkedIn", msg))
}

func (s *Widgets) widgetScript(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "GET only", http.StatusMethodNotAllowed)
		return
	}
	b, err := Script()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}

// widgetParams are the embed attributes in.js passes to a widget page; forms
// inside the widget carry them along.
type widgetParams struct {
	APIKey, WidgetType, ATSCandidateID, IntegrationContext, IntegrationContract string
	ShowUnlinkURL, ConfirmUnlink, Width, Bundles                                string
}

// fields pairs the query names with the fields of p.
func (p *widgetParams) fields() []struct {
	name string
	v    *string
} {
	return []struct {
		name string
		v    *string
	}{
		{"apiKey", &p.APIKey}, {"widgetType", &p.WidgetType}, {"atsCandidateId", &p.ATSCandidateID},
		{"integrationContext", &p.IntegrationContext}, {"integrationContract", &p.IntegrationContract},
		{"showUnlinkUrl", &p.ShowUnlinkURL}, {"confirmUnlink", &p.ConfirmUnlink}, {"width", &p.Width},
		{"supportedBundledIntegrationTypes", &p.Bundles},
	}
}

func widgetParamsOf(v url.Values) widgetParams {
	var p widgetParams
	for _, f := range p.fields() {
		*f.v = v.Get(f.name)
	}
	return p
}

// hiddenField is a name and value of a hidden form input.
type hiddenField struct{ Name, Value string }

// Hidden returns the non-empty parameters as hidden form inputs.
func (p widgetParams) Hidden() []hiddenField {
	var out []hiddenField
	for _, f := range p.fields() {
		if *f.v != "" {
			out = append(out, hiddenField{f.name, *f.v})
		}
	}
	return out
}

// url returns path with the non-empty parameters and extra pairs.
func (p widgetParams) url(path string, extra ...string) string {
	q := url.Values{}
	for _, h := range p.Hidden() {
		q.Set(h.Name, h.Value)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return path + "?" + q.Encode()
}

func (p widgetParams) bundles() []string {
	var out []string
	for b := range strings.SplitSeq(p.Bundles, ",") {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}

// domainAllowed reports whether the page that loads a widget may: any page
// when the application lists no validJsSdkDomains, else a page whose
// Origin (or Referer) host is one of them or the mock itself (the widget's
// own forms).
func domainAllowed(domains []string, r *http.Request) bool {
	if len(domains) == 0 {
		return true
	}
	src := r.Header.Get("Origin")
	if src == "" || src == "null" {
		src = r.Referer()
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	return slices.ContainsFunc(domains, func(d string) bool {
		du, err := url.Parse(d)
		return err == nil && strings.EqualFold(du.Host, u.Host)
	})
}

// widgetAuth resolves the API key of a widget request to its child
// application and customer (t.c nil when not bound yet). It answers with
// LinkedIn's error and reports false for an unknown key or domain.
func (s *Widgets) widgetAuth(w http.ResponseWriter, r *http.Request, p widgetParams) (*auth.App, tenant, bool) {
	s.World.Lock()
	a := s.World.Auth.App(p.APIKey)
	ok := a != nil && !a.Partner && domainAllowed(a.Domains, r)
	var t tenant
	if ok {
		if c := s.World.R.CustomerOf(a); c != nil {
			t = tenant{c: c, org: c.Org, contract: c.Contract, name: c.Name}
		}
	}
	s.World.Unlock()
	if !ok {
		widgetError(w, r, http.StatusForbidden, MsgUnauthorizedDomain)
		return nil, tenant{}, false
	}
	return a, t, true
}

// profileTarget resolves the candidate of a profile widget request; it
// answers with an error page and reports false when it cannot.
// The key it answers is the candidate's logical key (ctx, cand).
func (s *Widgets) profileTarget(w http.ResponseWriter, r *http.Request, p widgetParams) (tenant, restli.Key, bool) {
	_, t, ok := s.widgetAuth(w, r, p)
	if !ok {
		return tenant{}, nil, false
	}
	ctx := p.IntegrationContext
	if t.c == nil || ctx == "" || (ctx != t.c.Org && ctx != t.c.Contract) {
		widgetError(w, r, http.StatusForbidden, "The API key's customer has no integration context "+cmp.Or(p.IntegrationContext, "(data-integration-context is missing)")+".")
		return tenant{}, nil, false
	}
	if p.ATSCandidateID == "" {
		widgetError(w, r, http.StatusBadRequest, "data-ats-candidate-id is missing.")
		return tenant{}, nil, false
	}
	return t, restli.Key{"ctx": ctx, "cand": p.ATSCandidateID}, true
}

func (s *Widgets) widgetProfile(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := widgetParamsOf(q)
	t, key, ok := s.profileTarget(w, r, p)
	if !ok {
		return
	}
	s.World.Lock()
	e, held := s.World.Synced.Store.Get(records.Candidate.Name, key)
	if !held {
		s.World.Unlock()
		widgetError(w, r, http.StatusNotFound, fmt.Sprintf("No candidate %s is synced for %s: sync it with atsCandidates first.", key["cand"], key["ctx"]))
		return
	}
	cand := sim.CandidateOf(e.Body)
	var member *sim.Member
	how := ""
	if cand.ManualMatchedMember != "" {
		m := sim.Member{URN: cand.ManualMatchedMember}
		if sm, ok := s.World.R.Member(cand.ManualMatchedMember); ok {
			m = sm
		}
		member, how = &m, "a manual link (manualMatchedMember)"
	} else {
		for _, u := range s.World.Synced.MatchedMembers(e) {
			if !s.World.UnlinkedLocked(e.Key.Canonical(), u) {
				m, _ := s.World.R.Member(u)
				member, how = &m, "LinkedIn (same email or LinkedIn profile URL)"
				break
			}
		}
	}
	enabled := s.World.Synced.IntegrationStatus(t.org, sim.ProfilePlugin) == "ENABLED"
	org := t.org
	s.World.Unlock()
	data := map[string]any{
		"Params": p.Hidden(), "Key": struct{ ATSCandidateID, IntegrationContext string }{key["cand"], key["ctx"]}, "Org": org, "Enabled": enabled, "Member": member, "How": how,
		"CandidateName": strings.TrimSpace(cand.FirstName + " " + cand.LastName),
		"ShowUnlink":    p.ShowUnlinkURL != "false", "Confirm": p.ConfirmUnlink == "true",
		"Query": q.Get("q"),
	}
	if member != nil {
		evs, _ := s.World.InMails(org, member.URN)
		data["InMails"] = inMailViews(evs)
		notes, _ := s.World.ProspectNotes(org, member.URN)
		data["Notes"] = slices.DeleteFunc(notes, func(n shapes.ProspectNote) bool { return n.Visibility == "PRIVATE" })
		data["Stubs"], _ = s.World.MailStubs(org, member.URN)
	}
	if query := q.Get("q"); query != "" {
		s.World.Lock()
		res := s.World.R.SearchMembers(query)
		s.World.Unlock()
		data["Results"] = res[:min(len(res), 10)]
	}
	if ev := q.Get("event"); ev == "link" || ev == "unlink" {
		data["Notify"] = map[string]string{"type": "rsc-" + ev, "member": q.Get("member")}
	}
	widgetPages.Render(w, "profile", http.StatusOK, NewView(r, "LinkedIn profile", data))
}

// widgetLink links (link) or unlinks the member of the form to the widget's
// candidate, then shows the widget again, which tells the parent page.
func (s *Widgets) widgetLink(w http.ResponseWriter, r *http.Request, link bool) {
	if !widgetPages.ParsePost(w, r) {
		return
	}
	p := widgetParamsOf(r.PostForm)
	_, key, ok := s.profileTarget(w, r, p)
	if !ok {
		return
	}
	member := r.PostForm.Get("member")
	back := p.url("/_widgets/profile")
	s.World.Lock()
	sm, known := s.World.R.Member(member)
	s.World.Unlock()
	if !known && link {
		RedirectWith(w, r, back, "", FormError("Choose a LinkedIn member to link."))
		return
	}
	event := "unlink"
	var err error
	if link {
		event = "link"
		s.World.Lock()
		err = s.World.SetManualMatchLocked(key, member)
		s.World.Unlock()
	} else {
		err = unlink(s.World, key, member)
	}
	if err != nil {
		RedirectWith(w, r, back, "", err)
		return
	}
	msg := "Unlinked " + cmp.Or(Name(sm), member) + "."
	if link {
		msg = "Linked " + Name(sm) + " to this candidate."
	}
	RedirectWith(w, r, p.url("/_widgets/profile", "event", event, "member", member), msg, nil)
}

// onboardingData is what the onboarding widget shows for customer c (none
// when nil).
func (s *Widgets) onboardingData(p widgetParams, c *sim.Customer) map[string]any {
	bundles := p.bundles()
	rscBundles := slices.DeleteFunc(slices.Clone(bundles), func(b string) bool { return b != sim.BundleCompany && b != sim.BundleContract })
	data := map[string]any{"Params": p.Hidden(), "Bundles": strings.Join(bundles, ", ")}
	if c == nil {
		return data
	}
	s.World.Lock()
	defer s.World.Unlock()
	data["Customer"] = CustomerOf(c)
	data["HasContract"] = c.Org != "" && c.Contract != ""
	data["NoRSCBundle"] = len(bundles) > 0 && len(rscBundles) == 0
	var states []sim.IntegrationState
	for _, st := range s.World.IntegrationsLocked(c) {
		if sim.InBundles(st.IntegrationType, rscBundles) {
			states = append(states, st)
		}
	}
	data["Integrations"] = states
	return data
}

func (s *Widgets) widgetOnboarding(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := widgetParamsOf(q)
	_, t, ok := s.widgetAuth(w, r, p)
	if !ok {
		return
	}
	data := s.onboardingData(p, t.c)
	if q.Get("event") == "integrate" && t.c != nil {
		s.World.Lock()
		data["Notify"] = map[string]any{"type": "rsc-integrate", "integrations": sim.RequestPayload(t.c, p.bundles())}
		s.World.Unlock()
	}
	widgetPages.Render(w, "onboarding", http.StatusOK, NewView(r, "LinkedIn Recruiter System Connect", data))
}

func (s *Widgets) widgetOnboardingAction(w http.ResponseWriter, r *http.Request, action string) {
	if !widgetPages.ParsePost(w, r) {
		return
	}
	p := widgetParamsOf(r.PostForm)
	a, t, ok := s.widgetAuth(w, r, p)
	if !ok {
		return
	}
	back := p.url("/_widgets/onboarding")
	if action == "connect" {
		s.World.Lock()
		c := t.c
		if c == nil || c.Org == "" || c.Contract == "" {
			seats := 3
			if c != nil && len(c.Seats) > 0 {
				seats = 0
			}
			name := a.Name
			if c != nil {
				name = cmp.Or(c.Name, a.Name)
			}
			c = s.World.AttachLocked(a, s.World.R.Next("customer"), name, seats)
		}
		org, contract := c.Org, c.Contract
		s.World.Unlock()
		RedirectWith(w, r, back, fmt.Sprintf("Connected organization %s and contract %s.", org, contract), nil)
		return
	}
	if t.c == nil || t.org == "" || t.contract == "" {
		RedirectWith(w, r, back, "", FormError("Connect a Recruiter contract first."))
		return
	}
	switch action {
	case "request":
		s.World.Lock()
		c, err := s.World.CustomerLocked(t.org)
		var reqs []sim.IntegrationRequest
		if err == nil {
			reqs = sim.RequestLocked(c, p.bundles())
		}
		s.World.Unlock()
		if err != nil {
			RedirectWith(w, r, back, "", err)
			return
		}
		RedirectWith(w, r, p.url("/_widgets/onboarding", "event", "integrate"),
			fmt.Sprintf("Requested %d integrations; the partner is told through data-onintegrate.", len(reqs)), nil)
	case "enable":
		itype := r.PostForm.Get("itype")
		ctx := t.org
		if itype == sim.CSAAPI {
			ctx = t.contract
		}
		on := r.PostForm.Get("enabled") == "true"
		var d sim.Delivery
		err := sim.CheckIntegrationKey(ctx, itype, sim.TenantRecruiter)
		if err == nil {
			d, err = s.World.SetIntegrationEnabled(r.Context(), ctx, itype, sim.TenantRecruiter, on)
		}
		if err != nil {
			RedirectWith(w, r, back, "", err)
			return
		}
		state := "Disabled"
		if on {
			state = "Enabled"
		}
		RedirectWith(w, r, back, fmt.Sprintf("%s %s; %s.", state, itype, DeliverySummary(d)), nil)
	}
}

// widgetDemo is an ATS page that embeds both widgets as LinkedIn's docs show.
func (s *Widgets) widgetDemo(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ctx, key, cand := q.Get("integrationContext"), q.Get("apiKey"), q.Get("atsCandidateId")
	s.World.Lock()
	var c *sim.Customer
	switch {
	case ctx != "":
		c = s.World.R.Customer(ctx)
	case key != "" && s.World.Auth.App(key) != nil:
		c = s.World.R.CustomerOf(s.World.Auth.App(key))
	case s.DefaultOrg() != "":
		c = s.World.R.Customer(s.DefaultOrg())
	case len(s.World.R.Customers()) > 0:
		c = s.World.R.Customers()[0]
	}
	if c != nil {
		ctx = cmp.Or(ctx, c.Org)
		key = cmp.Or(key, c.App.ClientID)
		if cand == "" {
			if es := s.World.Synced.Store.Sorted(records.Candidate.Name, inOrg(ctx)); len(es) > 0 {
				cand = es[0].Key["cand"]
			}
		}
	}
	s.World.Unlock()
	if c == nil {
		widgetError(w, r, http.StatusNotFound, "No tenant to demo: pass ?integrationContext= of a customer, or add one with POST /_mock/customers.")
		return
	}
	if !apiKeyRE.MatchString(key) {
		widgetError(w, r, http.StatusBadRequest, "The apiKey may hold only letters, digits and . _ ~ -.")
		return
	}
	snippet := fmt.Sprintf(`<script type="text/javascript" src="%[1]s/xdoor/scripts/in.js">
api_key: %[2]s
extensions: HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget
</script>
<script type="IN/HcmWidget"
  data-widget-type="ATS"
  data-ats-candidate-id="%[3]s"
  data-integration-context="%[4]s"
  data-show-unlink-url="true"
  data-confirm-unlink="true"
  data-onlink="link"
  data-onunlink="unlink"
  data-width="800">
</script>
<script>
function link(member)   { log("Link callback", member); }
function unlink(member) { log("Unlink callback", member); }
</script>`, s.BaseURL(), key, cand, ctx)
	widgetPages.Render(w, "demo", http.StatusOK, NewView(r, "Demo ATS page", map[string]any{
		// The in.js configuration is not JavaScript; key matched apiKeyRE.
		"ProfileConfig":    template.JS("\napi_key: " + key + "\nextensions: HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget\n"),
		"OnboardingConfig": template.JS("\napi_key: " + key + "\nextensions: ATSIntegrationWidget@https://platform.linkedin.com/rsc/extensions/onboarding-widget\n"),
		"Cand":             cand, "Ctx": ctx, "Snippet": snippet,
	}))
}

// unlink removes member from the candidate of key (sim.World.Unlink); a
// member not linked is a message for the widget's user.
func unlink(w *sim.World, key restli.Key, member string) error {
	err := w.Unlink(key, member)
	if errors.Is(err, sim.ErrNotLinked) {
		return FormError("That member is not linked to this candidate.")
	}
	return err
}
