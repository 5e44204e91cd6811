package http

// SetPaymentPageOrigin sets the origin of the payment page on a server
// made before its payment simulator, as Config.PaymentPageOrigin does.
func SetPaymentPageOrigin(s *Server, origin string) { s.paymentOrigin = origin }
