#include "app/merchant_service.hpp"

#include <algorithm>
#include <cctype>

namespace faktura::app {

using domain::Error;
using domain::ErrorCode;

MerchantService::MerchantService(storage::Store& store, Clock& clock, IdGenerator& ids)
    : store_(store), clock_(clock), ids_(ids) {}

domain::Result<RegisteredMerchant> MerchantService::add(const MerchantRegistration& registration) {
    if (registration.name.empty()) {
        return Error{ErrorCode::request_invalid, {}, {{"name", "The name must not be empty."}}};
    }
    std::string payee_id = registration.payee_id.value_or(ids_.new_guid());
    std::transform(payee_id.begin(), payee_id.end(), payee_id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!is_guid(payee_id)) {
        return Error{ErrorCode::request_invalid, {}, {{"payee-id", "The payee id must be a GUID."}}};
    }
    if (registration.settings.invoice_due_days < 1 || registration.settings.invoice_due_days > 365) {
        return Error{ErrorCode::request_invalid,
                     {},
                     {{"due-days", "The due date must be 1 to 365 days after the invoice date."}}};
    }
    const bool generate =
        !registration.token || registration.token->size() < bearer_token_length_min;
    RegisteredMerchant registered{
        domain::Merchant{payee_id, registration.name, {}, clock_.now(), registration.settings},
        generate ? ids_.new_bearer_token() : *registration.token, generate};
    registered.merchant.token_sha256_hex = sha256_hex(registered.token);

    bool inserted = false;
    store_.write([&](storage::DbTransaction& db) {
        inserted = db.insert_merchant(registered.merchant);
        return inserted ? storage::WorkOutcome::commit : storage::WorkOutcome::roll_back;
    });
    if (!inserted) {
        return Error{ErrorCode::request_invalid,
                     {},
                     {{"payee-id", "A merchant with this payee id or token is already registered."}}};
    }
    return registered;
}

std::vector<domain::Merchant> MerchantService::list() {
    std::vector<domain::Merchant> merchants;
    store_.read([&](storage::DbReader& db) { merchants = db.list_merchants(); });
    return merchants;
}

}  // namespace faktura::app
