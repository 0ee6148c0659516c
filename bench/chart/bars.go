package chart

import (
	"errors"
	"image"
	"math"
)

// Bars writes a grouped bar chart to path as PNG: one group per category,
// one bar per series in each group, each bar labelled with its value. If
// refY > 0 a dashed horizontal line marks it (a target or a baseline),
// labelled refLabel. Bars start at 0; negative and NaN values draw no bar.
func Bars(path, title, yLabel string, categories []string, series []Series, refY float64, refLabel string) error {
	if len(categories) == 0 {
		return errors.New("chart: no categories")
	}
	if err := checkSeries(series, len(categories), "categories"); err != nil {
		return err
	}
	c := newCanvas()
	top := maxValue(series)
	if refY > 0 {
		top = max(top, refY)
	}
	c.setYScale(top * 1.1) // room for the value labels above the tallest bar
	c.frame(title, "", yLabel)

	groupW := float64(c.plot.Dx()) / float64(len(categories))
	barW := groupW * 0.8 / float64(len(series))
	for g, cat := range categories {
		left := float64(c.plot.Min.X) + groupW*float64(g) + groupW*0.1
		for i, s := range series {
			v := s.Values[g]
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				continue
			}
			bx0 := int(math.Round(left + barW*float64(i)))
			bx1 := int(math.Round(left+barW*float64(i+1))) - 1 // a pixel of white between bars
			by := int(math.Round(c.y(v)))
			c.fill(image.Rect(bx0, by, bx1, c.plot.Max.Y), seriesColor(i))
			c.text(formatValue(v), regular(), float64(bx0+bx1)/2, float64(by-5), alignCenter, ink)
		}
		c.text(cat, regular(), left+groupW*0.4, float64(c.plot.Max.Y+21), alignCenter, ink)
	}
	// The axis goes over the bars' bottom edge, the reference line over
	// the bars themselves.
	c.hline(c.plot.Min.X, c.plot.Max.X, c.plot.Max.Y, axisColor)
	if refY > 0 {
		y := int(math.Round(c.y(refY)))
		c.dashedHline(c.plot.Min.X, c.plot.Max.X, y, refColor)
		if refLabel != "" {
			// At the right end, clear of the first group's value labels.
			c.text(refLabel, regular(), float64(c.plot.Max.X-4), float64(y-6), alignRight, refColor)
		}
	}
	entries := make([]legendEntry, len(series))
	for i, s := range series {
		entries[i] = legendEntry{s.Name, seriesColor(i)}
	}
	c.legendRow(entries)
	return c.save(path)
}
