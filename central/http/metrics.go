package http

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
)

// registerMetrics registers the request series and the collector of the
// sync state of every pizzeria.
func registerMetrics(reg *prometheus.Registry, requests *httpserve.Requests, feed *branchFeed) {
	reg.MustRegister(requests, newBranchCollector(feed))
}

// branchCollector exposes the sync state of every pizzeria, read at each
// scrape, so that alerts can watch what the console shows.
type branchCollector struct {
	feed *branchFeed
	up   *prometheus.Desc
	each []branchSeries
}

// branchSeries is one gauge per pizzeria, read from its branch.
type branchSeries struct {
	desc  *prometheus.Desc
	value func(*central.Branch) float64
}

func newBranchCollector(feed *branchFeed) *branchCollector {
	gauge := func(name, help string, value func(*central.Branch) float64) branchSeries {
		desc := prometheus.NewDesc("ocpizza_central_branch_"+name, help, []string{"pizzeria"}, nil)
		return branchSeries{desc: desc, value: value}
	}
	return &branchCollector{
		feed: feed,
		up: prometheus.NewDesc("ocpizza_central_branches_up",
			"1 when the sync state of the pizzerias could be read at this scrape, 0 otherwise.", nil, nil),
		each: []branchSeries{
			gauge("online", "1 when the pizzeria was heard from within the online window.",
				func(b *central.Branch) float64 { return boolFloat(b.Online) }),
			gauge("last_seq", "Last sequence of the current epoch that central applied.",
				func(b *central.Branch) float64 { return float64(b.LastSeq) }),
			gauge("backlog", "Events waiting in the pizzeria's outbox, from its last heartbeat.",
				func(b *central.Branch) float64 { return float64(b.Backlog) }),
			gauge("lag_seconds", "Delay between an event's time and its application at central.",
				func(b *central.Branch) float64 { return b.LagSeconds }),
			gauge("gaps", "Events received beyond a missing one, held until it comes.",
				func(b *central.Branch) float64 { return float64(b.Gaps) }),
			gauge("dead_letters", "Messages of the pizzeria refused with a reason.",
				func(b *central.Branch) float64 { return float64(b.DeadLetters) }),
			gauge("divergences", "Events received again with another payload under a known key.",
				func(b *central.Branch) float64 { return float64(b.Divergences) }),
			gauge("epochs", "Epochs central has seen: more than one means a restore.",
				func(b *central.Branch) float64 { return float64(b.Epochs) }),
			gauge("last_seen_age_seconds", "Time since the pizzeria was last heard from; absent if never.",
				nil),
		},
	}
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Describe implements prometheus.Collector.
func (c *branchCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.up
	for _, s := range c.each {
		ch <- s.desc
	}
}

// Collect implements prometheus.Collector. When the state cannot be read,
// only the up series is given, at 0, so that the other metrics of the
// scrape still arrive.
func (c *branchCollector) Collect(ch chan<- prometheus.Metric) {
	var branches []*central.Branch
	var err error
	if c.feed.sync != nil {
		branches, err = c.feed.get(context.Background())
	}
	if c.feed.sync == nil || err != nil {
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 1)

	now := time.Now()
	for _, b := range branches {
		for _, s := range c.each {
			value := 0.0
			switch {
			case s.value != nil:
				value = s.value(b)
			case b.LastSeenAt == nil:
				continue
			default:
				value = now.Sub(*b.LastSeenAt).Seconds()
			}
			ch <- prometheus.MustNewConstMetric(s.desc, prometheus.GaugeValue, value, b.ID)
		}
	}
}
