package http

// SetWebhookVerifier sets the webhook verifier of s, which tests wire
// after the server is made, as the command does through Config.
func SetWebhookVerifier(s *Server, v WebhookVerifier) { s.verifyWebhook = v }
