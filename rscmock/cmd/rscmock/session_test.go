package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestCurlSession extracts the curl session of rscmock's package doc and
// runs it, line by line, against the binary started with
// -allow-loopback-callbacks, so the documented flow cannot rot. It needs
// neither curl nor jq: a small interpreter runs the lines (variables,
// single and double quotes, $(curl ... | jq -r PATH), the curl flags the
// session uses, and curl -f's rule that an HTTP error fails the line). The
// session's B (the base URL) and CB (the receiver of pushes) are replaced by
// the binary's address and a receiver on loopback.
func TestCurlSession(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "..", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	script := extractSession(t, string(doc))

	var mu sync.Mutex
	var pushes []string
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		pushes = append(pushes, string(b))
		mu.Unlock()
	}))
	t.Cleanup(recv.Close)
	base := startBinary(t, "-addr", "127.0.0.1:0", "-allow-loopback-callbacks")

	sh := &session{t: t, vars: map[string]string{}, fixed: map[string]string{"B": base, "CB": recv.URL + "/linkedin"}}
	sh.run(script)

	if sh.curls < 10 {
		t.Errorf("the session ran %d curl commands; the doc's session was not found whole", sh.curls)
	}
	var export struct {
		Elements []json.RawMessage `json:"elements"`
	}
	if err := json.Unmarshal([]byte(sh.answers[len(sh.answers)-2]), &export); err != nil || len(export.Elements) != 1 {
		t.Errorf("the export fetched: %v %s", err, sh.answers[len(sh.answers)-2])
	}
	if last := sh.answers[len(sh.answers)-1]; !strings.Contains(last, `"C1"`) {
		t.Errorf("In-ATS indicator after the session: %s", last)
	}
	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(pushes, "\n")
	if len(pushes) != 2 || !strings.Contains(all, "INTEGRATION_STATUS_CHANGE") || !strings.Contains(all, "EXPORT_CANDIDATE_PROFILE") ||
		!strings.Contains(all, sh.vars["REQ"]) {
		t.Errorf("pushes to the ATS: %q", pushes)
	}
}

// startBinary builds and starts the command; it answers the base URL.
func startBinary(t *testing.T, args ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rscmock")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("no JSON line: %v", err)
	}
	var info map[string]string
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("line %q: %v", line, err)
	}
	return info["base_url"]
}

// extractSession returns the indented block of doc.go after "A session with
// curl and jq".
func extractSession(t *testing.T, doc string) string {
	t.Helper()
	_, after, ok := strings.Cut(doc, "// A session with curl and jq")
	if !ok {
		t.Fatal("doc.go has no curl session")
	}
	var b strings.Builder
	started := false
	for line := range strings.SplitSeq(after, "\n") {
		code, isCode := strings.CutPrefix(line, "//\t")
		switch {
		case isCode:
			started = true
			b.WriteString(code + "\n")
		case started:
			return b.String()
		}
	}
	t.Fatal("the curl session does not end")
	return ""
}

// session interprets the doc's shell lines.
type session struct {
	t       *testing.T
	vars    map[string]string
	fixed   map[string]string // assignments replaced by the test's values
	curls   int
	answers []string // bodies of the top-level curl commands
}

func (sh *session) run(script string) {
	for _, st := range statements(script) {
		words := sh.words(st)
		if len(words) == 0 {
			continue
		}
		if name, value, ok := strings.Cut(words[0], "="); ok && len(words) == 1 && isName(name) {
			if v, ok := sh.fixed[name]; ok {
				value = v
			}
			sh.vars[name] = value
			continue
		}
		if words[0] != "curl" {
			sh.t.Fatalf("the session has a line the test cannot run: %q", st)
		}
		sh.answers = append(sh.answers, sh.curl(words[1:]))
	}
}

func isName(s string) bool {
	for i, r := range s {
		if !(r == '_' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return s != ""
}

// statements splits a script at unquoted newlines not escaped by '\',
// dropping comments.
func statements(script string) []string {
	var out []string
	var cur strings.Builder
	var quote byte
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '\\' && i+1 < len(script) && script[i+1] == '\n':
			i++
			cur.WriteByte(' ')
			continue
		case c == '#' && strings.TrimSpace(cur.String()) == "":
			for i < len(script) && script[i] != '\n' {
				i++
			}
			continue
		case c == '\n':
			if s := strings.TrimSpace(cur.String()); s != "" {
				out = append(out, s)
			}
			cur.Reset()
			continue
		}
		cur.WriteByte(c)
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// words splits a statement into words, expanding $VAR, ${VAR} and
// $(command) outside single quotes.
func (sh *session) words(s string) []string {
	var out []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				sh.t.Fatalf("unterminated ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`"\$`, s[i+1]) >= 0 {
					i++
					cur.WriteByte(s[i])
					continue
				}
				if s[i] == '$' {
					i = sh.expand(s, i, &cur) - 1
					continue
				}
				cur.WriteByte(s[i])
			}
			inWord = true
		case c == '$':
			i = sh.expand(s, i, &cur) - 1
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

// expand writes the expansion of the $ at s[i] and returns the index after it.
func (sh *session) expand(s string, i int, b *strings.Builder) int {
	switch {
	case strings.HasPrefix(s[i:], "$("):
		depth, j := 0, i+1
		var quote byte
		for ; j < len(s); j++ {
			c := s[j]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '\'' || c == '"':
				quote = c
			case c == '(':
				depth++
			case c == ')':
				depth--
			}
			if depth == 0 {
				break
			}
		}
		b.WriteString(sh.substitute(s[i+2 : j]))
		return j + 1
	case strings.HasPrefix(s[i:], "${"):
		end := strings.IndexByte(s[i:], '}')
		b.WriteString(sh.vars[s[i+2:i+end]])
		return i + end + 1
	}
	j := i + 1
	for j < len(s) && isName(s[i+1:j+1]) {
		j++
	}
	b.WriteString(sh.vars[s[i+1:j]])
	return j
}

// substitute runs "curl ... | jq -r PATH".
func (sh *session) substitute(cmd string) string {
	curlPart, jqPart, ok := strings.Cut(cmd, "|")
	words := sh.words(curlPart)
	if len(words) == 0 || words[0] != "curl" {
		sh.t.Fatalf("the session substitutes a command the test cannot run: %q", cmd)
	}
	out := sh.curl(words[1:])
	if !ok {
		return out
	}
	jq := sh.words(jqPart)
	if len(jq) != 3 || jq[0] != "jq" || jq[1] != "-r" {
		sh.t.Fatalf("unsupported jq in %q", cmd)
	}
	return jqPath(sh.t, out, jq[2])
}

// jqPath evaluates a jq path like .a[0].b on a JSON document, as jq -r does.
func jqPath(t *testing.T, doc, path string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("jq %s: %v in %s", path, err, doc)
	}
	for p := path; p != ""; {
		switch {
		case strings.HasPrefix(p, "["):
			end := strings.IndexByte(p, ']')
			n, err := strconv.Atoi(p[1:end])
			l, ok := v.([]any)
			if err != nil || !ok || n >= len(l) {
				t.Fatalf("jq %s on %s", path, doc)
			}
			v, p = l[n], p[end+1:]
		case strings.HasPrefix(p, "."):
			p = p[1:]
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			if end > 0 {
				m, _ := v.(map[string]any)
				v = m[p[:end]]
			}
			p = p[end:]
		default:
			t.Fatalf("jq path %s", path)
		}
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// curl runs one curl command line (without "curl") and answers the body.
func (sh *session) curl(args []string) string {
	sh.t.Helper()
	sh.curls++
	method, target := "", ""
	var data []string
	hdr := http.Header{}
	fail := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-s":
		case a == "-f" || a == "-sf" || a == "-fs":
			fail = true
		case a == "-X":
			i++
			method = args[i]
		case a == "-H":
			i++
			k, v, _ := strings.Cut(args[i], ":")
			hdr.Set(strings.TrimSpace(k), strings.TrimSpace(v))
		case a == "-d":
			i++
			data = append(data, args[i])
		case strings.HasPrefix(a, "-"):
			sh.t.Fatalf("curl flag %s is not supported by the test", a)
		default:
			target = a
		}
	}
	var body io.Reader
	if data != nil {
		body = strings.NewReader(strings.Join(data, "&"))
		if method == "" {
			method = http.MethodPost
		}
		if hdr.Get("Content-Type") == "" {
			hdr.Set("Content-Type", "application/x-www-form-urlencoded") // curl's default for -d
		}
	}
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		sh.t.Fatalf("curl %q: %v", args, err)
	}
	req.Header = hdr
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		sh.t.Fatalf("curl %s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if fail && resp.StatusCode >= 400 {
		sh.t.Fatalf("curl -f %s %s: %d %s", method, target, resp.StatusCode, b)
	}
	return string(b)
}
