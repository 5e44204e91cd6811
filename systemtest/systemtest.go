// Package systemtest runs the pizzerias, NATS and central together, in one
// process, against a real PostgreSQL and a real NATS server, to check the
// guarantees of SPEC §4 end to end: whatever the faults, what every edge
// committed reaches central once, in order, and nothing is lost.
package systemtest
