// Request → service call → Response for the merchant's stored payer tokens (§20): deleting one with
// PATCH /psp/invoice/payments/instrumentdata/{token}.
#include "http/handlers.hpp"
#include "http/json_reader.hpp"

namespace faktura::http {

Response handle_delete_payer_token(RequestContext& context) {
    auto command = decode_delete_payer_token(context.request.body);
    if (!command) return context.fail(command.error());
    // Not a GUID: no such token, the same answer as an unknown or another payee's one.
    const std::optional<std::string> token = guid_of(context.path_param("token"));
    if (!token) {
        return context.fail(domain::Error{domain::ErrorCode::resource_not_found,
                                          {},
                                          {{"PaymentToken", "The given token does not exist."}}});
    }
    auto deleted =
        context.payments.delete_payer_token(*context.caller->merchant, *token, command->comment);
    if (!deleted) return context.fail(deleted.error());
    return json_response(200, encode_instrument_data(*deleted));
}

}  // namespace faktura::http
