package syncproto

import (
	"fmt"
	"strings"
)

// Subject names. Every subject names the pizzeria it concerns, so that NATS
// permissions can give each pizzeria its own and nothing else (see
// deploy/nats). Central checks in addition that an event's pizzeria is the
// one of the subject it arrived on.
const (
	// upPrefix.<pizzeria>: the events a pizzeria sends up, into the
	// UpStream JetStream stream.
	upPrefix = "ocpizza.up"
	// downPrefix.<pizzeria>: the commands central sends down (issue 5).
	downPrefix = "ocpizza.down"
	// syncPrefix.<pizzeria>.hello and .beat: the handshake request and
	// the heartbeat, on core NATS.
	syncPrefix = "ocpizza.sync"
)

// UpSubject is the subject a pizzeria publishes its events on.
func UpSubject(pizzeria string) string { return upPrefix + "." + pizzeria }

// DownSubject is the subject central sends a pizzeria's commands on.
func DownSubject(pizzeria string) string { return downPrefix + "." + pizzeria }

// HelloSubject is the subject of a pizzeria's handshake requests.
func HelloSubject(pizzeria string) string { return syncPrefix + "." + pizzeria + ".hello" }

// BeatSubject is the subject of a pizzeria's heartbeats.
func BeatSubject(pizzeria string) string { return syncPrefix + "." + pizzeria + ".beat" }

// InboxPrefix is the reply inbox prefix of a pizzeria's connection, so that
// its permissions can let it read replies meant for it alone.
func InboxPrefix(pizzeria string) string { return "_INBOX_" + pizzeria }

// Wildcards that central subscribes to.
const (
	UpSubjects    = upPrefix + ".*"
	DownSubjects  = downPrefix + ".*"
	HelloSubjects = syncPrefix + ".*.hello"
	BeatSubjects  = syncPrefix + ".*.beat"
)

// PizzeriaOfSubject returns the pizzeria named by an up, down, hello or
// beat subject.
func PizzeriaOfSubject(subject string) (string, error) {
	parts := strings.Split(subject, ".")
	switch {
	case len(parts) == 3 && (parts[1] == "up" || parts[1] == "down") && parts[0] == "ocpizza":
	case len(parts) == 4 && parts[0] == "ocpizza" && parts[1] == "sync" &&
		(parts[3] == "hello" || parts[3] == "beat"):
	default:
		return "", fmt.Errorf("subject %q is not an OC Pizza subject", subject)
	}
	if !ValidPizzeriaID(parts[2]) {
		return "", fmt.Errorf("subject %q: bad pizzeria id", subject)
	}
	return parts[2], nil
}
