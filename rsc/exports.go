package rsc

import (
	"context"
	"iter"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// ExportsService reads One-Click Export results and the list of exported
// profiles LinkedIn has since purged. See
// https://learn.microsoft.com/en-us/linkedin/talent/recruiter-system-connect/retrieve-exported-candidates
type ExportsService service

// Get fetches the candidate of an EXPORT_CANDIDATE_PROFILE notification by
// its request id. Check each result's IntegrationContext against the customer
// that owns the callback URL which received the notification.
//
// rsc:operation FINDER request /v2/exportedCandidates
func (s *ExportsService) Get(ctx context.Context, requestID string, opts ...RequestOption) ([]model.ExportedCandidate, *Response, error) {
	if requestID == "" {
		return nil, nil, invalidOption("requestId", "required")
	}
	var q restli.Query
	q.Set("q", "request")
	q.Set("requestId", requestID)
	items, resp, err := find(ctx, s.c, exportsFinder.on(s.c), q, decodeJSON[model.ExportedCandidate], opts)
	for i := range items {
		if items[i].RequestID == "" {
			items[i].RequestID = requestID
		}
	}
	return items, resp, err
}

// PurgedListOptions selects exported profiles purged in a Window
// (timeRange.start and timeRange.end). LinkedIn asks partners to read this at
// least every 30 days.
type PurgedListOptions struct {
	Window
	// ExportType defaults to ONE_CLICK_EXPORT.
	ExportType string
	ListOptions
}

// ListPurged returns one page of purged exported profiles: members whose
// data the customer may have to delete. Assumption: the endpoint is
// atsPurgedExportedCandidates with finder "criteria" and a timeRange, as in
// LinkedIn's unmerged Postman request; its response shape is unconfirmed.
//
// rsc:operation FINDER criteria /v2/atsPurgedExportedCandidates
func (s *ExportsService) ListPurged(ctx context.Context, opts PurgedListOptions, ropts ...RequestOption) ([]model.PurgedExportedCandidate, *Response, error) {
	et := opts.ExportType
	if et == "" {
		et = "ONE_CLICK_EXPORT"
	}
	if err := opts.Window.check(purgedWindow); err != nil {
		return nil, nil, err
	}
	var q restli.Query
	q.Set("q", "criteria")
	q.Set("exportType", et)
	opts.Window.add(&q, purgedWindow)
	addPaging(&q, opts.ListOptions, 100)
	return find(ctx, s.c, purgedFinder.on(s.c), q, decodeJSON[model.PurgedExportedCandidate], ropts)
}

// AllPurged ranges over every purged profile of the window. Ranging it again
// starts over; it is not safe for concurrent use.
func (s *ExportsService) AllPurged(ctx context.Context, opts PurgedListOptions) iter.Seq2[model.PurgedExportedCandidate, error] {
	return allOf(ctx, opts, 100, s.ListPurged)
}
