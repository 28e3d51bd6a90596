package connect

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

// Errors of the onboarding transitions. Each is returned wrapped, with the
// offending key, and the Onboarding is returned unchanged.
var (
	// ErrForeignContext: a callback or status names an organization that is
	// not the tenant's (a forged or misrouted callback).
	ErrForeignContext = errors.New("integration context is not the tenant's")
	// ErrUnknownContract: the contract was never added, or was removed already.
	ErrUnknownContract = errors.New("unknown contract")
	// ErrInvalidOnboarding: a stored Onboarding (or the arguments of
	// NewOnboarding) is not well formed.
	ErrInvalidOnboarding = errors.New("invalid onboarding state")
)

// IntegrationState is where one integration of a tenant stands.
type IntegrationState string

// Integration states.
const (
	// StateRequested: the admin requested it in the widget; LinkedIn has not
	// reported it enabled.
	StateRequested IntegrationState = "REQUESTED"
	// StateEnabled: LinkedIn reports it enabled (the Recruiter admin switched
	// on the access level).
	StateEnabled IntegrationState = "ENABLED"
	// StateDisabled: LinkedIn reports it disabled, or its contract was removed.
	StateDisabled IntegrationState = "DISABLED"
)

func (s IntegrationState) valid() bool {
	return s == StateRequested || s == StateEnabled || s == StateDisabled
}

// Phase is the overall onboarding state of a tenant, for an admin page.
type Phase string

// Phases, in the order a customer normally goes through them.
const (
	PhaseNotStarted  Phase = "NOT_STARTED"
	PhaseWidgetShown Phase = "WIDGET_SHOWN"
	PhaseRequested   Phase = "REQUESTED"
	PhaseEnabled     Phase = "ENABLED"
	PhaseDisabled    Phase = "DISABLED"
)

// IntegrationRecord is the state of one integration of a tenant.
type IntegrationRecord struct {
	Key   model.IntegrationKey
	State IntegrationState
	// Since is when State was entered.
	Since time.Time
}

// ContractRecord is one Recruiter contract of a tenant. A customer may
// onboard several contracts (RSC-103).
type ContractRecord struct {
	Contract model.URN
	AddedAt  time.Time
	// RemovedAt is when the contract was removed; zero while it is active.
	RemovedAt time.Time
}

// Active reports whether the contract has not been removed.
func (c ContractRecord) Active() bool { return c.RemovedAt.IsZero() }

// Onboarding is the onboarding state of one tenant: a plain value. Every
// transition returns a new Onboarding and leaves the receiver untouched, so
// a host loads it, applies a transition, and stores the result (its JSON
// form) in the same transaction; a transition that fails returns the
// receiver unchanged and an error. Transitions take the time from the
// caller: the type reads no clock.
//
// Only LinkedIn enables an integration: Observe and Refresh take statuses
// LinkedIn returned, while the widget's callback (Request) can only mark
// integrations requested. A forged callback can therefore never start a
// sync.
type Onboarding struct {
	// TenantID is the host's id of the tenant (rscsync.Tenant.ID).
	TenantID string
	// Organization is the tenant's organization URN.
	Organization model.URN
	// WidgetShownAt is when the onboarding widget was first shown; zero if never.
	WidgetShownAt time.Time
	// Integrations are sorted by key.
	Integrations []IntegrationRecord
	// Contracts are sorted by URN.
	Contracts []ContractRecord
	// UpdatedAt is the time of the last transition.
	UpdatedAt time.Time
}

// NewOnboarding returns the state of a tenant that has not started.
func NewOnboarding(tenantID string, organization model.URN) (Onboarding, error) {
	o := Onboarding{TenantID: tenantID, Organization: organization}
	return o, o.Validate()
}

// Validate checks the tenant id, the organization URN, and that every
// integration and contract is well formed and belongs to the tenant.
func (o Onboarding) Validate() error {
	if o.TenantID == "" {
		return fmt.Errorf("connect: onboarding needs a tenant id: %w", ErrInvalidOnboarding)
	}
	if !o.Organization.IsType(model.URNTypeOrganization) {
		return fmt.Errorf("connect: onboarding of %q: organization %q is not an organization URN: %w", o.TenantID, o.Organization, ErrInvalidOnboarding)
	}
	seen := map[model.IntegrationKey]bool{}
	for _, r := range o.Integrations {
		if seen[r.Key] {
			return fmt.Errorf("connect: onboarding of %q: integration %s listed twice: %w", o.TenantID, keyString(r.Key), ErrInvalidOnboarding)
		}
		seen[r.Key] = true
		if !r.State.valid() {
			return fmt.Errorf("connect: onboarding of %q: integration %s has unknown state %q: %w", o.TenantID, keyString(r.Key), r.State, ErrInvalidOnboarding)
		}
		if err := o.owns(r.Key); err != nil {
			return fmt.Errorf("%w: %w", err, ErrInvalidOnboarding)
		}
	}
	contracts := map[model.URN]bool{}
	for _, c := range o.Contracts {
		if contracts[c.Contract] {
			return fmt.Errorf("connect: onboarding of %q: contract %s listed twice: %w", o.TenantID, c.Contract, ErrInvalidOnboarding)
		}
		contracts[c.Contract] = true
		if !c.Contract.IsType(model.URNTypeContract) {
			return fmt.Errorf("connect: onboarding of %q: %q is not a contract URN: %w", o.TenantID, c.Contract, ErrInvalidOnboarding)
		}
	}
	return nil
}

// owns checks that k is an RSC integration of this tenant.
func (o Onboarding) owns(k model.IntegrationKey) error {
	if k.TenantType != model.TenantTypeRecruiter || !k.IntegrationType.Valid() {
		return fmt.Errorf("connect: %s is not a Recruiter System Connect integration", keyString(k))
	}
	if want := contextType(k.IntegrationType); !k.IntegrationContext.IsType(want) {
		return fmt.Errorf("connect: %s: the context of %s must be a %s URN: %w", keyString(k), k.IntegrationType, want, ErrForeignContext)
	}
	if k.IntegrationContext.IsType(model.URNTypeOrganization) && k.IntegrationContext != o.Organization {
		return fmt.Errorf("connect: %s: tenant %q is %s: %w", keyString(k), o.TenantID, o.Organization, ErrForeignContext)
	}
	return nil
}

// rscType reports whether t is tracked: the RSC integration types.
func rscType(k model.IntegrationKey) bool {
	return k.TenantType == model.TenantTypeRecruiter && k.IntegrationType.Valid() &&
		k.IntegrationType != model.IntegrationTypeApplyConnect && k.IntegrationType != model.IntegrationTypeApplyWithLinkedIn
}

func (o Onboarding) clone() Onboarding {
	o.Integrations = slices.Clone(o.Integrations)
	o.Contracts = slices.Clone(o.Contracts)
	return o
}

// ShowWidget records that the onboarding widget was shown (the first time
// counts; later calls only move UpdatedAt).
func (o Onboarding) ShowWidget(at time.Time) Onboarding {
	o = o.clone()
	if o.WidgetShownAt.IsZero() {
		o.WidgetShownAt = at
	}
	o.UpdatedAt = at
	return o
}

// Request applies a data-onintegrate callback (see ParseIntegrate): each RSC
// integration becomes REQUESTED unless LinkedIn already reports it enabled,
// and the contract of a CSA_API request is added. Integrations that are not
// RSC's (Apply programs, unknown types, tenantType JOBS) are ignored. If any
// RSC element names another organization than the tenant's, the whole call
// fails with ErrForeignContext and nothing changes.
func (o Onboarding) Request(reqs []RequestedIntegration, at time.Time) (Onboarding, error) {
	for _, r := range reqs {
		if !rscType(r.Key) {
			continue
		}
		if err := o.owns(r.Key); err != nil {
			return o, err
		}
	}
	n := o.clone()
	if n.WidgetShownAt.IsZero() {
		n.WidgetShownAt = at
	}
	for _, r := range reqs {
		if !rscType(r.Key) {
			continue
		}
		if r.Key.IntegrationType == model.IntegrationTypeCSAAPI {
			n = n.addContract(r.Key.IntegrationContext, at)
		}
		if cur, ok := n.state(r.Key); ok && cur == StateEnabled {
			continue
		}
		n = n.set(r.Key, StateRequested, at)
	}
	n.UpdatedAt = at
	return n, nil
}

// Observe applies an enablement status LinkedIn reported for one integration
// (model.Integration.Status from rsc's Integrations.BatchGet or
// FindByRequest). LinkedIn is authoritative: an integration it reports
// enabled becomes ENABLED even if the widget never reported the request, and
// the contract of an enabled CSA_API integration is added, unless the host
// removed that contract (RemoveContract): then the status is ignored until
// AddContract or a new widget request brings it back. A status that is
// neither enabled nor disabled (for example a pending one) changes nothing.
//
// Assumption: LinkedIn's status values are unpublished; "ENABLED" and
// "ACTIVE" read as enabled, "DISABLED", "INACTIVE", "REVOKED" and "REMOVED"
// as disabled, compared case-insensitively.
func (o Onboarding) Observe(k model.IntegrationKey, status string, at time.Time) (Onboarding, error) {
	if err := o.owns(k); err != nil {
		return o, err
	}
	var st IntegrationState
	switch strings.ToUpper(strings.TrimSpace(status)) {
	case "ENABLED", "ACTIVE":
		st = StateEnabled
	case "DISABLED", "INACTIVE", "REVOKED", "REMOVED":
		st = StateDisabled
	default:
		return o, nil
	}
	if k.IntegrationType == model.IntegrationTypeCSAAPI && o.contractRemoved(k.IntegrationContext) {
		return o, nil // the host removed it; only AddContract or a new request brings it back
	}
	n := o.clone()
	if k.IntegrationType == model.IntegrationTypeCSAAPI {
		if st == StateEnabled {
			n = n.addContract(k.IntegrationContext, at)
		} else if _, ok := n.state(k); !ok {
			return o, nil // a contract never seen, reported disabled: nothing to record
		}
	}
	if cur, ok := n.state(k); ok && cur == st {
		return o, nil
	}
	n = n.set(k, st, at)
	n.UpdatedAt = at
	return n, nil
}

// contractRemoved reports whether the contract is known and removed.
func (o Onboarding) contractRemoved(contract model.URN) bool {
	i := slices.IndexFunc(o.Contracts, func(c ContractRecord) bool { return c.Contract == contract })
	return i >= 0 && !o.Contracts[i].Active()
}

// AddContract adds a Recruiter contract (RSC-103: several per customer). A
// removed contract is added again. Adding an active contract changes nothing.
func (o Onboarding) AddContract(contract model.URN, at time.Time) (Onboarding, error) {
	if !contract.IsType(model.URNTypeContract) {
		return o, fmt.Errorf("connect: %q is not a contract URN (urn:li:contract:{id}): %w", contract, ErrUnknownContract)
	}
	n := o.clone().addContract(contract, at)
	n.UpdatedAt = at
	return n, nil
}

func (o Onboarding) addContract(contract model.URN, at time.Time) Onboarding {
	i, ok := slices.BinarySearchFunc(o.Contracts, contract, func(c ContractRecord, u model.URN) int { return strings.Compare(string(c.Contract), string(u)) })
	switch {
	case !ok:
		o.Contracts = slices.Insert(o.Contracts, i, ContractRecord{Contract: contract, AddedAt: at})
	case !o.Contracts[i].Active():
		o.Contracts[i] = ContractRecord{Contract: contract, AddedAt: at}
	}
	return o
}

// RemoveContract removes a contract (the customer ended it, or asked to
// disconnect it): its CSA_API integration becomes DISABLED, so the engines
// stop reading its seats, InMails, notes and stubs. Removing a contract that
// is unknown or already removed fails with ErrUnknownContract.
func (o Onboarding) RemoveContract(contract model.URN, at time.Time) (Onboarding, error) {
	i := slices.IndexFunc(o.Contracts, func(c ContractRecord) bool { return c.Contract == contract })
	if i < 0 || !o.Contracts[i].Active() {
		return o, fmt.Errorf("connect: remove contract %q from tenant %q: %w", contract, o.TenantID, ErrUnknownContract)
	}
	n := o.clone()
	n.Contracts[i].RemovedAt = at
	k := model.IntegrationKey{IntegrationContext: contract, IntegrationType: model.IntegrationTypeCSAAPI, TenantType: model.TenantTypeRecruiter}
	if _, ok := n.state(k); ok {
		n = n.set(k, StateDisabled, at)
	}
	n.UpdatedAt = at
	return n, nil
}

func (o Onboarding) state(k model.IntegrationKey) (IntegrationState, bool) {
	for _, r := range o.Integrations {
		if r.Key == k {
			return r.State, true
		}
	}
	return "", false
}

// set assumes o is already a clone.
func (o Onboarding) set(k model.IntegrationKey, st IntegrationState, at time.Time) Onboarding {
	for i := range o.Integrations {
		if o.Integrations[i].Key == k {
			if o.Integrations[i].State != st {
				o.Integrations[i] = IntegrationRecord{Key: k, State: st, Since: at}
			}
			return o
		}
	}
	o.Integrations = append(o.Integrations, IntegrationRecord{Key: k, State: st, Since: at})
	sort.Slice(o.Integrations, func(i, j int) bool { return keyLess(o.Integrations[i].Key, o.Integrations[j].Key) })
	return o
}

// companyTypes are the integrations company-level access switches on.
//
// Assumption: the tenant may sync once any of them is enabled. LinkedIn
// enables them together ("Company-level access"), and reports their status
// per integration.
var companyTypes = []model.IntegrationType{model.IntegrationTypeOneClickExport, model.IntegrationTypeInATSIndicator, model.IntegrationTypeProfilePlugin}

// SyncEnabled reports whether LinkedIn has enabled the tenant's
// company-level integrations, so the engines may send its data.
func (o Onboarding) SyncEnabled() bool {
	for _, r := range o.Integrations {
		if r.State == StateEnabled && r.Key.IntegrationContext == o.Organization && slices.Contains(companyTypes, r.Key.IntegrationType) {
			return true
		}
	}
	return false
}

// ContractEnabled reports whether the contract is active and its CSA_API
// integration enabled (contract-level access), so the engines may read its
// seats, InMails, notes and stubs.
func (o Onboarding) ContractEnabled(contract model.URN) bool {
	i := slices.IndexFunc(o.Contracts, func(c ContractRecord) bool { return c.Contract == contract })
	if i < 0 || !o.Contracts[i].Active() {
		return false
	}
	st, _ := o.state(model.IntegrationKey{IntegrationContext: contract, IntegrationType: model.IntegrationTypeCSAAPI, TenantType: model.TenantTypeRecruiter})
	return st == StateEnabled
}

// Keys returns the integrations to ask LinkedIn about (see Refresh): the
// company-level integrations of the organization, CSA_API of each active
// contract, and every other integration already tracked.
func (o Onboarding) Keys() []model.IntegrationKey {
	seen := map[model.IntegrationKey]bool{}
	var keys []model.IntegrationKey
	add := func(k model.IntegrationKey) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, t := range companyTypes {
		add(model.IntegrationKey{IntegrationContext: o.Organization, IntegrationType: t, TenantType: model.TenantTypeRecruiter})
	}
	for _, c := range o.Contracts {
		if c.Active() {
			add(model.IntegrationKey{IntegrationContext: c.Contract, IntegrationType: model.IntegrationTypeCSAAPI, TenantType: model.TenantTypeRecruiter})
		}
	}
	for _, r := range o.Integrations {
		if r.Key.IntegrationType != model.IntegrationTypeCSAAPI || !o.contractRemoved(r.Key.IntegrationContext) {
			add(r.Key)
		}
	}
	return keys
}

// Status is what an admin page shows about a tenant's connection (RSC-101).
type Status struct {
	Phase Phase
	// Message is one English sentence for the admin.
	Message string
	// SyncEnabled: see Onboarding.SyncEnabled.
	SyncEnabled bool
	// EnabledContracts are the contracts with contract-level access.
	EnabledContracts []model.URN
	Integrations     []IntegrationRecord
	Contracts        []ContractRecord
}

// Status summarises the state for an admin page.
func (o Onboarding) Status() Status {
	s := Status{SyncEnabled: o.SyncEnabled(), Integrations: slices.Clone(o.Integrations), Contracts: slices.Clone(o.Contracts)}
	for _, c := range o.Contracts {
		if o.ContractEnabled(c.Contract) {
			s.EnabledContracts = append(s.EnabledContracts, c.Contract)
		}
	}
	requested := slices.ContainsFunc(o.Integrations, func(r IntegrationRecord) bool { return r.State == StateRequested })
	switch {
	case s.SyncEnabled:
		s.Phase = PhaseEnabled
		if n := len(s.EnabledContracts); n > 0 {
			s.Message = fmt.Sprintf("Enabled: contract-level access on %d contract(s); jobs, candidates and applications sync, and InMails, notes and stub profiles are read.", n)
		} else {
			s.Message = "Enabled: company-level access; jobs, candidates and applications sync."
		}
		if n := o.pendingContracts(); n > 0 {
			s.Message += fmt.Sprintf(" Contract-level access is requested but not yet switched on for %d contract(s).", n)
		}
	case requested:
		s.Phase = PhaseRequested
		s.Message = "Requested: a LinkedIn Recruiter admin must now switch the integration on (Recruiter, Admin Settings, ATS tab). Nothing is synced yet."
	case len(o.Integrations) > 0:
		s.Phase = PhaseDisabled
		s.Message = "Disabled in LinkedIn Recruiter: nothing is synced. Request the integration again in the LinkedIn widget."
	case !o.WidgetShownAt.IsZero():
		s.Phase = PhaseWidgetShown
		s.Message = "Not requested yet: sign in to LinkedIn in the widget and request Recruiter System Connect."
	default:
		s.Phase = PhaseNotStarted
		s.Message = "Not connected to LinkedIn Recruiter."
	}
	return s
}

// pendingContracts counts active contracts whose CSA_API is requested.
func (o Onboarding) pendingContracts() int {
	n := 0
	for _, c := range o.Contracts {
		st, _ := o.state(model.IntegrationKey{IntegrationContext: c.Contract, IntegrationType: model.IntegrationTypeCSAAPI, TenantType: model.TenantTypeRecruiter})
		if c.Active() && st == StateRequested {
			n++
		}
	}
	return n
}

// onboardingJSON is the stored form; version 1.
type onboardingJSON struct {
	Version       int               `json:"version"`
	TenantID      string            `json:"tenantId"`
	Organization  model.URN         `json:"organization"`
	WidgetShownAt time.Time         `json:"widgetShownAt,omitzero"`
	Integrations  []integrationJSON `json:"integrations,omitempty"`
	Contracts     []contractJSON    `json:"contracts,omitempty"`
	UpdatedAt     time.Time         `json:"updatedAt,omitzero"`
}

type integrationJSON struct {
	IntegrationContext model.URN             `json:"integrationContext"`
	IntegrationType    model.IntegrationType `json:"integrationType"`
	TenantType         model.TenantType      `json:"tenantType"`
	State              IntegrationState      `json:"state"`
	Since              time.Time             `json:"since,omitzero"`
}

type contractJSON struct {
	Contract  model.URN `json:"contract"`
	AddedAt   time.Time `json:"addedAt,omitzero"`
	RemovedAt time.Time `json:"removedAt,omitzero"`
}

// MarshalJSON writes the stored form, {"version": 1, "tenantId", ...}.
func (o Onboarding) MarshalJSON() ([]byte, error) {
	w := onboardingJSON{Version: 1, TenantID: o.TenantID, Organization: o.Organization, WidgetShownAt: o.WidgetShownAt, UpdatedAt: o.UpdatedAt}
	for _, r := range o.Integrations {
		w.Integrations = append(w.Integrations, integrationJSON{r.Key.IntegrationContext, r.Key.IntegrationType, r.Key.TenantType, r.State, r.Since})
	}
	for _, c := range o.Contracts {
		w.Contracts = append(w.Contracts, contractJSON(c))
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the stored form and validates it (ErrInvalidOnboarding).
func (o *Onboarding) UnmarshalJSON(data []byte) error {
	var w onboardingJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("connect: decode onboarding: %w", err)
	}
	if w.Version != 1 {
		return fmt.Errorf("connect: decode onboarding: version %d, want 1: %w", w.Version, ErrInvalidOnboarding)
	}
	v := Onboarding{TenantID: w.TenantID, Organization: w.Organization, WidgetShownAt: w.WidgetShownAt, UpdatedAt: w.UpdatedAt}
	for _, r := range w.Integrations {
		v.Integrations = append(v.Integrations, IntegrationRecord{
			Key:   model.IntegrationKey{IntegrationContext: r.IntegrationContext, IntegrationType: r.IntegrationType, TenantType: r.TenantType},
			State: r.State, Since: r.Since,
		})
	}
	for _, c := range w.Contracts {
		v.Contracts = append(v.Contracts, ContractRecord(c))
	}
	sort.Slice(v.Integrations, func(i, j int) bool { return keyLess(v.Integrations[i].Key, v.Integrations[j].Key) })
	sort.Slice(v.Contracts, func(i, j int) bool { return v.Contracts[i].Contract < v.Contracts[j].Contract })
	if err := v.Validate(); err != nil {
		return err
	}
	*o = v
	return nil
}

func keyString(k model.IntegrationKey) string {
	return fmt.Sprintf("%s/%s/%s", k.IntegrationContext, k.IntegrationType, k.TenantType)
}
