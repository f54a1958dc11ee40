// Request → service call → Response for the transactions of a payment: authorizations and
// verifications, captures, cancellations and reversals (created with 201 and a Location), their
// lists, a single one, its activities and a capture's item descriptions.
#include "http/handlers.hpp"
#include "http/wire_spelling.hpp"

namespace faktura::http {
namespace {

using domain::ErrorCode;
using domain::TransactionType;

// 201 with the typed transaction object and `Location: …/<list>/{txId}`.
Response created_transaction(const RequestContext& context, const app::TransactionOutcome& outcome,
                             TransactionType type) {
    const app::PaymentWithTransactions& view = outcome.view;
    const TransactionKindNames kind = transaction_kind(type);
    auto body = encode_transaction_item(
        PaymentDocument{view.payment, view.transactions, context.base, &view.invoices}, kind.list,
        outcome.transaction_id);
    Response response = json_response(201, std::move(body).value_or("{}"));
    response.set_header("Location", context.base.api + payment_path(view.payment.id) + "/" +
                                        std::string(kind.path) + "/" + outcome.transaction_id);
    return response;
}

// Authorization and verification share the body and the credit decision (§12, §13).
Response create_authorization(RequestContext& context, TransactionType type) {
    auto command = decode_authorize(context.request.body);
    if (!command) return body_problem(context, command.error());
    auto outcome = context.payments.authorize(*context.caller, context.payment_id, *command, type);
    if (!outcome) return context.fail(outcome.error());
    return created_transaction(context, *outcome, type);
}

}  // namespace

Response handle_create_authorization(RequestContext& context) {
    return create_authorization(context, TransactionType::authorization);
}

Response handle_create_verification(RequestContext& context) {
    return create_authorization(context, TransactionType::verification);
}

Response handle_create_capture(RequestContext& context) {
    auto command = decode_capture(context.request.body);
    if (!command) return body_problem(context, command.error());
    auto outcome = context.payments.capture(*context.caller, context.payment_id, *command);
    if (!outcome) return context.fail(outcome.error());
    return created_transaction(context, *outcome, TransactionType::capture);
}

Response handle_create_cancellation(RequestContext& context) {
    auto command = decode_cancel(context.request.body);
    if (!command) return body_problem(context, command.error());
    auto outcome = context.payments.cancel(*context.caller, context.payment_id, *command);
    if (!outcome) return context.fail(outcome.error());
    return created_transaction(context, *outcome, TransactionType::cancellation);
}

Response handle_create_reversal(RequestContext& context) {
    auto command = decode_reverse(context.request.body);
    if (!command) return body_problem(context, command.error());
    auto outcome = context.payments.reverse(*context.caller, context.payment_id, *command);
    if (!outcome) return context.fail(outcome.error());
    return created_transaction(context, *outcome, TransactionType::reversal);
}

Response handle_get_transaction_list(RequestContext& context, SubResource list) {
    auto found =
        context.payments.find_payment_with_transactions(*context.caller, context.payment_id);
    if (!found) return context.fail(found.error());
    return json_response(
        200, encode_sub_resource(PaymentDocument{found->payment, found->transactions, context.base,
                                                 &found->invoices},
                                 list));
}

Response handle_get_transaction(RequestContext& context, SubResource list) {
    auto found =
        context.payments.find_payment_with_transactions(*context.caller, context.payment_id);
    if (!found) return context.fail(found.error());
    auto body = encode_transaction_item(
        PaymentDocument{found->payment, found->transactions, context.base, &found->invoices}, list,
        context.transaction_id);
    if (!body) return context.fail(ErrorCode::resource_not_found);
    return json_response(200, std::move(*body));
}

Response handle_get_activities(RequestContext& context) {
    auto found =
        context.payments.find_payment_with_transactions(*context.caller, context.payment_id);
    if (!found) return context.fail(found.error());
    auto body = encode_activities(
        PaymentDocument{found->payment, found->transactions, context.base, &found->invoices},
        context.transaction_id);
    if (!body) return context.fail(ErrorCode::resource_not_found);
    return json_response(200, std::move(*body));
}

Response handle_get_item_descriptions(RequestContext& context) {
    auto found =
        context.payments.find_payment_with_transactions(*context.caller, context.payment_id);
    if (!found) return context.fail(found.error());
    for (const domain::Invoice& invoice : found->invoices) {
        if (invoice.transaction_id == context.transaction_id) {
            return json_response(200, encode_item_descriptions(invoice));
        }
    }
    return context.fail(ErrorCode::resource_not_found);
}

}  // namespace faktura::http
