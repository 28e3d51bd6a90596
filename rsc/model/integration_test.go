package model

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func oneClickKey() IntegrationKey {
	return IntegrationKey{IntegrationContext: OrganizationURN("1000"), IntegrationType: IntegrationTypeOneClickExport, TenantType: TenantTypeRecruiter}
}

func validCallback() IntegrationConfiguration {
	return IntegrationConfiguration{
		Key:   ConfigurationKey{Integration: oneClickKey(), Name: ConfigCallbackURL},
		Value: ConfigurationValue{String: "https://ats.example.com/linkedin/push/customer-1"},
	}
}

func TestIntegrationConfigurationValidate(t *testing.T) {
	t.Parallel()
	const path = "configurationValue.string"
	runRules(t, validCallback, []ruleCase[IntegrationConfiguration]{
		{"port 443", func(c *IntegrationConfiguration) { c.Value.String = "https://ats.example.com:443/cb" }, nil},
		{"port 80", func(c *IntegrationConfiguration) { c.Value.String = "https://ats.example.com:80/cb" }, nil},
		{"port 8443", func(c *IntegrationConfiguration) { c.Value.String = "https://ats.example.com:8443/cb" }, one(path, "port must be 80 or 443")},
		{"http", func(c *IntegrationConfiguration) { c.Value.String = "http://ats.example.com/cb" }, one(path, "must be an absolute https URL")},
		{"relative", func(c *IntegrationConfiguration) { c.Value.String = "/cb" }, one(path, "must be an absolute https URL")},
		{"no host", func(c *IntegrationConfiguration) { c.Value.String = "https:///cb" }, one(path, "must be an absolute https URL")},
		{"empty", func(c *IntegrationConfiguration) { c.Value.String = "" }, one(path, "required")},
		{"NUL", func(c *IntegrationConfiguration) { c.Value.String = "https://a.b/\x00" }, one(path, "must not contain NUL bytes")},
		{"job viewers", func(c *IntegrationConfiguration) {
			c.Key.Name, c.Value.String = ConfigJobPostingViewers, AllProductUsers
		}, nil},
		{"job viewers ACL_BASED", func(c *IntegrationConfiguration) {
			c.Key.Name, c.Value.String = ConfigJobPostingViewers, "ACL_BASED"
		}, one(path, `must be "ALL_PRODUCT_USERS"`)},
		{"application viewers", func(c *IntegrationConfiguration) {
			c.Key.Integration.IntegrationType = IntegrationTypeInATSIndicator
			c.Key.Name, c.Value.String = ConfigApplicationViewers, AllProductUsers
		}, nil},
		{"application viewers empty", func(c *IntegrationConfiguration) {
			c.Key.Name, c.Value.String = ConfigApplicationViewers, ""
		}, one(path, `must be "ALL_PRODUCT_USERS"`)},
		{"bad name", func(c *IntegrationConfiguration) { c.Key.Name = "X" },
			one("key.name", "must be one of CALLBACK_URL, JOB_POSTING_VIEWERS, APPLICATION_VIEWERS")},
		{"bad key", func(c *IntegrationConfiguration) { c.Key.Integration.TenantType = "" }, one("key.integration.tenantType", "required")},
	})
}

func TestIntegrationValidate(t *testing.T) {
	t.Parallel()
	runRules(t, func() Integration {
		return Integration{Key: oneClickKey(), IntegrationName: "Acme LinkedIn Recruiter One-Click Export Integration"}
	}, []ruleCase[Integration]{
		{"csa with org", func(i *Integration) { i.Key.IntegrationType = IntegrationTypeCSAAPI },
			one("key.integrationContext", "must be a contract URN (urn:li:contract:{id})")},
		{"bad UTF-8 name", func(i *Integration) { i.IntegrationName = "\xff" }, one("integrationName", "must be valid UTF-8")},
	})
}

func TestConfigurationValueJSON(t *testing.T) {
	t.Parallel()
	body := `{"entities":{"CALLBACK_URL":{"configurationValue":{"string":"https://your-callback"}}}}`
	var got struct {
		Entities map[string]IntegrationConfiguration `json:"entities"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if v := got.Entities["CALLBACK_URL"].Value.String; v != "https://your-callback" {
		t.Errorf("String = %q", v)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, b, body)

	// Other union members are kept in Raw and written back unchanged.
	var other ConfigurationValue
	if err := json.Unmarshal([]byte(`{"long": 5}`), &other); err != nil {
		t.Fatal(err)
	}
	if other.String != "" || string(other.Raw) != `{"long": 5}` {
		t.Errorf("other member = %+v", other)
	}
	b, err = json.Marshal(other)
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, b, `{"long":5}`)

	// A bare string is tolerated.
	var bare ConfigurationValue
	if err := json.Unmarshal([]byte(`"ALL_PRODUCT_USERS"`), &bare); err != nil || bare.String != AllProductUsers {
		t.Errorf("bare = %+v, %v", bare, err)
	}
	// The zero value encodes as an empty string member.
	b, _ = json.Marshal(ConfigurationValue{})
	jsonEqual(t, b, `{"string":""}`)
	if err := json.Unmarshal([]byte(`[1]`), &bare); err == nil {
		t.Error("array: want error")
	}
}

func TestIntegrationJSON(t *testing.T) {
	t.Parallel()
	in := `{"integrationName":"Acme 1CE","status":"ENABLED","extra":{"a":1}}`
	i := Integration{Key: oneClickKey()}
	if err := json.Unmarshal([]byte(in), &i); err != nil {
		t.Fatal(err)
	}
	want := Integration{Key: oneClickKey(), IntegrationName: "Acme 1CE", Status: "ENABLED", Raw: json.RawMessage(in)}
	if diff := cmp.Diff(want, i); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var alt Integration
	if err := json.Unmarshal([]byte(`{"integrationName":"x","state":"DISABLED"}`), &alt); err != nil || alt.Status != "DISABLED" {
		t.Errorf("alt = %+v, %v", alt, err)
	}
	b, err := json.Marshal(Integration{Key: oneClickKey(), IntegrationName: "Acme 1CE", Raw: json.RawMessage(`{"x":1}`)})
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, b, `{"integrationName":"Acme 1CE"}`)
}
