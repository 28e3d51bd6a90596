package rsc

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

// maxNotificationBody bounds a push notification body (LinkedIn's carry an id
// and a type).
const maxNotificationBody = 64 << 10

// NotificationHandler receives LinkedIn's push notifications at one
// customer's CALLBACK_URL (EXPORT_CANDIDATE_PROFILE, INTEGRATION_STATUS_CHANGE).
// It accepts a POST with any plausible body shape (the payload is not
// documented: see model.Notification), hands the event to the host's
// function and answers 200 at once. The function must be quick: queue the
// request id and fetch the data elsewhere (Exports.Get,
// Integrations.FindByRequest). Mount one handler per customer, since the URL
// tells which customer a notification belongs to.
//
// LinkedIn signs nothing on CALLBACK_URL, so the handler authenticates the
// URL itself: register it with ConfigurationsService.RegisterCallbackURL,
// which appends the customer's secret token, and give the handler the same
// tokens through Tokens. A request whose last path segment is not a valid
// token gets 404 before its body is read: nothing is queued, logged with
// the token, or fetched (each fetch would cost the customer one request of
// a daily quota). A handler without Tokens refuses every request.
type NotificationHandler struct {
	// Tokens returns the customer's callback tokens. It is called for every
	// request, so a rotation saved by another process takes effect at once;
	// keep it cheap (a cached read). An error answers 503 so LinkedIn
	// retries, and nothing is queued.
	Tokens func(ctx context.Context) (CallbackTokens, error)
	// Handle receives each notification. It runs on the request's goroutine
	// with the request's context; an error answers 500 so LinkedIn may retry.
	Handle func(ctx context.Context, n model.Notification) error
	// Logger receives Debug lines for accepted and Warn lines for rejected
	// notifications; nil discards them. Paths are never logged: they hold
	// the token.
	Logger *slog.Logger
}

// ServeHTTP implements http.Handler.
func (h *NotificationHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := h.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if h.Tokens == nil {
		log.LogAttrs(r.Context(), slog.LevelWarn, "rsc notification refused", slog.String("reason", "the handler has no Tokens"))
		http.NotFound(w, r)
		return
	}
	tokens, err := h.Tokens(r.Context())
	if err != nil {
		log.LogAttrs(r.Context(), slog.LevelWarn, "rsc notification refused", slog.String("reason", "reading the callback tokens failed"),
			slog.String("error", err.Error()))
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	if !tokens.Accepts(lastSegment(r), time.Now()) {
		log.LogAttrs(r.Context(), slog.LevelWarn, "rsc notification refused", slog.String("reason", "unknown callback token"),
			slog.String("remote", r.RemoteAddr))
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxNotificationBody))
	if err != nil {
		log.LogAttrs(r.Context(), slog.LevelWarn, "rsc notification rejected", slog.String("reason", "body too large or unreadable"))
		http.Error(w, "bad body", http.StatusRequestEntityTooLarge)
		return
	}
	n, err := ParseNotification(body)
	if err != nil {
		log.LogAttrs(r.Context(), slog.LevelWarn, "rsc notification rejected", slog.String("reason", err.Error()))
		http.Error(w, "bad notification", http.StatusBadRequest)
		return
	}
	if h.Handle != nil {
		if err := h.Handle(r.Context(), n); err != nil {
			log.LogAttrs(r.Context(), slog.LevelWarn, "rsc notification not queued", slog.String("id", n.ID), slog.String("error", err.Error()))
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
	}
	log.LogAttrs(r.Context(), slog.LevelDebug, "rsc notification", slog.String("id", n.ID), slog.String("type", string(n.Type)))
	w.WriteHeader(http.StatusOK)
}

// lastSegment is the unescaped last segment of r's path: the token
// CallbackURL appended.
func lastSegment(r *http.Request) string {
	p := r.URL.Path
	return p[strings.LastIndexByte(p, '/')+1:]
}

// ParseNotification decodes a push notification body. It fails only when
// the body is not JSON or carries no id.
func ParseNotification(body []byte) (model.Notification, error) {
	var n model.Notification
	if err := json.Unmarshal(body, &n); err != nil {
		return n, errNotification("not a JSON notification: " + err.Error())
	}
	if strings.TrimSpace(n.ID) == "" {
		return n, errNotification("notification has no id")
	}
	return n, nil
}

type errNotification string

func (e errNotification) Error() string { return "rsc: " + string(e) }

// ChallengeResponse answers a Developer Portal webhook validation: the
// lowercase hex HMAC-SHA256 of challengeCode keyed with the application's
// client secret.
//
// It signs only a challenge code of the shape LinkedIn sends, a UUID in its
// 36-character text form (LinkedIn's "Webhook validation" page: challengeCode
// is a "Randomly generated type-4 UUID string created by LinkedIn"), and
// returns an error for anything else. The restriction is what keeps the
// validation endpoint from being a signing oracle: X-LI-Signature is the same
// HMAC over "hmacsha256=" + body, so signing an arbitrary code
// "hmacsha256=<body>" would hand an attacker a valid signature for any event.
func ChallengeResponse(challengeCode, clientSecret string) (string, error) {
	if !isUUID(challengeCode) {
		return "", errNotification("challengeCode is not a UUID; LinkedIn sends type-4 UUIDs")
	}
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write([]byte(challengeCode))
	return hex.EncodeToString(m.Sum(nil)), nil
}

// isUUID reports whether s is a UUID in the 8-4-4-4-12 hex form, either case.
// Any version is accepted: the check exists to refuse strings that could be
// signed events, and no UUID starts with "hmacsha256=".
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// Signature returns the X-LI-Signature LinkedIn sends with a webhook event:
// hex HMAC-SHA256 of "hmacsha256=" followed by the raw body, keyed with the
// client secret.
func Signature(body []byte, clientSecret string) string {
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write([]byte("hmacsha256="))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifySignature reports, in constant time, whether signature (the
// X-LI-Signature header) is the signature of the raw body. Upper- and
// lowercase hex are accepted.
func VerifySignature(body []byte, signature, clientSecret string) bool {
	got, err := hex.DecodeString(strings.TrimSpace(signature))
	if err != nil || len(got) != sha256.Size {
		return false
	}
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write([]byte("hmacsha256="))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

// WebhookEvent is one verified Developer Portal webhook delivery.
type WebhookEvent struct {
	// ID identifies the event for de-duplication: the payload's "id",
	// "notificationId" or "eventId" when it has one, else "sha256:" and the
	// hex SHA-256 of the body. Assumption: LinkedIn's webhook page says to
	// de-duplicate "on the notification id in the payload" without naming the
	// field for Talent events (the RESYNC_JOBS payload documents none), so an
	// event without one is identified by its exact bytes, which a replay or a
	// redelivery repeats.
	ID string
	// Body is the raw, verified request body.
	Body []byte
}

// WebhookHandler serves a Developer Portal webhook: it answers GET
// ?challengeCode= validations and passes POSTed events whose X-LI-Signature
// verifies to Handle. Events with a missing or wrong signature get 401.
//
// Security:
//   - The validation GET answers only challenge codes that are UUIDs, as
//     LinkedIn sends them, and refuses anything else with 400 (see
//     ChallengeResponse for why: any other code could be a forged event).
//   - Replays: LinkedIn's signature covers the body only, with no timestamp or
//     nonce, so a captured, validly signed event can be replayed by anyone who
//     saw it, and LinkedIn itself may deliver an event more than once. The
//     handler cannot tell the two apart. Handle must therefore be idempotent:
//     de-duplicate by WebhookEvent.ID (for example by enqueueing into an
//     rscsync.Queue, whose Enqueue ignores known notification ids) and treat
//     what an event asks for (a job resync) as a request to be checked, not
//     as data.
//   - Bodies over 64 KiB are refused with 413 before any HMAC is computed.
type WebhookHandler struct {
	// ClientSecret is the secret of the application the webhook belongs to.
	// Secret returns it per request instead, e.g. by the applicationId query
	// parameter LinkedIn adds for parent/child integrations; one of the two is required.
	ClientSecret model.Secret
	// Secret, when set, picks the secret for a request.
	Secret func(r *http.Request) (model.Secret, bool)
	// Handle receives each verified event. It runs on the request's
	// goroutine; an error answers 500 so LinkedIn retries.
	Handle func(ctx context.Context, e WebhookEvent) error
}

// ServeHTTP implements http.Handler.
func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	secret, ok := h.ClientSecret, h.ClientSecret != ""
	if h.Secret != nil {
		secret, ok = h.Secret(r)
	}
	if !ok {
		http.Error(w, "unknown application", http.StatusNotFound)
		return
	}
	switch r.Method {
	case http.MethodGet:
		code := r.URL.Query().Get("challengeCode")
		if code == "" {
			http.Error(w, "missing challengeCode", http.StatusBadRequest)
			return
		}
		resp, err := ChallengeResponse(code, secret.Reveal())
		if err != nil {
			http.Error(w, "challengeCode is not a UUID", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"challengeCode": code, "challengeResponse": resp})
	case http.MethodPost:
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxNotificationBody))
		if err != nil {
			http.Error(w, "bad body", http.StatusRequestEntityTooLarge)
			return
		}
		if !VerifySignature(body, r.Header.Get("X-LI-Signature"), secret.Reveal()) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if h.Handle != nil {
			if err := h.Handle(r.Context(), WebhookEvent{ID: webhookEventID(body), Body: body}); err != nil {
				http.Error(w, "try again", http.StatusInternalServerError)
				return
			}
		}
		w.WriteHeader(http.StatusOK)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// webhookEventID is the event's own id, or the hash of its bytes.
func webhookEventID(body []byte) string {
	var ids struct {
		ID             json.RawMessage `json:"id"`
		NotificationID json.RawMessage `json:"notificationId"`
		EventID        json.RawMessage `json:"eventId"`
	}
	if json.Unmarshal(body, &ids) == nil {
		for _, raw := range []json.RawMessage{ids.ID, ids.NotificationID, ids.EventID} {
			var s string
			if json.Unmarshal(raw, &s) == nil && strings.TrimSpace(s) != "" {
				return s
			}
			var n json.Number
			if json.Unmarshal(raw, &n) == nil && n != "" {
				return n.String()
			}
		}
	}
	sum := sha256.Sum256(body)
	return "sha256:" + hex.EncodeToString(sum[:])
}
