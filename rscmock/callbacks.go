package rscmock

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// errNotLoopback refuses a notification to an address outside loopback.
var errNotLoopback = errors.New("the fake connects only to loopback addresses (127.0.0.1, ::1, localhost)")

// loopbackOnlyClient is the default CallbackClient: it dials nothing but
// loopback addresses, and refuses any other host before resolving it, so no
// connection (and no DNS query) leaves the machine.
func loopbackOnlyClient() *http.Client {
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

// noteFailure logs a failed delivery's reason the first time it is seen for
// its URL, so the log shows it once, not on every notification.
func (s *Server) noteFailure(u, reason string) {
	s.mu.Lock()
	if s.failures == nil {
		s.failures = map[string]bool{}
	}
	k := u + "\x00" + reason
	seen := s.failures[k]
	if !seen && len(s.failures) < MaxCustomers {
		s.failures[k] = true
	}
	s.mu.Unlock()
	if !seen {
		s.cfg.logger.Warn("rscmock: notification not delivered", "callback_url", u, "reason", reason)
	}
}

// DeliveryProblems returns each distinct reason notifications failed, once,
// with how many failed for it, in the order first seen.
func (s *Server) DeliveryProblems() []DeliveryProblem {
	var out []DeliveryProblem
	idx := map[string]int{}
	for _, d := range s.Deliveries() {
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

// DeliveryProblem is one reason notifications were not delivered.
type DeliveryProblem struct {
	// Reason says why, as Delivery.Err does.
	Reason string `json:"reason"`
	// Count is how many notifications failed for it.
	Count int `json:"count"`
}
