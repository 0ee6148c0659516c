package chart

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The Go fonts are embedded in x/image, so labels look the same on every
// machine and no system font is needed. basicfont is the fallback should
// parsing ever fail; it is always available but small.
var faces = sync.OnceValue(func() [2]font.Face {
	load := func(ttf []byte, size float64) font.Face {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return basicfont.Face7x13
		}
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return basicfont.Face7x13
		}
		return face
	}
	return [2]font.Face{load(goregular.TTF, 14), load(gobold.TTF, 19)}
})

func regular() font.Face { return faces()[0] }
func bold() font.Face    { return faces()[1] }

type align uint8

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

func textWidth(s string, face font.Face) int { return font.MeasureString(face, s).Ceil() }

// text draws s with its baseline at y, anchored at x as a says.
func (c *canvas) text(s string, face font.Face, x, y float64, a align, col color.Color) {
	w := float64(textWidth(s, face))
	switch a {
	case alignCenter:
		x -= w / 2
	case alignRight:
		x -= w
	}
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: face,
		Dot: fixed.P(int(math.Round(x)), int(math.Round(y)))}
	d.DrawString(s)
}

// verticalText draws s reading upwards, centred on (cx, cy): fonts only
// draw horizontally, so it is drawn on a scratch image and turned 90°.
func (c *canvas) verticalText(s string, cx, cy int) {
	face := regular()
	m := face.Metrics()
	w, h := textWidth(s, face), (m.Ascent + m.Descent).Ceil()
	tmp := image.NewRGBA(image.Rect(0, 0, w, h))
	d := font.Drawer{Dst: tmp, Src: image.NewUniform(ink), Face: face, Dot: fixed.Point26_6{Y: m.Ascent}}
	d.DrawString(s)
	rot := image.NewRGBA(image.Rect(0, 0, h, w))
	for y := range h {
		for x := range w {
			rot.SetRGBA(y, w-1-x, tmp.RGBAAt(x, y))
		}
	}
	dst := image.Rect(cx-h/2, cy-w/2, cx-h/2+h, cy-w/2+w)
	draw.Draw(c.img, dst, rot, image.Point{}, draw.Over)
}
