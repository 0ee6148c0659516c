// Package chart writes the small PNG charts the benchmarks publish: line
// charts over a shared x axis and grouped bar charts. It exists so the
// benchmark module needs no plotting library: the standard image packages
// plus golang.org/x/image for fonts and anti-aliased lines are enough, and
// the output is byte-for-byte deterministic, so a re-run that measured the
// same figures produces the same file.
package chart

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"strconv"
)

// Series is one named row of values: a line in Lines, one bar per category
// in Bars.
type Series struct {
	Name   string
	Values []float64
}

// Size of every chart: wide enough for a 100 ms bucket axis over several
// seconds, small enough to sit in a Markdown page at full resolution.
const (
	Width  = 1000
	Height = 560
)

// The plot area's margins leave room for the title above, the axis labels
// and tick labels below and to the left.
const (
	marginLeft   = 84
	marginRight  = 24
	marginTop    = 56
	marginBottom = 64
)

var (
	white     = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink       = color.RGBA{0x22, 0x22, 0x22, 0xff}
	axisColor = color.RGBA{0x55, 0x55, 0x55, 0xff}
	gridColor = color.RGBA{0xe2, 0xe2, 0xe2, 0xff}
	refColor  = color.RGBA{0xc0, 0x1c, 0x28, 0xff}
)

// palette is Tableau 10: distinct hues that stay distinguishable for the
// common forms of colour blindness and in greyscale print.
var palette = []color.RGBA{
	{0x4e, 0x79, 0xa7, 0xff}, // blue
	{0xf2, 0x8e, 0x2b, 0xff}, // orange
	{0x59, 0xa1, 0x4f, 0xff}, // green
	{0xe1, 0x57, 0x59, 0xff}, // red
	{0x76, 0xb7, 0xb2, 0xff}, // teal
	{0xb0, 0x7a, 0xa1, 0xff}, // purple
	{0xed, 0xc9, 0x48, 0xff}, // yellow
	{0x9c, 0x75, 0x5f, 0xff}, // brown
	{0xff, 0x9d, 0xa7, 0xff}, // pink
	{0xba, 0xb0, 0xac, 0xff}, // grey
}

func seriesColor(i int) color.RGBA { return palette[i%len(palette)] }

// canvas is a white chart being drawn, with its plot rectangle and y scale.
type canvas struct {
	img  *image.RGBA
	plot image.Rectangle
	yMax float64 // value at the top of the plot; the bottom is 0
	yTic float64 // distance between y gridlines
}

func newCanvas() *canvas {
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	return &canvas{
		img:  img,
		plot: image.Rect(marginLeft, marginTop, Width-marginRight, Height-marginBottom),
	}
}

// y maps a value to a pixel row.
func (c *canvas) y(v float64) float64 {
	return float64(c.plot.Max.Y) - v/c.yMax*float64(c.plot.Dy())
}

// setYScale picks a y range from 0 to a round number at or above top, with
// about five gridlines, so tick labels are short and readable.
func (c *canvas) setYScale(top float64) {
	if !(top > 0) || math.IsInf(top, 0) {
		top = 1
	}
	c.yTic = niceStep(top / 5)
	c.yMax = math.Ceil(top/c.yTic-1e-9) * c.yTic
}

// frame draws the title, the y gridlines with their labels, the axes and
// the axis labels: everything but the data.
func (c *canvas) frame(title, xLabel, yLabel string) {
	c.text(title, bold(), float64(Width)/2, 34, alignCenter, ink)
	dec := decimals(c.yTic)
	for i := 0; ; i++ {
		v := float64(i) * c.yTic
		if v > c.yMax+c.yTic/2 {
			break
		}
		py := int(math.Round(c.y(v)))
		c.hline(c.plot.Min.X, c.plot.Max.X, py, gridColor)
		c.text(strconv.FormatFloat(v, 'f', dec, 64), regular(), float64(c.plot.Min.X-8), float64(py+4), alignRight, ink)
	}
	c.hline(c.plot.Min.X, c.plot.Max.X, c.plot.Max.Y, axisColor)
	c.vline(c.plot.Min.X, c.plot.Min.Y, c.plot.Max.Y, axisColor)
	if xLabel != "" {
		c.text(xLabel, regular(), float64(c.plot.Min.X+c.plot.Dx()/2), float64(Height-14), alignCenter, ink)
	}
	if yLabel != "" {
		c.verticalText(yLabel, 22, c.plot.Min.Y+c.plot.Dy()/2)
	}
}

// legendEntry is one name with its colour.
type legendEntry struct {
	name string
	col  color.RGBA
}

// legend draws a boxed key with line swatches in the plot's top right
// corner, where the storm's curves, which rise early and then decay, leave
// room.
func (c *canvas) legend(entries []legendEntry) {
	const pad, swatch, rowH = 10, 22, 20
	w := 0
	for _, e := range entries {
		w = max(w, textWidth(e.name, regular()))
	}
	box := image.Rect(0, 0, pad+swatch+8+w+pad, pad+rowH*len(entries)+pad-6)
	box = box.Add(image.Pt(c.plot.Max.X-box.Dx()-10, c.plot.Min.Y+10))
	c.fill(box, white)
	c.rect(box, axisColor)
	for i, e := range entries {
		cy := box.Min.Y + pad + rowH*i + 6
		x0 := box.Min.X + pad
		c.fill(image.Rect(x0, cy-1, x0+swatch, cy+2), e.col)
		c.text(e.name, regular(), float64(x0+swatch+8), float64(cy+5), alignLeft, ink)
	}
}

// legendRow draws the key as one centred row of square swatches below the
// category labels, where it can never cover a bar.
func (c *canvas) legendRow(entries []legendEntry) {
	const swatch, gap = 12, 24
	total := 0
	for i, e := range entries {
		if i > 0 {
			total += gap
		}
		total += swatch + 6 + textWidth(e.name, regular())
	}
	x, y := (Width-total)/2, Height-20
	for _, e := range entries {
		c.fill(image.Rect(x, y-swatch+1, x+swatch, y+1), e.col)
		x += swatch + 6
		c.text(e.name, regular(), float64(x), float64(y), alignLeft, ink)
		x += textWidth(e.name, regular()) + gap
	}
}

// save encodes the image as PNG at path.
func (c *canvas) save(path string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return png.Encode(f, c.img)
}

// niceStep rounds a raw step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if !(raw > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// decimals is how many fraction digits labels need for multiples of step.
func decimals(step float64) int {
	if step >= 1 {
		return 0
	}
	return int(math.Ceil(-math.Log10(step) - 1e-9))
}

// formatValue prints a bar's value with about three significant digits.
func formatValue(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 100 || a == math.Trunc(a):
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	default:
		return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	}
}

// maxValue is the largest finite value of all series (0 if none).
func maxValue(series []Series) float64 {
	m := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				m = max(m, v)
			}
		}
	}
	return m
}

func checkSeries(series []Series, n int, what string) error {
	if len(series) == 0 {
		return errors.New("chart: no series")
	}
	for _, s := range series {
		if len(s.Values) != n {
			return fmt.Errorf("chart: series %q has %d values for %d %s", s.Name, len(s.Values), n, what)
		}
	}
	return nil
}
