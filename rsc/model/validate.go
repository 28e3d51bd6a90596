package model

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FieldError is one validation problem of one record.
type FieldError struct {
	// Path locates the field with JSON field names, for example
	// "candidates[3].emailAddresses" or "key.atsCandidateId" (key parts under "key.").
	Path string
	// Record is the record's key in human form, for example "atsCandidateId=C4
	// integrationContext=urn:li:organization:1"; it may be empty.
	Record string
	// Message says what is wrong, for example "required unless manualMatchedMember is set".
	Message string
}

// Error returns "<path>: <message>", or just the message when the path is empty.
func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// ValidationError lists every problem found in a record or a batch of records.
type ValidationError struct {
	Errors []FieldError
}

// Error returns "rsc: invalid input: <n> problem(s): <first>; <second>; ..." listing
// all problems.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("rsc: invalid input: ")
	b.WriteString(strconv.Itoa(len(e.Errors)))
	b.WriteString(" problem(s)")
	for i, fe := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(fe.Error())
	}
	return b.String()
}

// Validator is implemented by every entity and key of this package. Validate returns
// nil or a *ValidationError whose paths are relative to the record.
type Validator interface {
	Validate() error
}

// ValidateBatch validates every record and returns nil or one *ValidationError that
// lists every problem of every record, each path prefixed with "name[i].". A nil
// pointer record is reported as "name[i]: must not be null"; a Validate error that is
// not a *ValidationError is reported with its text at "name[i]".
func ValidateBatch[T Validator](name string, records []T) error {
	var all []FieldError
	pointers := reflect.TypeFor[T]().Kind() == reflect.Pointer || reflect.TypeFor[T]().Kind() == reflect.Interface
	for i, r := range records {
		// Only a pointer or interface record can be nil: a struct is not
		// boxed to ask.
		if pointers && isNilPointer(r) {
			all = append(all, FieldError{Path: name + "[" + strconv.Itoa(i) + "]", Message: "must not be null"})
			continue
		}
		err := r.Validate()
		if err == nil {
			continue
		}
		prefix := name + "[" + strconv.Itoa(i) + "]"
		var ve *ValidationError
		if !errors.As(err, &ve) {
			all = append(all, FieldError{Path: prefix, Message: err.Error()})
			continue
		}
		for _, fe := range ve.Errors {
			if fe.Path == "" {
				fe.Path = prefix
			} else {
				fe.Path = prefix + "." + fe.Path
			}
			all = append(all, fe)
		}
	}
	if len(all) == 0 {
		return nil
	}
	return &ValidationError{Errors: all}
}

// isNilPointer reports whether v is a nil pointer (or nil interface).
func isNilPointer(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// Messages shared by several rules.
const (
	msgRequired        = "required"
	msgPositive        = "must be > 0"
	msgNotNegative     = "must not be negative"
	msgInvalidUTF8     = "must be valid UTF-8"
	msgNUL             = "must not contain NUL bytes"
	msgEmail           = "must look like X@X.X"
	msgEmailUnlessPURN = "required unless manualMatchedMember is set"
	msgAbsoluteURL     = "must be an absolute URL"
	msgAbsoluteHTTPURL = "must be an absolute http or https URL"
	msgJobPostingType  = "must be JOB_POSTING"
	msgLastModified    = "must be >= atsCreatedAt"
	msgNotAvailable    = `must not be "Not Available"`
	msgViewers         = `must be "ALL_PRODUCT_USERS"`
	msgCallbackHTTPS   = "must be an absolute https URL"
	msgCallbackPort    = "port must be 80 or 443"
	msgNoLinkedIn      = `must not contain "LinkedIn"`
	msgTrailingSlash   = `must not end with "/"`
	msgAltLocations    = "not supported for Recruiter System Connect"
	msgLocation        = "required unless countryCode and postalCode are set"
	msgLinkedInProfile = "must be a LinkedIn profile URL (https://www.linkedin.com/in/...)"
)

// Length limits of string fields, in characters (runes). LinkedIn documents
// a few (externalJobPostingId and title 200, description 100 to 25,000,
// skillsDescription 4,000, a child application's name 50); they are checked
// where the fields are. For every other field the limits below are
// Assumptions: generous for real data, small enough that a runaway value (a
// document pasted into a name, a 100,000-character id) is refused before it
// costs a request or lands in a recruiter's screen.
const (
	// maxText bounds every string field that has no tighter limit: no field
	// LinkedIn documents is longer than a job description's 25,000 (which
	// has its own check, and so its own message).
	maxText = 30000
	// maxNote bounds free text: notes, interview feedback. Assumption.
	maxNote = 20000
	// maxShort bounds short text: titles, company names, address lines,
	// stage names, sources, phone numbers. Assumption.
	maxShort = 1000
	// maxName bounds a person's name parts. Assumption.
	maxName = 256
	// maxID bounds an ATS id inside a key, as LinkedIn documents for
	// externalJobPostingId; Assumption for the other ids.
	maxID = 200
	// maxURL bounds a URL. Assumption (2,000 is what every browser and
	// proxy carries).
	maxURL = 2000
)

// idReserved are the characters an ATS id may not contain: the delimiters of
// Rest.li keys and of query strings. The client escapes them, but an id such
// as "C1&ids[1]=C2" is an injection attempt or a bug, never an ATS's real id.
// Assumption: LinkedIn documents no character set for ids.
const idReserved = "&=[](),';#?"

// notInID marks the bytes an id may not contain: control characters and
// idReserved. Read only.
var notInID = func() (t [256]bool) {
	for b := 0; b < 256; b++ {
		t[b] = b < 0x20 || b == 0x7f || strings.IndexByte(idReserved, byte(b)) >= 0
	}
	return t
}()

// checker collects the problems of one record. The zero value is ready to use and
// allocates nothing until a problem is found: paths are passed as a constant field
// name plus the current scope (a prefix and an optional index), and only joined when
// a problem is recorded.
type checker struct {
	errs []FieldError
	sc   scope
}

// scope is the part of the path in front of a field name: pre, then "[idx-1]." when
// idx > 0.
type scope struct {
	pre string
	idx int
}

// enter sets the scope to pre (and "[i]" when i >= 0) and returns the previous scope
// for leave.
func (c *checker) enter(pre string, i int) scope {
	old := c.sc
	c.sc = scope{pre: pre, idx: i + 1}
	return old
}

// leave restores a scope returned by enter.
func (c *checker) leave(old scope) { c.sc = old }

// full joins the current scope and name into a path.
func (c *checker) full(name string) string {
	if c.sc.pre == "" {
		return name
	}
	if c.sc.idx == 0 {
		return c.sc.pre + name
	}
	p := c.sc.pre + "[" + strconv.Itoa(c.sc.idx-1) + "]"
	if name != "" {
		p += "." + name
	}
	return p
}

func (c *checker) add(name, msg string) {
	c.errs = append(c.errs, FieldError{Path: c.full(name), Message: msg})
}

func (c *checker) addf(name, format string, args ...any) {
	c.add(name, fmt.Sprintf(format, args...))
}

// result returns nil or a *ValidationError whose errors carry the record's key; record
// is only called when there is a problem.
func (c *checker) result(record func() string) error {
	if len(c.errs) == 0 {
		return nil
	}
	r := record()
	for i := range c.errs {
		c.errs[i].Record = r
	}
	return &ValidationError{Errors: c.errs}
}

// text reports invalid UTF-8, NUL bytes or more than maxText characters in s
// and returns whether s is clean.
func (c *checker) text(path, s string) bool {
	return c.textMax(path, s, maxText)
}

// textMax is text with a limit of n characters.
func (c *checker) textMax(path, s string, n int) bool {
	if sureText(s, n) {
		return true
	}
	return c.textMaxRunes(path, s, n)
}

// sureText reports whether s passes textMax(path, s, n) by its one-pass
// test: at most n bytes of ASCII but NUL (valid UTF-8 with no NUL, and
// one character a byte).
func sureText(s string, n int) bool {
	return len(s) <= n && asciiWithoutNUL(s)
}

// plainTexts reports whether every string of ss is at most n bytes of
// ASCII but NUL, so that textMax(path, s, n) passes for each. A record
// checks a group of short fields with one call to it, and each field by
// itself (for its message) only when the group is not plain.
func plainTexts(n int, ss ...string) bool {
	for _, s := range ss {
		if !sureText(s, n) {
			return false
		}
	}
	return true
}

// asciiWithoutNUL reports whether every byte of s is ASCII but NUL. It
// looks at eight bytes at a time: a word has a byte >= 0x80 when one of
// its high bits is set, and a zero byte when subtracting 1 from every
// byte borrows into a high bit that was clear. The last word overlaps
// the one before it rather than being read byte by byte, and a string
// shorter than a word is read as one word too (halfWords, spreadBytes),
// as most of a record's strings are short.
func asciiWithoutNUL(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	ok := func(w uint64) bool { return (w|(w-ones)&^w)&highs == 0 }
	n := len(s)
	switch {
	case n >= 8:
		for i := 0; i < n-8; i += 8 {
			if !ok(word(s[i:])) {
				return false
			}
		}
		return ok(word(s[n-8:]))
	case n >= 4:
		return ok(halfWords(s))
	case n > 0:
		return ok(spreadBytes(s))
	}
	return true
}

// halfWords is s, of 4 to 7 bytes, as one word for the word-wise checks
// (asciiWithoutNUL, plainJSONString, printableWithoutPercent): its first
// and last four bytes, overlapping. Every byte of s is in it, and nothing
// else.
func halfWords(s string) uint64 {
	return uint64(word32(s)) | uint64(word32(s[len(s)-4:]))<<32
}

// spreadBytes is s, of 1 to 3 bytes, as one word for the same checks: its
// first, middle and last byte and five bytes 'a', which each of those
// checks passes. Every byte of s is in it.
func spreadBytes(s string) uint64 {
	const fill = 0x6161616161000000
	return fill | uint64(s[0]) | uint64(s[len(s)/2])<<8 | uint64(s[len(s)-1])<<16
}

// word32 reads the first four bytes of s as a little-endian word.
func word32(s string) uint32 {
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// textMaxRunes is textMax for any text: it checks UTF-8, NUL and the
// limit each by itself, and reports the first that fails.
func (c *checker) textMaxRunes(path, s string, n int) bool {
	if !utf8.ValidString(s) {
		c.add(path, msgInvalidUTF8)
		return false
	}
	if strings.IndexByte(s, 0) >= 0 {
		c.add(path, msgNUL)
		return false
	}
	if len(s) > n && utf8.RuneCountInString(s) > n {
		c.addf(path, "must be at most %d characters, got %d", n, utf8.RuneCountInString(s))
		return false
	}
	return true
}

// id checks a required ATS id of a key: at most maxID characters, none of
// idReserved, no control characters.
func (c *checker) id(path, s string) bool {
	if sureID(s) {
		return true
	}
	if !c.required(path, s) || !c.textMax(path, s, maxID) {
		return false
	}
	// s is valid UTF-8 (textMax), so no byte of a multi-byte rune is ASCII.
	for i := 0; i < len(s); i++ {
		if b := s[i]; notInID[b] {
			c.addf(path, "must not contain %q (ids may not contain control characters or any of %s)", s[i:i+1], idReserved)
			return false
		}
	}
	return true
}

// sureID reports whether s passes id by its one-pass test: a short,
// plain ASCII id.
func sureID(s string) bool {
	return s != "" && len(s) <= maxID && plainID(s)
}

// plainID reports whether every byte of s is ASCII and allowed in an id,
// so that a short s passes id's checks; it reads s once where id's full
// checks read it three times.
func plainID(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b >= utf8.RuneSelf || notInID[b] {
			return false
		}
	}
	return true
}

// httpURL checks an absolute http or https URL of at most maxURL characters;
// an empty s is reported as required when required is set.
func (c *checker) httpURL(path, s string, required bool) bool {
	if s == "" {
		if required {
			c.add(path, msgRequired)
		}
		return false
	}
	if !c.textMax(path, s, maxURL) {
		return false
	}
	if plainHTTPURL(s) {
		return true // sureHTTPURL(s)
	}
	if u, ok := absoluteURL(s); !ok || (u.Scheme != "http" && u.Scheme != "https") {
		c.add(path, msgAbsoluteHTTPURL)
		return false
	}
	return true
}

// sureHTTPURL reports whether s passes httpURL by its one-pass tests:
// textMax's (sureText), then plainHTTPURL (no parse). httpURL runs them
// one by one between its messages (a call of this was ~5 % of
// BenchmarkCandidateValidate).
func sureHTTPURL(s string) bool {
	return sureText(s, maxURL) && plainHTTPURL(s)
}

// plainHTTPURL reports whether s is an http or https URL that url.Parse
// surely accepts with its host: a lower-case scheme, a host of letters,
// digits, dots and hyphens, and after it printable ASCII without "%" (no
// escapes to check). Parsing was a tenth of a candidate batch's send path;
// any other URL (ports, user info, escapes, IP literals, non-ASCII) is
// parsed.
func plainHTTPURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	host := 0
	for ; host < len(rest); host++ {
		c := rest[host]
		if c == '/' || c == '?' || c == '#' {
			break
		}
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return host > 0 && printableWithoutPercent(rest[host:])
}

// printableWithoutPercent reports whether every byte of s is printable
// ASCII (no space, no DEL) but "%". It looks at eight bytes at a time,
// and reads the last word overlapping the one before it and a string
// shorter than a word as one word, as asciiWithoutNUL does (byte by byte,
// the tail of a URL's path was about a third of the check).
func printableWithoutPercent(s string) bool {
	n := len(s)
	switch {
	case n >= 8:
		for i := 0; i < n-8; i += 8 {
			if !printableWordWithoutPercent(word(s[i:])) {
				return false
			}
		}
		return printableWordWithoutPercent(word(s[n-8:]))
	case n >= 4:
		return printableWordWithoutPercent(halfWords(s))
	case n > 0:
		return printableWordWithoutPercent(spreadBytes(s))
	}
	return true
}

// printableWordWithoutPercent is printableWithoutPercent of the eight
// bytes of w: a byte >= 0x80 has its high bit set, a byte below 0x21
// borrows into a high bit that was clear when 0x21 is subtracted from
// every byte, and a byte equal to c makes a zero byte of w^c, which
// borrows likewise when 1 is subtracted. A borrow only ever follows a
// byte that fails, so a word that passes sets no high bit.
func printableWordWithoutPercent(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	del, percent := w^0x7f*ones, w^'%'*ones
	return (w|(w-0x21*ones)&^w|(del-ones)&^del|(percent-ones)&^percent)&highs == 0
}

// linkedInProfileURL checks a public LinkedIn profile URL:
// https://www.linkedin.com/in/{vanity} (or a country subdomain such as
// uk.linkedin.com, or the older /pub/ form). Anything else would show in
// Recruiter as a link to somewhere that is not LinkedIn.
func (c *checker) linkedInProfileURL(path, s string) {
	if !c.httpURL(path, s, false) {
		return
	}
	u, _ := absoluteURL(s)
	host := strings.ToLower(u.Hostname())
	onLinkedIn := host == "linkedin.com" || strings.HasSuffix(host, ".linkedin.com")
	if !onLinkedIn || u.User != nil || u.Port() != "" || !(strings.HasPrefix(u.Path, "/in/") || strings.HasPrefix(u.Path, "/pub/")) || len(u.Path) < 5 {
		c.add(path, msgLinkedInProfile)
	}
}

// required reports an empty s as "required", otherwise checks its text. It returns
// whether s is present and clean.
func (c *checker) required(path, s string) bool {
	return c.requiredMax(path, s, maxText)
}

// requiredMax is required with a limit of n characters.
func (c *checker) requiredMax(path, s string, n int) bool {
	if s == "" {
		c.add(path, msgRequired)
		return false
	}
	return c.textMax(path, s, n)
}

// maxRunes reports s longer than n characters (runes).
func (c *checker) maxRunes(path, s string, n int) {
	if len(s) <= n {
		return // fast path: byte length bounds rune count
	}
	if got := utf8.RuneCountInString(s); got > n {
		c.addf(path, "must be at most %d characters, got %d", n, got)
	}
}

// urn checks that u is a well-formed URN of type typ; an empty u is reported as
// "required" when required is set.
func (c *checker) urn(path string, u URN, typ string, required bool) {
	if u == "" {
		if required {
			c.add(path, msgRequired)
		}
		return
	}
	if !u.IsType(typ) {
		c.add(path, urnMessage(typ))
	}
}

// urnMessage is the message for a URN of the wrong type or syntax.
func urnMessage(typ string) string {
	article := "a"
	switch typ[0] {
	case 'a', 'e', 'i', 'o', 'u':
		article = "an"
	}
	return "must be " + article + " " + typ + " URN (urn:li:" + typ + ":{id})"
}

// positive reports m <= 0 (absent or negative) as "must be > 0".
func (c *checker) positive(path string, m EpochMillis) {
	if m <= 0 {
		c.add(path, msgPositive)
	}
}

// timestamps applies the RSC rules for atsCreatedAt and atsLastModifiedAt.
func (c *checker) timestamps(created, modified EpochMillis) {
	if validTimestamps(created, modified) {
		return
	}
	c.positive("atsCreatedAt", created)
	c.positive("atsLastModifiedAt", modified)
	if created > 0 && modified > 0 && modified < created {
		c.add("atsLastModifiedAt", msgLastModified)
	}
}

// validTimestamps reports whether created and modified pass timestamps:
// both > 0, and modified not before created.
func validTimestamps(created, modified EpochMillis) bool {
	return created > 0 && modified >= created
}

// email checks one address against LinkedIn's X@X.X pattern.
// Addresses longer than 254 characters cannot be delivered (RFC 5321's
// path limit).
func (c *checker) email(path, s string) {
	if sureEmail(s) {
		return
	}
	if !c.textMax(path, s, 254) {
		return
	}
	if !validEmail(s) {
		c.add(path, msgEmail)
	}
}

// sureEmail reports whether s passes email by its one-pass test.
func sureEmail(s string) bool {
	return len(s) <= 254 && plainEmail(s)
}

// plainEmail reports whether s is printable ASCII of the shape X@X.X,
// reading it once where email's full checks read it twice: such an s of
// at most 254 bytes passes them.
func plainEmail(s string) bool {
	at, dot := -1, false
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b <= ' ' || b >= 0x7f:
			return false
		case b == '@':
			if at >= 0 {
				return false
			}
			at = i
		case b == '.':
			dot = dot || at >= 0 && i > at+1 && i < len(s)-1
		}
	}
	return at > 0 && dot
}

// validEmail reports whether s has the shape X@X.X: one "@", a non-empty local part,
// and a domain with a dot that has text on both sides, no whitespace anywhere.
// It reads s once (FuzzValidEmail checks it against the rule written
// with the strings package).
func validEmail(s string) bool {
	at, dot := -1, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '@':
			if at >= 0 {
				return false
			}
			at = i
		case ' ', '\t', '\r', '\n', '\v', '\f':
			return false
		case '.':
			// In the domain, with text before it and after it.
			dot = dot || at >= 0 && i > at+1 && i < len(s)-1
		}
	}
	return at > 0 && dot
}

// actor checks an optional Actor under prefix (for example "author.").
func (c *checker) actor(prefix string, a *Actor) {
	if a == nil {
		return
	}
	old := c.enter(prefix, -1)
	c.requiredMax("firstName", a.FirstName, maxName)
	c.requiredMax("lastName", a.LastName, maxName)
	c.leave(old)
}

// absoluteURL reports whether s parses as a URL with a scheme and a host.
func absoluteURL(s string) (*url.URL, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, false
	}
	return u, true
}

// Every entity and key implements Validator.
var (
	_ Validator = URN("")
	_ Validator = CandidateKey{}
	_ Validator = ApplicationKey{}
	_ Validator = CandidateNoteKey{}
	_ Validator = ApplicationNoteKey{}
	_ Validator = StageKey{}
	_ Validator = InterviewFeedbackKey{}
	_ Validator = IntegrationKey{}
	_ Validator = ConfigurationKey{}
	_ Validator = EntityACLKey{}
	_ Validator = ACLAssigneeKey{}
	_ Validator = JobPosting{}
	_ Validator = JobPostingTask{}
	_ Validator = Candidate{}
	_ Validator = CandidateNote{}
	_ Validator = Application{}
	_ Validator = ApplicationNote{}
	_ Validator = ApplicationStage{}
	_ Validator = InterviewFeedback{}
	_ Validator = EntityACL{}
	_ Validator = ACLAssignee{}
	_ Validator = Integration{}
	_ Validator = IntegrationConfiguration{}
	_ Validator = ProvisionedApplication{}
	_ Validator = Notification{}
	_ Validator = CandidateMatches{}
)
