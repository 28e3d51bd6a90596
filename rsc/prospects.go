package rsc

import (
	"context"
	"encoding/json"
	"iter"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// The Recruiter prospect-interaction APIs (seats, InMail history, mail stubs,
// prospect notes) need the customer's CSA_API integration on its contract,
// and share one quota of 100,000 calls per day (QuotaProspect). See
// https://learn.microsoft.com/en-us/linkedin/talent/recruiter-system-connect/recruiter-prospect-interactions

// SeatsService lists the Recruiter seats of contracts (seatsV2), to map seat
// holders to ATS users by person URN.
type SeatsService service

// SeatListOptions selects seats (finder "attributes").
type SeatListOptions struct {
	// Contracts is required: one or more urn:li:contract URNs.
	Contracts []model.URN
	// States filters by seat state (values as LinkedIn names them); empty means all.
	States []string
	ListOptions
}

// List returns one page of seats. LinkedIn requires start and defaults to 10
// per page; the client always sends both.
//
// rsc:operation FINDER attributes /v2/seatsV2
func (s *SeatsService) List(ctx context.Context, opts SeatListOptions, ropts ...RequestOption) ([]model.Seat, *Response, error) {
	if len(opts.Contracts) == 0 {
		return nil, nil, invalidOption("contracts", "required")
	}
	var q restli.Query
	q.Set("q", "attributes")
	q.AddList("contracts", urnStrings(opts.Contracts))
	if len(opts.States) > 0 {
		q.AddList("states", opts.States)
	}
	addPaging(&q, opts.ListOptions, 10)
	return find(ctx, s.c, seatsFinder.on(s.c), q, decodeJSON[model.Seat], ropts)
}

// All ranges over every seat (100 per request). Ranging it again starts
// over; it is not safe for concurrent use.
func (s *SeatsService) All(ctx context.Context, opts SeatListOptions) iter.Seq2[model.Seat, error] {
	return allOf(ctx, opts, 100, s.List)
}

// InMailsService reads InMail history (conversationEvents), sent and
// received, per Recruiter seat. LinkedIn asks for windows of at most 12 hours
// per call, polled e.g. every 30 minutes.
type InMailsService service

// InMailListOptions selects one seat's InMail events in a Window
// (timeRange.start and timeRange.end).
type InMailListOptions struct {
	// Viewer is the seat (urn:li:seat:...) whose InMails are returned. Required.
	Viewer model.URN
	Window
	ListOptions
}

// List returns one page of InMail events, each with its Viewer set to
// opts.Viewer.
//
// rsc:operation FINDER criteria /v2/conversationEvents
func (s *InMailsService) List(ctx context.Context, opts InMailListOptions, ropts ...RequestOption) ([]model.ConversationEvent, *Response, error) {
	if !opts.Viewer.IsType(model.URNTypeSeat) {
		return nil, nil, invalidOption("viewer", "must be a seat URN (urn:li:seat:{id})")
	}
	var q restli.Query
	q.Set("q", "criteria")
	if err := opts.Window.check(inMailsWindow); err != nil {
		return nil, nil, err
	}
	q.Set("viewer", string(opts.Viewer))
	opts.Window.add(&q, inMailsWindow)
	addPaging(&q, opts.ListOptions, 50)
	return find(ctx, s.c, inMailsFinder.on(s.c), q, func(raw json.RawMessage) (model.ConversationEvent, error) {
		e, err := decodeJSON[model.ConversationEvent](raw)
		e.Viewer = opts.Viewer
		return e, err
	}, ropts)
}

// All ranges over every InMail event of the window. Ranging it again starts
// over; it is not safe for concurrent use.
func (s *InMailsService) All(ctx context.Context, opts InMailListOptions) iter.Seq2[model.ConversationEvent, error] {
	return allOf(ctx, opts, 50, s.List)
}

// MailStubsService reads InMail stub profiles: the contact details a member
// chose to share when replying to an InMail.
type MailStubsService service

// MailStubListOptions selects the stubs of a contract created in a Window
// (createdDateStart and createdDateEnd).
type MailStubListOptions struct {
	// Contract is required.
	Contract model.URN
	// Owners are the seats whose InMails were answered; LinkedIn asks callers to
	// always send them, to avoid costly searches.
	Owners []model.URN
	// Window is when the stubs were created. Assumption: createdDateEnd is
	// exclusive (see routes.go); LinkedIn's notes also say "before or on",
	// so store stubs by id, which drops a repeat.
	Window
	ListOptions
}

// List returns one page of stubs. A search reaching past 20,000 results
// fails at LinkedIn: narrow the window.
//
// rsc:operation FINDER contract /v2/mailStubs
func (s *MailStubsService) List(ctx context.Context, opts MailStubListOptions, ropts ...RequestOption) ([]model.MailStub, *Response, error) {
	if !opts.Contract.IsType(model.URNTypeContract) {
		return nil, nil, invalidOption("contract", "must be a contract URN (urn:li:contract:{id})")
	}
	var q restli.Query
	q.Set("q", "contract")
	q.Set("contract", string(opts.Contract))
	if len(opts.Owners) > 0 {
		q.AddList("owners", urnStrings(opts.Owners))
	}
	if err := opts.Window.check(mailStubsWindow); err != nil {
		return nil, nil, err
	}
	opts.Window.add(&q, mailStubsWindow)
	addPaging(&q, opts.ListOptions, 50)
	return find(ctx, s.c, mailStubsFinder.on(s.c), q, decodeJSON[model.MailStub], ropts)
}

// All ranges over every stub of the window. Ranging it again starts over; it
// is not safe for concurrent use.
func (s *MailStubsService) All(ctx context.Context, opts MailStubListOptions) iter.Seq2[model.MailStub, error] {
	return allOf(ctx, opts, 50, s.List)
}

// ProspectNotesService reads Recruiter notes on prospects. Dates are
// last-modified dates; a note with Active false was deleted in Recruiter and
// should be deleted in the ATS.
type ProspectNotesService service

// ProspectNoteListOptions selects the notes of a contract modified in a
// Window. LinkedIn's cutoffDate is exclusive and its beforeDate inclusive:
// the client sends Since-1 ms and Until-1 ms.
type ProspectNoteListOptions struct {
	// Contract is required.
	Contract model.URN
	// Owners are the seats whose notes are returned; empty means all.
	Owners []model.URN
	Window
	ListOptions
}

// List returns one page of prospect notes.
//
// rsc:operation FINDER criteria /v2/prospectNotes
func (s *ProspectNotesService) List(ctx context.Context, opts ProspectNoteListOptions, ropts ...RequestOption) ([]model.ProspectNote, *Response, error) {
	if !opts.Contract.IsType(model.URNTypeContract) {
		return nil, nil, invalidOption("contract", "must be a contract URN (urn:li:contract:{id})")
	}
	var q restli.Query
	q.Set("q", "criteria")
	q.Set("contract", string(opts.Contract))
	if len(opts.Owners) > 0 {
		q.AddList("owners", urnStrings(opts.Owners))
	}
	if err := opts.Window.check(prospectNotesWindow); err != nil {
		return nil, nil, err
	}
	opts.Window.add(&q, prospectNotesWindow)
	addPaging(&q, opts.ListOptions, 100)
	return find(ctx, s.c, prospectNotesFinder.on(s.c), q, decodeJSON[model.ProspectNote], ropts)
}

// All ranges over every note of the window. Ranging it again starts over; it
// is not safe for concurrent use.
func (s *ProspectNotesService) All(ctx context.Context, opts ProspectNoteListOptions) iter.Seq2[model.ProspectNote, error] {
	return allOf(ctx, opts, 100, s.List)
}
