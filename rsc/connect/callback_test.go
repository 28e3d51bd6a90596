package connect

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/rsc/model"
)

const (
	testOrg      = model.URN("urn:li:organization:123")
	testContract = model.URN("urn:li:contract:77")
)

func key(ctx model.URN, t model.IntegrationType) model.IntegrationKey {
	return model.IntegrationKey{IntegrationContext: ctx, IntegrationType: t, TenantType: model.TenantTypeRecruiter}
}

func TestParseIntegrate(t *testing.T) {
	t.Parallel()
	want := []RequestedIntegration{
		{Key: key(testContract, model.IntegrationTypeCSAAPI), OnboardingStatus: "REQUESTED"},
		{Key: key(testOrg, model.IntegrationTypeInATSIndicator)},
		{Key: key(testOrg, model.IntegrationTypeOneClickExport), OnboardingStatus: "REQUESTED"},
	}
	bodies := map[string]string{
		"array (S6 shape)": `[
			{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","tenantType":"RECRUITER","onboardingStatus":"REQUESTED","extra":{"x":1}},
			{"integrationContext":"urn:li:organization:123","integrationType":"IN_ATS_INDICATOR","tenantType":"RECRUITER"},
			{"integrationContext":"urn:li:contract:77","integrationType":"CSA_API","tenantType":"RECRUITER","onboardingStatus":"REQUESTED"},
			{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","tenantType":"RECRUITER"}]`,
		"wrapped, tenantType absent": `{"integrations":[
			{"integrationContext":"urn:li:contract:77","integrationType":"CSA_API","onboardingStatus":"REQUESTED"},
			{"integrationContext":"urn:li:organization:123","integrationType":"IN_ATS_INDICATOR"},
			{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","onboardingStatus":"REQUESTED"}]}`,
	}
	for name, body := range bodies {
		got, err := ParseIntegrate([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: (-want +got)\n%s", name, d)
		}
	}
	one, err := ParseIntegrate([]byte(`{"integrationContext":"urn:li:organization:123","integrationType":"LINKEDIN_MATCH","tenantType":"RECRUITER"}`))
	if err != nil || len(one) != 1 || one[0].Key.IntegrationType != "LINKEDIN_MATCH" {
		t.Errorf("single object with unknown type: %+v %v", one, err)
	}
}

func TestParseIntegrateRefusesMalformed(t *testing.T) {
	t.Parallel()
	bad := map[string]string{
		"empty":                 ``,
		"not json":              `integrationRequest(1)`,
		"string":                `"urn:li:organization:1"`,
		"empty array":           `[]`,
		"array of strings":      `["urn:li:organization:123"]`,
		"context missing":       `[{"integrationType":"ONE_CLICK_EXPORT"}]`,
		"context not a URN":     `[{"integrationContext":"123","integrationType":"ONE_CLICK_EXPORT"}]`,
		"context with space":    `[{"integrationContext":"urn:li:organization:1 2","integrationType":"ONE_CLICK_EXPORT"}]`,
		"context member":        `[{"integrationContext":"urn:li:person:1","integrationType":"ONE_CLICK_EXPORT"}]`,
		"CSA_API on org":        `[{"integrationContext":"urn:li:organization:123","integrationType":"CSA_API"}]`,
		"OCE on contract":       `[{"integrationContext":"urn:li:contract:7","integrationType":"ONE_CLICK_EXPORT"}]`,
		"type lower case":       `[{"integrationContext":"urn:li:organization:123","integrationType":"one_click_export"}]`,
		"type injection":        `[{"integrationContext":"urn:li:organization:123","integrationType":"<script>"}]`,
		"type a number":         `[{"integrationContext":"urn:li:organization:123","integrationType":7}]`,
		"tenant type unknown":   `[{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","tenantType":"ADMIN"}]`,
		"status not enum":       `[{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","onboardingStatus":"ok!"}]`,
		"second element broken": `[{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT"}, 5]`,
		"too many":              "[" + strings.Repeat(`{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT"},`, MaxCallbackIntegrations) + `{}]`,
		"too large":             `[` + strings.Repeat(" ", MaxCallbackBytes) + `]`,
	}
	for name, body := range bad {
		got, err := ParseIntegrate([]byte(body))
		if !errors.Is(err, ErrMalformedCallback) || got != nil {
			t.Errorf("%s: got %+v, %v; want ErrMalformedCallback", name, got, err)
		}
	}
}

func TestParseConfigChange(t *testing.T) {
	t.Parallel()
	got, err := ParseConfigChange([]byte(`{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","tenantType":"RECRUITER",
		"configuration":{"CALLBACK_URL":"https://ats.example/cb","JOB_POSTING_VIEWERS":{"string":"ALL_PRODUCT_USERS"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := ConfigChange{Key: key(testOrg, model.IntegrationTypeOneClickExport),
		Configuration: map[string]string{"CALLBACK_URL": "https://ats.example/cb", "JOB_POSTING_VIEWERS": "ALL_PRODUCT_USERS"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	for name, body := range map[string]string{
		"array":        `[{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT"}]`,
		"number value": `{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","configuration":{"CALLBACK_URL":5}}`,
		"int union":    `{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","configuration":{"CALLBACK_URL":{"int":5}}}`,
		"bad name":     `{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","configuration":{"x y":"v"}}`,
		"no context":   `{"integrationType":"ONE_CLICK_EXPORT","configuration":{}}`,
		"long value":   `{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","configuration":{"CALLBACK_URL":"` + strings.Repeat("a", 3000) + `"}}`,
	} {
		if _, err := ParseConfigChange([]byte(body)); !errors.Is(err, ErrMalformedCallback) {
			t.Errorf("%s: %v; want ErrMalformedCallback", name, err)
		}
	}
}
