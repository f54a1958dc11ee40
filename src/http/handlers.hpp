// The handlers behind the rows of the route table (routes.cpp), one per route. The router has
// authenticated the caller, checked its access and the ids before any of them runs, so each only
// decodes, calls the service and encodes.
#pragma once

#include "http/request_context.hpp"
#include "http/resource.hpp"

namespace faktura::http {

// handlers_payment.cpp: the payment and the sub-resources that show what the merchant sent.
Response handle_create_payment(RequestContext& context);              // POST /psp/invoice/payments
Response handle_get_payment(RequestContext& context);                 // GET  …/{payment}
Response handle_abort_payment(RequestContext& context);               // PATCH …/{payment}
Response handle_get_part(RequestContext& context, SubResource part);  // urls, payeeinfo, …
Response handle_get_aborted(RequestContext& context);                 // GET  …/{payment}/aborted

template <SubResource part>
Response handle_get_part(RequestContext& context) {
    return handle_get_part(context, part);
}

// handlers_transactions.cpp: creating transactions and reading them.
Response handle_create_authorization(RequestContext& context);
Response handle_create_verification(RequestContext& context);
Response handle_create_capture(RequestContext& context);
Response handle_create_cancellation(RequestContext& context);
Response handle_create_reversal(RequestContext& context);
Response handle_get_transaction_list(RequestContext& context, SubResource list);
Response handle_get_transaction(RequestContext& context, SubResource list);  // …/<list>/{tx}
Response handle_get_activities(RequestContext& context);         // …/transactions/{tx}/activities
Response handle_get_item_descriptions(RequestContext& context);  // …/{tx}/itemdescriptions

template <SubResource list>
Response handle_get_transaction_list(RequestContext& context) {
    return handle_get_transaction_list(context, list);
}
template <SubResource list>
Response handle_get_transaction(RequestContext& context) {
    return handle_get_transaction(context, list);
}

// handlers_payer_data.cpp: the legal-address lookup and what the API tells about the payer.
Response handle_approve_legal_address(RequestContext& context);  // POST …/approvedlegaladdress
Response handle_get_approved_legal_address(RequestContext& context);
Response handle_get_masked_approved_legal_address(RequestContext& context);
Response handle_get_paid(RequestContext& context);
Response handle_get_failed(RequestContext& context);
Response handle_get_consumer(RequestContext& context);
Response handle_get_address(RequestContext& context, AddressKind kind);

template <AddressKind kind>
Response handle_get_address(RequestContext& context) {
    return handle_get_address(context, kind);
}

// handlers_callbacks.cpp: GET …/{payment}/callbacks (Faktura addition): the callback outbox.
Response handle_get_callbacks(RequestContext& context);

// handlers_documents.cpp: the invoice copy and credit note (PDF), and the settlement files.
Response handle_get_invoice_copy(RequestContext& context);  // …/captures/{tx}/invoicecopy
Response handle_get_credit_note(RequestContext& context);   // …/reversals/{tx}/invoicecopy
Response handle_get_settlement_transactions(RequestContext& context);  // ?from&to&format
Response handle_get_settlement_balance(RequestContext& context);       // ?from&to&language

// handlers_tokens.cpp: PATCH /psp/invoice/payments/instrumentdata/{token} (§20).
Response handle_delete_payer_token(RequestContext& context);

// page_handlers.cpp: the payer's pages, the seamless-view script and the static assets (§21).
Response handle_page(RequestContext& context);           // GET /invoice/payments/{flow}/{token}
Response handle_page_consumer(RequestContext& context);  // POST …/{flow}/{token}/consumer
Response handle_page_confirm(RequestContext& context);   // POST …/{flow}/{token}/confirm
Response handle_page_cancel(RequestContext& context);    // POST …/{flow}/{token}/cancel
Response handle_client_script(RequestContext& context);
Response handle_asset(RequestContext& context);

// handlers_service.cpp: what the server answers about itself and the callback test endpoints.
Response handle_health(RequestContext& context);
Response handle_fake_callback(RequestContext& context);            // 200 "OK"
Response handle_fake_callback_not_found(RequestContext& context);  // 404 "Not Found"
Response handle_fake_callback_bad_request(RequestContext& context);
Response handle_fake_callback_random(RequestContext& context);  // One of the three at random.

}  // namespace faktura::http
