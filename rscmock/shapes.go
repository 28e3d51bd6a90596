package rscmock

import (
	"strconv"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
)

// The recruiter side keeps what LinkedIn serves to the ATS (exports,
// purges, InMails, mail stubs, prospect notes, job tasks) in the fake's own
// shapes (rscmock/internal/shapes), and serves them as they are. Its typed
// Go API returns rsc/model values: the converters here build them field by
// field, for Go callers only. Notifications are kept and pushed in their
// shape; Deliveries converts them to the public Delivery.

func urns(ss []string) []model.URN {
	if ss == nil {
		return nil
	}
	out := make([]model.URN, len(ss))
	for i, s := range ss {
		out[i] = model.URN(s)
	}
	return out
}

func inmailModel(e shapes.ConversationEvent) model.ConversationEvent {
	return model.ConversationEvent{ID: e.ID, Thread: model.URN(e.Thread), Author: model.URN(e.Author), Recipients: urns(e.Recipients),
		Subject: e.Content.Mail.Subject, Body: e.Content.Mail.Body.Text, CreatedAt: model.EpochMillis(e.CreatedAt)}
}

func stubModel(m shapes.MailStub) model.MailStub {
	return model.MailStub{ID: m.ID, Owner: model.URN(m.Owner), Member: model.URN(m.Member), FirstName: m.FirstName, LastName: m.LastName,
		EmailAddress: m.EmailAddress, PhoneNumber: m.PhoneNumber, Headline: m.Headline, Location: m.Location,
		CurrentCompanyName: m.CurrentCompanyName, CurrentJobTitle: m.CurrentJobTitle, ProfileURL: m.ProfileURL,
		CreatedAt: model.EpochMillis(m.CreatedAt)}
}

func noteModel(n shapes.ProspectNote) model.ProspectNote {
	return model.ProspectNote{ID: strconv.FormatInt(n.ID, 10), Active: n.Active, Contract: model.URN(n.Contract),
		Created: model.EpochMillis(n.Created), LastModified: model.EpochMillis(n.LastModified), Owner: model.URN(n.Owner),
		Member: model.URN(n.Member), Note: n.Note, Visibility: n.Visibility}
}

// convertAll converts a list with f (an empty list stays empty).
func convertAll[S, M any](in []S, f func(S) M) []M {
	if in == nil {
		return nil
	}
	out := make([]M, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}
