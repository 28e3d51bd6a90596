package browser_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/rsckit/rsckit/examples/browser"
)

// waitFor bounds every wait for a page state.
const waitFor = 10 * time.Second

// startBrowser starts one headless Chromium for a test and its subtests, or
// skips the test when there is none.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	exe, err := browser.FindChromium(os.Getenv)
	if errors.Is(err, browser.ErrNoChromium) {
		t.Skipf("skipping the browser tests: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	// A fresh profile. Chromium's helper processes may still write to it for
	// a moment after the browser exits, so removal retries (t.TempDir fails).
	profile, err := os.MkdirTemp("", "rsc-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if err = os.RemoveAll(profile); err == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Errorf("remove the Chromium profile: %v", err)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 55*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, browser.AllocatorOptions(exe, profile, 1000, 800)...)
	t.Cleanup(cancelAlloc) // waits for the browser process to exit
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithErrorf(func(string, ...any) {}))
	t.Cleanup(func() {
		if err := chromedp.Cancel(bctx); err != nil { // closes the browser gracefully
			cancelBrowser()
		}
	})
	start := time.Now()
	if err := chromedp.Run(bctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	t.Logf("started %s in %v", exe, time.Since(start).Round(time.Millisecond))
	return bctx
}

// session is one browser tab of a test.
type session struct {
	t   *testing.T
	ctx context.Context

	mu         sync.Mutex
	exceptions []string
	dialogs    []string
}

// newSession opens a tab in the browser of bctx. JavaScript dialogs are
// accepted and recorded; uncaught exceptions fail the test at its end.
func newSession(t *testing.T, bctx context.Context) *session {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx)
	t.Cleanup(cancel)
	s := &session{t: t, ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			s.mu.Lock()
			s.dialogs = append(s.dialogs, string(ev.Type)+": "+ev.Message)
			s.mu.Unlock()
			go func() { _ = chromedp.Run(ctx, page.HandleJavaScriptDialog(true)) }()
		case *runtime.EventExceptionThrown:
			msg := ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				msg += " " + ev.ExceptionDetails.Exception.Description
			}
			s.mu.Lock()
			s.exceptions = append(s.exceptions, msg)
			s.mu.Unlock()
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, e := range s.exceptions {
			t.Errorf("uncaught JavaScript exception: %s", e)
		}
	})
	return s
}

// Dialogs returns the JavaScript dialogs accepted so far.
func (s *session) Dialogs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.dialogs...)
}

func (s *session) run(step string, actions ...chromedp.Action) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 2*waitFor)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		s.t.Fatalf("%s: %v", step, err)
	}
}

// open navigates the tab to url and waits for its load event.
func (s *session) open(url string) {
	s.t.Helper()
	s.run("open "+url, chromedp.Navigate(url))
}

// elem is an element: a JavaScript expression evaluated in the page, or in
// the document of the iframe matching frame (which may be of another
// origin: the expression then runs in an isolated world of that frame).
type elem struct{ frame, expr string }

func (e elem) String() string {
	if e.frame == "" {
		return e.expr
	}
	return e.frame + " » " + e.expr
}

// eval evaluates a JavaScript expression in the page (frame "") or in the
// document of the iframe matching frame, into out (nil to drop the value).
func (s *session) eval(frame, expr string, out any) error {
	ctx, cancel := context.WithTimeout(s.ctx, waitFor)
	defer cancel()
	if frame == "" {
		return chromedp.Run(ctx, chromedp.Evaluate(expr, out))
	}
	return chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		obj, exc, err := runtime.Evaluate("document.querySelector(" + js(frame) + ")").Do(ctx)
		if err != nil {
			return err
		}
		if exc != nil {
			return exc
		}
		if obj.ObjectID == "" {
			return fmt.Errorf("no element %s", frame)
		}
		node, err := dom.DescribeNode().WithObjectID(obj.ObjectID).Do(ctx)
		_ = runtime.ReleaseObject(obj.ObjectID).Do(ctx)
		if err != nil {
			return err
		}
		if node.FrameID == "" {
			return fmt.Errorf("%s is not a frame", frame)
		}
		world, err := page.CreateIsolatedWorld(node.FrameID).WithWorldName("rsc-browser-test").Do(ctx)
		if err != nil {
			return err
		}
		res, exc, err := runtime.Evaluate(expr).WithContextID(world).WithReturnByValue(true).Do(ctx)
		if err != nil {
			return err
		}
		if exc != nil {
			return exc
		}
		if out == nil || res.Value == nil {
			return nil
		}
		return json.Unmarshal(res.Value, out)
	}))
}

// wait polls the JavaScript expression e until it is truthy, surviving the
// navigations between polls.
func (s *session) wait(step string, e elem) {
	s.t.Helper()
	deadline := time.Now().Add(waitFor)
	var lastErr error
	for time.Now().Before(deadline) {
		var ok bool
		lastErr = s.eval(e.frame, "!!("+e.expr+")", &ok)
		if lastErr == nil && ok {
			return
		}
		time.Sleep(40 * time.Millisecond)
	}
	s.t.Fatalf("%s: still not true after %v: %s (last error: %v)", step, waitFor, e, lastErr)
}

// text returns the innerText of element e once it exists.
func (s *session) text(e elem) string {
	s.t.Helper()
	s.wait("find", e)
	var out string
	if err := s.eval(e.frame, "("+e.expr+").innerText", &out); err != nil {
		s.t.Fatalf("read %s: %v", e, err)
	}
	return out
}

// click scrolls element e into view and clicks its centre with the mouse,
// as a user would.
func (s *session) click(e elem) {
	s.t.Helper()
	s.wait("find", e)
	var at struct{ X, Y float64 }
	centre := `(() => { const el = ` + e.expr + `; el.scrollIntoView({block: "center", inline: "center"});
  const r = el.getBoundingClientRect(); return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`
	if err := s.eval(e.frame, centre, &at); err != nil {
		s.t.Fatalf("locate %s: %v", e, err)
	}
	if e.frame != "" {
		// Scroll the page so the point is in the middle of the window.
		offset := fmt.Sprintf(`(() => { const f = document.querySelector(%s);
  let r = f.getBoundingClientRect();
  window.scrollBy(0, r.top + f.clientTop + %f - window.innerHeight / 2);
  r = f.getBoundingClientRect();
  return {X: r.left + f.clientLeft + %f, Y: r.top + f.clientTop + %f}; })()`, js(e.frame), at.Y, at.X, at.Y)
		if err := s.eval("", offset, &at); err != nil {
			s.t.Fatalf("locate %s: %v", e, err)
		}
	}
	s.run("click "+e.String(), chromedp.MouseClickXY(at.X, at.Y))
}

// typeInto clicks element e and types text with the keyboard.
func (s *session) typeInto(e elem, text string) {
	s.t.Helper()
	s.click(e)
	s.run("type into "+e.String(), chromedp.KeyEvent(text))
}

// choose picks value in the select element e.
func (s *session) choose(e elem, value string) {
	s.t.Helper()
	s.wait("find", e)
	var got string
	expr := `(() => { const el = ` + e.expr + `; el.value = ` + js(value) + `; el.dispatchEvent(new Event("change", {bubbles: true})); return el.value; })()`
	if err := s.eval(e.frame, expr, &got); err != nil || got != value {
		s.t.Fatalf("choose %q in %s: got %q, %v", value, e, got, err)
	}
}

// screenshot takes a full-page PNG screenshot, writes it to the test's
// temporary directory (and $RSC_SCREENSHOT_DIR when set) and checks it is
// not blank.
func (s *session) screenshot(name string) browser.PNGStats {
	s.t.Helper()
	var buf []byte
	s.run("screenshot "+name, chromedp.FullScreenshot(&buf, 100))
	dirs := []string{s.t.TempDir()}
	if d := os.Getenv(browser.ScreenshotDirEnv); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, name+".png"), buf, 0o644); err != nil {
			s.t.Fatalf("save screenshot: %v", err)
		}
	}
	st, err := browser.InspectPNG(buf)
	if err != nil {
		s.t.Fatalf("screenshot %s: %v", name, err)
	}
	s.t.Logf("screenshot %s.png: %s, %d bytes", name, st, len(buf))
	if st.Blank() {
		s.t.Errorf("screenshot %s is blank: %s", name, st)
	}
	return st
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// q is the first element matching sel in the page.
func q(sel string) elem { return elem{expr: "document.querySelector(" + js(sel) + ")"} }

// fq is the first element matching sel in the loaded document of the first
// iframe matching frame.
func fq(frame, sel string) elem {
	return elem{frame: frame, expr: `(document.readyState === "complete" ? document.querySelector(` + js(sel) + `) : null)`}
}

// byText is the first element matching sel in the page whose trimmed text is text.
func byText(sel, text string) elem {
	return elem{expr: fmt.Sprintf(`Array.from(document.querySelectorAll(%s)).find(e => e.textContent.trim() === %s)`, js(sel), js(text))}
}

// jsExpr is a JavaScript expression evaluated in the page.
func jsExpr(expr string) elem { return elem{expr: expr} }

// contains reports whether every want is in s, naming the first missing one.
func contains(s string, want ...string) (string, bool) {
	for _, w := range want {
		if !strings.Contains(s, w) {
			return w, false
		}
	}
	return "", true
}
