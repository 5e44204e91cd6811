package central

import "fmt"

// MessageKey names a sentence of the message catalogue. Code never writes
// user-facing text inline: it names a key, and the catalogue of the
// service's language gives the words.
type MessageKey string

// The keys of the catalogue: errors first, then the words of the pages.
const (
	MsgInternal             MessageKey = "internal"
	MsgBadRequest           MessageKey = "bad_request"
	MsgBodyTooLarge         MessageKey = "body_too_large"
	MsgRouteNotFound        MessageKey = "route_not_found"
	MsgMethodNotAllowed     MessageKey = "method_not_allowed"
	MsgUnknownField         MessageKey = "unknown_field"
	MsgUnsupportedMediaType MessageKey = "unsupported_media_type"
	MsgCrossOrigin          MessageKey = "cross_origin"
	MsgLoginRequired        MessageKey = "login_required"
	MsgBadCredentials       MessageKey = "bad_credentials"
	MsgTooManyLogins        MessageKey = "too_many_logins"
	MsgForbidden            MessageKey = "forbidden"
	MsgRequired             MessageKey = "required"
	MsgTooLong              MessageKey = "too_long"
	MsgBadUsername          MessageKey = "bad_username"
	MsgBadPasswordHash      MessageKey = "bad_password_hash"
	MsgUnknownRole          MessageKey = "unknown_role"
	MsgPizzeriaRequired     MessageKey = "pizzeria_required"
	MsgScopeAllPizzerias    MessageKey = "scope_all_pizzerias"
	MsgUnknownPizzeria      MessageKey = "unknown_pizzeria"
	MsgBadPizzeriaID        MessageKey = "bad_pizzeria_id"
	MsgBadPostcode          MessageKey = "bad_postcode"
	MsgPizzeriaTaken        MessageKey = "pizzeria_taken"
	MsgUsernameTaken        MessageKey = "username_taken"
	MsgUserNotFound         MessageKey = "user_not_found"

	LabelConsoleTitle   MessageKey = "console_title"
	LabelConsoleIntro   MessageKey = "console_intro"
	LabelNoPizzerias    MessageKey = "no_pizzerias"
	LabelPizzeria       MessageKey = "col_pizzeria"
	LabelState          MessageKey = "col_state"
	LabelLastSeen       MessageKey = "col_last_seen"
	LabelEpoch          MessageKey = "col_epoch"
	LabelLastSeq        MessageKey = "col_last_seq"
	LabelBacklog        MessageKey = "col_backlog"
	LabelLag            MessageKey = "col_lag"
	LabelGaps           MessageKey = "col_gaps"
	LabelDeadLetters    MessageKey = "col_dead_letters"
	LabelDivergences    MessageKey = "col_divergences"
	LabelOnline         MessageKey = "online"
	LabelOffline        MessageKey = "offline"
	LabelNever          MessageKey = "never"
	LabelNoEpoch        MessageKey = "no_epoch"
	LabelEpochOne       MessageKey = "epoch_one"
	LabelEpochCount     MessageKey = "epoch_count"
	LabelRestoreWarning MessageKey = "restore_warning"
	LabelLiveUpdates    MessageKey = "live_updates"
	LabelLiveLost       MessageKey = "live_lost"
	LabelUpdatedAt      MessageKey = "updated_at"
	LabelSignedInAs     MessageKey = "signed_in_as"
	LabelLoginTitle     MessageKey = "login_title"
	LabelUsername       MessageKey = "username"
	LabelPassword       MessageKey = "password"
	LabelLogIn          MessageKey = "log_in"
	LabelLogOut         MessageKey = "log_out"
	LabelForbiddenTitle MessageKey = "forbidden_title"
	LabelErrorTitle     MessageKey = "error_title"
	LabelConsoleRoles   MessageKey = "console_roles"
)

// catalogues holds the sentences of each language. French is the chain's
// language; another language is one more map.
var catalogues = map[string]map[MessageKey]string{"fr": french}

// Language is the language of the messages this process gives.
const Language = "fr"

var french = map[MessageKey]string{
	MsgInternal:             "Une erreur interne est survenue. Réessayez ; si elle persiste, prévenez l'exploitation.",
	MsgBadRequest:           "La requête est illisible : JSON mal formé.",
	MsgBodyTooLarge:         "La requête est trop volumineuse.",
	MsgRouteNotFound:        "Cette adresse n'existe pas.",
	MsgMethodNotAllowed:     "Cette opération n'est pas permise ici.",
	MsgUnknownField:         "Champ inconnu : %s.",
	MsgUnsupportedMediaType: "Le corps de la requête doit être du JSON (Content-Type: application/json).",
	MsgCrossOrigin:          "Requête refusée : elle provient d'un autre site.",
	MsgLoginRequired:        "Connectez-vous pour continuer.",
	MsgBadCredentials:       "Identifiant ou mot de passe incorrect.",
	MsgTooManyLogins:        "Trop de tentatives de connexion. Patientez une minute.",
	MsgForbidden:            "Votre rôle ne permet pas cette action.",
	MsgRequired:             "Ce champ est obligatoire.",
	MsgTooLong:              "Ce champ dépasse %d caractères.",
	MsgBadUsername:          "L'identifiant doit compter 2 à 64 lettres, chiffres, points, tirets ou soulignés.",
	MsgBadPasswordHash:      "L'empreinte du mot de passe doit être une empreinte argon2id.",
	MsgUnknownRole:          "Rôle inconnu : %q.",
	MsgPizzeriaRequired:     "Indiquez la pizzeria de ce compte : ce rôle travaille dans une seule pizzeria.",
	MsgScopeAllPizzerias:    "Le siège et l'exploitation couvrent toutes les pizzerias : pas de pizzeria à indiquer.",
	MsgUnknownPizzeria:      "Pizzeria inconnue : %q.",
	MsgBadPizzeriaID:        "L'identifiant d'une pizzeria compte 2 à 32 lettres minuscules, chiffres ou tirets intérieurs, comme paris-11.",
	MsgBadPostcode:          "Code postal invalide : %q. Un code postal compte 5 chiffres.",
	MsgPizzeriaTaken:        "La pizzeria %q existe déjà.",
	MsgUsernameTaken:        "L'identifiant %q est déjà pris.",
	MsgUserNotFound:         "Aucun compte %q.",

	LabelConsoleTitle:   "Console de synchronisation",
	LabelConsoleIntro:   "État de la remontée des événements de chaque pizzeria vers le siège.",
	LabelNoPizzerias:    "Aucune pizzeria n'est enregistrée.",
	LabelPizzeria:       "Pizzeria",
	LabelState:          "État",
	LabelLastSeen:       "Dernier contact",
	LabelEpoch:          "Époque",
	LabelLastSeq:        "Dernière séquence appliquée",
	LabelBacklog:        "En attente",
	LabelLag:            "Retard",
	LabelGaps:           "Trous",
	LabelDeadLetters:    "Rejets",
	LabelDivergences:    "Divergences",
	LabelOnline:         "En ligne",
	LabelOffline:        "Hors ligne",
	LabelNever:          "jamais",
	LabelNoEpoch:        "aucune",
	LabelEpochOne:       "1 époque",
	LabelEpochCount:     "%d époques",
	LabelRestoreWarning: "Restauration détectée",
	LabelLiveUpdates:    "Mise à jour en direct.",
	LabelLiveLost:       "Mise à jour en direct interrompue : nouvelle tentative…",
	LabelUpdatedAt:      "Mis à jour à %s.",
	LabelSignedInAs:     "Connecté en tant que %s",
	LabelLoginTitle:     "Connexion du personnel",
	LabelUsername:       "Identifiant",
	LabelPassword:       "Mot de passe",
	LabelLogIn:          "Se connecter",
	LabelLogOut:         "Se déconnecter",
	LabelForbiddenTitle: "Accès refusé",
	LabelErrorTitle:     "Impossible de continuer",
	LabelConsoleRoles:   "La console de synchronisation est réservée au siège et à l'exploitation.",
}

// Message returns the sentence of key in the service's language, formatted
// with args. A key missing from the catalogue falls back to the key itself
// so that a gap shows in review instead of an empty message.
func Message(key MessageKey, args ...any) string {
	format, ok := catalogues[Language][key]
	if !ok {
		format = string(key)
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// Errorm returns an application error whose message is the sentence of key.
func Errorm(code string, key MessageKey, args ...any) *Error {
	return &Error{Code: code, Message: Message(key, args...)}
}

// Invalid returns an EINVALID error about one input field.
func Invalid(field string, key MessageKey, args ...any) *Error {
	return &Error{Code: EINVALID, Message: Message(key, args...), Field: field}
}
