// Request → service call → Response for the payment resource and its read-only sub-resources.
#include <algorithm>

#include "domain/operations.hpp"
#include "http/request_context.hpp"

namespace faktura::http {
namespace {

using domain::ErrorCode;

std::vector<domain::OperationRel> operations_for(const RequestContext& context,
                                                 const domain::Payment& payment) {
    return context.caller->is_merchant() ? domain::merchant_operations(payment)
                                         : domain::payer_operations(payment);
}

bool needs_transactions(const std::vector<SubResource>& expansion) {
    return std::any_of(expansion.begin(), expansion.end(), [](SubResource sub_resource) {
        return sub_resource == SubResource::transactions ||
               sub_resource == SubResource::authorizations ||
               sub_resource == SubResource::verifications || sub_resource == SubResource::captures ||
               sub_resource == SubResource::cancellations || sub_resource == SubResource::reversals;
    });
}

// What `$expand` may inline for this caller: the front-end token may read none of the sub-resources
// directly (§21.5), so it may not read them through an expansion either.
std::vector<SubResource> expansion_for(const RequestContext& context) {
    if (!context.caller || !context.caller->is_merchant()) return {};
    return parse_expansion(context.expand);
}

Response payment_resource(const RequestContext& context, int status, const domain::Payment& payment,
                          const std::vector<domain::Transaction>& transactions) {
    const std::vector<SubResource> expansion = expansion_for(context);
    Response response = json_response(
        status, encode_payment_resource(PaymentDocument{payment, transactions, context.base},
                                        operations_for(context, payment), expansion));
    return response;
}

// Loads the payment with its transactions when `with_transactions`, else alone.
domain::Result<app::PaymentWithTransactions> load(RequestContext& context,
                                                  const std::string& payment_id,
                                                  bool with_transactions) {
    if (with_transactions) {
        return context.payments.find_payment_with_transactions(*context.caller, payment_id);
    }
    auto payment = context.payments.find_payment(*context.caller, payment_id);
    if (!payment) return std::move(payment).error();
    return app::PaymentWithTransactions{std::move(*payment), {}, {}};
}

}  // namespace

std::string lowercase_id(std::string id) {
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) {
        return static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    });
    return id;
}

std::optional<std::string> payment_id_of(const RequestContext& context) {
    std::string id = lowercase_id(context.segments.at(3));
    if (!app::is_guid(id)) return std::nullopt;
    return id;
}

Response handle_create_payment(RequestContext& context) {
    if (!context.caller->is_merchant()) return context.fail(ErrorCode::front_end_token_not_allowed);
    auto command = decode_create_payment(context.request.body);
    if (!command) return context.fail(command.error());
    command->initiating_system_user_agent =
        std::string(context.request.header("User-Agent").value_or(""));  // "" = none: omitted.
    auto payment = context.payments.create_payment(*context.caller->merchant, *command);
    if (!payment) return context.fail(payment.error());
    Response response = payment_resource(context, 201, *payment, {});
    response.set_header("Location", context.base.api + payment_path(payment->id));
    return response;
}

Response handle_get_payment(RequestContext& context) {
    const auto payment_id = payment_id_of(context);
    if (!payment_id) return context.fail(ErrorCode::payment_not_found);
    auto found = load(context, *payment_id, needs_transactions(expansion_for(context)));
    if (!found) return context.fail(found.error());
    return payment_resource(context, 200, found->payment, found->transactions);
}

Response handle_abort_payment(RequestContext& context) {
    const auto payment_id = payment_id_of(context);
    if (!payment_id) return context.fail(ErrorCode::payment_not_found);
    auto command = decode_abort(context.request.body);
    if (!command) {
        // A caller that may not touch the payment learns nothing, not even about its body.
        auto visible = context.payments.find_payment(*context.caller, *payment_id);
        if (!visible) return context.fail(visible.error());
        return context.fail(command.error());
    }
    auto payment = context.payments.abort_payment(*context.caller, *payment_id, *command);
    if (!payment) return context.fail(payment.error());
    return payment_resource(context, 200, *payment, {});
}

Response handle_delete_payer_token(RequestContext& context) {
    if (!context.caller->is_merchant()) return context.fail(ErrorCode::front_end_token_not_allowed);
    const std::string token = lowercase_id(context.segments.at(4));
    auto command = decode_delete_payer_token(context.request.body);
    if (!command) return context.fail(command.error());
    // Not a GUID: no such token, the same answer as an unknown or another payee's one.
    if (!app::is_guid(token)) {
        return context.fail(domain::Error{ErrorCode::resource_not_found,
                                          {},
                                          {{"PaymentToken", "The given token does not exist."}}});
    }
    auto deleted = context.payments.delete_payer_token(*context.caller->merchant, token, command->comment);
    if (!deleted) return context.fail(deleted.error());
    return json_response(200, encode_instrument_data(*deleted));
}

Response handle_get_sub_resource(RequestContext& context) {
    const auto payment_id = payment_id_of(context);
    if (!payment_id) return context.fail(ErrorCode::payment_not_found);
    const std::string& name = context.segments.at(4);
    if (is_payer_resource(name)) return handle_get_payer_resource(context);
    const std::optional<SubResource> sub_resource = sub_resource_from_path(name);
    const bool is_aborted_resource = iequals(name, "aborted");
    if (!sub_resource && !is_aborted_resource) return context.fail(ErrorCode::route_not_found);
    if (!context.caller->is_merchant()) return context.fail(ErrorCode::front_end_token_not_allowed);

    auto found = load(context, *payment_id, sub_resource && needs_transactions({*sub_resource}));
    if (!found) return context.fail(found.error());
    const domain::Payment& payment = found->payment;
    if (is_aborted_resource) {
        // Only available while the aborted-payment operation is offered (§18.4).
        if (!domain::offers(domain::merchant_operations(payment),
                            domain::OperationRel::aborted_payment)) {
            return context.fail(ErrorCode::resource_not_found);
        }
        return json_response(200, encode_aborted(payment));
    }
    if (*sub_resource == SubResource::prices && payment.operation == domain::PaymentOperation::verify) {
        return context.fail(ErrorCode::resource_not_found);  // Verify has no prices (§19.3).
    }
    return json_response(200, encode_sub_resource(PaymentDocument{payment, found->transactions,
                                                                  context.base, &found->invoices},
                                                  *sub_resource));
}

Response handle_get_transaction_item(RequestContext& context) {
    const auto payment_id = payment_id_of(context);
    if (!payment_id) return context.fail(ErrorCode::payment_not_found);
    const std::optional<SubResource> list = sub_resource_from_path(context.segments.at(4));
    if (!list || !needs_transactions({*list})) return context.fail(ErrorCode::route_not_found);
    if (!context.caller->is_merchant()) return context.fail(ErrorCode::front_end_token_not_allowed);
    auto found = load(context, *payment_id, true);
    if (!found) return context.fail(found.error());
    const std::string transaction_id = lowercase_id(context.segments.at(5));
    auto body = encode_transaction_item(
        PaymentDocument{found->payment, found->transactions, context.base, &found->invoices}, *list,
        transaction_id);
    if (!body) return context.fail(ErrorCode::resource_not_found);
    return json_response(200, std::move(*body));
}

}  // namespace faktura::http
