// Package wakeup keeps the subscribers of an rscstore module's per-tenant
// wake-ups (rscsync.TenantWaker) and its rscsync.Waker channel.
package wakeup

import "sync"

// Hub fans a wake-up out to Wake's channel and to every subscriber. The
// zero Hub is not usable; call New.
type Hub struct {
	ch   chan struct{} // buffer 1
	mu   sync.Mutex
	seq  int
	subs map[int]func(tenant string)
}

// New returns a Hub with no subscribers.
func New() *Hub { return &Hub{ch: make(chan struct{}, 1), subs: map[int]func(string){}} }

// C returns the channel (buffer 1) that receives a value after Signal.
func (h *Hub) C() <-chan struct{} { return h.ch }

// Subscribe calls wake with the tenant of every later Signal until stop is
// called.
func (h *Hub) Subscribe(wake func(tenant string)) (stop func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	id := h.seq
	h.subs[id] = wake
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.subs, id)
	}
}

// Signal wakes C without blocking and calls every subscriber with tenant
// ("": any tenant), outside the Hub's lock.
func (h *Hub) Signal(tenant string) {
	select {
	case h.ch <- struct{}{}:
	default:
	}
	h.mu.Lock()
	fs := make([]func(string), 0, len(h.subs))
	for _, f := range h.subs {
		fs = append(fs, f)
	}
	h.mu.Unlock()
	for _, f := range fs {
		f(tenant)
	}
}
