package http

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// bar is one bar of a chart: its label under it, its value, and the
// words of its value for the tooltip and screen readers.
type bar struct {
	Label string
	Value int64
	Text  string
}

// Chart size, in SVG user units; the chart scales to its container.
const (
	chartWidth  = 720
	chartHeight = 220
	chartBottom = 24 // room for the labels
	chartTop    = 8
)

// barChart draws bars as an inline SVG, with no script and no external
// file, so that it shows offline and prints as drawn. Labels are thinned
// to at most about 24 so that they never overlap.
func barChart(title string, bars []bar) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		chartWidth, chartHeight, html.EscapeString(title))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	var highest int64
	for _, x := range bars {
		highest = max(highest, x.Value)
	}
	if len(bars) == 0 || highest <= 0 {
		fmt.Fprintf(&b, `<line x1="0" y1="%d" x2="%d" y2="%d" class="axis"/></svg>`,
			chartHeight-chartBottom, chartWidth, chartHeight-chartBottom)
		return template.HTML(b.String())
	}

	// One slot per bar, the bar filling 80% of it.
	slot := float64(chartWidth) / float64(len(bars))
	plot := float64(chartHeight - chartBottom - chartTop)
	every := (len(bars) + 23) / 24
	for i, x := range bars {
		h := plot * float64(x.Value) / float64(highest)
		left := slot*float64(i) + slot*0.1
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f">`+
			`<title>%s : %s</title></rect>`,
			left, float64(chartHeight-chartBottom)-h, slot*0.8, h,
			html.EscapeString(x.Label), html.EscapeString(x.Text))
		if i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`,
				slot*float64(i)+slot/2, chartHeight-6, html.EscapeString(x.Label))
		}
	}
	fmt.Fprintf(&b, `<line x1="0" y1="%d" x2="%d" y2="%d" class="axis"/></svg>`,
		chartHeight-chartBottom, chartWidth, chartHeight-chartBottom)
	return template.HTML(b.String()) // every text in it was escaped above
}

// revenueBars returns a table's rows as bars of the revenue column.
func revenueBars(t *reportTable, labelCol, valueCol int) []bar {
	var bars []bar
	for _, row := range t.Rows {
		var v int64
		_, _ = fmt.Sscan(row[valueCol].Raw, &v)
		bars = append(bars, bar{Label: row[labelCol].Text, Value: v, Text: row[valueCol].Text})
	}
	return bars
}
