package memstore

import "time"

// lease is the claim bookkeeping shared by outbox intents and queued
// notifications: who holds the item until when, when it is due, and how
// often it was claimed.
type lease struct {
	token  string // the current (possibly expired) lease, "" when released
	until  time.Time
	due    time.Time
	claims int
}

// claimable reports whether the item may be claimed at now: not held by an
// unexpired lease and due.
func (l *lease) claimable(now time.Time) bool {
	return !l.held(now) && !now.Before(l.due)
}

// held reports whether an unexpired lease holds the item at now.
func (l *lease) held(now time.Time) bool { return l.token != "" && now.Before(l.until) }

// holds reports whether token is the item's current lease. A lease that
// expired still holds until another claim takes the item: the work its
// holder did is the only work done, so its completion stands.
func (l *lease) holds(token string) bool {
	return token != "" && l.token == token
}

// take leases the item to token for ttl and returns the number of earlier claims.
func (l *lease) take(token string, now time.Time, ttl time.Duration) (attempts int) {
	attempts = l.claims
	l.claims++
	l.token, l.until = token, now.Add(ttl)
	return attempts
}

// release ends the lease; a non-zero due makes the item claimable again then.
func (l *lease) release(due time.Time) {
	l.token, l.until = "", time.Time{}
	if !due.IsZero() {
		l.due = due
	}
}
