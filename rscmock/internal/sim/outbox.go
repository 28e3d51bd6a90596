package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/shapes"
)

// Delivery is one notification the fake POSTed to a callback URL, in the
// shape it POSTed.
type Delivery struct {
	URL          string              `json:"url"`
	Notification shapes.Notification `json:"notification"`
	// Status is the callback's HTTP status, 0 when the POST failed.
	Status int `json:"status"`
	// Err says why the POST failed (no CALLBACK_URL, connection error).
	Err string `json:"error,omitempty"`
}

// Outbox POSTs push notifications and keeps what became of each, under a
// lock of its own (never held during a POST). It logs each distinct
// failure (URL and reason) once.
type Outbox struct {
	client      *http.Client
	logger      *slog.Logger
	maxFailures int

	mu       sync.Mutex
	sent     []Delivery
	failures map[string]bool // URL and reason of the failures already logged
}

// NewOutbox returns an Outbox that POSTs with client and logs a failure
// once on logger, remembering at most maxFailures distinct ones.
func NewOutbox(client *http.Client, logger *slog.Logger, maxFailures int) *Outbox {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Outbox{client: client, logger: logger, maxFailures: maxFailures}
}

// Deliver POSTs n to url (no POST when url is empty) and records the outcome.
func (o *Outbox) Deliver(ctx context.Context, url string, n shapes.Notification) Delivery {
	d := Delivery{URL: url, Notification: n}
	if url == "" {
		d.Err = "no CALLBACK_URL configured"
	} else {
		b, _ := json.Marshal(n)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			var resp *http.Response
			if resp, err = o.client.Do(req); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d.Status = resp.StatusCode
			}
		}
		if err != nil {
			d.Err = deliveryReason(url, err)
			o.noteFailure(url, d.Err)
		}
	}
	o.mu.Lock()
	o.sent = append(o.sent, d)
	o.mu.Unlock()
	return d
}

// List returns the deliveries so far, oldest first.
func (o *Outbox) List() []Delivery {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Delivery(nil), o.sent...)
}

// Restore replaces the deliveries (a saved state read back).
func (o *Outbox) Restore(ds []Delivery) {
	o.mu.Lock()
	o.sent = append([]Delivery(nil), ds...)
	o.mu.Unlock()
}

// noteFailure logs a failed delivery the first time its URL and reason
// occur.
func (o *Outbox) noteFailure(u, reason string) {
	o.mu.Lock()
	if o.failures == nil {
		o.failures = map[string]bool{}
	}
	k := u + "\x00" + reason
	seen := o.failures[k]
	if !seen && len(o.failures) < o.maxFailures {
		o.failures[k] = true
	}
	o.mu.Unlock()
	if !seen {
		o.logger.Warn("rscmock: notification not delivered", "callback_url", u, "reason", reason)
	}
}

// errNotLoopback refuses a notification to an address outside loopback.
var errNotLoopback = errors.New("the fake connects only to loopback addresses (127.0.0.1, ::1, localhost)")

// LoopbackOnlyClient is the default CallbackClient: it dials nothing but
// loopback addresses, and refuses any other host before resolving it, so no
// connection (and no DNS query) leaves the machine.
func LoopbackOnlyClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		if host != "localhost" {
			ip := net.ParseIP(host)
			if ip == nil || !ip.IsLoopback() {
				return nil, fmt.Errorf("%s: %w", host, errNotLoopback)
			}
		}
		return d.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: tr, Timeout: 5 * time.Second}
}

// deliveryReason turns a failed POST into the reason a person can act on.
func deliveryReason(u string, err error) string {
	if errors.Is(err, errNotLoopback) {
		host := u
		if p, perr := url.Parse(u); perr == nil {
			host = p.Host
		}
		return fmt.Sprintf("not delivered to %s: %v; to receive pushes on this machine, register an http://127.0.0.1:PORT/... "+
			"CALLBACK_URL and start the fake with -allow-loopback-callbacks (Options.AllowLoopbackCallbacks)", host, errNotLoopback)
	}
	return err.Error()
}

// DeliveryProblem is one reason notifications were not delivered, with how
// many failed for it.
type DeliveryProblem struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Problems returns each distinct reason among ds's failed deliveries, once,
// with how many failed for it, in the order first seen.
func Problems(ds []Delivery) []DeliveryProblem {
	var out []DeliveryProblem
	idx := map[string]int{}
	for _, d := range ds {
		if d.Err == "" {
			continue
		}
		i, ok := idx[d.Err]
		if !ok {
			i = len(out)
			idx[d.Err] = i
			out = append(out, DeliveryProblem{Reason: d.Err})
		}
		out[i].Count++
	}
	return out
}
