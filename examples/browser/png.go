package browser

import (
	"bytes"
	"fmt"
	"image/png"
)

// maxColours caps the distinct colours InspectPNG counts.
const maxColours = 4096

// PNGStats describes a screenshot, to tell a rendered page from a blank one.
type PNGStats struct {
	// Width and Height are the image's size in pixels.
	Width, Height int
	// Colours is the number of distinct colours, counted up to 4096.
	Colours int
	// NonWhite is the fraction of pixels that are not white or near white
	// (every channel at least 0xF8).
	NonWhite float64
}

// Blank reports whether the screenshot shows nothing: no pixels, fewer than
// 8 colours (text needs anti-aliasing shades), or under 1% of the pixels
// not white.
func (s PNGStats) Blank() bool {
	return s.Width == 0 || s.Height == 0 || s.Colours < 8 || s.NonWhite < 0.01
}

// String returns the stats in one line, e.g. "1000x1600, 812 colours, 34.2% non-white".
func (s PNGStats) String() string {
	return fmt.Sprintf("%dx%d, %d colours, %.1f%% non-white", s.Width, s.Height, s.Colours, 100*s.NonWhite)
}

// InspectPNG decodes a PNG image and measures it.
func InspectPNG(b []byte) (PNGStats, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return PNGStats{}, fmt.Errorf("browser: decode png: %w", err)
	}
	r := img.Bounds()
	st := PNGStats{Width: r.Dx(), Height: r.Dy()}
	if st.Width == 0 || st.Height == 0 {
		return st, nil
	}
	colours := map[uint64]struct{}{}
	nonWhite := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, ca := img.At(x, y).RGBA()
			if len(colours) < maxColours {
				colours[uint64(cr)<<48|uint64(cg)<<32|uint64(cb)<<16|uint64(ca)] = struct{}{}
			}
			const near = 0xF8 * 0x101
			if cr < near || cg < near || cb < near {
				nonWhite++
			}
		}
	}
	st.Colours = len(colours)
	st.NonWhite = float64(nonWhite) / float64(st.Width*st.Height)
	return st, nil
}
