package edge

import (
	"context"
	"time"
)

// DayReport is a pizzeria's figures for one Paris business day: the orders
// taken that day (by the day they were created), what they earned, how
// long they took and how many were lost.
type DayReport struct {
	Date string

	// Orders counts every order of the day, whatever became of it; Open
	// those still in progress; Completed those delivered or picked up.
	Orders    int64
	Open      int64
	Completed int64

	// RevenueCents is the total of the day's orders that were neither
	// refused nor cancelled: money taken or still to collect.
	RevenueCents int64

	// AvgPreparation is the mean time from preparing to ready, over the
	// Prepared orders that went through both; AvgDelivery the mean time
	// from out for delivery to delivered, over Delivered orders.
	AvgPreparation time.Duration
	Prepared       int64
	AvgDelivery    time.Duration
	Delivered      int64

	ByChannel []ChannelFigures

	// Cancelled and Rejected count the orders lost; Losses lists them,
	// with the reason given.
	Cancelled int64
	Rejected  int64
	Losses    []LostOrder
}

// ChannelFigures are the orders and revenue of one channel in a day.
type ChannelFigures struct {
	Channel      Channel
	Orders       int64
	RevenueCents int64
}

// LostOrder is an order refused or cancelled, as the day's report lists it.
type LostOrder struct {
	OrderID    string
	Ticket     int64
	Status     Status
	TotalCents int64
	Reason     string
	By         string
	At         time.Time
}

// DriverCash is what one person collected at customers' doors in a day:
// the cash they must hand in, and the card payments reconciled apart.
type DriverCash struct {
	Driver     string
	CashCents  int64
	CashOrders int64
	CardCents  int64
	CardOrders int64
}

// ValidateDate checks a business date written as 2006-01-02.
func ValidateDate(date string) error {
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return Invalid("date", MsgBadQuery, "date")
	}
	return nil
}

// ReportService gives the pizzeria's figures to its manager.
type ReportService interface {
	// DayReport returns the figures of the orders of one business date.
	// Returns EINVALID for a malformed date.
	DayReport(ctx context.Context, date string) (*DayReport, error)

	// DriversCash returns, for the delivery orders of one business date,
	// what each person collected at the door, by name. Returns EINVALID
	// for a malformed date.
	DriversCash(ctx context.Context, date string) ([]*DriverCash, error)
}
