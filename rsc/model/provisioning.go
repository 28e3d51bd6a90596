package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// redacted is what a Secret shows instead of its value.
const redacted = "[redacted]"

// Secret is a credential such as a client secret. It prints (every fmt verb), logs
// (log/slog) and marshals to JSON as "[redacted]"; only Reveal returns the value.
// It unmarshals from a plain JSON string, except "[redacted]" itself, which is an
// error: that is what json.Marshal wrote, not the secret.
//
// So json.Marshal never persists a Secret. To store one (encrypted, in a secret
// manager or a database column), save the string Reveal returns and build the
// Secret again from it with Secret(stored).
type Secret string

// Reveal returns the secret value.
func (s Secret) Reveal() string { return string(s) }

// String returns "[redacted]".
func (Secret) String() string { return redacted }

// GoString returns "[redacted]".
func (Secret) GoString() string { return redacted }

// Format writes "[redacted]" for every verb and flag.
func (Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue returns "[redacted]", so log/slog never records the value.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON writes the JSON string "[redacted]".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// UnmarshalJSON reads a plain JSON string. It rejects "[redacted]", the
// placeholder MarshalJSON writes, so that credentials stored with json.Marshal
// fail loudly instead of coming back without their secret.
func (s *Secret) UnmarshalJSON(data []byte) error {
	var v string
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("rsc: decode secret: %w", err)
	}
	if v == redacted {
		return errors.New(`rsc: decode secret: got the placeholder "[redacted]" that Secret marshals to, not a secret; ` +
			"persist the value of Secret.Reveal() instead of the JSON of a Secret or Credentials")
	}
	*s = Secret(v)
	return nil
}

// Credentials are a child application's OAuth client credentials, as the
// provisioning API returns them. Their JSON (and every printed or logged form)
// redacts ClientSecret, and that JSON cannot be decoded back: to store
// credentials, persist ClientID and ClientSecret.Reveal(), and rebuild them as
// Credentials{ClientID: id, ClientSecret: Secret(secret)} or pass both to
// rsc.WithClientCredentials.
type Credentials struct {
	ClientID     string `json:"client_id"`
	ClientSecret Secret `json:"client_secret"`
}

// ProvisionedApplication is a customer's child application
// (provisionedApplications). As a create request it carries UniqueForeignID, Name,
// Description and optionally the URL lists; LinkedIn's answer adds Key and
// Credentials.
type ProvisionedApplication struct {
	// Key is the application URN, urn:li:developerApplication:{id}.
	Key URN `json:"key,omitempty"`
	// UniqueForeignID is the ATS's id of the customer instance, unique among the
	// parent's children.
	UniqueForeignID string `json:"uniqueForeignId"`
	// Name is shown on the consent screen: "{ATS Name} - {Customer Name}", at most 50
	// characters, without the word "LinkedIn".
	Name string `json:"name"`
	// Description is admin-only text.
	Description string `json:"description"`
	// OAuth2AuthorizedCallbackURLs are fully qualified redirect URLs.
	OAuth2AuthorizedCallbackURLs []string `json:"oauth2AuthorizedCallbackUrls,omitempty"`
	// ValidJSSDKDomains are fully qualified domains that host the widgets, without a
	// trailing "/".
	ValidJSSDKDomains []string `json:"validJsSdkDomains,omitempty"`
	// Credentials are returned by LinkedIn; they are never sent.
	Credentials *Credentials `json:"credentials,omitempty"`
}

// Validate applies the provisioning create-request rules.
func (p ProvisionedApplication) Validate() error {
	var c checker
	c.urn("key", p.Key, URNTypeDeveloperApplication, false)
	c.required("uniqueForeignId", p.UniqueForeignID)
	if c.required("name", p.Name) {
		c.maxRunes("name", p.Name, 50)
		if strings.Contains(strings.ToLower(p.Name), "linkedin") {
			c.add("name", msgNoLinkedIn)
		}
	}
	c.required("description", p.Description)
	for i, s := range p.OAuth2AuthorizedCallbackURLs {
		old := c.enter("oauth2AuthorizedCallbackUrls", i)
		if c.required("", s) {
			if _, ok := absoluteURL(s); !ok {
				c.add("", msgAbsoluteURL)
			}
		}
		c.leave(old)
	}
	for i, s := range p.ValidJSSDKDomains {
		old := c.enter("validJsSdkDomains", i)
		if c.required("", s) {
			if _, ok := absoluteURL(s); !ok {
				c.add("", msgAbsoluteURL)
			} else if strings.HasSuffix(s, "/") {
				c.add("", msgTrailingSlash)
			}
		}
		c.leave(old)
	}
	return c.result(func() string { return pairs("uniqueForeignId", p.UniqueForeignID) })
}
