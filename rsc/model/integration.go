package model

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Integration is one customer integration (atsIntegrations). The ATS sets its
// IntegrationName with a partial update; a batch get returns it with a status.
type Integration struct {
	Key IntegrationKey `json:"-"`
	// IntegrationName is the name the customer's admin sees in Recruiter, for example
	// "Acme LinkedIn Recruiter One-Click Export Integration".
	IntegrationName string `json:"integrationName,omitempty"`
	// Status is the enablement status.
	// Assumption: LinkedIn's batch-get response fields are unpublished; a third-party
	// spec guesses "status": "ENABLED". Decoding also accepts "state" and
	// "integrationStatus".
	Status string `json:"status,omitempty"`
	// Raw is the whole JSON element as received, so callers can read unknown fields.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes an atsIntegrations element tolerantly and keeps it in Raw.
func (i *Integration) UnmarshalJSON(data []byte) error {
	o, err := decodeObject(data, "integration")
	if err != nil {
		return err
	}
	*i = Integration{
		Key:             i.Key,
		IntegrationName: o.str("integrationName", "name"),
		Status:          o.str("status", "state", "integrationStatus"),
		Raw:             rawCopy(data),
	}
	return nil
}

// Validate checks the key.
func (i Integration) Validate() error {
	var c checker
	i.Key.check(&c, "key.")
	c.text("integrationName", i.IntegrationName)
	c.text("status", i.Status)
	return c.result(i.Key.String)
}

// ConfigurationValue is the Rest.li union held by an integration configuration. Only
// the "string" member is documented: {"string": "..."}.
type ConfigurationValue struct {
	// String is the value of the "string" member.
	String string
	// Raw is the union as received. Unknown members are kept here; when String is
	// empty and Raw is set, MarshalJSON writes Raw back unchanged.
	Raw json.RawMessage
}

// MarshalJSON writes {"string": v.String}, or Raw when String is empty and Raw is set.
func (v ConfigurationValue) MarshalJSON() ([]byte, error) {
	if v.String == "" && len(v.Raw) > 0 {
		return v.Raw, nil
	}
	return json.Marshal(struct {
		String string `json:"string"`
	}{v.String})
}

// UnmarshalJSON reads the union; it also tolerates a bare JSON string. Other members
// are kept in Raw.
func (v *ConfigurationValue) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("rsc: decode configuration value: %w", err)
		}
		*v = ConfigurationValue{String: s, Raw: rawCopy(data)}
		return nil
	}
	o, err := decodeObject(data, "configuration value")
	if err != nil {
		return err
	}
	*v = ConfigurationValue{String: o.str("string"), Raw: rawCopy(data)}
	return nil
}

// IntegrationConfiguration is one configuration of an integration
// (atsIntegrations/{key}/configurations, batch_update).
type IntegrationConfiguration struct {
	Key   ConfigurationKey   `json:"-"`
	Value ConfigurationValue `json:"configurationValue"`
}

// Validate checks the key (paths "key.integration.*", "key.name") and the value:
// CALLBACK_URL must be an absolute https URL on port 80, 443 or none; the viewers
// configurations must be "ALL_PRODUCT_USERS".
func (cfg IntegrationConfiguration) Validate() error {
	var c checker
	cfg.Key.check(&c)
	const path = "configurationValue.string"
	v := cfg.Value.String
	switch cfg.Key.Name {
	case ConfigCallbackURL:
		if !c.required(path, v) {
			break
		}
		u, ok := absoluteURL(v)
		switch {
		case !ok || u.Scheme != "https":
			c.add(path, msgCallbackHTTPS)
		case u.Port() != "" && u.Port() != "80" && u.Port() != "443":
			c.add(path, msgCallbackPort)
		}
	case ConfigJobPostingViewers, ConfigApplicationViewers:
		if v != AllProductUsers {
			c.add(path, msgViewers)
		}
	default:
		c.text(path, v)
	}
	return c.result(cfg.Key.String)
}
