// Domain → wire JSON for what the API tells about the payer: the approved legal address (§11), the
// consumer and the addresses of the authorization (§19.6), …/paid and …/failed (§18) and a deleted
// stored payer token (§20).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/payer.hpp"
#include "http/resource.hpp"

namespace faktura::http {

// A body and the media type it is written in, for the encoders whose answer is not plain JSON.
struct EncodedBody {
    std::string body;
    std::string_view content_type;
};

// {"payment": …, "approvedLegalAddress" | "maskedApprovedLegalAddress": {…}} (§11).
std::string encode_approved_legal_address(const domain::ApprovedLegalAddress& approved,
                                          bool masked);
// {"payment": …, "consumer": {…}} (§19.6).
std::string encode_consumer(const domain::AuthorizationDetails& details);
// {"payment": …, "<key>": {…}} for legaladdress, billingaddress, shippingaddress (§19.6). `billing`
// requires details.billing_address.
enum class AddressKind { legal, billing, shipping };
std::string encode_address(const domain::AuthorizationDetails& details, AddressKind kind);
// GET …/paid (§18.2): the completed authorization and the generated tokens.
std::string encode_paid(const PaymentDocument& document,
                        const std::optional<std::string>& masked_national_id);
// GET …/failed (§18.3): a problem document describing the last failed authorization, served as
// application/problem+json although its status is 200.
EncodedBody encode_failed(const PaymentDocument& document);
// {"instrumentData": {"id", "paymentToken", "payeeId", "isDeleted"}} (§20).
std::string encode_instrument_data(const domain::PayerToken& token);

}  // namespace faktura::http
