package rsc

import (
	"errors"
	"net/http"
)

// LinkedIn's rules for what an error means to a sync engine, so that the
// engines of rsc/sync speak only of records and outcomes. The job rules are
// in jobplan.go.

// DeleteDone reports whether err, the per-record error of a batch_delete,
// leaves LinkedIn without the record all the same: a 404 (LinkedIn never
// had it, or deleted it already).
func DeleteDone(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound
}

// AuthFailure reports whether err is LinkedIn refusing the application
// itself (401: credentials; 403: permissions or an integration not
// enabled): no record of any call will pass until the customer fixes it.
func AuthFailure(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && (ae.StatusCode == http.StatusUnauthorized || ae.StatusCode == http.StatusForbidden)
}

// RequestUnknown reports whether err, from fetching what a push
// notification points to (Exports.Get, Integrations.FindByRequest), says
// LinkedIn does not know the request id for this application: 404 or 410.
// Assumption: that is how LinkedIn answers an unknown id, another
// customer's, or one past the 24 hours a pushed request id lives (the
// exportedApplicationEvaluation page).
func RequestUnknown(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && (ae.StatusCode == http.StatusNotFound || ae.StatusCode == http.StatusGone)
}
