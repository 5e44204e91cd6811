// Package syncproto is the wire contract between the pizzerias
// (ocpizza-edge) and head office (ocpizza-central): the event envelope, the
// event types and their payloads, the catalog document, and the password
// hash format that staff accounts travel with, the NATS subjects, streams
// and handshake. It imports neither side.
package syncproto

// ProtocolVersion is the one version number of the contract. Each change
// that a peer must know about adds one, with a line in the history below.
//
// History:
//
//	1 (2026-12-03): event envelope; order.created, order.modified,
//	  order.status_changed, order.payment_recorded, stock.moved,
//	  catalog.applied and product.availability_changed events; catalog
//	  document version 1; argon2id password hashes in PHC form; subjects
//	  ocpizza.up|down.<pizzeria> and ocpizza.sync.<pizzeria>.hello|beat;
//	  the OCPIZZA_UP and OCPIZZA_DOWN streams; hello, cursor and
//	  heartbeat messages; stable error codes.
//	2 (2026-12-03): command envelope on ocpizza.down.<pizzeria>, with a
//	  gapless position per pizzeria; catalog.version and staff.account
//	  commands; command.accepted and command.refused events; refusal
//	  codes outdated and conflict; the durable consumer edge-<pizzeria>.
const ProtocolVersion = 2
