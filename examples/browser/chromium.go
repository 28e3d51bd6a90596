package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// ChromiumEnv names the environment variable that points FindChromium at a
// Chromium or Chrome binary.
const ChromiumEnv = "RSC_CHROMIUM"

// ScreenshotDirEnv names the environment variable of a directory where the
// tests also write their screenshots.
const ScreenshotDirEnv = "RSC_SCREENSHOT_DIR"

// ErrNoChromium is returned by FindChromium when no browser is installed.
var ErrNoChromium = errors.New("browser: no Chromium found (install Debian's chromium package or set " + ChromiumEnv + ")")

// chromiumNames are the binaries FindChromium looks for, in order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome"}

// FindChromium returns the browser binary to drive: the path in
// $RSC_CHROMIUM when set (an error when it is not an executable file), else
// the first of chromium, chromium-browser and google-chrome found in
// /usr/bin or on the PATH. getenv reads the environment (os.Getenv).
func FindChromium(getenv func(string) string) (string, error) {
	if p := getenv(ChromiumEnv); p != "" {
		if !isExecutable(p) {
			return "", fmt.Errorf("browser: %s=%q is not an executable file", ChromiumEnv, p)
		}
		return p, nil
	}
	for _, name := range chromiumNames {
		if p := filepath.Join("/usr/bin", name); isExecutable(p) {
			return p, nil
		}
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// AllocatorOptions returns the chromedp.NewExecAllocator options that start
// execPath headless, without sandbox, GPU, QUIC, first-run UI, background
// networking, component updates or sync, with the profile in userDataDir
// (use a fresh directory) and a width×height window. chromedp adds
// --remote-debugging-port=0, which listens on 127.0.0.1.
func AllocatorOptions(execPath, userDataDir string, width, height int) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(userDataDir),
		chromedp.WindowSize(width, height),
	}
}
