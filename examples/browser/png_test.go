package browser_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/examples/browser"
)

func encodePNG(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func whitePNG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	return encodePNG(img)
}

func TestInspectPNG(t *testing.T) {
	t.Parallel()
	fill := func(w, h int, f func(x, y int) color.RGBA) []byte {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				img.SetRGBA(x, y, f(x, y))
			}
		}
		return encodePNG(img)
	}
	white := color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	cases := []struct {
		name      string
		png       []byte
		colours   int
		nonWhite  float64
		wantBlank bool
	}{
		{"white", whitePNG(10, 10), 1, 0, true},
		{"near white", fill(10, 10, func(x, y int) color.RGBA { return color.RGBA{0xF9, 0xFA, 0xFB, 0xFF} }), 1, 0, true},
		{"one grey", fill(10, 10, func(x, y int) color.RGBA { return color.RGBA{0x80, 0x80, 0x80, 0xFF} }), 1, 1, true},
		{"a dot of text", fill(100, 100, func(x, y int) color.RGBA {
			if x < 3 && y < 3 {
				return color.RGBA{uint8(x * 40), uint8(y * 40), 0, 0xFF}
			}
			return white
		}), 10, 0.0009, true},
		{"text on white", fill(20, 10, func(x, y int) color.RGBA {
			if y < 5 {
				return color.RGBA{uint8(x * 10), uint8(y * 30), 0x40, 0xFF}
			}
			return white
		}), 101, 0.5, false},
	}
	for _, tc := range cases {
		st, err := browser.InspectPNG(tc.png)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if st.Colours != tc.colours || st.NonWhite < tc.nonWhite-1e-9 || st.NonWhite > tc.nonWhite+1e-9 {
			t.Errorf("%s: %s, want %d colours, %.4f non-white", tc.name, st, tc.colours, tc.nonWhite)
		}
		if st.Blank() != tc.wantBlank {
			t.Errorf("%s: Blank() = %v, want %v (%s)", tc.name, st.Blank(), tc.wantBlank, st)
		}
	}
	if _, err := browser.InspectPNG([]byte("GIF89a")); err == nil || !strings.Contains(err.Error(), "decode png") {
		t.Errorf("not a PNG: %v", err)
	}
}

func TestFindChromium(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	exe := filepath.Join(dir, "chrome")
	plain := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plain, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == browser.ChromiumEnv {
				return v
			}
			return ""
		}
	}
	if got, err := browser.FindChromium(env(exe)); err != nil || got != exe {
		t.Errorf("RSC_CHROMIUM=%s: %q, %v", exe, got, err)
	}
	for _, bad := range []string{plain, dir, filepath.Join(dir, "missing")} {
		if got, err := browser.FindChromium(env(bad)); err == nil || !strings.Contains(err.Error(), "not an executable file") {
			t.Errorf("RSC_CHROMIUM=%s: %q, %v; want an error", bad, got, err)
		}
	}
	// Without RSC_CHROMIUM: a binary found, or ErrNoChromium.
	got, err := browser.FindChromium(env(""))
	if err != nil && !errors.Is(err, browser.ErrNoChromium) {
		t.Errorf("search: %v", err)
	}
	if err == nil && filepath.Base(got) != "chromium" && filepath.Base(got) != "chromium-browser" && filepath.Base(got) != "google-chrome" {
		t.Errorf("search found %q", got)
	}
}
