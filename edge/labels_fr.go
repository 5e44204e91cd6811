package edge

// frenchLabels are the words of the staff pages in French.
var frenchLabels = map[string]string{
	"app.name": "OC Pizza",

	// Navigation and the link status line of every page.
	"nav.label": "Pages", "nav.order": "Prise de commande", "nav.board": "Commandes",
	"nav.kitchen": "Cuisine", "nav.dispatch": "Livraisons", "nav.stock": "Stock",
	"nav.today": "Aujourd'hui", "nav.link": "Liaison", "nav.logout": "Se déconnecter",
	"link.online":          "Siège : en ligne",
	"link.offline":         "Siège : hors ligne (la pizzeria continue de travailler)",
	"link.backlog":         "%d événement(s) en attente d'envoi",
	"link.nothing_waiting": "aucun événement en attente",
	"link.unknown":         "État de la liaison inconnu.",
	"link.title":           "Liaison avec le siège",
	"link.state":           "État", "link.pizzeria": "Pizzeria", "link.epoch": "Époque",
	"link.last_seq": "Dernier événement écrit", "link.confirmed": "Dernier événement confirmé",
	"link.waiting": "En attente d'envoi", "link.oldest": "Plus ancien en attente",
	"link.explain": "Les commandes et le stock sont enregistrés ici d'abord ; " +
		"ils partent au siège dès que la liaison le permet, sans rien perdre.",

	// Roles.
	"role.order_taker": "prise de commande", "role.pizzaiolo": "pizzaiolo", "role.driver": "livreur",
	"role.manager": "gérant", "role.head_office": "siège", "role.ops": "exploitation",

	// Log-in and errors.
	"login.title": "Connexion", "login.username": "Identifiant", "login.password": "Mot de passe",
	"login.submit": "Se connecter",
	"error.title":  "Page indisponible", "error.status": "Erreur %d", "error.home": "Retour à l'accueil",

	// Words of orders.
	"channel.phone": "téléphone", "channel.counter": "comptoir", "channel.web": "site web",
	"fulfilment.delivery": "livraison", "fulfilment.pickup": "à emporter",
	"payment.cash": "espèces", "payment.card": "carte", "payment.online": "en ligne",
	"paystatus.pending": "à encaisser", "paystatus.paid": "payée", "paystatus.refunded": "remboursée",
	"action.accepted": "Accepter", "action.rejected": "Refuser", "action.cancelled": "Annuler",
	"action.preparing": "Commencer", "action.ready": "Terminer",
	"action.out_for_delivery": "Partir en livraison", "action.delivered": "Livrée",
	"action.picked_up": "Retirée par le client",
	"age.now":          "à l'instant", "age.minutes": "il y a %d min", "age.hours": "il y a %d h %02d",
	"span":           "%d min %02d s",
	"order.ticket":   "N° %d",
	"order.taken_at": "prise à %s (%s)",
	"order.total":    "Total :",

	// Order taking.
	"order.title": "Prise de commande", "order.customer": "Client",
	"order.phone": "Téléphone", "order.phone_hint": "Entrée : rechercher", "order.search": "Rechercher",
	"order.name": "Nom", "order.address": "Adresse de livraison",
	"order.new_customer": "Nouveau client : saisissez son nom et son adresse.",
	"order.channel":      "Canal", "order.fulfilment": "Retrait", "order.payment": "Paiement",
	"order.paid_now": "Encaissée maintenant au comptoir",
	"order.products": "Produits", "order.filter": "Filtrer les produits",
	"order.filter_hint": "Tapez les premières lettres, Entrée ajoute",
	"order.keys": "Clavier : tapez pour filtrer, Entrée ajoute le premier produit, " +
		"+ et − changent la quantité, Ctrl+Entrée enregistre.",
	"order.makeable":    "encore %d",
	"order.sold_out":    "épuisé",
	"order.unavailable": "indisponible",
	"order.less":        "%s : une de moins", "order.more": "%s : une de plus",
	"order.quantity_of": "Quantité de %s", "order.note": "remarque", "order.note_of": "Remarque pour %s",
	"order.submit": "Enregistrer la commande", "order.submit_key": "Ctrl+Entrée",
	"order.done":      "Commande %d enregistrée : %s, %s.",
	"order.done_paid": "Paiement encaissé.",

	// Orders board.
	"board.title": "Commandes en cours", "board.empty": "Aucune commande.",
	"board.reason": "Raison du refus", "board.pay": "Encaisser (%s)",
	"board.web_open": "Commandes en ligne : ouvertes", "board.web_closed": "Commandes en ligne : fermées",
	"board.web_close": "Fermer les commandes en ligne", "board.web_reopen": "Rouvrir les commandes en ligne",
	"board.web": "Web", "board.web_closed_help": "Les commandes du site sont refusées et proposées à une autre pizzeria.",
	"board.paid_online": "payée en ligne", "board.pay_on_site": "à encaisser sur place",

	// Kitchen.
	"kitchen.title": "Cuisine", "kitchen.empty": "Rien à préparer pour l'instant.",
	"kitchen.keys": "Clavier : la touche du numéro d'un ticket (1 à 9) le commence, " +
		"puis le termine. Orange après 10 min, rouge et « en retard » après 20 min.",
	"kitchen.late": "en retard", "kitchen.recipe": "Recette", "kitchen.print": "Imprimer le ticket",
	"kitchen.taken_at": "prise à %s",
	"ticket.title":     "Ticket de cuisine", "ticket.print": "Imprimer",

	// Dispatch and drivers' cash.
	"dispatch.title": "Livraisons", "dispatch.ready": "Prêtes à livrer", "dispatch.on_road": "En livraison",
	"dispatch.waiting":        "prête %s",
	"dispatch.driver":         "partie avec %s %s",
	"dispatch.take":           "Je la prends : partir en livraison",
	"dispatch.delivered_cash": "Livrée, %s en espèces",
	"dispatch.delivered_card": "Livrée, %s par carte",
	"dispatch.delivered_paid": "Livrée (déjà payée)",
	"dispatch.none_ready":     "Aucune livraison prête.",
	"dispatch.none_on_road":   "Personne en livraison.",
	"dispatch.cash":           "Encaissements à la porte du %s",
	"cash.driver":             "Livreur", "cash.cash": "Espèces à remettre", "cash.card": "Carte",
	"cash.orders": "%d commande(s)", "cash.none": "Rien d'encaissé à la porte ce jour.",

	// Stock.
	"stock.title": "Stock", "stock.levels": "Niveaux et inventaire",
	"stock.low_alert":  "%d ingrédient(s) sous le seuil d'alerte.",
	"stock.ingredient": "Ingrédient", "stock.on_hand": "En stock", "stock.threshold": "Seuil d'alerte",
	"stock.state": "État", "stock.low": "stock bas", "stock.ok": "correct",
	"stock.counted": "Compté", "stock.counted_of": "Quantité comptée de %s",
	"stock.count_hint":   "Inventaire : saisissez ce que vous avez compté ; les lignes vides ne changent pas.",
	"stock.count_submit": "Enregistrer l'inventaire",
	"stock.count_done":   "Inventaire enregistré : %d ingrédient(s) compté(s), %d ajustement(s).",
	"stock.move":         "Réception fournisseur ou perte",
	"stock.kind":         "Type", "stock.quantity": "Quantité (dans l'unité de l'ingrédient)",
	"stock.note": "Remarque", "stock.move_submit": "Enregistrer le mouvement",
	"stock.moved":    "Mouvement de stock enregistré.",
	"stock.makeable": "Produits réalisables avec le stock", "stock.product": "Produit",
	"stock.can_make": "Réalisables", "stock.ledger": "Derniers mouvements",
	"stock.when": "Heure", "stock.delta": "Variation", "stock.after": "Stock après", "stock.by": "Par",
	"stock.no_movement": "Aucun mouvement.",
	"kind.receipt":      "réception", "kind.waste": "perte", "kind.adjustment": "ajustement d'inventaire",
	"kind.consumption": "commande", "kind.return": "retour (annulation)",

	// The day's figures.
	"today.title": "Aujourd'hui", "today.date": "Commandes du %s (heure de Paris).",
	"today.orders": "Commandes", "today.open": "En cours", "today.completed": "Livrées ou retirées",
	"today.revenue": "Chiffre d'affaires", "today.preparation": "Préparation moyenne",
	"today.delivery": "Livraison moyenne", "today.over": "sur %d commande(s)",
	"today.cancelled": "Annulées", "today.rejected": "Refusées",
	"today.revenue_rule": "Chiffre d'affaires : total des commandes du jour ni annulées ni refusées.",
	"today.by_channel":   "Par canal", "today.channel": "Canal", "today.no_orders": "Aucune commande.",
	"today.losses": "Annulations et refus", "today.ticket": "Ticket", "today.status": "Statut",
	"today.amount": "Montant", "today.reason": "Raison", "today.no_losses": "Aucune annulation.",
}
