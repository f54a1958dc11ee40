// Request → service call → Response for GET /psp/invoice/payments/{payment}/callbacks (a Faktura
// addition): what the outbox sent to the payment's callbackUrl, and what came back.
#include "http/encode_callbacks.hpp"
#include "http/handlers.hpp"

namespace faktura::http {

Response handle_get_callbacks(RequestContext& context) {
    auto callbacks = context.payments.find_callbacks(*context.caller, context.payment_id);
    if (!callbacks) return context.fail(callbacks.error());
    return json_response(200, encode_callbacks(context.payment_id, *callbacks));
}

}  // namespace faktura::http
