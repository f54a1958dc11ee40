#include "http/encode_payer_data.hpp"

#include "domain/authorization.hpp"
#include "domain/masking.hpp"
#include "domain/payer_token.hpp"
#include "http/json_writer.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "http/wire_spelling.hpp"

namespace faktura::http {

using domain::TransactionState;
using domain::TransactionType;

namespace {

void write_address_fields(JsonWriter& out, const domain::Address& address) {
    out.field("addressee", address.addressee)
        .optional_field("coAddress", address.co_address)
        .field("streetAddress", address.street_address)
        .field("zipCode", address.zip_code)
        .field("city", address.city)
        .field("countryCode", to_wire(address.country));
}

const domain::Transaction* completed_authorization(
    const std::vector<domain::Transaction>& transactions) {
    for (const domain::Transaction& transaction : transactions) {
        if ((transaction.type == TransactionType::authorization ||
             transaction.type == TransactionType::verification) &&
            transaction.state == TransactionState::completed) {
            return &transaction;
        }
    }
    return nullptr;
}

// The problem family of a failed authorization's answer (§24.4).
struct ProblemFamily {
    int status;
    std::string_view type;
};

ProblemFamily family_of(domain::ThirdPartyProblem problem) {
    switch (problem) {
        case domain::ThirdPartyProblem::external_error_500:
            return {500, "invoice/externalerror"};
        case domain::ThirdPartyProblem::input_error_400:
            return {400, "invoice/inputerror"};
        case domain::ThirdPartyProblem::external_error_502:
            return {502, "invoice/externalerror"};
        case domain::ThirdPartyProblem::forbidden_403:
            return {403, "invoice/forbidden"};
    }
    return {500, "invoice/externalerror"};
}

}  // namespace

std::string encode_approved_legal_address(const domain::ApprovedLegalAddress& approved,
                                          bool masked) {
    const std::string path = payment_path(approved.payment_id);
    JsonWriter out;
    out.begin_object().field("payment", path);
    if (masked) {
        const domain::MaskedAddress m = domain::mask_address(approved.address);
        out.key("maskedApprovedLegalAddress")
            .begin_object()
            .field("id", path + "/maskedapprovedlegaladdress")
            .field("addressee", m.addressee)
            .optional_field("coAddress", m.co_address)
            .field("streetAddress", m.street_address)
            .field("zipCode", m.zip_code)
            .field("city", m.city)
            .field("countryCode", to_wire(m.country))
            .end_object();
    } else {
        out.key("approvedLegalAddress").begin_object().field("id", path + "/approvedlegaladdress");
        write_address_fields(out, approved.address);
        out.end_object();
    }
    out.end_object();
    return out.take();
}

std::string encode_consumer(const domain::AuthorizationDetails& details) {
    const std::string path = payment_path(details.payment_id);
    JsonWriter out;
    out.begin_object().field("payment", path);
    out.key("consumer")
        .begin_object()
        .field("id", path + "/consumer")
        .field("socialSecurityNumber", details.consumer.national_id)
        .optional_field("customerNumber", details.consumer.customer_number)
        .optional_field("email", details.consumer.email)
        .field("msisdn", details.consumer.msisdn)
        .field("ip", details.consumer.ip)
        .end_object();
    out.end_object();
    return out.take();
}

std::string encode_address(const domain::AuthorizationDetails& details, AddressKind kind) {
    const std::string path = payment_path(details.payment_id);
    std::string_view key = "legalAddress";
    std::string_view segment = "/legaladdress";
    const domain::Address* address = &details.legal_address;
    switch (kind) {
        case AddressKind::legal:
            break;
        case AddressKind::billing:
            key = "billingAddress";
            segment = "/billingaddress";
            address = &*details.billing_address;
            break;
        case AddressKind::shipping:
            key = "shippingAddress";
            segment = "/shippingaddress";
            address = &details.shipping_address();
            break;
    }
    JsonWriter out;
    out.begin_object().field("payment", path);
    out.key(key).begin_object().field("id", path + std::string(segment));
    write_address_fields(out, *address);
    out.end_object().end_object();
    return out.take();
}

std::string encode_paid(const PaymentDocument& document,
                        const std::optional<std::string>& masked_national_id) {
    const domain::Payment& payment = document.payment;
    const std::string path = payment_path(payment.id);
    // Tokens are made when the authorization completes; they expire payer_token_validity_months
    // later.
    const domain::Transaction* authorization = completed_authorization(document.transactions);
    JsonWriter out;
    out.begin_object().field("payment", path);
    out.key("paid").begin_object().field("id", path + "/paid").field("number", payment.number);
    if (authorization != nullptr) {
        out.key("transaction")
            .begin_object()
            .field("id", path + "/transactions/" + authorization->id)
            .field("number", authorization->number)
            .end_object();
    }
    out.field("payeeReference", payment.payee_info.payee_reference)
        .optional_field("orderReference", payment.payee_info.order_reference)
        .field("amount", payment.authorized.minor);
    if (payment.payment_token || payment.recurrence_token) {
        out.key("tokens").begin_array();
        const auto token = [&](domain::PayerTokenKind kind,
                               const std::optional<std::string>& value) {
            if (!value) return;
            out.begin_object()
                .field("type", to_wire(kind))
                .field("token", *value)
                .optional_field("name", masked_national_id);
            if (authorization != nullptr) {
                out.field("expiryDate", domain::format_expiry(
                                            domain::payer_token_expiry(authorization->created_at)));
            }
            out.end_object();
        };
        token(domain::PayerTokenKind::payment, payment.payment_token);
        token(domain::PayerTokenKind::recurrence, payment.recurrence_token);
        out.end_array();
    }
    out.end_object().end_object();
    return out.take();
}

EncodedBody encode_failed(const PaymentDocument& document) {
    const domain::Transaction* failed = nullptr;
    for (const domain::Transaction& transaction : document.transactions) {
        if (transaction.state == TransactionState::failed && transaction.failure) {
            failed = &transaction;
        }
    }
    domain::TransactionFailure failure{"ExternalResponseError", "Authorize", std::nullopt,
                                       "No error code"};
    if (failed != nullptr) failure = *failed->failure;
    const ProblemFamily family = family_of(domain::third_party_problem_of(failure));
    const TransactionType type = failed != nullptr && failed->type == TransactionType::verification
                                     ? TransactionType::verification
                                     : TransactionType::authorization;
    std::string description = failure.error_code ? *failure.error_code + " - " : std::string();
    description += failure.error_description.value_or("No error code");
    JsonWriter out;
    out.begin_object().key("problem").begin_object();
    out.key("type").string(std::string(problem_type_base) + std::string(family.type));
    out.field("title", "Operation failed")
        .field("status", static_cast<std::int64_t>(family.status))
        .field("detail", "Unable to complete " + std::string(to_wire(type)) +
                             " transaction, look at problem node!");
    out.key("problems").begin_array();
    out.begin_object()
        .field("name", "ExternalResponse")
        .field("description", description)
        .end_object();
    out.end_array().end_object().end_object();
    return EncodedBody{out.take(), problem_content_type};
}

std::string encode_instrument_data(const domain::PayerToken& token) {
    JsonWriter out;
    out.begin_object()
        .key("instrumentData")
        .begin_object()
        .field("id", std::string(payments_path) + "/instrumentdata/" + token.token)
        .field("paymentToken", token.token)
        .field("payeeId", token.payee_id)
        .field("isDeleted", token.is_deleted)
        .end_object()
        .end_object();
    return out.take();
}

}  // namespace faktura::http
