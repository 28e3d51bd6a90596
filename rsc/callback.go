package rsc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

// LinkedIn signs nothing it POSTs to a customer's CALLBACK_URL (no
// X-LI-Signature or challenge is documented for these pushes:
// linkedin-to-ats.md §3 and answers-2026-12.md L2), so the only proof that
// a notification comes from LinkedIn is that the sender knows the URL. The
// SDK therefore puts an unguessable per-customer token into the URL it
// registers, and NotificationHandler refuses any request without it. Without
// the token anybody could queue notifications, and every unique id would
// cost the customer one request of a daily quota when it is fetched.

// CallbackTokenGrace is how long the previous token stays valid after a
// rotation by default: notifications LinkedIn sent to the old URL, or is
// still retrying, are accepted meanwhile. 24 hours, because the request id
// a notification carries expires after 24 hours (LinkedIn's Hiring
// Assistant evaluation page, answers-2026-12.md S2; Assumption: the same
// holds for One-Click Export), so an older one would point to nothing.
const CallbackTokenGrace = 24 * time.Hour

// CallbackTokens are the secret tokens of one customer's CALLBACK_URL: the
// Current one, registered at LinkedIn, and during a rotation the Previous
// one, still accepted until PreviousUntil. Store them like a client secret
// (encrypted, never logged): their fields are model.Secret, so printing or
// logging CallbackTokens shows "[redacted]".
type CallbackTokens struct {
	// Current is the token in the CALLBACK_URL registered at LinkedIn.
	Current model.Secret
	// Previous is the token of the URL registered before the last rotation;
	// empty when there was none.
	Previous model.Secret
	// PreviousUntil is when Previous stops being accepted.
	PreviousUntil time.Time
}

// newToken returns 32 bytes from crypto/rand, base64url without padding
// (43 characters, 256 bits).
func newToken() (model.Secret, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("rsc: callback token: %w", err)
	}
	return model.Secret(base64.RawURLEncoding.EncodeToString(b)), nil
}

// NewCallbackTokens returns a customer's first callback token.
func NewCallbackTokens() (CallbackTokens, error) {
	t, err := newToken()
	return CallbackTokens{Current: t}, err
}

// Rotate returns tokens with a new Current; the old Current stays valid as
// Previous until now+grace (CallbackTokenGrace when grace is zero or less).
// Persist the result before registering the new URL (RotateCallbackURL
// does both in that order), so that the handler knows the new token by the
// time LinkedIn uses it.
func (t CallbackTokens) Rotate(now time.Time, grace time.Duration) (CallbackTokens, error) {
	if grace <= 0 {
		grace = CallbackTokenGrace
	}
	next, err := newToken()
	if err != nil {
		return t, err
	}
	return CallbackTokens{Current: next, Previous: t.Current, PreviousUntil: now.Add(grace)}, nil
}

// Accepts reports whether presented is the Current token, or the Previous
// one before PreviousUntil. Both comparisons run in constant time, and both
// always run, so the answer's timing says nothing about which token (if any)
// matched or how much of it.
func (t CallbackTokens) Accepts(presented string, now time.Time) bool {
	cur := t.Current != "" && subtle.ConstantTimeCompare([]byte(presented), []byte(t.Current.Reveal())) == 1
	prev := t.Previous != "" && subtle.ConstantTimeCompare([]byte(presented), []byte(t.Previous.Reveal())) == 1
	return cur || (prev && now.Before(t.PreviousUntil))
}

// CallbackURL returns the URL to register as a customer's CALLBACK_URL: base
// (an absolute https URL without query or fragment, unique per customer,
// for example "https://ats.example.com/linkedin/callback/acme") with the
// token appended as the last path segment. Mount the customer's
// NotificationHandler at base + "/" (or a pattern such as
// "POST /linkedin/callback/acme/{token}"): it reads the token from the
// last segment.
//
// The URL is a credential: keep it out of access logs (or log paths without
// their last segment) and never show it to the customer's users.
func CallbackURL(base string, token model.Secret) (string, error) {
	u, err := url.Parse(base)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", errors.New("rsc: callback base must be an absolute http(s) URL")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", errors.New("rsc: callback base must not have a query, fragment or user info")
	}
	if token == "" {
		return "", errors.New("rsc: callback token is empty")
	}
	return strings.TrimSuffix(u.String(), "/") + "/" + url.PathEscape(token.Reveal()), nil
}

// RegisterCallbackURL sets the customer's CALLBACK_URL to base with the
// Current token (see CallbackURL).
func (s *ConfigurationsService) RegisterCallbackURL(ctx context.Context, organization model.URN, base string, tokens CallbackTokens, opts ...RequestOption) error {
	u, err := CallbackURL(base, tokens.Current)
	if err != nil {
		return err
	}
	return s.setCallbackURL(ctx, organization, u, []string{tokens.Current.Reveal(), tokens.Previous.Reveal()}, opts)
}

// RotateCallbackURL replaces the customer's callback token without losing
// notifications in flight: it makes new tokens (the old Current stays valid
// for CallbackTokenGrace), hands them to save, and only once they are saved
// registers the new URL at LinkedIn. It returns the tokens now in force.
//
// If registering fails after save succeeded, the saved tokens still accept
// the old URL LinkedIn keeps using until PreviousUntil; call
// RegisterCallbackURL again with the returned tokens before then. If save
// fails, nothing changed.
func (s *ConfigurationsService) RotateCallbackURL(ctx context.Context, organization model.URN, base string, tokens CallbackTokens,
	save func(ctx context.Context, t CallbackTokens) error, opts ...RequestOption) (CallbackTokens, error) {
	next, err := tokens.Rotate(time.Now(), CallbackTokenGrace)
	if err != nil {
		return tokens, err
	}
	if _, err := CallbackURL(base, next.Current); err != nil {
		return tokens, err
	}
	if err := save(ctx, next); err != nil {
		return tokens, fmt.Errorf("rsc: rotate callback token: save: %w", err)
	}
	return next, s.RegisterCallbackURL(ctx, organization, base, next, opts...)
}
