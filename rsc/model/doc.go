// Package model holds the plain data types of LinkedIn Recruiter System Connect (RSC):
// the entities an ATS syncs to LinkedIn (jobs, candidates, applications, notes, stages,
// interview feedback, ACLs, integrations and their configurations), the records it
// reads back (seats, InMail events, prospect notes, mail stubs, exported candidates,
// push notifications), URNs, epoch-millisecond time, resource keys, and validation
// that reports every problem with a field path.
//
// The package does no I/O and imports only the standard library, so a Store
// implementation can depend on it cheaply. The client in package rsc sends these
// types as JSON bodies; their JSON field names are LinkedIn's /v2 names.
//
// # Quickstart
//
//	org := model.OrganizationURN("1000")
//	c := model.Candidate{
//		Key:               model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"},
//		ATSCreatedAt:      model.Millis(created),
//		ATSLastModifiedAt: model.Millis(modified),
//		FirstName:         "Ada",
//		LastName:          "Lovelace",
//		EmailAddresses:    []string{"ada@example.com"},
//		ExternalProfileURL: "https://ats.example.com/candidates/C1",
//	}
//	if err := model.ValidateBatch("candidates", []model.Candidate{c}); err != nil {
//		var ve *model.ValidationError
//		if errors.As(err, &ve) {
//			for _, fe := range ve.Errors {
//				fmt.Println(fe.Record, fe.Path, fe.Message)
//			}
//		}
//	}
//
// # Keys
//
// Every synced record carries its Rest.li key in a Key field that is not part of the
// JSON body; the client turns it into ids[i].* query parameters and entity-map keys and
// adds dataProvider=ATS ([DataProviderATS]) itself.
//
// # Unconfirmed shapes
//
// LinkedIn has not published the response bodies of several LinkedIn-to-ATS reads
// (seats, InMail events, prospect notes, mail stubs, exported and purged candidates,
// candidate matches, push notifications). Those types live in unconfirmed.go; each
// guess is marked "Assumption:" there. They decode tolerantly, accepting the plausible
// alternative field names, and keep the whole element in a Raw field so callers can
// read fields this package does not know.
//
// # Secrets
//
// [Secret] holds a client secret. It prints, logs and marshals as "[redacted]"; only
// [Secret.Reveal] returns the value. Decoding "[redacted]" back into a Secret is an
// error, so persist the value of Reveal, never the JSON of a Secret or [Credentials].
package model
