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
	MsgBadForm              MessageKey = "bad_form"
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

	// The catalog head office manages and sends down.
	MsgBadCatalog       MessageKey = "bad_catalog"
	MsgUnknownCategory  MessageKey = "unknown_category"
	MsgProductNotFound  MessageKey = "product_not_found"
	MsgCatalogTooLarge  MessageKey = "catalog_too_large"
	MsgNothingToPublish MessageKey = "nothing_to_publish"

	// Head office's catalog pages (http/catalog_page*.go).
	MsgCatalogPriceFormat       MessageKey = "catalog_price_format"
	MsgCatalogPriceRange        MessageKey = "catalog_price_range"
	MsgCatalogQuantityFormat    MessageKey = "catalog_quantity_format"
	MsgCatalogQuantityRange     MessageKey = "catalog_quantity_range"
	MsgCatalogLineIngredient    MessageKey = "catalog_line_ingredient"
	MsgCatalogTooManyLines      MessageKey = "catalog_too_many_lines"
	MsgCatalogRecipeEmpty       MessageKey = "catalog_recipe_empty"
	MsgCatalogRecipeUnknown     MessageKey = "catalog_recipe_unknown"
	MsgCatalogRecipeTwice       MessageKey = "catalog_recipe_twice"
	MsgCatalogName              MessageKey = "catalog_name"
	MsgCatalogID                MessageKey = "catalog_id"
	MsgCatalogIDTaken           MessageKey = "catalog_id_taken"
	MsgCatalogEntryRefused      MessageKey = "catalog_entry_refused"
	LabelCatalogEntryCategory   MessageKey = "catalog_entry_category"
	LabelCatalogEntryIngredient MessageKey = "catalog_entry_ingredient"
	LabelCatalogEntryProduct    MessageKey = "catalog_entry_product"
	MsgCatalogUnit              MessageKey = "catalog_unit"
	MsgCatalogThresholdFormat   MessageKey = "catalog_threshold_format"
	MsgCatalogThreshold         MessageKey = "catalog_threshold"
	MsgCatalogFormError         MessageKey = "catalog_form_error"
	MsgCatalogProductStale      MessageKey = "catalog_product_stale"
	MsgCatalogIngredientStale   MessageKey = "catalog_ingredient_stale"
	MsgCatalogCategoryStale     MessageKey = "catalog_category_stale"
	MsgCatalogDraftStale        MessageKey = "catalog_draft_stale"
	MsgCatalogPublishStale      MessageKey = "catalog_publish_stale"
	MsgCatalogBadIfMatch        MessageKey = "catalog_bad_if_match"
	LabelCatalogReload          MessageKey = "catalog_reload"
	MsgIngredientNotFound       MessageKey = "ingredient_not_found"
	LabelCatalogRoles           MessageKey = "catalog_roles"
	LabelCatalogTitle           MessageKey = "catalog_title"
	LabelCatalogIntro           MessageKey = "catalog_intro"
	LabelCatalogDraft           MessageKey = "catalog_draft"
	LabelCatalogNeverPublished  MessageKey = "catalog_never_published"
	LabelCatalogUnchanged       MessageKey = "catalog_unchanged"
	LabelCatalogDiffers         MessageKey = "catalog_differs"
	LabelCatalogAdded           MessageKey = "catalog_added"
	LabelCatalogRemoved         MessageKey = "catalog_removed"
	LabelCatalogPriceChange     MessageKey = "catalog_price_change"
	LabelCatalogOtherChange     MessageKey = "catalog_other_change"
	LabelCatalogCategoriesEdit  MessageKey = "catalog_categories_changed"
	LabelCatalogIngredientEdit  MessageKey = "catalog_ingredients_changed"
	LabelCatalogChangedBadge    MessageKey = "catalog_changed_badge"
	LabelCatalogPublish         MessageKey = "catalog_publish"
	LabelCatalogPublished       MessageKey = "catalog_published"
	LabelCatalogPublishedSame   MessageKey = "catalog_published_same"
	LabelCatalogSaved           MessageKey = "catalog_saved"
	LabelCatalogDeleted         MessageKey = "catalog_deleted"
	LabelCatalogDeletedAny      MessageKey = "catalog_deleted_any"
	LabelCatalogProducts        MessageKey = "catalog_products"
	LabelCatalogIngredients     MessageKey = "catalog_ingredients"
	LabelCatalogVersions        MessageKey = "catalog_versions"
	LabelCatalogNoVersions      MessageKey = "catalog_no_versions"
	LabelCatalogAnswers         MessageKey = "catalog_answers"
	LabelCatalogNoProducts      MessageKey = "catalog_no_products"
	LabelCatalogNoIngredients   MessageKey = "catalog_no_ingredients"
	LabelCatalogColPrice        MessageKey = "catalog_col_price"
	LabelCatalogColRecipe       MessageKey = "catalog_col_recipe"
	LabelCatalogColUnit         MessageKey = "catalog_col_unit"
	LabelCatalogColThreshold    MessageKey = "catalog_col_threshold"
	LabelCatalogColVersion      MessageKey = "catalog_col_version"
	LabelCatalogColPublishedAt  MessageKey = "catalog_col_published_at"
	LabelCatalogColPublishedBy  MessageKey = "catalog_col_published_by"
	LabelCatalogColProducts     MessageKey = "catalog_col_products"
	LabelCatalogColPizzerias    MessageKey = "catalog_col_pizzerias"
	LabelCatalogColAnswer       MessageKey = "catalog_col_answer"
	LabelCatalogApplied         MessageKey = "catalog_applied"
	LabelCatalogRefused         MessageKey = "catalog_refused"
	LabelCatalogWaitingSend     MessageKey = "catalog_waiting_send"
	LabelCatalogWaitingAnswer   MessageKey = "catalog_waiting_answer"
	LabelCatalogNotSent         MessageKey = "catalog_not_sent"
	LabelCatalogNewProduct      MessageKey = "catalog_new_product"
	LabelCatalogNewIngredient   MessageKey = "catalog_new_ingredient"
	LabelCatalogNewCategory     MessageKey = "catalog_new_category"
	LabelCatalogEditProduct     MessageKey = "catalog_edit_product"
	LabelCatalogEditIngredient  MessageKey = "catalog_edit_ingredient"
	LabelCatalogEditCategory    MessageKey = "catalog_edit_category"
	LabelCatalogEdit            MessageKey = "catalog_edit"
	LabelCatalogDelete          MessageKey = "catalog_delete"
	LabelCatalogDeleteTitle     MessageKey = "catalog_delete_title"
	LabelCatalogDeleteIntro     MessageKey = "catalog_delete_intro"
	LabelCatalogDeleteConfirm   MessageKey = "catalog_delete_confirm"
	LabelCatalogBack            MessageKey = "catalog_back"
	LabelCatalogSave            MessageKey = "catalog_save"
	LabelCatalogMoreLines       MessageKey = "catalog_more_lines"
	LabelCatalogRemoveLine      MessageKey = "catalog_remove_line"
	LabelCatalogNone            MessageKey = "catalog_none"
	LabelCatalogFieldID         MessageKey = "catalog_field_id"
	LabelCatalogFieldName       MessageKey = "catalog_field_name"
	LabelCatalogFieldCategory   MessageKey = "catalog_field_category"
	LabelCatalogFieldDesc       MessageKey = "catalog_field_description"
	LabelCatalogFieldPrice      MessageKey = "catalog_field_price"
	LabelCatalogFieldRecipe     MessageKey = "catalog_field_recipe"
	LabelCatalogFieldQuantity   MessageKey = "catalog_field_quantity"
	LabelCatalogFieldUnit       MessageKey = "catalog_field_unit"
	LabelCatalogFieldThreshold  MessageKey = "catalog_field_threshold"
	LabelCatalogHintID          MessageKey = "catalog_hint_id"
	LabelCatalogHintPrice       MessageKey = "catalog_hint_price"
	LabelCatalogHintRecipe      MessageKey = "catalog_hint_recipe"
	LabelCatalogHintUnit        MessageKey = "catalog_hint_unit"
	LabelCatalogHintThreshold   MessageKey = "catalog_hint_threshold"
	LabelCatalogNoActive        MessageKey = "catalog_no_active"
	LabelUnitG                  MessageKey = "unit_g"
	LabelUnitML                 MessageKey = "unit_ml"
	LabelUnitPiece              MessageKey = "unit_piece"
	LabelUnitGName              MessageKey = "unit_g_name"
	LabelUnitMLName             MessageKey = "unit_ml_name"
	LabelUnitPieceName          MessageKey = "unit_piece_name"

	// Payments: the provider's API, its hosted page and webhooks.
	MsgBadAmount                MessageKey = "bad_amount"
	MsgBadCurrency              MessageKey = "bad_currency"
	MsgBadReturnURL             MessageKey = "bad_return_url"
	MsgIdempotencyKeyRequired   MessageKey = "idempotency_key_required"
	MsgBadIdempotencyKey        MessageKey = "bad_idempotency_key"
	MsgIdempotencyKeyReused     MessageKey = "idempotency_key_reused"
	MsgUnknownPaymentEvent      MessageKey = "unknown_payment_event"
	MsgWebhookSignature         MessageKey = "webhook_signature"
	MsgWebhookStale             MessageKey = "webhook_stale"
	MsgPaymentNotFound          MessageKey = "payment_not_found"
	MsgPaymentNotRefundable     MessageKey = "payment_not_refundable"
	MsgPaymentAlreadyRefunded   MessageKey = "payment_already_refunded"
	MsgPaymentUnavailable       MessageKey = "payment_unavailable"
	MsgBadAPIKey                MessageKey = "bad_api_key"
	MsgCardNumber               MessageKey = "card_number"
	MsgCardExpiry               MessageKey = "card_expiry"
	MsgCardExpired              MessageKey = "card_expired"
	MsgCardCVC                  MessageKey = "card_cvc"
	MsgCardDeclined             MessageKey = "card_declined"
	MsgInsufficientFunds        MessageKey = "insufficient_funds"
	MsgAuthenticationFailed     MessageKey = "authentication_failed"
	MsgPaymentCanceled          MessageKey = "payment_canceled"
	MsgPaymentAmountMismatch    MessageKey = "payment_amount_mismatch"
	MsgPaymentReferenceMismatch MessageKey = "payment_reference_mismatch"

	// Customer accounts.
	MsgBadEmail            MessageKey = "bad_email"
	MsgBadPhone            MessageKey = "bad_phone"
	MsgBadCustomerPassword MessageKey = "bad_customer_password"
	MsgPasswordIsEmail     MessageKey = "password_is_email"
	MsgEmailTaken          MessageKey = "email_taken"
	MsgCustomerNotFound    MessageKey = "customer_not_found"
	MsgEmailOrUsername     MessageKey = "email_or_username"

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

	LabelPayTitle         MessageKey = "pay_title"
	LabelPaySimulator     MessageKey = "pay_simulator"
	LabelPayAmount        MessageKey = "pay_amount"
	LabelPayReference     MessageKey = "pay_reference"
	LabelCardNumber       MessageKey = "card_number_label"
	LabelCardExpiry       MessageKey = "card_expiry_label"
	LabelCardCVC          MessageKey = "card_cvc_label"
	LabelPaySubmit        MessageKey = "pay_submit"
	LabelPayCancel        MessageKey = "pay_cancel"
	LabelPayFormErrors    MessageKey = "pay_form_errors"
	LabelTestCards        MessageKey = "test_cards"
	LabelTestCardSuccess  MessageKey = "test_card_success"
	LabelTestCardDeclined MessageKey = "test_card_declined"
	LabelTestCardFunds    MessageKey = "test_card_funds"
	LabelTestCardAuth     MessageKey = "test_card_auth"
	LabelAuthTitle        MessageKey = "auth_title"
	LabelAuthIntro        MessageKey = "auth_intro"
	LabelAuthApprove      MessageKey = "auth_approve"
	LabelAuthDecline      MessageKey = "auth_decline"
	LabelPaySucceeded     MessageKey = "pay_succeeded"
	LabelPayFailed        MessageKey = "pay_failed"
	LabelPayRefunded      MessageKey = "pay_refunded"
	LabelBackToShop       MessageKey = "back_to_shop"
)

// The keys of head office's reports and dashboards.
const (
	MsgReportBadDate        MessageKey = "report_bad_date"
	MsgReportRangeReversed  MessageKey = "report_range_reversed"
	MsgReportRangeTooLong   MessageKey = "report_range_too_long"
	MsgReportRoles          MessageKey = "report_roles"
	MsgReportOtherPizzeria  MessageKey = "report_other_pizzeria"
	MsgReportUnknownTable   MessageKey = "report_unknown_table"
	LabelDashboardTitle     MessageKey = "dashboard_title"
	LabelDashboardIntro     MessageKey = "dashboard_intro"
	LabelReportTitle        MessageKey = "report_title"
	LabelReportLink         MessageKey = "report_link"
	LabelDashboardLink      MessageKey = "dashboard_link"
	LabelCompleteUntil      MessageKey = "complete_until"
	LabelNoData             MessageKey = "no_data"
	LabelNone               MessageKey = "none"
	LabelOpenOrders         MessageKey = "open_orders"
	LabelWaitingLongest     MessageKey = "waiting_longest"
	LabelTodayRevenue       MessageKey = "today_revenue"
	LabelTodayOrders        MessageKey = "today_orders"
	LabelPrepMean           MessageKey = "prep_mean"
	LabelDeliveryMean       MessageKey = "delivery_mean"
	LabelLowStock           MessageKey = "low_stock"
	LabelUnmakeable         MessageKey = "unmakeable"
	LabelStatusPlaced       MessageKey = "status_placed"
	LabelStatusAccepted     MessageKey = "status_accepted"
	LabelStatusPreparing    MessageKey = "status_preparing"
	LabelStatusReady        MessageKey = "status_ready"
	LabelStatusOut          MessageKey = "status_out_for_delivery"
	LabelStatusCancelled    MessageKey = "status_cancelled"
	LabelStatusRejected     MessageKey = "status_rejected"
	LabelTicket             MessageKey = "ticket"
	LabelFrom               MessageKey = "from"
	LabelTo                 MessageKey = "to"
	LabelAllPizzerias       MessageKey = "all_pizzerias"
	LabelShow               MessageKey = "show"
	LabelPrint              MessageKey = "print"
	LabelExportCSV          MessageKey = "export_csv"
	LabelPreviousPeriod     MessageKey = "previous_period"
	LabelKeyFigures         MessageKey = "key_figures"
	LabelRevenue            MessageKey = "revenue"
	LabelOrders             MessageKey = "orders"
	LabelSales              MessageKey = "sales"
	LabelBasket             MessageKey = "basket"
	LabelCancelled          MessageKey = "cancelled"
	LabelRejected           MessageKey = "rejected"
	LabelChange             MessageKey = "change"
	LabelTrend              MessageKey = "trend"
	LabelByPizzeria         MessageKey = "by_pizzeria"
	LabelByChannel          MessageKey = "by_channel"
	LabelByHour             MessageKey = "by_hour"
	LabelByWeekday          MessageKey = "by_weekday"
	LabelBestSellers        MessageKey = "best_sellers"
	LabelWorstSellers       MessageKey = "worst_sellers"
	LabelRefusals           MessageKey = "refusals"
	LabelDurations          MessageKey = "durations"
	LabelStockUse           MessageKey = "stock_use"
	LabelCoverage           MessageKey = "coverage"
	LabelChannel            MessageKey = "channel"
	LabelFulfilment         MessageKey = "fulfilment"
	LabelHour               MessageKey = "hour"
	LabelWeekday            MessageKey = "weekday"
	LabelProduct            MessageKey = "product"
	LabelQuantity           MessageKey = "quantity"
	LabelStatus             MessageKey = "status"
	LabelReason             MessageKey = "reason"
	LabelRefunded           MessageKey = "refunded"
	LabelPhase              MessageKey = "phase"
	LabelMean               MessageKey = "mean"
	LabelMedian             MessageKey = "median"
	LabelP90                MessageKey = "p90"
	LabelIngredient         MessageKey = "ingredient"
	LabelConsumed           MessageKey = "consumed"
	LabelWasted             MessageKey = "wasted"
	LabelReceived           MessageKey = "received"
	LabelAdjusted           MessageKey = "adjusted"
	LabelDate               MessageKey = "date"
	LabelBacklogShort       MessageKey = "backlog_short"
	LabelHeld               MessageKey = "held"
	LabelPhasePreparation   MessageKey = "phase_preparation"
	LabelPhaseDelivery      MessageKey = "phase_delivery"
	LabelChannelWeb         MessageKey = "channel_web"
	LabelChannelPhone       MessageKey = "channel_phone"
	LabelChannelCounter     MessageKey = "channel_counter"
	LabelFulfilmentDelivery MessageKey = "fulfilment_delivery"
	LabelFulfilmentPickup   MessageKey = "fulfilment_pickup"
	LabelWeekdays           MessageKey = "weekdays"
	LabelMinutes            MessageKey = "minutes"
	LabelNoReason           MessageKey = "no_reason"
)

// The keys of the customer website: its errors, then its words.
const (
	MsgBadCustomerPostcode  MessageKey = "shop_bad_postcode"
	MsgNoPizzeriaServes     MessageKey = "shop_no_pizzeria_serves"
	MsgPizzeriaDoesNotServe MessageKey = "pizzeria_does_not_serve"
	MsgOneLine              MessageKey = "shop_one_line"
	MsgTooManyAddresses     MessageKey = "shop_too_many_addresses"
	MsgAddressNotFound      MessageKey = "shop_address_not_found"
	MsgBadQuantity          MessageKey = "shop_bad_quantity"
	MsgNotOrderable         MessageKey = "shop_not_orderable"
	MsgOnlyLeft             MessageKey = "shop_only_left"
	MsgCartFull             MessageKey = "shop_cart_full"
	MsgCartLineNotFound     MessageKey = "shop_cart_line_not_found"

	// Web orders: the customer's orders, their payment and routing.
	MsgBadFulfilment          MessageKey = "web_bad_fulfilment"
	MsgBadWebPaymentMethod    MessageKey = "web_bad_payment_method"
	MsgWebOrderEmpty          MessageKey = "web_order_empty"
	MsgTooManyLines           MessageKey = "web_too_many_lines"
	MsgNothingToChange        MessageKey = "web_nothing_to_change"
	MsgNoCatalog              MessageKey = "web_no_catalog"
	MsgWebOrderNotFound       MessageKey = "web_order_not_found"
	MsgOrderNotFound          MessageKey = "order_not_found"
	MsgOnlinePaymentOff       MessageKey = "web_online_payment_off"
	MsgTooManyOpenOrders      MessageKey = "web_too_many_open_orders"
	MsgWebOrderTooLate        MessageKey = "web_order_too_late"
	MsgWebRequestPending      MessageKey = "web_request_pending"
	MsgPaidTotalChange        MessageKey = "web_paid_total_change"
	MsgWebAwaitingPayment     MessageKey = "web_awaiting_payment"
	MsgWebPaymentFailed       MessageKey = "web_payment_failed"
	MsgWebWaiting             MessageKey = "web_waiting"
	MsgWebWaitingOffline      MessageKey = "web_waiting_offline"
	MsgWebAccepted            MessageKey = "web_accepted"
	MsgWebRefused             MessageKey = "web_refused"
	MsgWebCancelRequested     MessageKey = "web_cancel_requested"
	MsgWebCancelled           MessageKey = "web_cancelled"
	MsgWebModifyRequested     MessageKey = "web_modify_requested"
	MsgWebRequestRefused      MessageKey = "web_request_refused"
	MsgWebInProgress          MessageKey = "web_in_progress"
	MsgWebPreparing           MessageKey = "web_preparing"
	MsgWebReadyPickup         MessageKey = "web_ready_pickup"
	MsgWebReadyDelivery       MessageKey = "web_ready_delivery"
	MsgWebOnTheWay            MessageKey = "web_on_the_way"
	MsgWebDone                MessageKey = "web_done"
	MsgWebCancelledByPizzeria MessageKey = "web_cancelled_by_pizzeria"
	MsgWebChangeRerouted      MessageKey = "web_change_rerouted"
	MsgWebUnpaidCancelled     MessageKey = "web_unpaid_cancelled"
	LabelShopTitle            MessageKey = "shop_title"
	LabelShopSkip             MessageKey = "shop_skip"
	LabelShopHomeTitle        MessageKey = "shop_home_title"
	LabelShopPostcode         MessageKey = "shop_postcode"
	LabelShopPostcodeHint     MessageKey = "shop_postcode_hint"
	LabelShopFind             MessageKey = "shop_find"
	LabelShopDeliveringTo     MessageKey = "shop_delivering_to"
	LabelShopPickupTitle      MessageKey = "shop_pickup_title"
	LabelShopNoPizzerias      MessageKey = "shop_no_pizzerias"
	LabelShopSeeMenu          MessageKey = "shop_see_menu"
	LabelShopOnline           MessageKey = "shop_online"
	LabelShopOffline          MessageKey = "shop_offline"
	LabelShopDelivers         MessageKey = "shop_delivers"
	LabelShopMenuTitle        MessageKey = "shop_menu_title"
	LabelShopNotCurrent       MessageKey = "shop_not_current"
	LabelShopNeverHeard       MessageKey = "shop_never_heard"
	LabelShopNoMenu           MessageKey = "shop_no_menu"
	LabelShopUnavailable      MessageKey = "shop_unavailable"
	LabelShopSoldOut          MessageKey = "shop_sold_out"
	LabelShopLeft             MessageKey = "shop_left"
	LabelShopQuantity         MessageKey = "shop_quantity"
	LabelShopNote             MessageKey = "shop_note"
	LabelShopAdd              MessageKey = "shop_add"
	LabelShopAddNamed         MessageKey = "shop_add_named"
	LabelShopCart             MessageKey = "shop_cart"
	LabelShopCartEmpty        MessageKey = "shop_cart_empty"
	LabelShopCartOther        MessageKey = "shop_cart_other"
	LabelShopCartAdded        MessageKey = "shop_cart_added"
	LabelShopCartLineOff      MessageKey = "shop_cart_line_off"
	LabelShopTotal            MessageKey = "shop_total"
	LabelShopUnitPrice        MessageKey = "shop_unit_price"
	LabelShopRemove           MessageKey = "shop_remove"
	LabelShopUpdate           MessageKey = "shop_update"
	LabelShopCartClear        MessageKey = "shop_cart_clear"
	LabelShopSignUp           MessageKey = "shop_sign_up"
	LabelShopLogIn            MessageKey = "shop_log_in"
	LabelShopLogOut           MessageKey = "shop_log_out"
	LabelShopAccount          MessageKey = "shop_account"
	LabelShopEmail            MessageKey = "shop_email"
	LabelShopPassword         MessageKey = "shop_password"
	LabelShopPasswordHint     MessageKey = "shop_password_hint"
	LabelShopName             MessageKey = "shop_name"
	LabelShopPhone            MessageKey = "shop_phone"
	LabelShopHaveAccount      MessageKey = "shop_have_account"
	LabelShopNoAccount        MessageKey = "shop_no_account"
	LabelShopHello            MessageKey = "shop_hello"
	LabelShopAddresses        MessageKey = "shop_addresses"
	LabelShopNoAddresses      MessageKey = "shop_no_addresses"
	LabelShopAddressAdd       MessageKey = "shop_address_add"
	LabelShopAddressLabel     MessageKey = "shop_address_label"
	LabelShopStreet           MessageKey = "shop_street"
	LabelShopCity             MessageKey = "shop_city"
	LabelShopDetails          MessageKey = "shop_details"
	LabelShopDelete           MessageKey = "shop_delete"
	LabelShopDeleteNamed      MessageKey = "shop_delete_named"
	LabelShopServedBy         MessageKey = "shop_served_by"
	LabelShopNotServed        MessageKey = "shop_not_served"
	LabelShopFormError        MessageKey = "shop_form_error"
	LabelShopBackHome         MessageKey = "shop_back_home"
	LabelShopErrorTitle       MessageKey = "shop_error_title"
	LabelShopAccountCreated   MessageKey = "shop_account_created"
)

// The keys of the website's ordering pages: checkout, an order followed
// live, its cancel and change, and the history.
const (
	MsgCheckoutNotServed      MessageKey = "shop_checkout_not_served"
	MsgCheckoutAddressMissing MessageKey = "shop_checkout_address_missing"
	MsgCheckoutExpired        MessageKey = "shop_checkout_expired"
	MsgOrderChanged           MessageKey = "shop_order_changed"
	MsgModifyQuantity         MessageKey = "shop_modify_quantity"
	LabelCheckoutLink         MessageKey = "shop_checkout_link"
	LabelCheckoutTitle        MessageKey = "shop_checkout_title"
	LabelCheckoutFrom         MessageKey = "shop_checkout_from"
	LabelCheckoutFulfilment   MessageKey = "shop_checkout_fulfilment"
	LabelCheckoutDelivery     MessageKey = "shop_checkout_delivery"
	LabelCheckoutPickup       MessageKey = "shop_checkout_pickup"
	LabelCheckoutAddress      MessageKey = "shop_checkout_address"
	LabelCheckoutNewAddress   MessageKey = "shop_checkout_new_address"
	LabelCheckoutNotServed    MessageKey = "shop_checkout_address_not_served"
	LabelCheckoutPayment      MessageKey = "shop_checkout_payment"
	LabelCheckoutPayOnline    MessageKey = "shop_checkout_pay_online"
	LabelCheckoutPayLater     MessageKey = "shop_checkout_pay_later"
	LabelCheckoutSubmit       MessageKey = "shop_checkout_submit"
	LabelCheckoutBack         MessageKey = "shop_checkout_back"
	LabelOrdersTitle          MessageKey = "shop_orders_title"
	LabelOrdersEmpty          MessageKey = "shop_orders_empty"
	LabelOrdersDate           MessageKey = "shop_orders_date"
	LabelOrdersSee            MessageKey = "shop_orders_see"
	LabelOrderTitle           MessageKey = "shop_order_title"
	LabelOrderCreated         MessageKey = "shop_order_created"
	LabelOrderRequestSent     MessageKey = "shop_order_request_sent"
	LabelOrderNoScript        MessageKey = "shop_order_noscript"
	LabelOrderRefresh         MessageKey = "shop_order_refresh"
	LabelOrderLines           MessageKey = "shop_order_lines"
	LabelOrderSteps           MessageKey = "shop_order_steps"
	LabelOrderStepCreated     MessageKey = "shop_order_step_created"
	LabelOrderTicket          MessageKey = "shop_order_ticket"
	LabelOrderPizzeria        MessageKey = "shop_order_pizzeria"
	LabelOrderNoPizzeria      MessageKey = "shop_order_no_pizzeria"
	LabelOrderDeliverTo       MessageKey = "shop_order_deliver_to"
	LabelOrderPickup          MessageKey = "shop_order_pickup"
	LabelOrderPayment         MessageKey = "shop_order_payment"
	LabelOrderConfirming      MessageKey = "shop_order_confirming"
	LabelOrderPayNow          MessageKey = "shop_order_pay_now"
	LabelOrderCanChange       MessageKey = "shop_order_can_change"
	LabelOrderCancel          MessageKey = "shop_order_cancel"
	LabelOrderModify          MessageKey = "shop_order_modify"
	LabelOrderAnswerRefused   MessageKey = "shop_order_answer_refused"
	LabelOrderModifyAccepted  MessageKey = "shop_order_modify_accepted"
	LabelReasonTooLate        MessageKey = "shop_reason_too_late"
	LabelReasonOutOfStock     MessageKey = "shop_reason_out_of_stock"
	LabelReasonClosed         MessageKey = "shop_reason_closed"
	LabelReasonOther          MessageKey = "shop_reason_other"
	LabelPayOnlinePending     MessageKey = "shop_pay_online_pending"
	LabelPayOnlinePaid        MessageKey = "shop_pay_online_paid"
	LabelPayOnlineFailed      MessageKey = "shop_pay_online_failed"
	LabelPayRefundedShop      MessageKey = "shop_pay_refunded"
	LabelPayAtDoor            MessageKey = "shop_pay_at_door"
	LabelPayAtCounter         MessageKey = "shop_pay_at_counter"
	LabelPaySettled           MessageKey = "shop_pay_settled"
	LabelShopStatusWaitPay    MessageKey = "shop_status_awaiting_payment"
	LabelShopStatusPayFailed  MessageKey = "shop_status_payment_failed"
	LabelShopStatusPlaced     MessageKey = "shop_status_placed"
	LabelShopStatusAccepted   MessageKey = "shop_status_accepted"
	LabelShopStatusPreparing  MessageKey = "shop_status_preparing"
	LabelShopStatusReady      MessageKey = "shop_status_ready"
	LabelShopStatusOut        MessageKey = "shop_status_out_for_delivery"
	LabelShopStatusDelivered  MessageKey = "shop_status_delivered"
	LabelShopStatusPickedUp   MessageKey = "shop_status_picked_up"
	LabelShopStatusCancelled  MessageKey = "shop_status_cancelled"
	LabelShopStatusRejected   MessageKey = "shop_status_rejected"
	LabelShopStatusRefused    MessageKey = "shop_status_refused"
	LabelModifyTitle          MessageKey = "shop_modify_title"
	LabelModifyLinesHint      MessageKey = "shop_modify_lines_hint"
	LabelModifyQuantityOf     MessageKey = "shop_modify_quantity_of"
	LabelModifyAdd            MessageKey = "shop_modify_add"
	LabelModifyAddress        MessageKey = "shop_modify_address"
	LabelModifyKeepAddress    MessageKey = "shop_modify_keep_address"
	LabelModifyPaidHint       MessageKey = "shop_modify_paid_hint"
	LabelModifySubmit         MessageKey = "shop_modify_submit"
	LabelModifyBack           MessageKey = "shop_modify_back"

	// The checkout's price check, a refund on its way, and an order put
	// back in the cart ("Commander à nouveau").
	MsgCheckoutPriceChanged MessageKey = "shop_checkout_price_changed"
	MsgReorderNoPizzeria    MessageKey = "shop_reorder_no_pizzeria"
	LabelPayRefundPending   MessageKey = "shop_pay_refund_pending"
	LabelOrderReorder       MessageKey = "shop_order_reorder"
	LabelReorderDone        MessageKey = "shop_reorder_done"
	LabelReorderSkipped     MessageKey = "shop_reorder_skipped"
	LabelReorderNone        MessageKey = "shop_reorder_none"
)

// The keys of the drivers' phone page: its errors, then its words.
const (
	MsgDriverRoles             MessageKey = "driver_roles"
	MsgDriverOrderNotFound     MessageKey = "driver_order_not_found"
	MsgDriverBadTarget         MessageKey = "driver_bad_target"
	MsgDriverBadCollected      MessageKey = "driver_bad_collected"
	MsgDriverCollectedTooEarly MessageKey = "driver_collected_too_early"
	MsgDriverCollectRequired   MessageKey = "driver_collect_required"
	MsgDriverAlreadyPaid       MessageKey = "driver_already_paid"
	MsgDriverNotReady          MessageKey = "driver_not_ready"
	MsgDriverNotOut            MessageKey = "driver_not_out"
	MsgDriverColleagueFirst    MessageKey = "driver_colleague_first"
	LabelDriverTitle           MessageKey = "driver_title"
	LabelDriverReady           MessageKey = "driver_ready"
	LabelDriverOut             MessageKey = "driver_out"
	LabelDriverNoReady         MessageKey = "driver_no_ready"
	LabelDriverNoOut           MessageKey = "driver_no_out"
	LabelDriverTake            MessageKey = "driver_take"
	LabelDriverDelivered       MessageKey = "driver_delivered"
	LabelDriverCollect         MessageKey = "driver_collect"
	LabelDriverCash            MessageKey = "driver_cash"
	LabelDriverCard            MessageKey = "driver_card"
	LabelDriverPaid            MessageKey = "driver_paid"
	LabelDriverToCollect       MessageKey = "driver_to_collect"
	LabelDriverPending         MessageKey = "driver_pending"
	LabelDriverPendingBy       MessageKey = "driver_pending_by"
	LabelDriverRefused         MessageKey = "driver_refused"
	LabelDriverTakenBy         MessageKey = "driver_taken_by"
	LabelDriverWaiting         MessageKey = "driver_waiting"
	LabelDriverCall            MessageKey = "driver_call"
	LabelDriverRequests        MessageKey = "driver_requests"
	LabelDriverAskedTake       MessageKey = "driver_asked_take"
	LabelDriverAskedDeliver    MessageKey = "driver_asked_deliver"
	LabelDriverAnswerWaiting   MessageKey = "driver_answer_waiting"
	LabelDriverAnswerAccepted  MessageKey = "driver_answer_accepted"
	LabelDriverAnswerRefused   MessageKey = "driver_answer_refused"
	LabelDriverSent            MessageKey = "driver_sent"
)

// catalogues holds the sentences of each language. French is the chain's
// language; another language is one more map.
var catalogues = map[string]map[MessageKey]string{"fr": french}

// Language is the language of the messages this process gives.
const Language = "fr"

var french = map[MessageKey]string{
	MsgInternal:             "Une erreur interne est survenue. Réessayez ; si elle persiste, prévenez l'exploitation.",
	MsgBadRequest:           "La requête est illisible : JSON mal formé.",
	MsgBadForm:              "Le formulaire envoyé est illisible. Rechargez la page et recommencez.",
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

	MsgBadCatalog:       "Catalogue invalide : %s.",
	MsgUnknownCategory:  "Catégorie inconnue : %q.",
	MsgProductNotFound:  "Produit inconnu : %q.",
	MsgCatalogTooLarge:  "Le catalogue dépasse la taille qu'un envoi aux pizzerias peut avoir.",
	MsgNothingToPublish: "Le catalogue ne contient aucun produit : rien à publier.",

	MsgCatalogPriceFormat:       "Écrivez le prix en euros, par exemple 12,50 ou 12.50.",
	MsgCatalogPriceRange:        "Le prix va de 0,00 € à 10 000,00 €.",
	MsgCatalogQuantityFormat:    "Écrivez la quantité en nombre entier, par exemple 120.",
	MsgCatalogQuantityRange:     "Chaque quantité de la recette va de 1 à 100 000.",
	MsgCatalogLineIngredient:    "Choisissez l'ingrédient de cette ligne.",
	MsgCatalogTooManyLines:      "Une recette compte au plus %d lignes.",
	MsgCatalogRecipeEmpty:       "La recette doit compter au moins un ingrédient.",
	MsgCatalogRecipeUnknown:     "La recette nomme un ingrédient absent du catalogue.",
	MsgCatalogRecipeTwice:       "Chaque ingrédient ne figure qu'une fois dans la recette.",
	MsgCatalogName:              "Indiquez un nom, de 100 caractères au plus.",
	MsgCatalogID:                "L'identifiant compte 1 à 64 lettres minuscules sans accent, chiffres ou tirets, sans tiret au début, par exemple quatre-fromages.",
	MsgCatalogIDTaken:           "L'identifiant %q est déjà pris : modifiez l'entrée existante depuis le catalogue.",
	MsgCatalogEntryRefused:      "%s %s : %s",
	LabelCatalogEntryCategory:   "Catégorie",
	LabelCatalogEntryIngredient: "Ingrédient",
	LabelCatalogEntryProduct:    "Produit",
	MsgCatalogUnit:              "Choisissez l'unité : grammes, millilitres ou pièces.",
	MsgCatalogThresholdFormat:   "Écrivez le seuil en nombre entier, par exemple 500.",
	MsgCatalogThreshold:         "Le seuil d'alerte ne peut pas être négatif.",
	MsgCatalogFormError:         "Le formulaire contient des erreurs : rien n'a été enregistré.",
	MsgCatalogProductStale:      "Ce produit a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert : rechargez la page pour voir sa version actuelle.",
	MsgCatalogIngredientStale:   "Cet ingrédient a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert : rechargez la page pour voir sa version actuelle.",
	MsgCatalogCategoryStale:     "Cette catégorie a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte : rechargez la page pour voir sa version actuelle.",
	MsgCatalogDraftStale:        "Le catalogue a été modifié par quelqu'un d'autre depuis que vous l'avez lu : relisez-le, puis recommencez.",
	MsgCatalogPublishStale:      "Le brouillon a changé depuis que vous l'avez relu : rien n'a été publié. Relisez-le de nouveau, puis publiez s'il est bien la version à envoyer.",
	MsgCatalogBadIfMatch:        "En-tête If-Match invalide : donnez l'ETag lu avec GET /api/v1/catalog, par exemple \"12\".",
	LabelCatalogReload:          "Recharger la page",
	MsgIngredientNotFound:       "Ingrédient inconnu : %q.",
	LabelCatalogRoles:           "Le catalogue est réservé au siège.",
	LabelCatalogTitle:           "Catalogue",
	LabelCatalogIntro:           "Vous modifiez le brouillon du catalogue. Les pizzerias ne reçoivent vos changements qu'une fois le brouillon publié, sous un nouveau numéro de version.",
	LabelCatalogDraft:           "Brouillon de la version %d",
	LabelCatalogNeverPublished:  "Aucune version n'a encore été publiée : publier enverra ce catalogue à toutes les pizzerias.",
	LabelCatalogUnchanged:       "Le brouillon est identique à la version %d. Publier l'enverrait de nouveau, tel quel, à toutes les pizzerias (utile pour une pizzeria ouverte depuis).",
	LabelCatalogDiffers:         "Le brouillon diffère de la version %d publiée :",
	LabelCatalogAdded:           "%s : ajouté, à %s",
	LabelCatalogRemoved:         "%s : retiré",
	LabelCatalogPriceChange:     "%s : prix %s → %s",
	LabelCatalogOtherChange:     "%s : nom, catégorie, description ou recette modifiés",
	LabelCatalogCategoriesEdit:  "Catégories modifiées",
	LabelCatalogIngredientEdit:  "Ingrédients modifiés",
	LabelCatalogChangedBadge:    "modifié",
	LabelCatalogPublish:         "Publier la version %d",
	LabelCatalogPublished:       "Version %d publiée et envoyée à %d pizzeria(s).",
	LabelCatalogPublishedSame:   "Version %d publiée sans changement depuis la version %d, et envoyée à %d pizzeria(s).",
	LabelCatalogSaved:           "« %s » est enregistré dans le brouillon : publiez une nouvelle version pour l'envoyer aux pizzerias.",
	LabelCatalogDeleted:         "« %s » est retiré du brouillon : les pizzerias le gardent jusqu'à la prochaine version publiée.",
	LabelCatalogDeletedAny:      "Le produit est retiré du brouillon : les pizzerias le gardent jusqu'à la prochaine version publiée.",
	LabelCatalogProducts:        "Produits",
	LabelCatalogIngredients:     "Ingrédients",
	LabelCatalogVersions:        "Versions publiées",
	LabelCatalogNoVersions:      "Aucune version publiée.",
	LabelCatalogAnswers:         "Réponses des pizzerias à la version %d",
	LabelCatalogNoProducts:      "Aucun produit dans cette catégorie.",
	LabelCatalogNoIngredients:   "Aucun ingrédient.",
	LabelCatalogColPrice:        "Prix",
	LabelCatalogColRecipe:       "Recette",
	LabelCatalogColUnit:         "Unité",
	LabelCatalogColThreshold:    "Seuil d'alerte",
	LabelCatalogColVersion:      "Version",
	LabelCatalogColPublishedAt:  "Publiée le",
	LabelCatalogColPublishedBy:  "Par",
	LabelCatalogColProducts:     "Produits",
	LabelCatalogColPizzerias:    "Envoyée à",
	LabelCatalogColAnswer:       "Réponse",
	LabelCatalogApplied:         "Appliquée le %s",
	LabelCatalogRefused:         "Refusée le %s : %s",
	LabelCatalogWaitingSend:     "En attente d'envoi",
	LabelCatalogWaitingAnswer:   "Envoyée, en attente de réponse",
	LabelCatalogNotSent:         "Non envoyée : pizzeria ouverte depuis. Publiez une nouvelle version pour la lui envoyer.",
	LabelCatalogNewProduct:      "Nouveau produit",
	LabelCatalogNewIngredient:   "Nouvel ingrédient",
	LabelCatalogNewCategory:     "Nouvelle catégorie",
	LabelCatalogEditProduct:     "Produit « %s »",
	LabelCatalogEditIngredient:  "Ingrédient « %s »",
	LabelCatalogEditCategory:    "Catégorie « %s »",
	LabelCatalogEdit:            "Modifier",
	LabelCatalogDelete:          "Retirer",
	LabelCatalogDeleteTitle:     "Retirer « %s » du catalogue ?",
	LabelCatalogDeleteIntro:     "Le produit sera retiré du brouillon. Les pizzerias le gardent jusqu'à la prochaine version publiée.",
	LabelCatalogDeleteConfirm:   "Oui, retirer ce produit",
	LabelCatalogBack:            "Retour au catalogue",
	LabelCatalogSave:            "Enregistrer dans le brouillon",
	LabelCatalogMoreLines:       "Ajouter des lignes",
	LabelCatalogRemoveLine:      "Retirer",
	LabelCatalogNone:            "— aucun —",
	LabelCatalogFieldID:         "Identifiant",
	LabelCatalogFieldName:       "Nom",
	LabelCatalogFieldCategory:   "Catégorie",
	LabelCatalogFieldDesc:       "Description",
	LabelCatalogFieldPrice:      "Prix (€)",
	LabelCatalogFieldRecipe:     "Recette",
	LabelCatalogFieldQuantity:   "Quantité",
	LabelCatalogFieldUnit:       "Unité",
	LabelCatalogFieldThreshold:  "Seuil d'alerte",
	LabelCatalogHintID:          "Lettres minuscules sans accent, chiffres et tirets ; il ne change plus ensuite.",
	LabelCatalogHintPrice:       "En euros, par exemple 12,50.",
	LabelCatalogHintRecipe:      "Quantité pour une unité du produit, dans l'unité de l'ingrédient. Une boisson a pour recette elle-même, 1 pièce. Pour retirer une ligne, cochez « Retirer » ou choisissez « — aucun — ».",
	LabelCatalogHintUnit:        "Une pizzeria refuse une version qui change l'unité d'un ingrédient qu'elle a en stock.",
	LabelCatalogHintThreshold:   "Stock en dessous duquel une pizzeria est alertée, dans l'unité de l'ingrédient.",
	LabelCatalogNoActive:        "Pour suspendre un produit, chaque pizzeria le marque indisponible chez elle ; le catalogue n'a pas d'interrupteur commun.",
	LabelUnitG:                  "g",
	LabelUnitML:                 "ml",
	LabelUnitPiece:              "pièce(s)",
	LabelUnitGName:              "grammes (g)",
	LabelUnitMLName:             "millilitres (ml)",
	LabelUnitPieceName:          "pièces",

	MsgBadAmount:                "Le montant doit être compris entre 0,01 € et %d €.",
	MsgBadCurrency:              "Devise non prise en charge : %q. Seul l'euro (eur) est accepté.",
	MsgBadReturnURL:             "L'adresse de retour doit être une URL http ou https complète.",
	MsgIdempotencyKeyRequired:   "L'en-tête Idempotency-Key est obligatoire pour cette opération.",
	MsgBadIdempotencyKey:        "La clé d'idempotence ne doit contenir que des caractères ASCII visibles.",
	MsgIdempotencyKeyReused:     "Cette clé d'idempotence a déjà servi pour une autre requête.",
	MsgUnknownPaymentEvent:      "Événement de paiement inconnu : %q.",
	MsgWebhookSignature:         "Signature du webhook absente ou invalide.",
	MsgWebhookStale:             "Horodatage du webhook trop éloigné de l'heure actuelle.",
	MsgPaymentNotFound:          "Paiement introuvable : %q.",
	MsgPaymentNotRefundable:     "Ce paiement ne peut pas être remboursé : il n'a pas été payé.",
	MsgPaymentAlreadyRefunded:   "Ce paiement a déjà été remboursé.",
	MsgPaymentUnavailable:       "Le service de paiement ne répond pas. Réessayez dans un instant.",
	MsgBadAPIKey:                "Clé d'API absente ou invalide.",
	MsgCardNumber:               "Numéro de carte invalide : vérifiez les chiffres saisis.",
	MsgCardExpiry:               "Date d'expiration invalide : écrivez-la MM/AA, par exemple 04/29.",
	MsgCardExpired:              "Cette carte est expirée.",
	MsgCardCVC:                  "Cryptogramme invalide : 3 chiffres (4 pour American Express).",
	MsgCardDeclined:             "Votre carte a été refusée.",
	MsgInsufficientFunds:        "Provision insuffisante : votre carte a été refusée.",
	MsgAuthenticationFailed:     "L'authentification a échoué : le paiement est refusé.",
	MsgPaymentCanceled:          "Le paiement a été annulé.",
	MsgPaymentAmountMismatch:    "Le montant payé (%d centimes) n'est pas celui de la commande (%d centimes).",
	MsgPaymentReferenceMismatch: "Ce paiement est celui d'une autre commande (%s).",

	MsgBadEmail:            "Adresse e-mail invalide : écrivez-la comme anna@exemple.fr.",
	MsgBadPhone:            "Numéro de téléphone invalide : 10 chiffres, comme 06 12 34 56 78.",
	MsgBadCustomerPassword: "Le mot de passe doit compter %d à %d caractères.",
	MsgPasswordIsEmail:     "Le mot de passe ne doit pas être votre adresse e-mail.",
	MsgEmailTaken:          "Un compte existe déjà avec cette adresse e-mail.",
	MsgCustomerNotFound:    "Aucun compte client avec cette adresse e-mail.",
	MsgEmailOrUsername:     "Indiquez soit une adresse e-mail (client), soit un identifiant (personnel), pas les deux.",

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

	LabelPayTitle:         "Paiement par carte",
	LabelPaySimulator:     "Simulateur de paiement : aucune carte réelle n'est débitée.",
	LabelPayAmount:        "Montant",
	LabelPayReference:     "Référence",
	LabelCardNumber:       "Numéro de carte",
	LabelCardExpiry:       "Date d'expiration (MM/AA)",
	LabelCardCVC:          "Cryptogramme (au dos de la carte)",
	LabelPaySubmit:        "Payer %s",
	LabelPayCancel:        "Annuler le paiement",
	LabelPayFormErrors:    "Le paiement n'a pas abouti. Corrigez les champs signalés.",
	LabelTestCards:        "Cartes de test",
	LabelTestCardSuccess:  "paiement accepté",
	LabelTestCardDeclined: "carte refusée",
	LabelTestCardFunds:    "provision insuffisante",
	LabelTestCardAuth:     "authentification 3-D Secure demandée",
	LabelAuthTitle:        "Authentification 3-D Secure",
	LabelAuthIntro:        "Votre banque vous demande de confirmer ce paiement de %s.",
	LabelAuthApprove:      "Confirmer le paiement",
	LabelAuthDecline:      "Refuser",
	LabelPaySucceeded:     "Ce paiement a été accepté.",
	LabelPayFailed:        "Ce paiement a échoué : %s",
	LabelPayRefunded:      "Ce paiement a été remboursé.",
	LabelBackToShop:       "Revenir au site du marchand",

	MsgReportBadDate:        "Date invalide : %q. Écrivez-la AAAA-MM-JJ.",
	MsgReportRangeReversed:  "La date de fin précède la date de début.",
	MsgReportRangeTooLong:   "La période dépasse %d jours.",
	MsgReportRoles:          "Les rapports sont réservés au siège et aux gérants.",
	MsgReportOtherPizzeria:  "Un gérant ne voit que les chiffres de sa pizzeria.",
	MsgReportUnknownTable:   "Tableau inconnu : %q.",
	LabelDashboardTitle:     "Tableau de bord en direct",
	LabelDashboardIntro:     "Chaque pizzeria côte à côte, aujourd'hui (%s), mise à jour en direct.",
	LabelReportTitle:        "Rapport de période",
	LabelReportLink:         "Rapports de période",
	LabelDashboardLink:      "Tableau de bord en direct",
	LabelCompleteUntil:      "Données complètes jusqu'au",
	LabelNoData:             "Aucune donnée",
	LabelNone:               "Aucun",
	LabelOpenOrders:         "Commandes en cours",
	LabelWaitingLongest:     "Attente la plus longue",
	LabelTodayRevenue:       "Chiffre d'affaires du jour",
	LabelTodayOrders:        "Commandes du jour",
	LabelPrepMean:           "Préparation moyenne",
	LabelDeliveryMean:       "Livraison moyenne",
	LabelLowStock:           "Stock bas",
	LabelUnmakeable:         "Ne peuvent plus être faits",
	LabelStatusPlaced:       "Reçue",
	LabelStatusAccepted:     "Acceptée",
	LabelStatusPreparing:    "En préparation",
	LabelStatusReady:        "Prête",
	LabelStatusOut:          "En livraison",
	LabelStatusCancelled:    "Annulée",
	LabelStatusRejected:     "Refusée",
	LabelTicket:             "Ticket n° %d",
	LabelFrom:               "Du",
	LabelTo:                 "Au",
	LabelAllPizzerias:       "Toutes les pizzerias",
	LabelShow:               "Afficher",
	LabelPrint:              "Imprimer",
	LabelExportCSV:          "Export CSV",
	LabelPreviousPeriod:     "Période précédente : du %s au %s",
	LabelKeyFigures:         "Chiffres clés",
	LabelRevenue:            "Chiffre d'affaires",
	LabelOrders:             "Commandes",
	LabelSales:              "Ventes",
	LabelBasket:             "Panier moyen",
	LabelCancelled:          "Annulées",
	LabelRejected:           "Refusées",
	LabelChange:             "Évolution",
	LabelTrend:              "Chiffre d'affaires dans la période",
	LabelByPizzeria:         "Par pizzeria",
	LabelByChannel:          "Par canal et mode de retrait",
	LabelByHour:             "Par heure de la journée",
	LabelByWeekday:          "Par jour de la semaine",
	LabelBestSellers:        "Meilleures ventes",
	LabelWorstSellers:       "Moins bonnes ventes",
	LabelRefusals:           "Annulations et refus",
	LabelDurations:          "Temps de préparation et de livraison",
	LabelStockUse:           "Consommation et pertes d'ingrédients",
	LabelCoverage:           "Fraîcheur des données",
	LabelChannel:            "Canal",
	LabelFulfilment:         "Mode",
	LabelHour:               "Heure",
	LabelWeekday:            "Jour",
	LabelProduct:            "Produit",
	LabelQuantity:           "Quantité",
	LabelStatus:             "Statut",
	LabelReason:             "Motif",
	LabelRefunded:           "Remboursées",
	LabelPhase:              "Étape",
	LabelMean:               "Moyenne",
	LabelMedian:             "Médiane",
	LabelP90:                "90e centile",
	LabelIngredient:         "Ingrédient",
	LabelConsumed:           "Consommé",
	LabelWasted:             "Perdu",
	LabelReceived:           "Reçu",
	LabelAdjusted:           "Ajusté",
	LabelDate:               "Date",
	LabelBacklogShort:       "En attente d'envoi",
	LabelHeld:               "Retenus (trou de séquence)",
	LabelPhasePreparation:   "Préparation",
	LabelPhaseDelivery:      "Livraison",
	LabelChannelWeb:         "Web",
	LabelChannelPhone:       "Téléphone",
	LabelChannelCounter:     "Comptoir",
	LabelFulfilmentDelivery: "Livraison",
	LabelFulfilmentPickup:   "À emporter",
	LabelWeekdays:           "lun.,mar.,mer.,jeu.,ven.,sam.,dim.",
	LabelMinutes:            "%d min",
	LabelNoReason:           "(sans motif)",

	MsgBadCustomerPostcode:    "Code postal invalide : il compte 5 chiffres, par exemple 75011.",
	MsgNoPizzeriaServes:       "Aucune de nos pizzerias ne livre le %s pour l'instant. Vous pouvez choisir une pizzeria et venir chercher votre commande sur place.",
	MsgPizzeriaDoesNotServe:   "La pizzeria %s ne livre pas le %s.",
	MsgOneLine:                "Ce champ doit tenir sur une ligne, sans caractère spécial.",
	MsgBadFulfilment:          "Choisissez la livraison ou le retrait sur place.",
	MsgBadWebPaymentMethod:    "Choisissez le paiement en ligne ou à la livraison.",
	MsgWebOrderEmpty:          "Votre commande est vide : ajoutez au moins un produit.",
	MsgTooManyLines:           "Une commande compte au plus %d lignes.",
	MsgNothingToChange:        "Indiquez les nouvelles lignes ou la nouvelle adresse.",
	MsgNoCatalog:              "La carte n'est pas encore publiée : la commande en ligne ouvre bientôt.",
	MsgWebOrderNotFound:       "Cette commande n'existe pas dans votre compte.",
	MsgOrderNotFound:          "Commande introuvable.",
	MsgOnlinePaymentOff:       "Le paiement en ligne est indisponible pour l'instant : choisissez le paiement à la livraison.",
	MsgTooManyOpenOrders:      "Vous avez déjà %d commandes en attente de paiement ou de réponse : attendez qu'une pizzeria y réponde avant d'en passer une autre.",
	MsgWebOrderTooLate:        "Cette commande ne peut plus être modifiée ni annulée.",
	MsgWebRequestPending:      "Une demande est déjà en cours pour cette commande : attendez la réponse de la pizzeria.",
	MsgPaidTotalChange:        "Une commande payée en ligne ne peut pas changer de montant : annulez-la et commandez à nouveau.",
	MsgWebAwaitingPayment:     "En attente de votre paiement.",
	MsgWebPaymentFailed:       "Le paiement n'a pas abouti : la commande n'a pas été transmise.",
	MsgWebWaiting:             "Commande transmise à la pizzeria, en attente de sa réponse.",
	MsgWebWaitingOffline:      "La pizzeria n'est pas joignable pour le moment : votre commande lui sera transmise dès son retour, ou proposée à une autre pizzeria si elle tarde.",
	MsgWebAccepted:            "La pizzeria a accepté votre commande.",
	MsgWebRefused:             "Aucune pizzeria ne peut préparer votre commande pour l'instant.",
	MsgWebCancelRequested:     "Demande d'annulation envoyée : la pizzeria décide.",
	MsgWebCancelled:           "Commande annulée.",
	MsgWebModifyRequested:     "Demande de modification envoyée : la pizzeria décide.",
	MsgWebRequestRefused:      "La pizzeria n'a pas pu prendre en compte votre demande : la commande est déjà en préparation.",
	MsgWebInProgress:          "Votre commande suit son cours.",
	MsgWebPreparing:           "Vos pizzas sont en préparation.",
	MsgWebReadyPickup:         "Votre commande est prête : vous pouvez venir la chercher.",
	MsgWebReadyDelivery:       "Votre commande est prête et attend son livreur.",
	MsgWebOnTheWay:            "Votre commande est en route.",
	MsgWebDone:                "Commande remise. Bon appétit !",
	MsgWebCancelledByPizzeria: "La pizzeria a annulé votre commande.",
	MsgWebChangeRerouted:      "La commande est passée à une autre pizzeria : votre modification n'a pas été transmise, vous pouvez la refaire.",
	MsgWebUnpaidCancelled:     "Paiement non reçu à temps : la commande a été annulée. Si vous avez payé, vous serez remboursé.",
	MsgTooManyAddresses:       "Vous avez déjà %d adresses : supprimez-en une pour en ajouter une autre.",
	MsgAddressNotFound:        "Cette adresse n'existe pas dans votre compte.",
	MsgBadQuantity:            "La quantité doit être un nombre entier de 1 à %d.",
	MsgNotOrderable:           "« %s » ne peut pas être préparé en ce moment.",
	MsgOnlyLeft:               "Il ne reste que %d « %s » pour le moment.",
	MsgCartFull:               "Le panier est plein : %d lignes au plus.",
	MsgCartLineNotFound:       "Cette ligne n'est plus dans votre panier.",
	LabelShopTitle:            "OC Pizza",
	LabelShopSkip:             "Aller au contenu",
	LabelShopHomeTitle:        "Nos pizzas, livrées chez vous ou à emporter",
	LabelShopPostcode:         "Votre code postal",
	LabelShopPostcodeHint:     "Nous cherchons la pizzeria qui livre chez vous.",
	LabelShopFind:             "Chercher",
	LabelShopDeliveringTo:     "Pizzerias qui livrent le %s",
	LabelShopPickupTitle:      "À emporter : choisissez une pizzeria",
	LabelShopNoPizzerias:      "Aucune pizzeria n'est ouverte en ligne pour le moment.",
	LabelShopSeeMenu:          "Voir la carte",
	LabelShopOnline:           "En ligne",
	LabelShopOffline:          "Hors ligne pour le moment",
	LabelShopDelivers:         "Livre : %s",
	LabelShopMenuTitle:        "La carte de %s",
	LabelShopNotCurrent:       "Cette pizzeria n'est pas joignable en ce moment : les disponibilités affichées datent du %s et ont pu changer.",
	LabelShopNeverHeard:       "Cette pizzeria n'a encore rien transmis : les disponibilités ne sont pas connues.",
	LabelShopNoMenu:           "La carte n'est pas encore publiée.",
	LabelShopUnavailable:      "Indisponible aujourd'hui",
	LabelShopSoldOut:          "Épuisé pour le moment",
	LabelShopLeft:             "Plus que %d",
	LabelShopQuantity:         "Quantité",
	LabelShopNote:             "Remarque (facultatif)",
	LabelShopAdd:              "Ajouter au panier",
	LabelShopAddNamed:         "Ajouter « %s » au panier",
	LabelShopCart:             "Votre panier",
	LabelShopCartEmpty:        "Votre panier est vide.",
	LabelShopCartOther:        "Votre panier en cours est chez %s : ajouter un produit ici le remplacera.",
	LabelShopCartAdded:        "« %s » a été ajouté au panier.",
	LabelShopCartLineOff:      "Ne peut plus être préparé",
	LabelShopTotal:            "Total",
	LabelShopUnitPrice:        "%s l'unité",
	LabelShopRemove:           "Retirer",
	LabelShopUpdate:           "Mettre à jour",
	LabelShopCartClear:        "Vider le panier",
	LabelShopSignUp:           "Créer un compte",
	LabelShopLogIn:            "Se connecter",
	LabelShopLogOut:           "Se déconnecter",
	LabelShopAccount:          "Mon compte",
	LabelShopEmail:            "Adresse e-mail",
	LabelShopPassword:         "Mot de passe",
	LabelShopPasswordHint:     "8 caractères au moins.",
	LabelShopName:             "Nom",
	LabelShopPhone:            "Téléphone",
	LabelShopHaveAccount:      "Déjà client ? Connectez-vous",
	LabelShopNoAccount:        "Pas encore de compte ? Créez-en un",
	LabelShopHello:            "Bonjour %s",
	LabelShopAddresses:        "Mes adresses de livraison",
	LabelShopNoAddresses:      "Aucune adresse enregistrée.",
	LabelShopAddressAdd:       "Ajouter une adresse",
	LabelShopAddressLabel:     "Nom de l'adresse (facultatif, par exemple Maison)",
	LabelShopStreet:           "Numéro et rue",
	LabelShopCity:             "Ville",
	LabelShopDetails:          "Étage, code d'entrée, instructions (facultatif)",
	LabelShopDelete:           "Supprimer",
	LabelShopDeleteNamed:      "Supprimer l'adresse %s",
	LabelShopServedBy:         "Livrée par : %s",
	LabelShopNotServed:        "Aucune pizzeria ne livre cette adresse pour le moment.",
	LabelShopFormError:        "Le formulaire n'a pas été enregistré : corrigez le champ signalé.",
	LabelShopBackHome:         "Retour à l'accueil",
	LabelShopErrorTitle:       "Un problème est survenu",
	LabelShopAccountCreated:   "Votre compte est créé. Bienvenue !",

	MsgCheckoutNotServed:      "%s ne livre pas le %s : choisissez une autre adresse, la vente à emporter, ou une pizzeria qui livre cette adresse depuis l'accueil.",
	MsgCheckoutAddressMissing: "Choisissez une adresse de livraison ou saisissez-en une nouvelle.",
	MsgCheckoutExpired:        "Ce formulaire a expiré : vérifiez votre commande et validez-la à nouveau.",
	MsgOrderChanged:           "Votre commande a changé entre-temps : vérifiez-la et recommencez.",
	MsgModifyQuantity:         "La quantité doit être un nombre entier de 0 à %d (0 retire le produit).",
	LabelCheckoutLink:         "Commander",
	LabelCheckoutTitle:        "Valider ma commande",
	LabelCheckoutFrom:         "Votre commande chez %s",
	LabelCheckoutFulfilment:   "Livraison ou à emporter",
	LabelCheckoutDelivery:     "Livraison à domicile",
	LabelCheckoutPickup:       "À emporter : je la retire chez %s",
	LabelCheckoutAddress:      "Adresse de livraison",
	LabelCheckoutNewAddress:   "Une autre adresse",
	LabelCheckoutNotServed:    "Hors de la zone de livraison de cette pizzeria",
	LabelCheckoutPayment:      "Paiement",
	LabelCheckoutPayOnline:    "En ligne par carte, maintenant",
	LabelCheckoutPayLater:     "À la livraison ou au comptoir (espèces ou carte)",
	LabelCheckoutSubmit:       "Valider la commande (%s)",
	LabelCheckoutBack:         "Revenir à la carte",
	LabelOrdersTitle:          "Mes commandes",
	LabelOrdersEmpty:          "Vous n'avez pas encore passé de commande.",
	LabelOrdersDate:           "Date",
	LabelOrdersSee:            "Voir la commande du %s",
	LabelOrderTitle:           "Commande du %s",
	LabelOrderCreated:         "Merci ! Votre commande est enregistrée.",
	LabelOrderRequestSent:     "Demande envoyée à la pizzeria : sa réponse s'affichera ici.",
	LabelOrderNoScript:        "Cette page ne se met pas à jour toute seule sans JavaScript.",
	LabelOrderRefresh:         "Actualiser",
	LabelOrderLines:           "Contenu",
	LabelOrderSteps:           "Étapes",
	LabelOrderStepCreated:     "Commande passée",
	LabelOrderTicket:          "Ticket n° %d",
	LabelOrderPizzeria:        "Pizzeria : %s",
	LabelOrderNoPizzeria:      "Pizzeria : pas encore attribuée",
	LabelOrderDeliverTo:       "Livraison : %s",
	LabelOrderPickup:          "À emporter, à retirer sur place",
	LabelOrderPayment:         "Paiement : %s",
	LabelOrderConfirming:      "Nous attendons la confirmation de votre paiement : cette page se met à jour d'elle-même.",
	LabelOrderPayNow:          "Payer la commande",
	LabelOrderCanChange:       "Vous pouvez modifier ou annuler la commande tant que sa préparation n'a pas commencé.",
	LabelOrderCancel:          "Annuler la commande",
	LabelOrderModify:          "Modifier la commande",
	LabelOrderAnswerRefused:   "La pizzeria a refusé votre demande : %s.",
	LabelOrderModifyAccepted:  "La pizzeria a accepté votre modification.",
	LabelReasonTooLate:        "la préparation a commencé",
	LabelReasonOutOfStock:     "il lui manque de quoi la préparer",
	LabelReasonClosed:         "elle ne prend pas de commande en ligne en ce moment",
	LabelReasonOther:          "elle ne peut pas l'appliquer",
	LabelPayOnlinePending:     "en ligne, en attente de confirmation",
	LabelPayOnlinePaid:        "payée en ligne",
	LabelPayOnlineFailed:      "paiement en ligne non abouti",
	LabelPayRefundedShop:      "remboursée",
	LabelPayAtDoor:            "à régler à la livraison",
	LabelPayAtCounter:         "à régler au comptoir",
	LabelPaySettled:           "réglée",
	LabelShopStatusWaitPay:    "En attente du paiement",
	LabelShopStatusPayFailed:  "Paiement non abouti",
	LabelShopStatusPlaced:     "Transmise à la pizzeria",
	LabelShopStatusAccepted:   "Acceptée",
	LabelShopStatusPreparing:  "En préparation",
	LabelShopStatusReady:      "Prête",
	LabelShopStatusOut:        "En livraison",
	LabelShopStatusDelivered:  "Livrée",
	LabelShopStatusPickedUp:   "Retirée",
	LabelShopStatusCancelled:  "Annulée",
	LabelShopStatusRejected:   "Refusée par la pizzeria",
	LabelShopStatusRefused:    "Refusée",
	LabelModifyTitle:          "Modifier ma commande",
	LabelModifyLinesHint:      "Mettez 0 pour retirer un produit.",
	LabelModifyQuantityOf:     "Quantité de %s",
	LabelModifyAdd:            "Ajouter des produits",
	LabelModifyAddress:        "Adresse de livraison",
	LabelModifyKeepAddress:    "Garder l'adresse actuelle : %s",
	LabelModifyPaidHint:       "Commande payée en ligne : son montant ne peut pas changer.",
	LabelModifySubmit:         "Envoyer la demande à la pizzeria",
	LabelModifyBack:           "Revenir à la commande",

	MsgCheckoutPriceChanged: "Les prix ont changé depuis l'affichage : vérifiez le nouveau total.",
	MsgReorderNoPizzeria:    "Cette commande n'a été confiée à aucune pizzeria : choisissez-en une depuis l'accueil pour commander à nouveau.",
	LabelPayRefundPending:   "remboursement en cours",
	LabelOrderReorder:       "Commander à nouveau",
	LabelReorderDone:        "Les produits de votre commande sont de nouveau dans le panier : vérifiez-le, puis validez.",
	LabelReorderSkipped:     "Les produits de votre commande sont de nouveau dans le panier, sauf ceux que la pizzeria ne peut pas préparer maintenant : %s.",
	LabelReorderNone:        "La pizzeria ne peut préparer maintenant aucun produit de cette commande : %s.",

	MsgDriverRoles:             "La page des livraisons est réservée aux livreurs et aux gérants d'une pizzeria.",
	MsgDriverOrderNotFound:     "Cette livraison n'existe pas dans votre pizzeria.",
	MsgDriverBadTarget:         "Action inconnue : %q. Une commande se prend (out_for_delivery) puis se livre (delivered).",
	MsgDriverBadCollected:      "Paiement encaissé inconnu : %q. Indiquez espèces (cash) ou carte (card).",
	MsgDriverCollectedTooEarly: "Le paiement s'indique à la livraison, pas en prenant la commande.",
	MsgDriverCollectRequired:   "Cette commande n'est pas payée : indiquez si le client a réglé en espèces ou par carte.",
	MsgDriverAlreadyPaid:       "Cette commande est déjà payée : il n'y a rien à encaisser.",
	MsgDriverNotReady:          "Le ticket n° %d n'est plus prêt à partir : rafraîchissez la liste.",
	MsgDriverNotOut:            "Le ticket n° %d n'est pas en livraison : prenez-le d'abord.",
	MsgDriverColleagueFirst:    "%s a déjà demandé cette commande à la pizzeria : attendez sa réponse.",
	LabelDriverTitle:           "Livraisons",
	LabelDriverReady:           "Prêtes à partir",
	LabelDriverOut:             "En livraison",
	LabelDriverNoReady:         "Aucune commande prête à partir pour le moment.",
	LabelDriverNoOut:           "Aucune livraison en cours.",
	LabelDriverTake:            "Je la prends",
	LabelDriverDelivered:       "Livrée",
	LabelDriverCollect:         "Encaissé à la porte",
	LabelDriverCash:            "Espèces",
	LabelDriverCard:            "Carte",
	LabelDriverPaid:            "Déjà payée",
	LabelDriverToCollect:       "À encaisser : %s",
	LabelDriverPending:         "Envoyé à la pizzeria, en attente…",
	LabelDriverPendingBy:       "Demandé par %s, en attente de la pizzeria…",
	LabelDriverRefused:         "Refusé par la pizzeria : %s",
	LabelDriverTakenBy:         "Prise par %s",
	LabelDriverWaiting:         "Prête depuis %d min",
	LabelDriverCall:            "Appeler le %s",
	LabelDriverRequests:        "Dernières demandes",
	LabelDriverAskedTake:       "Ticket n° %d : prise",
	LabelDriverAskedDeliver:    "Ticket n° %d : livrée",
	LabelDriverAnswerWaiting:   "en attente de la pizzeria",
	LabelDriverAnswerAccepted:  "acceptée",
	LabelDriverAnswerRefused:   "refusée : %s",
	LabelDriverSent:            "Envoyé à la pizzeria.",
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
