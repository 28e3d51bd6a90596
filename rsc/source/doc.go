// Package source decides what an ATS does with a candidate exported from LinkedIn
// Recruiter ("Export to ATS"): which source contact and source the candidate is
// attributed to, which tag it gets, which hiring process is opened, whether the
// export must fail because the candidate is already in that position, and which
// possible duplicates to alert on. The rules are the ones Comeet (Spark Hire Recruit)
// documents for its RSC integration; [Decide] lists them one by one.
//
// The package is pure: the caller loads the existing contacts, users, the matched
// candidate (see package rsc/matching) and its hiring processes, calls [Decide], and
// applies the returned [Plan] in its own transaction.
//
// Assumption: the source (and its contact) is attributed to the new hiring process,
// also when an existing candidate gets one, and the tag is added to the candidate in
// both cases (adding an existing tag is a no-op).
package source
