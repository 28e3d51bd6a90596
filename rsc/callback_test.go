package rsc

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestRotateCallbackURL: the new tokens are saved before LinkedIn hears of
// the new URL (so the handler accepts LinkedIn's first post to it), the
// registered URL carries the new token, and a failed save registers nothing.
func TestRotateCallbackURL(t *testing.T) {
	t.Parallel()
	c, f := setup(t, WithVersionedEndpoints(false))
	ctx := context.Background()
	first, err := NewCallbackTokens()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Configurations.RotateCallbackURL(ctx, org, "https://ats.example.com/cb/acme", first,
		func(context.Context, CallbackTokens) error { return errors.New("disk full") }); err == nil {
		t.Fatal("a failed save returned no error")
	}
	if n := len(f.requests()); n != 0 {
		t.Fatalf("a failed save still sent %d requests", n)
	}
	var saved CallbackTokens
	var sentBeforeSave int
	got, err := c.Configurations.RotateCallbackURL(ctx, org, "https://ats.example.com/cb/acme", first,
		func(_ context.Context, t CallbackTokens) error {
			saved, sentBeforeSave = t, len(f.requests())
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if sentBeforeSave != 0 || got != saved || got.Previous != first.Current || got.Current == first.Current {
		t.Errorf("rotation: %d requests before save; returned == saved %v; previous is the old current %v",
			sentBeforeSave, got == saved, got.Previous == first.Current)
	}
	reqs := f.requests()
	if len(reqs) != 1 || !strings.Contains(reqs[0].Body, "https://ats.example.com/cb/acme/"+got.Current.Reveal()) {
		t.Errorf("registered: %+v, want one request with the new token's URL", reqs)
	}
	if strings.Contains(reqs[0].Body, first.Current.Reveal()) {
		t.Error("the old token was sent again")
	}
}

// TestRegisterCallbackURLErrorHidesToken: LinkedIn's answer quoting the URL
// it refused does not carry the token into the error.
func TestRegisterCallbackURLErrorHidesToken(t *testing.T) {
	t.Parallel()
	c, f := setup(t, WithVersionedEndpoints(false))
	tokens, _ := NewCallbackTokens()
	f.reply = func(r captured) (int, string) {
		return 422, `{"status":422,"message":"bad configurationValue in ` + strings.ReplaceAll(r.Body, `"`, `'`) + `"}`
	}
	err := c.Configurations.RegisterCallbackURL(context.Background(), org, "https://ats.example.com/cb/acme", tokens)
	if err == nil || strings.Contains(err.Error(), tokens.Current.Reveal()) || !strings.Contains(err.Error(), "configurationValue") {
		t.Errorf("error %v: want LinkedIn's message without the token", err)
	}
}
