package rscmock

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

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// tenant is a customer and its identity, read under the world's lock.
type tenant struct {
	c             *customerState
	org, contract model.URN
	name          string
}

// Stand-ins for LinkedIn's JavaScript widgets: in.js, the profile widget
// (IN/HcmWidget) and the onboarding widget (IN/ATSIntegrationWidget).

// MsgUnauthorizedDomain is the text LinkedIn's widgets show for an unknown
// API key or a page outside the application's validJsSdkDomains.
const MsgUnauthorizedDomain = "Unauthorized domain Domain validation failed for the API key"

// apiKeyRE is what the demo page accepts as an API key (it is written raw
// into the in.js script element).
var apiKeyRE = regexp.MustCompile(`^[A-Za-z0-9._~-]{1,200}$`)

// serveWidgets routes in.js and /_widgets/ requests.
func (s *Server) serveWidgets(w http.ResponseWriter, r *http.Request) {
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

func (s *Server) getOnly(w http.ResponseWriter, r *http.Request, h http.HandlerFunc) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		widgetError(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed on "+r.URL.Path+".")
		return
	}
	h(w, r)
}

func widgetError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	widgetPages.Render(w, "error", status, console.NewView(r, "LinkedIn", msg))
}

func (s *Server) widgetScript(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "GET only", http.StatusMethodNotAllowed)
		return
	}
	b, err := console.Script()
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
func (s *Server) widgetAuth(w http.ResponseWriter, r *http.Request, p widgetParams) (*app, tenant, bool) {
	s.world.Lock()
	a := s.auth.App(p.APIKey)
	ok := a != nil && !a.Partner && domainAllowed(a.Domains, r)
	var t tenant
	if ok {
		if c := s.world.R.CustomerOf(a); c != nil {
			t = tenant{c: c, org: model.URN(c.Org), contract: model.URN(c.Contract), name: c.Name}
		}
	}
	s.world.Unlock()
	if !ok {
		widgetError(w, r, http.StatusForbidden, MsgUnauthorizedDomain)
		return nil, tenant{}, false
	}
	return a, t, true
}

// profileTarget resolves the candidate of a profile widget request; it
// answers with an error page and reports false when it cannot.
// The key it answers is the candidate's logical key (ctx, cand).
func (s *Server) profileTarget(w http.ResponseWriter, r *http.Request, p widgetParams) (tenant, rkey, bool) {
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
	return t, rkey{"ctx": ctx, "cand": p.ATSCandidateID}, true
}

func (s *Server) widgetProfile(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := widgetParamsOf(q)
	t, key, ok := s.profileTarget(w, r, p)
	if !ok {
		return
	}
	s.world.Lock()
	e, held := s.st.Get(records.Candidate.Name, key)
	if !held {
		s.world.Unlock()
		widgetError(w, r, http.StatusNotFound, fmt.Sprintf("No candidate %s is synced for %s: sync it with atsCandidates first.", key["cand"], key["ctx"]))
		return
	}
	cand := sim.CandidateOf(e.Body)
	var member *Member
	how := ""
	if cand.ManualMatchedMember != "" {
		m := Member{URN: model.URN(cand.ManualMatchedMember)}
		if sm, ok := s.world.R.Member(cand.ManualMatchedMember); ok {
			m = publicMember(sm)
		}
		member, how = &m, "a manual link (manualMatchedMember)"
	} else {
		for _, u := range s.world.Synced.MatchedMembers(e) {
			if !s.world.UnlinkedLocked(e.Key.Canonical(), u) {
				sm, _ := s.world.R.Member(u)
				m := publicMember(sm)
				member, how = &m, "LinkedIn (same email or LinkedIn profile URL)"
				break
			}
		}
	}
	enabled := s.world.Synced.IntegrationStatus(string(t.org), sim.ProfilePlugin) == "ENABLED"
	org := t.org
	s.world.Unlock()
	data := map[string]any{
		"Params": p.Hidden(), "Key": struct{ ATSCandidateID, IntegrationContext string }{key["cand"], key["ctx"]}, "Org": org, "Enabled": enabled, "Member": member, "How": how,
		"CandidateName": strings.TrimSpace(cand.FirstName + " " + cand.LastName),
		"ShowUnlink":    p.ShowUnlinkURL != "false", "Confirm": p.ConfirmUnlink == "true",
		"Query": q.Get("q"),
	}
	if member != nil {
		data["InMails"], _ = s.InMails(org, member.URN)
		notes, _ := s.ProspectNotes(org, member.URN)
		data["Notes"] = slices.DeleteFunc(notes, func(n model.ProspectNote) bool { return n.Visibility == "PRIVATE" })
		data["Stubs"], _ = s.MailStubs(org, member.URN)
	}
	if query := q.Get("q"); query != "" {
		res := s.SearchMembers(query)
		data["Results"] = res[:min(len(res), 10)]
	}
	if ev := q.Get("event"); ev == "link" || ev == "unlink" {
		data["Notify"] = map[string]string{"type": "rsc-" + ev, "member": q.Get("member")}
	}
	widgetPages.Render(w, "profile", http.StatusOK, console.NewView(r, "LinkedIn profile", data))
}

// widgetLink links (link) or unlinks the member of the form to the widget's
// candidate, then shows the widget again, which tells the parent page.
func (s *Server) widgetLink(w http.ResponseWriter, r *http.Request, link bool) {
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
	s.world.Lock()
	sm, known := s.world.R.Member(member)
	s.world.Unlock()
	m := publicMember(sm)
	if !known && link {
		console.RedirectWith(w, r, back, "", console.FormError("Choose a LinkedIn member to link."))
		return
	}
	event := "unlink"
	var err error
	if link {
		event = "link"
		s.world.Lock()
		err = s.world.SetManualMatchLocked(key, member)
		s.world.Unlock()
	} else {
		err = unlink(s.world, key, member)
	}
	if err != nil {
		console.RedirectWith(w, r, back, "", err)
		return
	}
	msg := "Unlinked " + cmp.Or(m.Name(), string(member)) + "."
	if link {
		msg = "Linked " + m.Name() + " to this candidate."
	}
	console.RedirectWith(w, r, p.url("/_widgets/profile", "event", event, "member", string(member)), msg, nil)
}

// onboardingData is what the onboarding widget shows for customer c (none
// when nil).
func (s *Server) onboardingData(p widgetParams, c *customerState) map[string]any {
	bundles := p.bundles()
	rscBundles := slices.DeleteFunc(slices.Clone(bundles), func(b string) bool { return b != BundleCompany && b != BundleContract })
	data := map[string]any{"Params": p.Hidden(), "Bundles": strings.Join(bundles, ", ")}
	if c == nil {
		return data
	}
	s.world.Lock()
	defer s.world.Unlock()
	data["Customer"] = publicCustomer(c)
	data["HasContract"] = c.Org != "" && c.Contract != ""
	data["NoRSCBundle"] = len(bundles) > 0 && len(rscBundles) == 0
	var states []sim.IntegrationState
	for _, st := range s.world.IntegrationsLocked(c) {
		if sim.InBundles(st.IntegrationType, rscBundles) {
			states = append(states, st)
		}
	}
	data["Integrations"] = states
	return data
}

func (s *Server) widgetOnboarding(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := widgetParamsOf(q)
	_, t, ok := s.widgetAuth(w, r, p)
	if !ok {
		return
	}
	data := s.onboardingData(p, t.c)
	if q.Get("event") == "integrate" && t.c != nil {
		s.world.Lock()
		data["Notify"] = map[string]any{"type": "rsc-integrate", "integrations": sim.RequestPayload(t.c, p.bundles())}
		s.world.Unlock()
	}
	widgetPages.Render(w, "onboarding", http.StatusOK, console.NewView(r, "LinkedIn Recruiter System Connect", data))
}

func (s *Server) widgetOnboardingAction(w http.ResponseWriter, r *http.Request, action string) {
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
		s.world.Lock()
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
			c = s.world.AttachLocked(a, s.world.R.Next("customer"), name, seats)
		}
		org, contract := c.Org, c.Contract
		s.world.Unlock()
		console.RedirectWith(w, r, back, fmt.Sprintf("Connected organization %s and contract %s.", org, contract), nil)
		return
	}
	if t.c == nil || t.org == "" || t.contract == "" {
		console.RedirectWith(w, r, back, "", console.FormError("Connect a Recruiter contract first."))
		return
	}
	switch action {
	case "request":
		reqs, err := s.RequestIntegrations(t.org, p.bundles()...)
		if err != nil {
			console.RedirectWith(w, r, back, "", err)
			return
		}
		console.RedirectWith(w, r, p.url("/_widgets/onboarding", "event", "integrate"),
			fmt.Sprintf("Requested %d integrations; the partner is told through data-onintegrate.", len(reqs)), nil)
	case "enable":
		itype := r.PostForm.Get("itype")
		ctx := string(t.org)
		if itype == sim.CSAAPI {
			ctx = string(t.contract)
		}
		on := r.PostForm.Get("enabled") == "true"
		var d delivery
		err := sim.CheckIntegrationKey(ctx, itype, sim.TenantRecruiter)
		if err == nil {
			d, err = s.world.SetIntegrationEnabled(r.Context(), ctx, itype, sim.TenantRecruiter, on)
		}
		if err != nil {
			console.RedirectWith(w, r, back, "", err)
			return
		}
		state := "Disabled"
		if on {
			state = "Enabled"
		}
		console.RedirectWith(w, r, back, fmt.Sprintf("%s %s; %s.", state, itype, console.DeliverySummary(d)), nil)
	}
}

// widgetDemo is an ATS page that embeds both widgets as LinkedIn's docs show.
func (s *Server) widgetDemo(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ctx, key, cand := q.Get("integrationContext"), q.Get("apiKey"), q.Get("atsCandidateId")
	s.world.Lock()
	var c *customerState
	switch {
	case ctx != "":
		c = s.world.R.Customer(ctx)
	case key != "" && s.auth.App(key) != nil:
		c = s.world.R.CustomerOf(s.auth.App(key))
	case s.def.Organization != "":
		c = s.world.R.Customer(string(s.def.Organization))
	case len(s.world.R.Customers()) > 0:
		c = s.world.R.Customers()[0]
	}
	if c != nil {
		ctx = cmp.Or(ctx, c.Org)
		key = cmp.Or(key, c.App.ClientID)
		if cand == "" {
			if es := s.sortedEntities(records.Candidate.Name, func(k rkey) bool { return k["ctx"] == ctx }); len(es) > 0 {
				cand = es[0].Key["cand"]
			}
		}
	}
	s.world.Unlock()
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
function link(member)   { console.log("Link callback", member); }
function unlink(member) { console.log("Unlink callback", member); }
</script>`, s.URL(), key, cand, ctx)
	widgetPages.Render(w, "demo", http.StatusOK, console.NewView(r, "Demo ATS page", map[string]any{
		// The in.js configuration is not JavaScript; key matched apiKeyRE.
		"ProfileConfig":    template.JS("\napi_key: " + key + "\nextensions: HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget\n"),
		"OnboardingConfig": template.JS("\napi_key: " + key + "\nextensions: ATSIntegrationWidget@https://platform.linkedin.com/rsc/extensions/onboarding-widget\n"),
		"Cand":             cand, "Ctx": ctx, "Snippet": snippet,
	}))
}

// unlink removes member from the candidate of key (sim.World.Unlink); a
// member not linked is a message for the widget's user.
func unlink(w *sim.World, key rkey, member string) error {
	err := w.Unlink(key, member)
	if errors.Is(err, sim.ErrNotLinked) {
		return console.FormError("That member is not linked to this candidate.")
	}
	return err
}
