// Package matching decides whether ATS candidates and LinkedIn members are the same
// person, and finds possible duplicate candidates.
//
// It is pure: no I/O and no clocks (times are arguments), so a vendor can use it
// without the sync engines. It depends on rsc/model, golang.org/x/text (accent
// removal) and github.com/nyaruka/phonenumbers (libphonenumber rules).
//
// # Normalisation
//
// [NormalizeEmail] trims and lower-cases (no provider tricks such as Gmail dots);
// [NormalizePhone] returns E.164; [NormalizeName] removes accents, folds case and
// punctuation; [CanonicalProfileURL] reduces any LinkedIn profile URL form to
// "linkedin.com/in/<slug>".
//
// # Identity and links
//
// [SamePerson] compares two [Identity] values by person URN, else canonical profile
// URL, else email. [Link] and [Unlink] record a manual link or "wrong profile" unlink
// (who and when) as a [LinkChange], whose Patch is the manualMatchedMember partial
// update LinkedIn expects.
//
// # Possible duplicates
//
// An [Index] files records under blocking keys (email, E.164 phone, last 7 digits of
// the phone, profile URL, member URN, and phonetic name keys with the company), so a
// lookup scores only the records sharing a key with the query, never all of them.
// The score (in [0, 1]) is half name similarity (Jaro-Winkler on normalised names,
// nicknames, swapped names) and half corroboration (shared email, phone or profile
// URL; same company; contacts that all differ count against). A match at or above
// [DefaultThreshold] (0.75) is flagged as a possible duplicate for a person to
// resolve; records are never merged. A match whose identity is exactly the same
// ([Match.Same]) is the same person, not a possible duplicate.
//
// Quality, measured with [Evaluate] on [GenerateDataset] data (5,000 records, about
// 1,600 duplicate pairs; seeds 1, 2 and 3): precision 0.995 / 0.993 / 0.993, recall
// 0.995 / 0.998 / 0.996. The remaining false positives are different people with
// the same name at the same company; the misses are names with two typos.
//
// Speed, measured with BenchmarkDuplicateIndex (go test -run '^$' -bench
// DuplicateIndex ./rsc/matching; a shared 2-CPU machine, Go 1.26): building an
// index of 1,000,000 records takes 5.2-5.7 s of CPU ([BuildIndex] normalises on all
// CPUs), a lookup's median is about 10 us and its 99th percentile 36-44 us over 10,000
// lookups (the slow ones score the most candidates; each candidate costs a cache
// miss), and on 10,000 records a lookup is 215-270 times faster than scoring the
// query against every record.
package matching
