// Request → service call → Response for the payment resource: create, read (with `$expand`),
// abort, and the read-only sub-resources that show what the merchant sent.
#include "domain/operations.hpp"
#include "http/handlers.hpp"
#include "http/wire_spelling.hpp"

namespace faktura::http {
namespace {

using domain::ErrorCode;

std::vector<domain::OperationRel> operations_for(const RequestContext& context,
                                                 const domain::Payment& payment) {
    return context.caller->is_merchant() ? domain::merchant_operations(payment)
                                         : domain::payer_operations(payment);
}

// What `$expand` may inline for this caller: the front-end token may read none of the sub-resources
// directly (§21.5), so it may not read them through an expansion either.
std::vector<SubResource> expansion_for(const RequestContext& context) {
    if (!context.caller || !context.caller->is_merchant()) return {};
    return parse_expansion(context.expand);
}

Response payment_resource(const RequestContext& context, int status, const domain::Payment& payment,
                          const std::vector<domain::Transaction>& transactions) {
    return json_response(
        status, encode_payment_resource(PaymentDocument{payment, transactions, context.base},
                                        operations_for(context, payment), expansion_for(context)));
}

}  // namespace

Response handle_create_payment(RequestContext& context) {
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
    const std::vector<SubResource> expansion = expansion_for(context);
    const bool with_transactions =
        std::any_of(expansion.begin(), expansion.end(), lists_transactions);
    if (!with_transactions) {
        auto payment = context.payments.find_payment(*context.caller, context.payment_id);
        if (!payment) return context.fail(payment.error());
        return payment_resource(context, 200, *payment, {});
    }
    auto found =
        context.payments.find_payment_with_transactions(*context.caller, context.payment_id);
    if (!found) return context.fail(found.error());
    return payment_resource(context, 200, found->payment, found->transactions);
}

Response handle_abort_payment(RequestContext& context) {
    auto command = decode_abort(context.request.body);
    if (!command) return body_problem(context, command.error());
    auto payment = context.payments.abort_payment(*context.caller, context.payment_id, *command);
    if (!payment) return context.fail(payment.error());
    return payment_resource(context, 200, *payment, {});
}

Response handle_get_part(RequestContext& context, SubResource part) {
    auto payment = context.payments.find_payment(*context.caller, context.payment_id);
    if (!payment) return context.fail(payment.error());
    if (part == SubResource::prices && payment->operation == domain::PaymentOperation::verify) {
        return context.fail(ErrorCode::resource_not_found);  // Verify has no prices (§19.3).
    }
    const std::vector<domain::Transaction> none;
    return json_response(200,
                         encode_sub_resource(PaymentDocument{*payment, none, context.base}, part));
}

Response handle_get_aborted(RequestContext& context) {
    auto payment = context.payments.find_payment(*context.caller, context.payment_id);
    if (!payment) return context.fail(payment.error());
    // Only available while the aborted-payment operation is offered (§18.4).
    if (!domain::offers(domain::merchant_operations(*payment),
                        domain::OperationRel::aborted_payment)) {
        return context.fail(ErrorCode::resource_not_found);
    }
    return json_response(200, encode_aborted(*payment));
}

}  // namespace faktura::http
