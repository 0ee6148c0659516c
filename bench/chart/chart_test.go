package chart

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// decode reads a PNG back and checks its size and that something besides
// the white background was drawn.
func decode(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() != Width || b.Dy() != Height {
		t.Fatalf("%s is %dx%d, want %dx%d", path, b.Dx(), b.Dy(), Width, Height)
	}
	inked, coloured := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r != 0xffff || g != 0xffff || bl != 0xffff {
				inked++
			}
			if max(r, g, bl)-min(r, g, bl) > 0x3000 { // not a grey: a series' colour
				coloured++
			}
		}
	}
	if inked < 5000 || coloured < 500 {
		t.Fatalf("%s looks blank: %d non-white pixels, %d coloured", path, inked, coloured)
	}
	return img
}

func TestLines(t *testing.T) {
	xs := make([]float64, 60)
	a, b := make([]float64, 60), make([]float64, 60)
	for i := range xs {
		xs[i] = float64(i) / 10
		a[i] = 800 * math.Exp(-float64(i)/12)
		b[i] = 400 + 300*math.Sin(float64(i)/5)
	}
	b[30] = math.NaN() // a gap must not fail
	path := filepath.Join(t.TempDir(), "lines.png")
	err := Lines(path, "Reconnections after the kill", "seconds after the kill", "arrivals per 100 ms", xs,
		[]Series{{"full", a}, {"none", b}})
	if err != nil {
		t.Fatal(err)
	}
	decode(t, path)

	// Deterministic: the same input gives the same bytes.
	again := filepath.Join(t.TempDir(), "again.png")
	if err := Lines(again, "Reconnections after the kill", "seconds after the kill", "arrivals per 100 ms", xs,
		[]Series{{"full", a}, {"none", b}}); err != nil {
		t.Fatal(err)
	}
	p1, _ := os.ReadFile(path)
	p2, _ := os.ReadFile(again)
	if !bytes.Equal(p1, p2) {
		t.Fatal("two renderings of the same chart differ")
	}
}

func TestBars(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bars.png")
	err := Bars(path, "Peak to mean", "ratio", []string{"full", "equal", "decorrelated", "none"},
		[]Series{{"peak/mean", []float64{1.8, 2.6, 2.1, 31}}, {"p99 s", []float64{2.4, 0.99, 2.9, 1.02}}},
		2, "target 2")
	if err != nil {
		t.Fatal(err)
	}
	decode(t, path)
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	if err := Lines(filepath.Join(dir, "a.png"), "", "", "", []float64{0, 1}, []Series{{"x", []float64{1}}}); err == nil {
		t.Error("Lines accepted a series of the wrong length")
	}
	if err := Lines(filepath.Join(dir, "b.png"), "", "", "", []float64{1, 0}, []Series{{"x", []float64{1, 2}}}); err == nil {
		t.Error("Lines accepted decreasing x values")
	}
	if err := Bars(filepath.Join(dir, "c.png"), "", "", nil, nil, 0, ""); err == nil {
		t.Error("Bars accepted no categories")
	}
}

func TestNiceStep(t *testing.T) {
	for _, c := range []struct{ raw, want float64 }{{0.7, 1}, {1, 1}, {1.3, 2}, {3, 5}, {7, 10}, {180, 200}, {0.013, 0.02}} {
		if got := niceStep(c.raw); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("niceStep(%v) = %v, want %v", c.raw, got, c.want)
		}
	}
}
