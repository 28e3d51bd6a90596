package connect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/rsckit/rsckit/rsc/model"
)

// ErrMalformedCallback is returned (wrapped) for a widget callback body that
// cannot be what LinkedIn's widget passed: not JSON, the wrong shape, too
// large, or values that are not URNs and enumeration names.
var ErrMalformedCallback = errors.New("malformed widget callback")

// Limits on what a widget callback may carry.
const (
	// MaxCallbackBytes bounds a callback body.
	MaxCallbackBytes = 64 << 10
	// MaxCallbackIntegrations bounds the integrations of one data-onintegrate call.
	MaxCallbackIntegrations = 50
	maxConfigurations       = 50
	maxConfigValue          = 2048
)

// RequestedIntegration is one element of the data-onintegrate callback: an
// integration the customer's admin requested in the onboarding widget.
type RequestedIntegration struct {
	Key model.IntegrationKey
	// OnboardingStatus is the status the widget reported, for example
	// "REQUESTED"; informational only. The enablement itself is read from
	// LinkedIn (Refresh), never taken from the browser.
	OnboardingStatus string
}

// integrationWire is the element shape of LinkedIn's onboarding simulator
// (answers-2026-12 S6): integrationContext, integrationType and tenantType,
// with onboardingStatus on the sibling job-posting widget.
type integrationWire struct {
	IntegrationContext *string `json:"integrationContext"`
	IntegrationType    *string `json:"integrationType"`
	TenantType         *string `json:"tenantType"`
	OnboardingStatus   *string `json:"onboardingStatus"`
}

// ParseIntegrate reads the argument of the data-onintegrate callback as the
// host's page posted it (JSON.stringify of the argument). It accepts the
// documented array of {integrationContext, integrationType, tenantType,
// onboardingStatus}, ignores unknown fields, and also accepts a single such
// object or {"integrations": [...]}.
//
// Assumption: an element without tenantType is RECRUITER (every RSC key has
// it; LinkedIn's simulator reads it from each element, so it is normally
// present).
//
// Every element must name a well-formed context URN (organization, or
// contract for CSA_API), an upper-case integration type and a known tenant
// type; anything else fails the whole call with ErrMalformedCallback and
// the element's index. Unknown integration types pass (the widget offers
// more bundles than RSC); Onboarding.Request ignores them. Duplicates are
// merged. The result is sorted by key.
func ParseIntegrate(body []byte) ([]RequestedIntegration, error) {
	raws, err := callbackElements(body)
	if err != nil {
		return nil, err
	}
	seen := map[model.IntegrationKey]bool{}
	var out []RequestedIntegration
	for i, raw := range raws {
		var w integrationWire
		if err := json.Unmarshal(raw, &w); err != nil || bytes.TrimSpace(raw)[0] != '{' {
			return nil, malformed("integrations[%d]: not an object with string fields", i)
		}
		key, err := wireKey(w.IntegrationContext, w.IntegrationType, w.TenantType)
		if err != nil {
			return nil, malformed("integrations[%d]: %s", i, err)
		}
		status := ""
		if w.OnboardingStatus != nil {
			status = *w.OnboardingStatus
			if status != "" && !enumPattern.MatchString(status) {
				return nil, malformed("integrations[%d]: onboardingStatus must be an upper-case enumeration name", i)
			}
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, RequestedIntegration{Key: key, OnboardingStatus: status})
	}
	sort.Slice(out, func(i, j int) bool { return keyLess(out[i].Key, out[j].Key) })
	return out, nil
}

// callbackElements splits a data-onintegrate body into its elements.
func callbackElements(body []byte) ([]json.RawMessage, error) {
	if len(body) > MaxCallbackBytes {
		return nil, malformed("body of %d bytes exceeds %d", len(body), MaxCallbackBytes)
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, malformed("empty body")
	}
	var raws []json.RawMessage
	switch body[0] {
	case '[':
		if err := json.Unmarshal(body, &raws); err != nil {
			return nil, malformed("not a JSON array of objects")
		}
	case '{':
		var wrap struct {
			Integrations *[]json.RawMessage `json:"integrations"`
		}
		if err := json.Unmarshal(body, &wrap); err != nil {
			return nil, malformed("not a JSON object")
		}
		if wrap.Integrations != nil {
			raws = *wrap.Integrations
		} else {
			raws = []json.RawMessage{body}
		}
	default:
		return nil, malformed("expected a JSON array of integrations")
	}
	switch {
	case len(raws) == 0:
		return nil, malformed("no integrations")
	case len(raws) > MaxCallbackIntegrations:
		return nil, malformed("%d integrations exceed %d", len(raws), MaxCallbackIntegrations)
	}
	for i, r := range raws {
		if t := bytes.TrimSpace(r); len(t) == 0 || t[0] != '{' {
			return nil, malformed("integrations[%d]: not an object", i)
		}
	}
	return raws, nil
}

// wireKey checks the three key fields of a callback element.
func wireKey(ctx, typ, tenant *string) (model.IntegrationKey, error) {
	if ctx == nil || *ctx == "" {
		return model.IntegrationKey{}, errors.New("integrationContext is required")
	}
	u, err := model.ParseURN(*ctx)
	if err != nil || len(*ctx) > 200 {
		return model.IntegrationKey{}, errors.New("integrationContext is not a LinkedIn URN")
	}
	if typ == nil || !enumPattern.MatchString(*typ) {
		return model.IntegrationKey{}, errors.New("integrationType must be an upper-case enumeration name")
	}
	tt := model.TenantTypeRecruiter
	if tenant != nil {
		tt = model.TenantType(*tenant)
	}
	if !tt.Valid() {
		return model.IntegrationKey{}, fmt.Errorf("tenantType must be %s or %s", model.TenantTypeRecruiter, model.TenantTypeJobs)
	}
	k := model.IntegrationKey{IntegrationContext: u, IntegrationType: model.IntegrationType(*typ), TenantType: tt}
	switch want := contextType(k.IntegrationType); {
	case u.IsType(want):
	case want == model.URNTypeContract:
		return k, fmt.Errorf("integrationContext of %s must be a contract URN", k.IntegrationType)
	case !u.IsType(model.URNTypeOrganization) && !u.IsType(model.URNTypeContract):
		return k, errors.New("integrationContext must be an organization or contract URN")
	default:
		// An unknown type in either context passes: it is ignored later.
		if k.IntegrationType.Valid() {
			return k, fmt.Errorf("integrationContext of %s must be an organization URN", k.IntegrationType)
		}
	}
	return k, nil
}

// contextType is the URN type of an integration type's context: contract
// for CSA_API, organization otherwise.
func contextType(t model.IntegrationType) string {
	if t == model.IntegrationTypeCSAAPI {
		return model.URNTypeContract
	}
	return model.URNTypeOrganization
}

// ConfigChange is the argument of the data-onconfigchange callback: the
// configuration values of one integration as the admin set them in the
// widget (answers-2026-12 S6).
type ConfigChange struct {
	Key model.IntegrationKey
	// Configuration maps configuration names (CALLBACK_URL, ...) to values.
	Configuration map[string]string
}

// ParseConfigChange reads the argument of data-onconfigchange: one object
// {integrationContext, integrationType, tenantType, configuration: {name:
// value}}.
//
// Assumption: a value is a plain string or the Rest.li union {"string": v}
// (the notes leave it open); other shapes are refused.
func ParseConfigChange(body []byte) (ConfigChange, error) {
	if len(body) > MaxCallbackBytes {
		return ConfigChange{}, malformed("body of %d bytes exceeds %d", len(body), MaxCallbackBytes)
	}
	var w struct {
		integrationWire
		Configuration map[string]json.RawMessage `json:"configuration"`
	}
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' || json.Unmarshal(t, &w) != nil {
		return ConfigChange{}, malformed("expected one JSON object")
	}
	key, err := wireKey(w.IntegrationContext, w.IntegrationType, w.TenantType)
	if err != nil {
		return ConfigChange{}, malformed("%s", err)
	}
	if len(w.Configuration) > maxConfigurations {
		return ConfigChange{}, malformed("%d configuration values exceed %d", len(w.Configuration), maxConfigurations)
	}
	cc := ConfigChange{Key: key, Configuration: make(map[string]string, len(w.Configuration))}
	for name, raw := range w.Configuration {
		if !enumPattern.MatchString(name) {
			return ConfigChange{}, malformed("configuration name %q must be an upper-case enumeration name", name)
		}
		v, ok := configValue(raw)
		if !ok {
			return ConfigChange{}, malformed("configuration %s: value must be a string or {\"string\": ...}", name)
		}
		if len(v) > maxConfigValue {
			return ConfigChange{}, malformed("configuration %s: value longer than %d bytes", name, maxConfigValue)
		}
		cc.Configuration[name] = v
	}
	return cc, nil
}

// configValue reads a plain JSON string or the union {"string": v}.
func configValue(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var u struct {
		String *string `json:"string"`
	}
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' && json.Unmarshal(t, &u) == nil && u.String != nil {
		return *u.String, true
	}
	return "", false
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("connect: %s: %w", fmt.Sprintf(format, args...), ErrMalformedCallback)
}

func keyLess(a, b model.IntegrationKey) bool {
	if a.IntegrationContext != b.IntegrationContext {
		return a.IntegrationContext < b.IntegrationContext
	}
	if a.IntegrationType != b.IntegrationType {
		return a.IntegrationType < b.IntegrationType
	}
	return a.TenantType < b.TenantType
}
