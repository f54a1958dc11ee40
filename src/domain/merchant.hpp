// A merchant (payee): who may use the API with which token, and its agreement settings. Pure data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/payment.hpp"
#include "domain/time.hpp"

namespace faktura::domain {

// How Norwegian KID check digits are computed for this merchant (test-data.md §5.1).
enum class KidAlgorithm { mod10, mod11 };

// Settlement option A (Swedbank Pay settles) or B (merchant settles; digit-only payeeReference)
// (§25).
enum class SettlementOption { a, b };

struct MerchantSettings {
    std::int32_t invoice_due_days = 14;
    KidAlgorithm kid_algorithm = KidAlgorithm::mod10;
    SettlementOption settlement_option = SettlementOption::a;
    std::int32_t authorization_attempts_max = 3;

    bool operator==(const MerchantSettings&) const = default;
};

// The ledger accounts a SIE file books on (BAS kontoplan defaults), per VAT rate. A merchant may
// configure each (`faktura merchant update --sie-…`).
struct LedgerAccounts {
    std::int32_t receivable = 1510;  // Kundfordringar: what the invoice is owed.
    std::int32_t sales_25 = 3001;    // Försäljning inom Sverige, 25 % moms.
    std::int32_t sales_12 = 3002;    // … 12 % moms.
    std::int32_t sales_6 = 3003;     // … 6 % moms.
    std::int32_t sales_0 = 3004;     // … momsfri (and every other rate).
    std::int32_t vat_25 = 2611;      // Utgående moms på försäljning, 25 %.
    std::int32_t vat_12 = 2621;      // … 12 %.
    std::int32_t vat_6 = 2631;       // … 6 %.

    bool operator==(const LedgerAccounts&) const = default;
};

// What the merchant's invoices and settlement files print about it (spec §14.7, §26): validated
// when set (`faktura merchant update --org-number …`). Anything unset is printed as a clearly
// labelled example, so every sandbox document is complete.
struct MerchantDocumentDetails {
    // The seller's own country: the format of its organisation and VAT numbers and its address.
    // Else each document takes the payment's country.
    std::optional<Country> country;
    std::optional<std::string> legal_name;  // Else the merchant's name.
    std::optional<std::string> street_address;
    std::optional<std::string> zip_code;
    std::optional<std::string> city;
    std::optional<std::string> organisation_number;  // Normalised for the country it is set for.
    std::optional<std::string> vat_number;
    bool f_skatt = false;  // SE: approved for F-tax.
    std::optional<std::string> bankgiro;
    std::optional<std::string> plusgiro;
    std::optional<std::string> bank_account;  // NO: 11 digits.
    std::optional<std::string> iban;          // Unspaced, upper case.
    std::optional<std::string> bic;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<std::string> website;
    std::optional<std::string> account_no;  // The settlement files' PayExAccountNo.
    LedgerAccounts ledger_accounts{};

    bool operator==(const MerchantDocumentDetails&) const = default;
    // True when the seller's legal block and a way to pay are set (nothing is an example).
    bool complete() const {
        return legal_name && street_address && zip_code && city && organisation_number &&
               vat_number && (bankgiro || plusgiro || bank_account || iban);
    }
};

struct Merchant {
    std::string payee_id;  // Lowercase GUID.
    std::string name;
    std::string token_sha256_hex;  // The bearer token is never stored, only its SHA-256.
    Timestamp created_at;
    MerchantSettings settings;
    // Standard Webhooks signing secrets ("whsec_<base64>"), newest first; empty: callbacks go
    // unsigned, exactly as the real service sends them. Kept as given: signing needs the secret
    // itself, so unlike the bearer token it cannot be stored hashed.
    std::vector<std::string> callback_secrets{};
    MerchantDocumentDetails document_details{};

    bool operator==(const Merchant&) const = default;
};

}  // namespace faktura::domain
