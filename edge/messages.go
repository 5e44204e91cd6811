package edge

import "fmt"

// MessageKey names a sentence of the message catalogue. Code never writes
// user-facing text inline: it names a key, and the catalogue of the
// pizzeria's language gives the words.
type MessageKey string

// The keys of the catalogue.
const (
	MsgInternal             MessageKey = "internal"
	MsgBadRequest           MessageKey = "bad_request"
	MsgBodyTooLarge         MessageKey = "body_too_large"
	MsgRouteNotFound        MessageKey = "route_not_found"
	MsgMethodNotAllowed     MessageKey = "method_not_allowed"
	MsgLoginRequired        MessageKey = "login_required"
	MsgBadCredentials       MessageKey = "bad_credentials"
	MsgTooManyLogins        MessageKey = "too_many_logins"
	MsgForbidden            MessageKey = "forbidden"
	MsgRequired             MessageKey = "required"
	MsgTooLong              MessageKey = "too_long"
	MsgBadPhone             MessageKey = "bad_phone"
	MsgBadUsername          MessageKey = "bad_username"
	MsgBadPassword          MessageKey = "bad_password"
	MsgUnknownRole          MessageKey = "unknown_role"
	MsgUsernameTaken        MessageKey = "username_taken"
	MsgUserNotFound         MessageKey = "user_not_found"
	MsgUnknownChannel       MessageKey = "unknown_channel"
	MsgUnknownFulfilment    MessageKey = "unknown_fulfilment"
	MsgUnknownPaymentMethod MessageKey = "unknown_payment_method"
	MsgUnknownStatus        MessageKey = "unknown_status"
	MsgUnknownMovementKind  MessageKey = "unknown_movement_kind"
	MsgUnknownProduct       MessageKey = "unknown_product"
	MsgUnknownIngredient    MessageKey = "unknown_ingredient"
	MsgAddressRequired      MessageKey = "address_required"
	MsgNoLines              MessageKey = "no_lines"
	MsgTooManyLines         MessageKey = "too_many_lines"
	MsgQuantityZero         MessageKey = "quantity_zero"
	MsgQuantityPositive     MessageKey = "quantity_positive"
	MsgQuantityTooLarge     MessageKey = "quantity_too_large"
	MsgNothingToChange      MessageKey = "nothing_to_change"
	MsgReasonRequired       MessageKey = "reason_required"
	MsgOrderNotFound        MessageKey = "order_not_found"
	MsgProductNotFound      MessageKey = "product_not_found"
	MsgProductUnavailable   MessageKey = "product_unavailable"
	MsgStockShort           MessageKey = "stock_short"
	MsgStockWouldGoNegative MessageKey = "stock_negative"
	MsgTransitionRefused    MessageKey = "transition_refused"
	MsgTransitionForbidden  MessageKey = "transition_forbidden"
	MsgNotModifiable        MessageKey = "not_modifiable"
	MsgAlreadyPaid          MessageKey = "already_paid"
	MsgNotPayable           MessageKey = "not_payable"
	MsgBadCatalog           MessageKey = "bad_catalog"
	MsgScopeAllPizzerias    MessageKey = "scope_all_pizzerias"
	MsgControlChars         MessageKey = "control_chars"
	MsgCatalogOlder         MessageKey = "catalog_older"
	MsgCatalogUnitChange    MessageKey = "catalog_unit_change"
	MsgWrongPizzeria        MessageKey = "wrong_pizzeria"
	MsgUnknownField         MessageKey = "unknown_field"
	MsgBadQuery             MessageKey = "bad_query"
	MsgPhoneRequired        MessageKey = "phone_required"
	MsgUnsupportedMediaType MessageKey = "unsupported_media_type"
	MsgCrossOrigin          MessageKey = "cross_origin"
	MsgBadIdempotencyKey    MessageKey = "bad_idempotency_key"
	MsgBadCommand           MessageKey = "bad_command"
	MsgCommandUnsupported   MessageKey = "command_unsupported"
	MsgStaffAccountOlder    MessageKey = "staff_account_older"
	MsgNothingCounted       MessageKey = "nothing_counted"
	MsgCountedTwice         MessageKey = "counted_twice"
	MsgPageForbidden        MessageKey = "page_forbidden"
	MsgSessionExpired       MessageKey = "session_expired"
	MsgNotANumber           MessageKey = "not_a_number"
	MsgWebOrdersClosed      MessageKey = "web_orders_closed"
	MsgNotAssigned          MessageKey = "not_assigned"
	MsgTooLate              MessageKey = "too_late"
	MsgUnknownDriver        MessageKey = "unknown_driver"
	MsgOrderWithdrawn       MessageKey = "order_withdrawn"
	MsgCustomerCancelled    MessageKey = "customer_cancelled"
	MsgOrderPlacedAgain     MessageKey = "order_placed_again"
	MsgNotRefundable        MessageKey = "not_refundable"
)

// catalogues holds the sentences of each language. French is the
// pizzerias' language; another language is one more map.
var catalogues = map[string]map[MessageKey]string{"fr": french}

// Language is the language of the messages this process gives.
const Language = "fr"

var french = map[MessageKey]string{
	MsgInternal:             "Une erreur interne est survenue. Réessayez ; si elle persiste, prévenez le responsable.",
	MsgBadRequest:           "La requête est illisible : JSON mal formé.",
	MsgBodyTooLarge:         "La requête est trop volumineuse.",
	MsgRouteNotFound:        "Cette adresse n'existe pas.",
	MsgMethodNotAllowed:     "Cette opération n'est pas permise ici.",
	MsgLoginRequired:        "Connectez-vous pour continuer.",
	MsgBadCredentials:       "Identifiant ou mot de passe incorrect.",
	MsgTooManyLogins:        "Trop de tentatives de connexion. Patientez une minute.",
	MsgForbidden:            "Votre rôle ne permet pas cette action.",
	MsgRequired:             "Ce champ est obligatoire.",
	MsgTooLong:              "Ce champ dépasse %d caractères.",
	MsgBadPhone:             "Numéro de téléphone invalide.",
	MsgBadUsername:          "L'identifiant doit compter 2 à 64 lettres, chiffres, points, tirets ou soulignés.",
	MsgBadPassword:          "Le mot de passe doit compter de %d à %d caractères.",
	MsgUnknownRole:          "Rôle inconnu : %q.",
	MsgUsernameTaken:        "L'identifiant %q est déjà pris.",
	MsgUserNotFound:         "Aucun compte %q.",
	MsgUnknownChannel:       "Canal de commande inconnu : %q (téléphone ou comptoir).",
	MsgUnknownFulfilment:    "Mode de retrait inconnu : %q (livraison ou à emporter).",
	MsgUnknownPaymentMethod: "Moyen de paiement inconnu : %q (espèces ou carte).",
	MsgUnknownStatus:        "Statut inconnu : %q.",
	MsgUnknownMovementKind:  "Type de mouvement inconnu : %q (réception, perte ou ajustement).",
	MsgUnknownProduct:       "Produit inconnu : %q.",
	MsgUnknownIngredient:    "Ingrédient inconnu : %q.",
	MsgAddressRequired:      "L'adresse est obligatoire pour une livraison.",
	MsgNoLines:              "La commande ne contient aucun produit.",
	MsgTooManyLines:         "Une commande compte au plus %d lignes.",
	MsgQuantityZero:         "La quantité ne peut pas être nulle.",
	MsgQuantityPositive:     "La quantité doit être positive.",
	MsgQuantityTooLarge:     "La quantité dépasse %d.",
	MsgNothingToChange:      "Rien à modifier : indiquez les lignes ou l'adresse.",
	MsgReasonRequired:       "Indiquez la raison du refus.",
	MsgOrderNotFound:        "Commande introuvable.",
	MsgProductNotFound:      "Produit introuvable.",
	MsgProductUnavailable:   "%s n'est pas disponible en ce moment.",
	MsgStockShort:           "Stock insuffisant pour %s : %d demandé(s), %d possible(s).",
	MsgStockWouldGoNegative: "Stock insuffisant de %s : %d %s en stock.",
	MsgTransitionRefused:    "Impossible de passer une commande « %s » à « %s ».",
	MsgTransitionForbidden:  "Votre rôle ne permet pas de passer une commande à « %s ».",
	MsgNotModifiable:        "La commande ne peut plus être modifiée : sa préparation a commencé.",
	MsgAlreadyPaid:          "Cette commande est déjà réglée.",
	MsgNotPayable:           "Une commande « %s » ne peut pas être encaissée.",
	MsgBadCatalog:           "Catalogue invalide : %s.",
	MsgScopeAllPizzerias:    "Le siège et l'exploitation couvrent toutes les pizzerias : pas de pizzeria à indiquer.",
	MsgControlChars:         "Ce champ contient des caractères de contrôle (retour à la ligne, tabulation…).",
	MsgCatalogOlder:         "Catalogue version %d refusé : la version %d est déjà en place.",
	MsgCatalogUnitChange:    "Catalogue refusé : l'unité de %s change alors qu'il en reste en stock.",
	MsgWrongPizzeria:        "Ce compte appartient à une autre pizzeria.",
	MsgUnknownField:         "Champ inconnu : %s.",
	MsgBadQuery:             "Paramètre invalide : %s.",
	MsgPhoneRequired:        "Le numéro de téléphone est obligatoire pour une commande par téléphone ou une livraison.",
	MsgUnsupportedMediaType: "Le corps de la requête doit être du JSON (Content-Type: application/json).",
	MsgCrossOrigin:          "Requête refusée : elle provient d'un autre site.",
	MsgBadIdempotencyKey:    "La clé d'idempotence doit compter de 1 à %d caractères ASCII imprimables.",
	MsgBadCommand:           "Envoi du siège illisible : %s.",
	MsgCommandUnsupported:   "Envoi du siège non pris en charge par cette version de la pizzeria : %s.",
	MsgStaffAccountOlder:    "Compte %s : une mise à jour plus récente est déjà en place.",
	MsgNothingCounted:       "Saisissez au moins une quantité comptée.",
	MsgCountedTwice:         "Cet ingrédient est compté deux fois.",
	MsgPageForbidden:        "Cette page est réservée à d'autres rôles que le vôtre.",
	MsgSessionExpired:       "Votre session a expiré : reconnectez-vous.",
	MsgNotANumber:           "Saisissez un nombre entier.",
	MsgWebOrdersClosed:      "La pizzeria ne prend pas de commandes en ligne en ce moment.",
	MsgNotAssigned:          "Cette pizzeria ne détient pas l'attribution %d de la commande %s.",
	MsgTooLate:              "Trop tard : la commande est déjà « %s ».",
	MsgUnknownDriver:        "Aucun livreur actif %q dans cette pizzeria.",
	MsgOrderWithdrawn:       "Retirée par le siège : confiée à une autre pizzeria.",
	MsgCustomerCancelled:    "Annulée par le client sur le site.",
	MsgOrderPlacedAgain:     "Confiée de nouveau à cette pizzeria (attribution %d).",
	MsgNotRefundable:        "La commande n'est pas réglée : rien à rembourser.",
}

// statusLabels are the French names of the order statuses.
var statusLabels = map[Status]string{
	StatusPlaced:         "reçue",
	StatusAccepted:       "acceptée",
	StatusRejected:       "refusée",
	StatusPreparing:      "en préparation",
	StatusReady:          "prête",
	StatusOutForDelivery: "en livraison",
	StatusDelivered:      "livrée",
	StatusPickedUp:       "retirée",
	StatusCancelled:      "annulée",
}

// unitLabels are the French names of the units, as they follow a number.
var unitLabels = map[Unit]string{UnitGram: "g", UnitMilli: "ml", UnitPiece: "pièce(s)"}

// UnitLabel returns the French name of a unit.
func UnitLabel(u Unit) string {
	if label, ok := unitLabels[u]; ok {
		return label
	}
	return string(u)
}

// Message returns the sentence of key in the pizzeria's language, formatted
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

// StatusLabel returns the French name of a status, or the status id when
// it is unknown.
func StatusLabel(s Status) string {
	if label, ok := statusLabels[s]; ok {
		return label
	}
	return string(s)
}
