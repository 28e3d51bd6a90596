// Package redact removes credentials from text that came from a server, so
// that an answer echoing a request (a proxy's error page, a debugging
// endpoint, a misbehaving fake) cannot carry a bearer token or a client
// secret into an error string or a log line.
//
// It recognises the forms credentials take on the wire: "Bearer <token>"
// (the Authorization header's value, also when quoted or JSON-escaped),
// "Authorization: ..." header lines, form and query values
// (client_secret=..., access_token=..., refresh_token=..., code=... is left
// alone), and the same names as JSON members ("access_token":"..."). Known
// secret values (the token in use, the client secret) are removed wherever
// they appear, whatever surrounds them.
package redact

import (
	"regexp"
	"strings"
)

// Mask replaces every credential.
const Mask = "[redacted]"

var (
	bearer = regexp.MustCompile(`(?i)\b(bearer)(\s+|%20|\+)[A-Za-z0-9\-._~+/]+=*`)
	header = regexp.MustCompile(`(?i)\b(authorization|proxy-authorization|x-li-signature)(\\?["']?\s*[:=]\s*\\?["']?)(?:[a-z]+\s+)?[^\s"'\\,;}&]+`)
	named  = regexp.MustCompile(`(?i)\b(client_secret|clientSecret|access_token|accessToken|refresh_token|refreshToken|id_token|code_verifier|client_assertion|password)(\\?["']?\s*(?:[:=]|%3D)\s*\\?["']?)[^\s"'\\&,;}]+`)
)

// String returns s with every recognised credential and every non-empty
// value of known replaced by Mask. Known values shorter than 8 bytes are
// ignored: they would mask ordinary words.
func String(s string, known ...string) string {
	if s == "" {
		return s
	}
	for _, k := range known {
		if len(k) >= 8 && strings.Contains(s, k) {
			s = strings.ReplaceAll(s, k, Mask)
		}
	}
	if !strings.ContainsAny(s, "=:") && !containsFold(s, "bearer") {
		return s
	}
	s = bearer.ReplaceAllString(s, "${1} "+Mask)
	s = header.ReplaceAllString(s, "${1}${2}"+Mask)
	s = named.ReplaceAllString(s, "${1}${2}"+Mask)
	return s
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), sub)
}
