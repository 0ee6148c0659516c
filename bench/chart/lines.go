package chart

import (
	"errors"
	"math"
	"strconv"
)

// Lines writes a line chart to path as PNG: one line per series over the
// shared x values xs (which must increase), y from 0, with gridlines at
// round numbers and a legend. Each series needs one value per x; a NaN
// value leaves a gap in its line.
func Lines(path, title, xLabel, yLabel string, xs []float64, series []Series) error {
	if len(xs) == 0 {
		return errors.New("chart: no x values")
	}
	for i := 1; i < len(xs); i++ {
		if !(xs[i] > xs[i-1]) {
			return errors.New("chart: x values must increase")
		}
	}
	if err := checkSeries(series, len(xs), "x values"); err != nil {
		return err
	}
	c := newCanvas()
	c.setYScale(maxValue(series) * 1.05) // headroom so a peak does not touch the frame
	x0, x1 := xs[0], xs[len(xs)-1]
	if x1 == x0 {
		x0, x1 = x0-1, x1+1 // a single point sits in the middle
	}
	px := func(x float64) float64 {
		return float64(c.plot.Min.X) + (x-x0)/(x1-x0)*float64(c.plot.Dx())
	}
	// Vertical gridlines first, so the frame's horizontal ones and the
	// axes are drawn over them.
	step := niceStep((x1 - x0) / 10)
	dec := decimals(step)
	first := math.Ceil(x0/step - 1e-9)
	for k := 0.0; (first+k)*step <= x1+step*1e-9; k++ {
		v := (first + k) * step // multiplied, not summed: no drift
		if v == 0 {
			v = 0 // not -0, which prints as "-0"
		}
		x := int(math.Round(px(v)))
		c.vline(x, c.plot.Min.Y, c.plot.Max.Y, gridColor)
		c.vline(x, c.plot.Max.Y, c.plot.Max.Y+5, axisColor)
		c.text(strconv.FormatFloat(v, 'f', dec, 64), regular(), float64(x), float64(c.plot.Max.Y+21), alignCenter, ink)
	}
	c.frame(title, xLabel, yLabel)
	entries := make([]legendEntry, len(series))
	for i, s := range series {
		pts := make([]point, len(xs))
		for j, v := range s.Values {
			pts[j] = point{px(xs[j]), math.NaN()}
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				pts[j].y = c.y(v)
			}
		}
		c.polyline(pts, 2.2, seriesColor(i))
		entries[i] = legendEntry{s.Name, seriesColor(i)}
	}
	c.legend(entries)
	return c.save(path)
}
