package nats

import (
	"context"
	"fmt"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// resendLost publishes again, at most every ResendAfter/2, the commands
// unanswered for ResendAfter whose pizzeria's consumer holds nothing: a
// command still waiting in the consumer (a pizzeria offline) is not lost.
func (d *DownPublisher) resendLost(ctx context.Context) error {
	now := time.Now()
	if d.ResendAfter <= 0 || now.Before(d.resendNext) {
		return nil
	}
	d.resendNext = now.Add(d.ResendAfter / 2)
	stale, err := d.svc.FindStaleCommands(ctx, now.Add(-d.ResendAfter), d.InFlight)
	if err != nil || len(stale) == 0 {
		return err
	}

	// Only the pizzerias whose consumer is empty.
	empty := map[string]bool{}
	var lost []*central.OutboundCommand
	for _, c := range stale {
		isEmpty, seen := empty[c.Pizzeria]
		if !seen {
			if isEmpty, err = d.consumerEmpty(ctx, c.Pizzeria); err != nil {
				return err
			}
			empty[c.Pizzeria] = isEmpty
		}
		if isEmpty {
			lost = append(lost, c)
		}
	}
	if len(lost) == 0 {
		return nil
	}

	// Published again, and marked so that they wait ResendAfter anew.
	acked, err := d.publish(ctx, lost)
	for pizzeria, positions := range acked {
		if markErr := d.svc.MarkCommandsResent(ctx, pizzeria, positions); markErr != nil {
			return markErr
		}
		d.metrics.resent.Add(float64(len(positions)))
		d.log.Warn("commands resent", "pizzeria", pizzeria, "count", len(positions),
			"first_position", positions[0])
	}
	return err
}

// consumerEmpty reports whether a pizzeria's consumer has nothing left
// to deliver and nothing awaiting its ack.
func (d *DownPublisher) consumerEmpty(ctx context.Context, pizzeria string) (bool, error) {
	cons, err := d.js.Consumer(ctx, syncproto.DownStream, syncproto.DownConsumer(pizzeria))
	if err != nil {
		return false, fmt.Errorf("consumer of %s: %w", pizzeria, err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return false, fmt.Errorf("consumer of %s: %w", pizzeria, err)
	}
	return info.NumPending == 0 && info.NumAckPending == 0, nil
}
