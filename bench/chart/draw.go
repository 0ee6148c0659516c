package chart

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

func (c *canvas) hline(x0, x1, y int, col color.RGBA) {
	for x := x0; x <= x1; x++ {
		c.img.SetRGBA(x, y, col)
	}
}

func (c *canvas) vline(x, y0, y1 int, col color.RGBA) {
	for y := y0; y <= y1; y++ {
		c.img.SetRGBA(x, y, col)
	}
}

// dashedHline is two pixels thick so it stays visible over bars.
func (c *canvas) dashedHline(x0, x1, y int, col color.RGBA) {
	const on, off = 9, 6
	for x := x0; x <= x1; x++ {
		if (x-x0)%(on+off) < on {
			c.img.SetRGBA(x, y, col)
			c.img.SetRGBA(x, y+1, col)
		}
	}
}

func (c *canvas) rect(r image.Rectangle, col color.RGBA) {
	c.hline(r.Min.X, r.Max.X-1, r.Min.Y, col)
	c.hline(r.Min.X, r.Max.X-1, r.Max.Y-1, col)
	c.vline(r.Min.X, r.Min.Y, r.Max.Y-1, col)
	c.vline(r.Max.X-1, r.Min.Y, r.Max.Y-1, col)
}

// point is a position in pixels; NaN in either coordinate breaks a line.
type point struct{ x, y float64 }

// polyline strokes connected segments, anti-aliased, clipped to the plot.
// Every segment is a quadrilateral and every joint a small octagon, all
// wound the same way, so the rasteriser fills their union (its coverage is
// clamped) without seams at the joints.
func (c *canvas) polyline(pts []point, width float64, col color.RGBA) {
	r := c.plot.Inset(-2) // the line may overhang the axes by its half width
	z := vector.NewRasterizer(r.Dx(), r.Dy())
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	hw := width / 2
	valid := func(p point) bool { return !math.IsNaN(p.x) && !math.IsNaN(p.y) }
	poly := func(ps ...point) {
		z.MoveTo(float32(ps[0].x-ox), float32(ps[0].y-oy))
		for _, p := range ps[1:] {
			z.LineTo(float32(p.x-ox), float32(p.y-oy))
		}
		z.ClosePath()
	}
	joint := func(p point) {
		var ps [8]point
		for k := range ps {
			a := -float64(k) * math.Pi / 4 // clockwise, like the segments
			ps[k] = point{p.x + hw*math.Cos(a), p.y + hw*math.Sin(a)}
		}
		poly(ps[:]...)
	}
	for i, p := range pts {
		if !valid(p) {
			continue
		}
		joint(p)
		if i == 0 || !valid(pts[i-1]) {
			continue
		}
		q := pts[i-1]
		dx, dy := p.x-q.x, p.y-q.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		poly(point{q.x + nx, q.y + ny}, point{p.x + nx, p.y + ny}, point{p.x - nx, p.y - ny}, point{q.x - nx, q.y - ny})
	}
	z.Draw(c.img, r, image.NewUniform(col), image.Point{})
}

// fill paints a solid rectangle.
func (c *canvas) fill(r image.Rectangle, col color.RGBA) {
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Src)
}
