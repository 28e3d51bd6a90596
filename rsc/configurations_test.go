package rsc

import (
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

// TestIntegrationConfigurationsOnRest: rest/integrationConfigurations is
// used only when asked (its key is undocumented), and LinkedIn's answer
// keys are matched tolerantly: a bare configuration name, or a key whose
// name field is spelled otherwise, still names its configuration.
func TestIntegrationConfigurationsOnRest(t *testing.T) {
	t.Parallel()
	cfgs := []model.IntegrationConfiguration{
		{Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter},
			Name: model.ConfigCallbackURL}, Value: model.ConfigurationValue{String: "https://ats.example.com/li"}},
		{Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeInATSIndicator, TenantType: model.TenantTypeRecruiter},
			Name: model.ConfigApplicationViewers}, Value: model.ConfigurationValue{String: model.AllProductUsers}},
	}
	// Default: /v2.
	c, f := setupDefault(t)
	if _, err := c.Configurations.BatchUpdate(t.Context(), cfgs[:1]); err != nil {
		t.Fatal(err)
	}
	if p := f.requests()[0].Path; p == "/rest/integrationConfigurations" {
		t.Errorf("configurations went to %s without WithRestFor", p)
	}
	c, f = setupDefault(t, WithRestFor("integrationConfigurations"))
	f.reply = func(captured) (int, string) {
		return 200, `{"results":{"CALLBACK_URL":{"status":204},
			"(integrationContext:urn%3Ali%3Aorganization%3A123,integrationType:IN_ATS_INDICATOR,tenantType:RECRUITER,key:APPLICATION_VIEWERS)":{"status":204}}}`
	}
	rs, err := c.Configurations.BatchUpdate(t.Context(), cfgs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Err != nil || r.Status != 204 {
			t.Errorf("%s: %d %v", r.Key.Name, r.Status, r.Err)
		}
	}
	r := f.requests()[0]
	if r.Path != "/rest/integrationConfigurations" || r.Header.Get("LinkedIn-Version") != DefaultAPIVersion ||
		r.Query != "ids=List((integrationContext:urn%3Ali%3Aorganization%3A123,integrationType:ONE_CLICK_EXPORT,tenantType:RECRUITER,configurationName:CALLBACK_URL),"+
			"(integrationContext:urn%3Ali%3Aorganization%3A123,integrationType:IN_ATS_INDICATOR,tenantType:RECRUITER,configurationName:APPLICATION_VIEWERS))" {
		t.Errorf("request %s?%s", r.Path, r.Query)
	}
	// LinkedIn lists no batch_delete there: deletes stay on /v2.
	if _, err := c.Configurations.BatchDelete(t.Context(), []model.ConfigurationKey{cfgs[0].Key}); err != nil {
		t.Fatal(err)
	}
	if p := f.requests()[1].Path; p == "/rest/integrationConfigurations" {
		t.Errorf("delete went to %s", p)
	}
	if _, err := NewClient(WithClientCredentials("a", "b"), WithRestFor("candidates")); err == nil {
		t.Error("WithRestFor accepted a resource that is /rest by default")
	}
}
