package paysim

import (
	"crypto/sha256"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/central"
)

// store holds the simulator's payment intents and idempotency records in
// memory, behind one mutex. The simulator is for the demo and tests: a
// restart forgets every intent, and a real provider keeps them for years.
type store struct {
	mu       sync.Mutex
	payments map[string]*central.Payment
	keys     map[string]*idempotentResult
	now      func() time.Time
}

// idempotentResult is the answer given to the first request under a key:
// a repeat of the same request gets it again, another request a conflict.
type idempotentResult struct {
	fingerprint [sha256.Size]byte
	status      int
	body        []byte
	createdAt   time.Time
}

// idempotencyTTL is how long a key is remembered, as real providers do.
const idempotencyTTL = 24 * time.Hour

func newStore(now func() time.Time) *store {
	return &store{
		payments: map[string]*central.Payment{},
		keys:     map[string]*idempotentResult{},
		now:      now,
	}
}

// fingerprint identifies a request for idempotency: method, path and the
// raw body, so that a retry with the same bytes matches.
func fingerprint(r *http.Request, body []byte) [sha256.Size]byte {
	return sha256.Sum256([]byte(r.Method + " " + r.URL.Path + "\n" + string(body)))
}

// idempotent runs op once per key. The lock is held during op, so that two
// concurrent requests with the same key do the work once: the second waits
// and gets the first one's answer. Only successes are stored: a request
// refused for a reason that may pass (an intent not yet paid) can be tried
// again under its key. op runs with the lock held and must use the
// unlocked methods.
func (s *store) idempotent(key string, fp [sha256.Size]byte,
	op func() (status int, body []byte, err error)) (status int, body []byte, replayed bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	// A key seen before answers from its record, or refuses another body.
	s.forgetOldKeys()
	if rec, ok := s.keys[key]; ok {
		if rec.fingerprint != fp {
			return 0, nil, false, central.ErrIdempotencyKeyReused
		}
		return rec.status, rec.body, true, nil
	}

	// A new key does the work, and a success is remembered.
	status, body, err = op()
	if err != nil {
		return 0, nil, false, err
	}
	s.keys[key] = &idempotentResult{fingerprint: fp, status: status, body: body, createdAt: s.now()}
	return status, body, false, nil
}

// forgetOldKeys drops the records past their time to live. The scan is
// linear, which is fine for a simulator's few thousand keys.
func (s *store) forgetOldKeys() {
	limit := s.now().Add(-idempotencyTTL)
	for key, rec := range s.keys {
		if rec.createdAt.Before(limit) {
			delete(s.keys, key)
		}
	}
}

// createLocked adds a new intent in status created.
func (s *store) createLocked(req *central.PaymentRequest, baseURL string) central.Payment {
	now := s.now().UTC()
	id := "pay_" + strings.ReplaceAll(uuid.Must(uuid.NewV7()).String(), "-", "")
	p := &central.Payment{
		ID:          id,
		AmountCents: req.AmountCents,
		Currency:    req.Currency,
		Reference:   req.Reference,
		Status:      central.PaymentCreated,
		PaymentURL:  strings.TrimSuffix(baseURL, "/") + "/pay/" + id,
		ReturnURL:   req.ReturnURL,
		CreatedAt:   now,
		UpdatedAt:   now,
	}
	s.payments[id] = p
	return *p
}

// find returns a copy of an intent.
func (s *store) find(id string) (central.Payment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.findLocked(id)
}

func (s *store) findLocked(id string) (central.Payment, bool) {
	p, ok := s.payments[id]
	if !ok {
		return central.Payment{}, false
	}
	return *p, true
}

// transition moves an intent from one of the statuses in from to status
// to, with a failure reason for failed. It returns the intent as it is
// after the call and whether it moved; an intent in another status is left
// as it is.
func (s *store) transition(id string, from []central.PaymentStatus, to central.PaymentStatus,
	reason string) (central.Payment, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.transitionLocked(id, from, to, reason)
}

func (s *store) transitionLocked(id string, from []central.PaymentStatus, to central.PaymentStatus,
	reason string) (central.Payment, bool, error) {
	p, ok := s.payments[id]
	if !ok {
		return central.Payment{}, false, central.Errorm(central.ENOTFOUND, central.MsgPaymentNotFound, id)
	}
	for _, f := range from {
		if p.Status == f {
			p.Status, p.FailureReason, p.UpdatedAt = to, reason, s.now().UTC()
			return *p, true, nil
		}
	}
	return *p, false, nil
}
