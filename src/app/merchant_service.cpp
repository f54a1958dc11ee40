#include "app/merchant_service.hpp"

#include <algorithm>
#include <cctype>

#include "domain/business_identity.hpp"
#include "domain/contact.hpp"

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

namespace faktura::app {
namespace {

// Checks and normalises every set value of `details`; the problems name the command line options.
std::vector<domain::FieldProblem> normalise_details(domain::MerchantDocumentDetails& details) {
    std::vector<domain::FieldProblem> problems;
    constexpr std::size_t text_length_max = 100;
    const auto text = [&](std::optional<std::string>& value, const char* option) {
        if (!value) return;
        const auto first = value->find_first_not_of(" \t");
        if (first == std::string::npos) {
            value.reset();  // "" clears the value.
            return;
        }
        *value = value->substr(first, value->find_last_not_of(" \t") - first + 1);
        if (value->size() > text_length_max) {
            problems.push_back({option, "At most 100 characters."});
        }
        for (const char c : *value) {
            if (static_cast<unsigned char>(c) < 0x20) {
                problems.push_back({option, "No control characters."});
                break;
            }
        }
    };
    text(details.legal_name, "--legal-name");
    text(details.street_address, "--street-address");
    text(details.zip_code, "--zip-code");
    text(details.city, "--city");
    text(details.organisation_number, "--org-number");
    text(details.vat_number, "--vat-number");
    text(details.bankgiro, "--bankgiro");
    text(details.plusgiro, "--plusgiro");
    text(details.bank_account, "--bank-account");
    text(details.iban, "--iban");
    text(details.bic, "--bic");
    text(details.email, "--email");
    text(details.phone, "--phone");
    text(details.website, "--website");
    text(details.account_no, "--account-no");

    // A value that must pass `normalise`, which gives its one stored form.
    const auto checked = [&](std::optional<std::string>& value, const char* option,
                             auto&& normalise, const char* expected) {
        if (!value) return;
        if (auto normalised = normalise(*value)) {
            value = std::move(*normalised);
        } else {
            problems.push_back({option, expected});
        }
    };
    const bool numbers_given = details.organisation_number || details.vat_number;
    if (numbers_given && !details.country) {
        problems.push_back(
            {"--country", "Required with --org-number and --vat-number: SE, NO or FI."});
    }
    if (details.country) {
        switch (*details.country) {
            case domain::Country::se:
                checked(details.organisation_number, "--org-number",
                        domain::normalise_swedish_organisation_number,
                        "A Swedish organisation number with a valid check digit: NNNNNN-NNNN.");
                checked(details.vat_number, "--vat-number", domain::normalise_swedish_vat_number,
                        "A Swedish VAT number: SE + the organisation number + 01.");
                if (details.organisation_number && !details.vat_number) {
                    details.vat_number = domain::swedish_vat_number(*details.organisation_number);
                }
                break;
            case domain::Country::no:
                checked(details.organisation_number, "--org-number",
                        domain::normalise_norwegian_organisation_number,
                        "A Norwegian organisation number: 9 digits with a valid check digit.");
                checked(details.vat_number, "--vat-number", domain::normalise_norwegian_vat_number,
                        "A Norwegian VAT number: the organisation number followed by MVA.");
                if (details.organisation_number && !details.vat_number) {
                    details.vat_number = domain::norwegian_vat_number(*details.organisation_number);
                }
                break;
            case domain::Country::fi:
                checked(details.organisation_number, "--org-number",
                        domain::normalise_finnish_business_id,
                        "A Finnish business ID (Y-tunnus) with a valid check digit: NNNNNNN-N.");
                checked(details.vat_number, "--vat-number", domain::normalise_finnish_vat_number,
                        "A Finnish VAT number: FI + the 8 digits of the business ID.");
                if (details.organisation_number && !details.vat_number) {
                    details.vat_number = domain::finnish_vat_number(*details.organisation_number);
                }
                break;
        }
    }
    checked(details.bankgiro, "--bankgiro", domain::normalise_bankgiro,
            "A bankgiro number: 7 or 8 digits with a valid check digit.");
    checked(details.plusgiro, "--plusgiro", domain::normalise_plusgiro,
            "A plusgiro number: 2 to 8 digits with a valid check digit.");
    checked(details.bank_account, "--bank-account", domain::normalise_norwegian_account_number,
            "A Norwegian account number: 11 digits with a valid check digit.");
    checked(details.iban, "--iban", domain::normalise_iban,
            "An IBAN with valid check digits, e.g. FI37 1590 3000 0007 76.");
    checked(details.bic, "--bic", domain::normalise_bic, "A BIC of 8 or 11 characters.");
    if (details.email && !domain::is_valid_email(*details.email)) {
        problems.push_back({"--email", "An e-mail address like invoices@shop.example."});
    }
    if (details.website && !details.website->starts_with("https://") &&
        !details.website->starts_with("http://")) {
        problems.push_back({"--website", "An http(s) address."});
    }
    const domain::LedgerAccounts& accounts = details.ledger_accounts;
    for (const std::int32_t account :
         {accounts.receivable, accounts.sales_25, accounts.sales_12, accounts.sales_6,
          accounts.sales_0, accounts.vat_25, accounts.vat_12, accounts.vat_6}) {
        if (account < 1000 || account > 9999) {
            problems.push_back({"--sie-account", "Accounts have four digits (BAS: 1000–9999)."});
            break;
        }
    }
    return problems;
}

}  // namespace

domain::Result<domain::Merchant> MerchantService::update_document_details(
    const std::string& payee_id, domain::MerchantDocumentDetails details) {
    std::vector<domain::FieldProblem> problems = normalise_details(details);
    if (!problems.empty()) return Error{ErrorCode::request_invalid, {}, std::move(problems)};
    return change(payee_id,
                  [&](domain::Merchant& merchant) { merchant.document_details = details; });
}

}  // namespace faktura::app
