package edge

// ChangeFeed tells live screens (the orders board, the kitchen) that the
// pizzeria's data changed, so that they show it without a reload.
type ChangeFeed interface {
	// Subscribe returns a channel that receives a value after each
	// committed change, and the function that ends the subscription.
	// Signals coalesce: one value stands for every change since the last
	// one was read, so a slow reader never blocks a writer.
	Subscribe() (<-chan struct{}, func())
}
