package rscmock

import (
	"strconv"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
)

// The recruiter side keeps its records as rsc/model values, which its typed
// Go API returns; what the fake serves on the wire (finders, task answers,
// pushes, the /_mock/ JSON API) is converted here, field by field, into the
// fake's own shapes (rscmock/internal/shapes), so no answer takes its JSON
// from rsc/model's MarshalJSON.

func urnStrings(us []model.URN) []string {
	if us == nil {
		return nil
	}
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = string(u)
	}
	return out
}

// mapShapes converts a list with f; nil stays nil (an empty finder page).
func mapShapes[M, S any](in []M, f func(M) S) []S {
	if in == nil {
		return nil
	}
	out := make([]S, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func notificationShape(n model.Notification) shapes.Notification {
	return shapes.Notification{ID: n.ID, Type: string(n.Type), ExpiresAt: int64(n.ExpiresAt)}
}

func exportShape(x model.ExportedCandidate) shapes.ExportedCandidate {
	p := x.Candidate
	out := shapes.ExportedCandidate{RequestID: x.RequestID, IntegrationContext: string(x.IntegrationContext),
		Candidate: shapes.StubProfile{Member: string(p.Member), FirstName: p.FirstName, LastName: p.LastName, Headline: p.Headline,
			Location: p.Location, CurrentCompanyName: p.CurrentCompanyName, CurrentJobTitle: p.CurrentJobTitle,
			ProfileURL: p.ProfileURL, EmailAddress: p.EmailAddress},
		ExternalJobPostingID: x.ExternalJobPostingID, ExportedAt: int64(x.ExportedAt)}
	if e := x.Exporter; e != (model.Exporter{}) {
		out.Exporter = &shapes.Exporter{Seat: string(e.Seat), Person: string(e.Person), Email: e.Email, FirstName: e.FirstName, LastName: e.LastName}
	}
	return out
}

func purgedShape(p model.PurgedExportedCandidate) shapes.PurgedExportedCandidate {
	return shapes.PurgedExportedCandidate{Member: string(p.Member), RequestID: p.RequestID, ExportType: p.ExportType, PurgedAt: int64(p.PurgedAt)}
}

func inmailShape(e model.ConversationEvent) shapes.ConversationEvent {
	return shapes.ConversationEvent{ID: e.ID, Thread: string(e.Thread), Author: string(e.Author), Recipients: urnStrings(e.Recipients),
		Content: shapes.Content{Mail: shapes.Mail{Subject: e.Subject, Body: shapes.MailBody{Text: e.Body}}}, CreatedAt: int64(e.CreatedAt)}
}

func stubShape(m model.MailStub) shapes.MailStub {
	return shapes.MailStub{ID: m.ID, Owner: string(m.Owner), Member: string(m.Member), FirstName: m.FirstName, LastName: m.LastName,
		EmailAddress: m.EmailAddress, PhoneNumber: m.PhoneNumber, Headline: m.Headline, Location: m.Location,
		CurrentCompanyName: m.CurrentCompanyName, CurrentJobTitle: m.CurrentJobTitle, ProfileURL: m.ProfileURL, CreatedAt: int64(m.CreatedAt)}
}

// noteShape converts a note; the fake numbers its notes, so the id parses.
func noteShape(n model.ProspectNote) shapes.ProspectNote {
	id, _ := strconv.ParseInt(n.ID, 10, 64)
	return shapes.ProspectNote{ID: id, Active: n.Active, Contract: string(n.Contract), Created: int64(n.Created),
		LastModified: int64(n.LastModified), Owner: string(n.Owner), Member: string(n.Member), Note: n.Note, Visibility: n.Visibility}
}
