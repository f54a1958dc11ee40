// Request → service call → Response for what the API knows about the payer: the legal-address
// lookup and its result (§11), the consumer and addresses of the authorization (§19.6), and the
// …/paid and …/failed status resources (§18).
#include "domain/national_id.hpp"
#include "domain/operations.hpp"
#include "http/handlers.hpp"

namespace faktura::http {
namespace {

using domain::ErrorCode;

Response approved_legal_address(RequestContext& context, bool masked) {
    auto approved =
        context.payments.find_approved_legal_address(*context.caller, context.payment_id);
    if (!approved) return context.fail(approved.error());
    return json_response(200, encode_approved_legal_address(*approved, masked));
}

// The masked identity number of the paying consumer, as the tokens of …/paid are named.
std::optional<std::string> masked_national_id(RequestContext& context,
                                              const domain::Payment& payment) {
    auto details = context.payments.find_authorization_details(*context.caller, context.payment_id);
    if (!details) return std::nullopt;
    const domain::Country country = domain::country_of(payment.invoice_type);
    auto person = domain::parse_national_id(country, details->consumer.national_id,
                                            domain::CivilDate{9999, 12, 31});
    if (!person) return std::nullopt;
    return domain::format_national_id_masked(*person);
}

}  // namespace

Response handle_approve_legal_address(RequestContext& context) {
    auto command = decode_approve_legal_address(context.request.body);
    if (!command) return body_problem(context, command.error());
    auto approved =
        context.payments.approve_legal_address(*context.caller, context.payment_id, *command);
    if (!approved) return context.fail(approved.error());
    Response response = json_response(201, encode_approved_legal_address(*approved, false));
    response.set_header(
        "Location", context.base.api + payment_path(context.payment_id) + "/approvedlegaladdress");
    return response;
}

Response handle_get_approved_legal_address(RequestContext& context) {
    return approved_legal_address(context, false);
}

Response handle_get_masked_approved_legal_address(RequestContext& context) {
    return approved_legal_address(context, true);
}

Response handle_get_paid(RequestContext& context) {
    auto found =
        context.payments.find_payment_with_transactions(*context.caller, context.payment_id);
    if (!found) return context.fail(found.error());
    // Only while the paid-payment operation is offered (§18.2).
    if (!domain::offers(domain::merchant_operations(found->payment),
                        domain::OperationRel::paid_payment)) {
        return context.fail(ErrorCode::resource_not_found);
    }
    const PaymentDocument document{found->payment, found->transactions, context.base,
                                   &found->invoices};
    return json_response(200, encode_paid(document, masked_national_id(context, found->payment)));
}

Response handle_get_failed(RequestContext& context) {
    auto found =
        context.payments.find_payment_with_transactions(*context.caller, context.payment_id);
    if (!found) return context.fail(found.error());
    // Only while the failed-payment operation is offered (§18.3).
    if (!domain::offers(domain::merchant_operations(found->payment),
                        domain::OperationRel::failed_payment)) {
        return context.fail(ErrorCode::resource_not_found);
    }
    EncodedBody failed = encode_failed(
        PaymentDocument{found->payment, found->transactions, context.base, &found->invoices});
    Response response;
    response.status = 200;
    response.set_header("Content-Type", std::string(failed.content_type));
    response.body = std::move(failed.body);
    return response;
}

Response handle_get_consumer(RequestContext& context) {
    auto details = context.payments.find_authorization_details(*context.caller, context.payment_id);
    if (!details) return context.fail(details.error());
    return json_response(200, encode_consumer(*details));
}

Response handle_get_address(RequestContext& context, AddressKind kind) {
    auto details = context.payments.find_authorization_details(*context.caller, context.payment_id);
    if (!details) return context.fail(details.error());
    if (kind == AddressKind::billing && !details->billing_address) {
        return context.fail(ErrorCode::resource_not_found);
    }
    return json_response(200, encode_address(*details, kind));
}

}  // namespace faktura::http
