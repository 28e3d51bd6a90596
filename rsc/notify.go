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
type NotificationHandler struct {
	// Handle receives each notification. It runs on the request's goroutine
	// with the request's context; an error answers 500 so LinkedIn may retry.
	Handle func(ctx context.Context, n model.Notification) error
	// Logger receives Debug lines for accepted and Warn lines for rejected
	// notifications; nil discards them.
	Logger *slog.Logger
}

// ServeHTTP implements http.Handler.
func (h *NotificationHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := h.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
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
func ChallengeResponse(challengeCode, clientSecret string) string {
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write([]byte(challengeCode))
	return hex.EncodeToString(m.Sum(nil))
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

// WebhookHandler serves a Developer Portal webhook: it answers GET
// ?challengeCode= validations and passes POSTed events whose X-LI-Signature
// verifies to Handle. Events with a missing or wrong signature get 401.
type WebhookHandler struct {
	// ClientSecret is the secret of the application the webhook belongs to.
	// Secret returns it per request instead, e.g. by the applicationId query
	// parameter LinkedIn adds for parent/child integrations; one of the two is required.
	ClientSecret model.Secret
	// Secret, when set, picks the secret for a request.
	Secret func(r *http.Request) (model.Secret, bool)
	// Handle receives each verified event's raw body.
	Handle func(ctx context.Context, body []byte) error
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
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{
			"challengeCode":     code,
			"challengeResponse": ChallengeResponse(code, secret.Reveal()),
		})
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
			if err := h.Handle(r.Context(), body); err != nil {
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
