package connect

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

const (
	childID     = "child-app"
	childSecret = model.Secret("child-S3cret")
	redirect    = "https://ats.example/linkedin/callback"
	goodCode    = "AQ-code-123"
	memberToken = "member-token-xyz"
)

// oauthServer is a fake www.linkedin.com token endpoint plus api.linkedin.com
// /v2/me and seatsV2. It checks the exchange the way LinkedIn documents it
// (form body with client_id and client_secret) and, when challenge is set,
// the PKCE verifier.
func oauthServer(t *testing.T, challenge *string, seats string) *fakeLinkedIn {
	return newFakeLinkedIn(t, func(c apiCall, q url.Values) (int, string) {
		switch c.Path {
		case "/oauth/v2/accessToken":
			if q.Get("grant_type") != "authorization_code" || q.Get("client_id") != childID || q.Get("client_secret") != childSecret.Reveal() ||
				q.Get("redirect_uri") != redirect {
				return 401, `{"error":"invalid_client","error_description":"Client authentication failed"}`
			}
			if q.Get("code") != goodCode {
				return 400, `{"error":"invalid_grant","error_description":"Unable to retrieve access token: authorization code not found for ` + q.Get("code") + `"}`
			}
			if challenge != nil && *challenge != "" {
				sum := sha256.Sum256([]byte(q.Get("code_verifier")))
				if base64.RawURLEncoding.EncodeToString(sum[:]) != *challenge {
					return 400, `{"error":"invalid_request","error_description":"code_verifier mismatch"}`
				}
			}
			return 200, `{"access_token":"` + memberToken + `","expires_in":5184000}`
		case "/v2/me":
			if c.Auth != "Bearer "+memberToken {
				return 401, `{"status":401,"serviceErrorCode":65600,"message":"Invalid access token"}`
			}
			return 200, `{"localizedLastName":"Lovelace","id":"yrZCpj2Z12","localizedFirstName":"Ada","firstName":{"localized":{"en_US":"Ada"}}}`
		case "/v2/seatsV2":
			if c.Auth != "Bearer app-token" || q.Get("contracts") != "urn:li:contract:77" {
				return 400, `{"status":400,"message":"bad seats request"}`
			}
			return 200, seats
		}
		return 404, `{"status":404}`
	})
}

func binder(f *fakeLinkedIn, pkce bool) *Binder {
	return &Binder{ClientID: childID, ClientSecret: childSecret, RedirectURL: redirect, PKCE: pkce,
		AuthURL: f.srv.URL + "/oauth/v2/authorization", TokenURL: f.srv.URL + "/oauth/v2/accessToken", APIURL: f.srv.URL,
		HTTPClient: f.srv.Client()}
}

func TestBinderFlow(t *testing.T) {
	t.Parallel()
	for _, pkce := range []bool{false, true} {
		t.Run(fmt.Sprintf("pkce=%v", pkce), func(t *testing.T) {
			t.Parallel()
			var challenge string
			f := oauthServer(t, &challenge, "")
			b := binder(f, pkce)
			authURL, p, err := b.Start("user-1", t0)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(authURL)
			q := u.Query()
			if u.Path != "/oauth/v2/authorization" || q.Get("response_type") != "code" || q.Get("client_id") != childID ||
				q.Get("redirect_uri") != redirect || q.Get("scope") != "r_liteprofile" || q.Get("state") != p.State.Reveal() || len(p.State.Reveal()) < 40 {
				t.Fatalf("authorization URL %s", authURL)
			}
			if pkce != (q.Get("code_challenge_method") == "S256") || pkce != (p.Verifier != "") {
				t.Fatalf("PKCE parameters: %s, verifier set %v", authURL, p.Verifier != "")
			}
			challenge = q.Get("code_challenge")
			if strings.Contains(fmt.Sprintf("%v %+v %#v", p, p, p), p.State.Reveal()) {
				t.Error("Pending prints its state")
			}
			if pkce && strings.Contains(fmt.Sprintf("%v %+v %#v", p, p, p), p.Verifier.Reveal()) {
				t.Error("Pending prints its verifier")
			}
			if strings.Contains(fmt.Sprintf("%v %+v %#v", b, b, *b), childSecret.Reveal()) {
				t.Error("Binder prints its client secret")
			}

			id, err := b.Finish(context.Background(), p, url.Values{"code": {goodCode}, "state": {p.State.Reveal()}}, t0.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			want := Identity{Person: "urn:li:person:yrZCpj2Z12", FirstName: "Ada", LastName: "Lovelace"}
			if id != want {
				t.Errorf("identity %+v, want %+v", id, want)
			}
		})
	}
	_, p2, _ := binder(oauthServer(t, nil, ""), false).Start("u", t0)
	_, p3, _ := binder(oauthServer(t, nil, ""), false).Start("u", t0)
	if p2.State == p3.State {
		t.Error("state is not random")
	}
}

func TestBinderBadCallbacksChangeNothing(t *testing.T) {
	t.Parallel()
	f := oauthServer(t, nil, "")
	b := binder(f, false)
	_, p, err := b.Start("user-1", t0)
	if err != nil {
		t.Fatal(err)
	}
	state := p.State.Reveal()
	tests := []struct {
		name string
		cb   url.Values
		now  time.Time
		want error
	}{
		{"wrong state", url.Values{"code": {goodCode}, "state": {state[:len(state)-1] + "x"}}, t0, ErrStateMismatch},
		{"missing state", url.Values{"code": {goodCode}}, t0, ErrStateMismatch},
		{"state of another flow", url.Values{"code": {goodCode}, "state": {"forged"}}, t0, ErrStateMismatch},
		{"missing code", url.Values{"state": {state}}, t0, ErrMissingCode},
		{"error redirect", url.Values{"state": {state}, "error": {"user_cancelled_login"}, "error_description": {"The user cancelled the login"}}, t0, ErrAuthorizationDenied},
		{"expired", url.Values{"code": {goodCode}, "state": {state}}, t0.Add(DefaultStateTTL + time.Second), ErrStateExpired},
		{"clock before start", url.Values{"code": {goodCode}, "state": {state}}, t0.Add(-time.Hour), ErrStateExpired},
	}
	for _, tt := range tests {
		id, err := b.Finish(context.Background(), p, tt.cb, tt.now)
		if !errors.Is(err, tt.want) || id != (Identity{}) {
			t.Errorf("%s: got %+v, %v; want %v", tt.name, id, err, tt.want)
			continue
		}
		if strings.Contains(err.Error(), state) || strings.Contains(err.Error(), goodCode) {
			t.Errorf("%s: error leaks a secret: %v", tt.name, err)
		}
	}
	var ae *AuthorizationError
	_, err = b.Finish(context.Background(), p, url.Values{"state": {state}, "error": {"user_cancelled_login"}}, t0)
	if !errors.As(err, &ae) || ae.Code != "user_cancelled_login" {
		t.Errorf("AuthorizationError: %v", err)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("bad callbacks made %d requests to LinkedIn", n)
	}

	// A wrong code reaches LinkedIn, which refuses it; the error names
	// neither the code nor the client secret.
	_, err = b.Finish(context.Background(), p, url.Values{"code": {"AQ-stolen"}, "state": {state}}, t0)
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") || strings.Contains(err.Error(), "AQ-stolen") || strings.Contains(err.Error(), childSecret.Reveal()) {
		t.Errorf("wrong code: %v", err)
	}
	if f.count("/v2/me") != 0 {
		t.Error("/v2/me called after a failed exchange")
	}
	// A PKCE flow whose verifier does not match is refused by the token endpoint.
	var challenge = "not-the-challenge"
	pf := oauthServer(t, &challenge, "")
	pb := binder(pf, true)
	_, pp, _ := pb.Start("user-1", t0)
	if _, err := pb.Finish(context.Background(), pp, url.Values{"code": {goodCode}, "state": {pp.State.Reveal()}}, t0); err == nil ||
		strings.Contains(err.Error(), pp.Verifier.Reveal()) {
		t.Errorf("PKCE mismatch: %v", err)
	}
	if _, _, err := (&Binder{ClientID: childID}).Start("u", t0); err == nil {
		t.Error("Binder without secret started")
	}
}

func TestFindSeat(t *testing.T) {
	t.Parallel()
	seats := `{"elements":[
		{"id":"1","contract":"urn:li:contract:77","member":"urn:li:person:other","active":true},
		{"id":"2","contract":"urn:li:contract:77","member":"urn:li:person:yrZCpj2Z12","active":false},
		{"id":"3","contract":"urn:li:contract:77","member":"urn:li:person:yrZCpj2Z12","active":true,"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"},
		{"id":"4","contract":"urn:li:contract:77","seatHolder":{"person":"urn:li:person:p4","name":"Grace Hopper","emailAddress":"grace@example.com"},"active":true}],
		"paging":{"start":0,"count":100,"total":4}}`
	f := oauthServer(t, nil, seats)
	c := f.client(t)
	id := Identity{Person: "urn:li:person:yrZCpj2Z12", FirstName: "Ada", LastName: "Lovelace"}
	b, err := FindSeat(context.Background(), c, testContract, "user-1", id)
	if err != nil {
		t.Fatal(err)
	}
	want := Binding{ATSUserID: "user-1", Person: id.Person, FirstName: "Ada", LastName: "Lovelace", Contract: testContract, Seat: "urn:li:seat:3", SeatActive: true}
	if b != want || !b.HasSeat() {
		t.Errorf("binding %+v, want %+v", b, want)
	}
	none, err := FindSeat(context.Background(), c, testContract, "user-2", Identity{Person: "urn:li:person:nobody"})
	if err != nil || none.Seat != "" || none.HasSeat() || none.Person != "urn:li:person:nobody" {
		t.Errorf("member without seat: %+v %v", none, err)
	}
	if _, err := FindSeat(context.Background(), c, "urn:li:organization:1", "u", id); err == nil {
		t.Error("organization accepted as contract")
	}

	hs, err := SeatHolders(context.Background(), c, testContract)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 4 || hs[2].Name() != "Ada Lovelace" || hs[2].Email != "ada@example.com" || hs[3].Name() != "Grace Hopper" ||
		hs[3].Email != "grace@example.com" || hs[0].Name() != "urn:li:seat:1" {
		t.Errorf("seat holders %+v", hs)
	}
	if got := hs[3].Bind("user-9"); got.Person != "urn:li:person:p4" || got.Seat != "urn:li:seat:4" || !got.HasSeat() {
		t.Errorf("admin binding %+v", got)
	}
	if u := b.User(false); !MayRead(u, Item{Kind: KindInMail, Owner: "urn:li:seat:3"}).Content() {
		t.Error("bound seat holder cannot read own InMail")
	}
}
