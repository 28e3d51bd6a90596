package rscsync

import (
	"encoding/json"

	"github.com/rsckit/rsckit/rsc/model"
)

// PulledKind names the kind of a Pulled change.
type PulledKind string

// The kinds of pulled changes.
const (
	KindSeat        PulledKind = "seat"
	KindInMail      PulledKind = "inmail"
	KindNote        PulledKind = "note"
	KindStub        PulledKind = "stub"
	KindPurge       PulledKind = "purge"
	KindIntegration PulledKind = "integration"
	KindExport      PulledKind = "export"
	KindEvaluation  PulledKind = "evaluation"
)

// Pulled is one change LinkedIn sent, as the engines hand it to the
// Applier: one of SeatChange, InMailChange, NoteChange, StubChange,
// PurgeChange, IntegrationChange, ExportChange and EvaluationChange (the
// set is closed). The engine computes each change's identity and whether
// it deletes, so a store keeps it by (Kind, Key) without knowing LinkedIn's
// ids: an upsert replaces the change of the same Kind and Key, a deletion
// removes it.
type Pulled interface {
	// Kind names the kind of change.
	Kind() PulledKind
	// Key identifies the item within its tenant and Kind (LinkedIn's ids).
	Key() string
	// Deleted reports whether the change removes the item of its Key (an
	// inactive prospect note) instead of storing it.
	Deleted() bool
	// Value returns the LinkedIn model value the change carries (for a
	// store that keeps every change as JSON, in its Raw field or encoded).
	Value() any
	// Raw returns LinkedIn's element as received (nil when the value was
	// not decoded from LinkedIn's answer).
	Raw() json.RawMessage

	pulled()
}

// SeatChange is a Recruiter seat of the tenant's contract.
type SeatChange struct{ Seat model.Seat }

// InMailChange is an InMail event of a seat's history.
type InMailChange struct{ Event model.ConversationEvent }

// NoteChange is a Recruiter prospect note; an inactive one (deleted in
// Recruiter) deletes the note.
type NoteChange struct{ Note model.ProspectNote }

// StubChange is the contact details a member shared in an InMail reply.
type StubChange struct{ Stub model.MailStub }

// PurgeChange says LinkedIn purged the profile of a member it exported.
type PurgeChange struct{ Purged model.PurgedExportedCandidate }

// IntegrationChange is the state of one of the tenant's integrations.
type IntegrationChange struct{ Integration model.Integration }

// ExportChange is a candidate of a One-Click Export, already checked to
// belong to the tenant.
type ExportChange struct{ Export model.ExportedCandidate }

// EvaluationChange is a Hiring Assistant evaluation of an application,
// already checked to belong to the tenant.
type EvaluationChange struct{ Evaluation model.ApplicationEvaluation }

// Kind returns KindSeat.
func (SeatChange) Kind() PulledKind { return KindSeat }

// Key is the seat's ID, or its URN when LinkedIn sent no ID.
func (c SeatChange) Key() string {
	if c.Seat.ID != "" {
		return c.Seat.ID
	}
	return string(c.Seat.URN)
}

// Deleted is false: a seat LinkedIn no longer lists stays, inactive.
func (SeatChange) Deleted() bool { return false }

// Value returns the model.Seat.
func (c SeatChange) Value() any { return c.Seat }

// Raw returns the Seat's Raw.
func (c SeatChange) Raw() json.RawMessage { return c.Seat.Raw }
func (SeatChange) pulled()                {}

// Kind returns KindInMail.
func (InMailChange) Kind() PulledKind { return KindInMail }

// Key is the event's ID.
func (c InMailChange) Key() string { return c.Event.ID }

// Deleted is false.
func (InMailChange) Deleted() bool { return false }

// Value returns the model.ConversationEvent.
func (c InMailChange) Value() any { return c.Event }

// Raw returns the Event's Raw.
func (c InMailChange) Raw() json.RawMessage { return c.Event.Raw }
func (InMailChange) pulled()                {}

// Kind returns KindNote.
func (NoteChange) Kind() PulledKind { return KindNote }

// Key is the note's ID.
func (c NoteChange) Key() string { return c.Note.ID }

// Deleted reports whether the note is inactive (deleted in Recruiter).
func (c NoteChange) Deleted() bool { return !c.Note.Active }

// Value returns the model.ProspectNote.
func (c NoteChange) Value() any { return c.Note }

// Raw returns the Note's Raw.
func (c NoteChange) Raw() json.RawMessage { return c.Note.Raw }
func (NoteChange) pulled()                {}

// Kind returns KindStub.
func (StubChange) Kind() PulledKind { return KindStub }

// Key is the stub's ID.
func (c StubChange) Key() string { return c.Stub.ID }

// Deleted is false.
func (StubChange) Deleted() bool { return false }

// Value returns the model.MailStub.
func (c StubChange) Value() any { return c.Stub }

// Raw returns the Stub's Raw.
func (c StubChange) Raw() json.RawMessage { return c.Stub.Raw }
func (StubChange) pulled()                {}

// Kind returns KindPurge.
func (PurgeChange) Kind() PulledKind { return KindPurge }

// Key is "<member>/<requestId>": a member may be exported (and purged)
// by several requests.
func (c PurgeChange) Key() string { return string(c.Purged.Member) + "/" + c.Purged.RequestID }

// Deleted is false: the purge itself is kept (the host's policy acts on it).
func (PurgeChange) Deleted() bool { return false }

// Value returns the model.PurgedExportedCandidate.
func (c PurgeChange) Value() any { return c.Purged }

// Raw returns the Purged's Raw.
func (c PurgeChange) Raw() json.RawMessage { return c.Purged.Raw }
func (PurgeChange) pulled()                {}

// Kind returns KindIntegration.
func (IntegrationChange) Kind() PulledKind { return KindIntegration }

// Key is "<integrationContext>/<integrationType>/<tenantType>".
func (c IntegrationChange) Key() string {
	k := c.Integration.Key
	return string(k.IntegrationContext) + "/" + string(k.IntegrationType) + "/" + string(k.TenantType)
}

// Deleted is false.
func (IntegrationChange) Deleted() bool { return false }

// Value returns the model.Integration.
func (c IntegrationChange) Value() any { return c.Integration }

// Raw returns the Integration's Raw.
func (c IntegrationChange) Raw() json.RawMessage { return c.Integration.Raw }
func (IntegrationChange) pulled()                {}

// Kind returns KindExport.
func (ExportChange) Kind() PulledKind { return KindExport }

// Key is the export's request id and member (model.ExportedCandidate.Key):
// one request may carry several candidates.
func (c ExportChange) Key() string { return c.Export.Key() }

// Deleted is false.
func (ExportChange) Deleted() bool { return false }

// Value returns the model.ExportedCandidate.
func (c ExportChange) Value() any { return c.Export }

// Raw returns the Export's Raw.
func (c ExportChange) Raw() json.RawMessage { return c.Export.Raw }
func (ExportChange) pulled()                {}

// Kind returns KindEvaluation.
func (EvaluationChange) Kind() PulledKind { return KindEvaluation }

// Key is the evaluation's request id and application
// (model.ApplicationEvaluation.Key); a later one of the same Key replaces it.
func (c EvaluationChange) Key() string { return c.Evaluation.Key() }

// Deleted is false.
func (EvaluationChange) Deleted() bool { return false }

// Value returns the model.ApplicationEvaluation.
func (c EvaluationChange) Value() any { return c.Evaluation }

// Raw returns the Evaluation's Raw.
func (c EvaluationChange) Raw() json.RawMessage { return c.Evaluation.Raw }
func (EvaluationChange) pulled()                {}

// PulledOf returns the change that carries v, one of the pulled model
// types (model.Seat, model.ConversationEvent, model.ProspectNote,
// model.MailStub, model.PurgedExportedCandidate, model.Integration,
// model.ExportedCandidate, model.ApplicationEvaluation) or a non-nil
// pointer to one; ok is false for anything else.
func PulledOf(v any) (p Pulled, ok bool) {
	switch x := v.(type) {
	case model.Seat:
		return SeatChange{x}, true
	case *model.Seat:
		return derefPulled(x, func(x model.Seat) Pulled { return SeatChange{x} })
	case model.ConversationEvent:
		return InMailChange{x}, true
	case *model.ConversationEvent:
		return derefPulled(x, func(x model.ConversationEvent) Pulled { return InMailChange{x} })
	case model.ProspectNote:
		return NoteChange{x}, true
	case *model.ProspectNote:
		return derefPulled(x, func(x model.ProspectNote) Pulled { return NoteChange{x} })
	case model.MailStub:
		return StubChange{x}, true
	case *model.MailStub:
		return derefPulled(x, func(x model.MailStub) Pulled { return StubChange{x} })
	case model.PurgedExportedCandidate:
		return PurgeChange{x}, true
	case *model.PurgedExportedCandidate:
		return derefPulled(x, func(x model.PurgedExportedCandidate) Pulled { return PurgeChange{x} })
	case model.Integration:
		return IntegrationChange{x}, true
	case *model.Integration:
		return derefPulled(x, func(x model.Integration) Pulled { return IntegrationChange{x} })
	case model.ExportedCandidate:
		return ExportChange{x}, true
	case *model.ExportedCandidate:
		return derefPulled(x, func(x model.ExportedCandidate) Pulled { return ExportChange{x} })
	case model.ApplicationEvaluation:
		return EvaluationChange{x}, true
	case *model.ApplicationEvaluation:
		return derefPulled(x, func(x model.ApplicationEvaluation) Pulled { return EvaluationChange{x} })
	}
	return nil, false
}

func derefPulled[T any](p *T, wrap func(T) Pulled) (Pulled, bool) {
	if p == nil {
		return nil, false
	}
	return wrap(*p), true
}

// pulledOf wraps the values of a LinkedIn read (always pulled model
// types) as changes.
func pulledOf[T any](vs []T) []Pulled {
	out := make([]Pulled, 0, len(vs))
	for _, v := range vs {
		if p, ok := PulledOf(v); ok {
			out = append(out, p)
		}
	}
	return out
}
