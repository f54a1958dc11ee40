// Request → service call → Response for what happens on a payment after its creation: the legal
// address lookup, authorizations and verifications, captures, cancellations, reversals, and the
// payer data and status resources they produce.
#include "domain/national_id.hpp"
#include "domain/operations.hpp"
#include "http/request_context.hpp"

namespace faktura::http {
namespace {

using domain::ErrorCode;

// 201 with the typed transaction object and `Location: …/<list>/{txId}`.
Response created_transaction(const RequestContext& context, const app::TransactionOutcome& outcome,
                             SubResource list, std::string_view list_path) {
    const app::PaymentWithTransactions& view = outcome.view;
    auto body = encode_transaction_item(
        PaymentDocument{view.payment, view.transactions, context.base, &view.invoices}, list,
        outcome.transaction_id);
    Response response = json_response(201, std::move(body).value_or("{}"));
    response.set_header("Location", context.base.api + payment_path(view.payment.id) + "/" +
                                        std::string(list_path) + "/" + outcome.transaction_id);
    return response;
}

template <typename Command>
Response decoded_or_problem(RequestContext& context, const std::string& payment_id,
                            const domain::Result<Command>& command) {
    // A caller that may not touch the payment learns nothing, not even about its body.
    auto visible = context.payments.find_payment(*context.caller, payment_id);
    if (!visible) return context.fail(visible.error());
    return context.fail(command.error());
}

}  // namespace

bool is_payer_resource(std::string_view name) {
    for (const std::string_view known :
         {"approvedlegaladdress", "maskedapprovedlegaladdress", "paid", "failed", "consumer",
          "legaladdress", "billingaddress", "shippingaddress"}) {
        if (iequals(name, known)) return true;
    }
    return false;
}

Response handle_post_sub_resource(RequestContext& context) {
    const auto payment_id = payment_id_of(context);
    if (!payment_id) return context.fail(ErrorCode::payment_not_found);
    const std::string& name = context.segments.at(4);
    const std::string& body = context.request.body;
    app::PaymentService& payments = context.payments;
    const app::Caller& caller = *context.caller;
    // A payer's front-end token may look up, authorize and verify (§21.5), never move money; it is
    // refused before its body is read, so it learns nothing from the answer.
    const bool merchant_only = iequals(name, "captures") || iequals(name, "cancellations") ||
                               iequals(name, "reversals");
    if (merchant_only && !caller.is_merchant()) {
        return context.fail(ErrorCode::front_end_token_not_allowed);
    }

    if (iequals(name, "approvedlegaladdress")) {
        auto command = decode_approve_legal_address(body);
        if (!command) return decoded_or_problem(context, *payment_id, command);
        auto approved = payments.approve_legal_address(caller, *payment_id, *command);
        if (!approved) return context.fail(approved.error());
        Response response = json_response(201, encode_approved_legal_address(*approved, false));
        response.set_header("Location",
                            context.base.api + payment_path(*payment_id) + "/approvedlegaladdress");
        return response;
    }
    if (iequals(name, "authorizations") || iequals(name, "verifications")) {
        const bool verification = iequals(name, "verifications");
        auto command = decode_authorize(body);
        if (!command) return decoded_or_problem(context, *payment_id, command);
        auto outcome = payments.authorize(caller, *payment_id, *command,
                                          verification ? domain::TransactionType::verification
                                                       : domain::TransactionType::authorization);
        if (!outcome) return context.fail(outcome.error());
        return verification
                   ? created_transaction(context, *outcome, SubResource::verifications, "verifications")
                   : created_transaction(context, *outcome, SubResource::authorizations, "authorizations");
    }
    if (iequals(name, "captures")) {
        auto command = decode_capture(body);
        if (!command) return decoded_or_problem(context, *payment_id, command);
        auto outcome = payments.capture(caller, *payment_id, *command);
        if (!outcome) return context.fail(outcome.error());
        return created_transaction(context, *outcome, SubResource::captures, "captures");
    }
    if (iequals(name, "cancellations")) {
        auto command = decode_cancel(body);
        if (!command) return decoded_or_problem(context, *payment_id, command);
        auto outcome = payments.cancel(caller, *payment_id, *command);
        if (!outcome) return context.fail(outcome.error());
        return created_transaction(context, *outcome, SubResource::cancellations, "cancellations");
    }
    if (iequals(name, "reversals")) {
        auto command = decode_reverse(body);
        if (!command) return decoded_or_problem(context, *payment_id, command);
        auto outcome = payments.reverse(caller, *payment_id, *command);
        if (!outcome) return context.fail(outcome.error());
        return created_transaction(context, *outcome, SubResource::reversals, "reversals");
    }
    return context.fail(ErrorCode::route_not_found);
}

Response handle_get_payer_resource(RequestContext& context) {
    const auto payment_id = payment_id_of(context);
    if (!payment_id) return context.fail(ErrorCode::payment_not_found);
    if (!context.caller->is_merchant()) return context.fail(ErrorCode::front_end_token_not_allowed);
    const std::string& name = context.segments.at(4);
    app::PaymentService& payments = context.payments;
    const app::Caller& caller = *context.caller;

    if (iequals(name, "approvedlegaladdress") || iequals(name, "maskedapprovedlegaladdress")) {
        auto approved = payments.find_approved_legal_address(caller, *payment_id);
        if (!approved) return context.fail(approved.error());
        return json_response(200, encode_approved_legal_address(
                                      *approved, iequals(name, "maskedapprovedlegaladdress")));
    }
    if (iequals(name, "paid") || iequals(name, "failed")) {
        auto found = payments.find_payment_with_transactions(caller, *payment_id);
        if (!found) return context.fail(found.error());
        const PaymentDocument document{found->payment, found->transactions, context.base,
                                       &found->invoices};
        const auto operations = domain::merchant_operations(found->payment);
        if (iequals(name, "paid")) {
            // Only while the paid-payment operation is offered (§18.2).
            if (!domain::offers(operations, domain::OperationRel::paid_payment)) {
                return context.fail(ErrorCode::resource_not_found);
            }
            std::optional<std::string> masked;
            if (auto details = payments.find_authorization_details(caller, *payment_id)) {
                const domain::Country country = domain::country_of(found->payment.invoice_type);
                auto person = domain::parse_national_id(country, details->consumer.national_id,
                                                        domain::CivilDate{9999, 12, 31});
                if (person) masked = domain::format_national_id_masked(*person);
            }
            return json_response(200, encode_paid(document, masked));
        }
        if (!domain::offers(operations, domain::OperationRel::failed_payment)) {
            return context.fail(ErrorCode::resource_not_found);
        }
        Response response = json_response(200, encode_failed(document));
        response.set_header("Content-Type", std::string(problem_content_type));
        return response;
    }
    auto details = payments.find_authorization_details(caller, *payment_id);
    if (!details) return context.fail(details.error());
    if (iequals(name, "consumer")) return json_response(200, encode_consumer(*details));
    if (iequals(name, "legaladdress")) return json_response(200, encode_address(*details, AddressKind::legal));
    if (iequals(name, "shippingaddress")) {
        return json_response(200, encode_address(*details, AddressKind::shipping));
    }
    if (!details->billing_address) return context.fail(ErrorCode::resource_not_found);
    return json_response(200, encode_address(*details, AddressKind::billing));
}

Response handle_get_transaction_detail(RequestContext& context) {
    const auto payment_id = payment_id_of(context);
    if (!payment_id) return context.fail(ErrorCode::payment_not_found);
    if (!iequals(context.segments.at(4), "transactions")) return context.fail(ErrorCode::route_not_found);
    const std::string& name = context.segments.at(6);
    const bool activities = iequals(name, "activities");
    if (!activities && !iequals(name, "itemdescriptions")) return context.fail(ErrorCode::route_not_found);
    if (!context.caller->is_merchant()) return context.fail(ErrorCode::front_end_token_not_allowed);
    auto found = context.payments.find_payment_with_transactions(*context.caller, *payment_id);
    if (!found) return context.fail(found.error());
    const std::string transaction_id = lowercase_id(context.segments.at(5));
    if (activities) {
        auto body = encode_activities(
            PaymentDocument{found->payment, found->transactions, context.base, &found->invoices},
            transaction_id);
        if (!body) return context.fail(ErrorCode::resource_not_found);
        return json_response(200, std::move(*body));
    }
    for (const domain::Invoice& invoice : found->invoices) {
        if (invoice.transaction_id == transaction_id) {
            return json_response(200, encode_item_descriptions(invoice));
        }
    }
    return context.fail(ErrorCode::resource_not_found);
}

}  // namespace faktura::http
