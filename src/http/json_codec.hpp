// Wire JSON ↔ domain. Decoding never throws on bad input: every problem becomes a problems[] entry
// naming the field (spec §24). Encoding writes the recorded key orders and omission rules (§4.4, §4.5).
// The only place that knows the wire spelling of the domain's names and enums.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/authorization.hpp"
#include "domain/capture.hpp"
#include "domain/commands.hpp"
#include "domain/operations.hpp"
#include "domain/payer.hpp"
#include "domain/payment.hpp"
#include "domain/result.hpp"

namespace faktura::http {

// Absolute bases of the hrefs: the API host and the payer-facing front-end host (§2).
struct UrlBase {
    std::string api;        // e.g. "http://127.0.0.1:8080", no trailing slash.
    std::string front_end;  // Same as api unless configured otherwise.
};

// Sub-resources of a payment that `$expand` can inline and that have their own GET route.
enum class SubResource {
    urls,
    payee_info,
    prices,
    metadata,
    settings,
    transactions,
    authorizations,
    verifications,
    captures,
    cancellations,
    reversals,
};

// Parses `$expand=urls,authorizations` names (case-insensitive; unknown names ignored, §3.5).
std::vector<SubResource> parse_expansion(std::string_view comma_separated_names);
// Maps a path segment ("payeeinfo", any case) to its sub-resource.
std::optional<SubResource> sub_resource_from_path(std::string_view segment);

domain::Result<domain::CreatePaymentCommand> decode_create_payment(std::string_view body);
domain::Result<domain::AbortCommand> decode_abort(std::string_view body);
domain::Result<domain::ApproveLegalAddressCommand> decode_approve_legal_address(std::string_view body);
domain::Result<domain::AuthorizeCommand> decode_authorize(std::string_view body);
domain::Result<domain::CaptureCommand> decode_capture(std::string_view body);
domain::Result<domain::CancelCommand> decode_cancel(std::string_view body);
domain::Result<domain::ReverseCommand> decode_reverse(std::string_view body);

// PATCH …/instrumentdata/{token}: {"state": "Deleted", "comment": "…"} (§20).
struct DeletePayerTokenCommand {
    std::optional<std::string> comment;
};
domain::Result<DeletePayerTokenCommand> decode_delete_payer_token(std::string_view body);
// {"instrumentData": {"id", "paymentToken", "payeeId", "isDeleted"}} (§20).
std::string encode_instrument_data(const domain::PayerToken& token);

// Everything the encoder needs about one payment.
struct PaymentDocument {
    const domain::Payment& payment;
    const std::vector<domain::Transaction>& transactions;  // Oldest first; may be empty if not loaded.
    const UrlBase& base;
    // Invoices of the captures among `transactions` (Faktura's addition to the capture object).
    const std::vector<domain::Invoice>* invoices = nullptr;
};

// {"payment": {…}, "operations": […]}.
std::string encode_payment_resource(const PaymentDocument& document,
                                    const std::vector<domain::OperationRel>& operations,
                                    const std::vector<SubResource>& expansion);

// {"payment": "<id>", "<name>": {"id": …, …}} for GET …/{id}/<sub-resource>.
std::string encode_sub_resource(const PaymentDocument& document, SubResource sub_resource);

// GET …/{id}/aborted (§18.4).
std::string encode_aborted(const domain::Payment& payment);

std::string payment_path(std::string_view payment_id);  // "/psp/invoice/payments/{id}"

// {"payment": …, "approvedLegalAddress" | "maskedApprovedLegalAddress": {…}} (§11).
std::string encode_approved_legal_address(const domain::ApprovedLegalAddress& approved, bool masked);
// {"payment": …, "consumer": {…}} (§19.6).
std::string encode_consumer(const domain::AuthorizationDetails& details);
// {"payment": …, "<key>": {…}} for legaladdress, billingaddress, shippingaddress (§19.6).
enum class AddressKind { legal, billing, shipping };
std::string encode_address(const domain::AuthorizationDetails& details, AddressKind kind);
// GET …/paid (§18.2): the completed authorization and the generated tokens.
std::string encode_paid(const PaymentDocument& document,
                        const std::optional<std::string>& masked_national_id);
// GET …/failed (§18.3): a problem body describing the last failed authorization.
std::string encode_failed(const PaymentDocument& document);
// GET …/transactions/{id}/activities (§17.3).
std::optional<std::string> encode_activities(const PaymentDocument& document,
                                             std::string_view transaction_id);
// GET …/transactions/{id}/itemdescriptions (§14.6).
std::string encode_item_descriptions(const domain::Invoice& invoice);

}  // namespace faktura::http

namespace faktura::http {

// {"payment": "<id>", "<singular>": {…}} for GET …/{id}/<list>/{transactionId}, or nullopt when the
// payment has no transaction of that type with that id.
std::optional<std::string> encode_transaction_item(const PaymentDocument& document,
                                                   SubResource list,
                                                   std::string_view transaction_id);

}  // namespace faktura::http
