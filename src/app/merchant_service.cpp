#include "app/merchant_service.hpp"

#include <algorithm>
#include <cctype>

namespace faktura::app {

using domain::Error;
using domain::ErrorCode;

namespace {
std::optional<domain::Error> check_settings(const domain::MerchantSettings& settings);
}  // namespace

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
        return Error{
            ErrorCode::request_invalid, {}, {{"payee-id", "The payee id must be a GUID."}}};
    }
    if (auto invalid = check_settings(registration.settings)) return std::move(*invalid);
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
        return Error{
            ErrorCode::request_invalid,
            {},
            {{"payee-id", "A merchant with this payee id or token is already registered."}}};
    }
    return registered;
}

namespace {

std::optional<domain::Error> check_settings(const domain::MerchantSettings& settings) {
    if (settings.invoice_due_days < 1 || settings.invoice_due_days > 365) {
        return domain::Error{
            ErrorCode::request_invalid,
            {},
            {{"due-days", "The due date must be 1 to 365 days after the invoice date."}}};
    }
    if (settings.authorization_attempts_max < 1 || settings.authorization_attempts_max > 10) {
        return domain::Error{ErrorCode::request_invalid,
                             {},
                             {{"attempts", "A payment allows 1 to 10 authorization attempts."}}};
    }
    return std::nullopt;
}

}  // namespace

domain::Result<domain::Merchant> MerchantService::update_settings(
    const std::string& payee_id, const domain::MerchantSettings& settings) {
    if (auto invalid = check_settings(settings)) return std::move(*invalid);
    return change(payee_id, [&](domain::Merchant& merchant) { merchant.settings = settings; });
}

domain::Result<domain::Merchant> MerchantService::set_callback_secrets(
    const std::string& payee_id, std::vector<std::string> secrets) {
    return change(payee_id,
                  [&](domain::Merchant& merchant) { merchant.callback_secrets = secrets; });
}

domain::Result<domain::Merchant> MerchantService::change(
    const std::string& payee_id, const std::function<void(domain::Merchant&)>& edit) {
    std::optional<domain::Merchant> updated;
    store_.write([&](storage::DbTransaction& db) {
        updated = db.find_merchant(payee_id);
        if (!updated) return storage::WorkOutcome::roll_back;
        edit(*updated);
        db.update_merchant(*updated);
        return storage::WorkOutcome::commit;
    });
    if (!updated) {
        return Error{
            ErrorCode::resource_not_found, {}, {{"payee-id", "No merchant has this payee id."}}};
    }
    return std::move(*updated);
}

std::vector<domain::Merchant> MerchantService::list() {
    std::vector<domain::Merchant> merchants;
    store_.read([&](storage::DbReader& db) { merchants = db.list_merchants(); });
    return merchants;
}

}  // namespace faktura::app
