// Package sim is the fake LinkedIn's recruiter simulator: the customers of
// the ATS with their organizations, contracts and seats, LinkedIn's members,
// the InMails, mail stubs and prospect notes Recruiter users create, One-Click
// Exports and purges, the finders LinkedIn serves from them (seatsV2,
// conversationEvents, mailStubs, prospectNotes, exportedCandidates,
// atsPurgedExportedCandidates, atsIntegrations?q=request), the id counters
// and seeded generator every id of the fake comes from, and the injected
// faults. It imports neither rsc nor rsc/model: URNs are strings and
// records are kept and served in the fake's own shapes (internal/shapes).
//
// Locks: a Recruiter is serialized by the World that holds it (World's
// lock, which World's actions take themselves); Faults, Jobs and the
// Outbox have locks of their own, so a request checks them without the
// World's lock.
package sim
