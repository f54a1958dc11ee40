// Builders for the storage tests: domain records with every field set (each to a distinct value,
// so a swapped column cannot go unnoticed) or only the required ones, and a temporary directory
// to hold database files.
#pragma once

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "domain/address.hpp"
#include "domain/callback.hpp"
#include "domain/invoice.hpp"
#include "domain/merchant.hpp"
#include "domain/payer.hpp"
#include "domain/payment.hpp"
#include "domain/payment_reference.hpp"

namespace faktura::support {

// A fresh directory under the system's temporary directory, removed with everything in it when
// the object is destroyed.
class TemporaryDirectory {
  public:
    TemporaryDirectory() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "faktura-storage-test-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a temporary directory from " + pattern);
        }
        path_ = pattern;
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// A lowercase GUID whose last group is `n`, so ids are deterministic and distinct.
inline std::string guid_numbered(std::int64_t n) {
    std::string digits = std::to_string(n);
    return "5d3c3f2e-8a1b-4c7d-9e0f-" + std::string(12 - digits.size(), '0') + digits;
}

// 64 hex characters, distinct for each `n`.
inline std::string hex64_numbered(std::int64_t n) {
    std::string digits = std::to_string(n);
    return std::string(64 - digits.size(), 'a') + digits;
}

inline domain::Merchant merchant_with_every_field(std::int64_t n) {
    return domain::Merchant{
        .payee_id = guid_numbered(900 + n),
        .name = "Blåbär & Söner AB — 北京 " + std::to_string(n),
        .token_sha256_hex = hex64_numbered(900 + n),
        .created_at = domain::Timestamp{15'900'000'000'000'001 + n},
        .settings =
            {
                .invoice_due_days = 30,
                .kid_algorithm = domain::KidAlgorithm::mod11,
                .settlement_option = domain::SettlementOption::b,
                .authorization_attempts_max = 5,
            },
        .callback_secrets = {"whsec_bmV3ZXN0LXNlY3JldA==", "whsec_b2xkZXItc2VjcmV0"},
        .document_details =
            {
                .country = domain::Country::no,
                .legal_name = "Blåbær & Sønner AS " + std::to_string(n),
                .street_address = "Storgata 1",
                .zip_code = "0150",
                .city = "Oslo",
                .organisation_number = "923609016",
                .vat_number = "NO923609016MVA",
                .f_skatt = true,
                .bankgiro = "5050-1055",
                .plusgiro = "286543-4",
                .bank_account = "8601 11 17947",
                .iban = "NO9386011117947",
                .bic = "DNBANOKK",
                .email = "faktura@example.no",
                .phone = "+47 22 00 00 00",
                .website = "https://example.no",
                .account_no = "69199739",
                .ledger_accounts = {.receivable = 1511,
                                    .sales_25 = 3011,
                                    .sales_12 = 3012,
                                    .sales_6 = 3013,
                                    .sales_0 = 3014,
                                    .vat_25 = 2612,
                                    .vat_12 = 2622,
                                    .vat_6 = 2632},
            },
    };
}

inline domain::Payment payment_with_every_field(std::int64_t n, const std::string& payee_id) {
    domain::Payment payment;
    payment.id = guid_numbered(n);
    payment.payee_id = payee_id;
    payment.number = 71'100'000'000 + n;
    payment.created_at = domain::Timestamp{15'900'000'000'000'003 + n};
    payment.updated_at = domain::Timestamp{15'900'000'000'000'004 + n};
    payment.operation = domain::PaymentOperation::recur;
    payment.state = domain::PaymentState::aborted;
    payment.currency = domain::Currency::nok;
    payment.invoice_type = domain::InvoiceType::payex_financing_no;
    payment.price = domain::Price{domain::Amount{150'000}, domain::Amount{30'000}};
    payment.description = "Köp av 🎉 och 北京烤鸭 (\"quoted\", back\\slash)";
    payment.payer_reference = "payer-" + std::to_string(n);
    payment.initiating_system_user_agent = "swedbankpay-sdk-dotnet/3.0.1";
    payment.user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
    payment.language = domain::Language::nb_no;
    payment.urls = domain::Urls{
        .host_urls = {"https://example.com", "https://shop.example.no:8443/ø"},
        .complete_url = "https://example.com/complete",
        .cancel_url = "https://example.com/cancel",
        .payment_url = "https://example.com/payment",
        .callback_url = "https://example.com/callback?a=1&b=2",
        .logo_url = "https://example.com/logo.png",
        .terms_of_service_url = "https://example.com/terms",
    };
    payment.payee_info = domain::PayeeInfo{
        .payee_id = payee_id,
        .payee_reference = "ref" + std::to_string(n),
        .payee_name = "Butikken AS",
        .product_category = "A123",
        .order_reference = "order-" + std::to_string(n),
        .subsite = "subsite-1",
    };
    payment.metadata = {
        {"zeta", {domain::MetadataValue::Kind::string, "Grüße 🎉"}},
        {"count", {domain::MetadataValue::Kind::integer, "2"}},
        {"ratio", {domain::MetadataValue::Kind::decimal, "3.1"}},
        {"flag", {domain::MetadataValue::Kind::boolean, "true"}},
        {"empty", {domain::MetadataValue::Kind::string, ""}},
    };
    payment.generate_payment_token = true;
    payment.generate_recurrence_token = true;
    payment.prefill_payment_token = "prefill-token";
    payment.prefill_msisdn = "+4798765432";
    payment.recurrence_token_used = "recurrence-used";
    payment.front_end_token = hex64_numbered(n);
    payment.payment_token = "payment-token-" + std::to_string(n);
    payment.recurrence_token = "recurrence-token-" + std::to_string(n);
    payment.authorization_completed = true;
    payment.authorized = domain::Amount{150'000};
    payment.captured = domain::Amount{100'000};
    payment.cancelled = domain::Amount{20'000};
    payment.reversed = domain::Amount{5'000};
    payment.failed_attempts = 2;
    payment.failed_lookups = 8;
    payment.transaction_counts = domain::TransactionCounts{
        .authorizations = 3, .verifications = 4, .captures = 5, .cancellations = 6, .reversals = 7};
    payment.has_approved_legal_address = true;
    payment.abort_reason = "Aborted by consumer";
    return payment;
}

// Every optional empty, every list empty, every flag false.
inline domain::Payment payment_with_only_required_fields(std::int64_t n,
                                                         const std::string& payee_id) {
    domain::Payment payment;
    payment.id = guid_numbered(n);
    payment.payee_id = payee_id;
    payment.number = 71'100'000'000 + n;
    payment.created_at = domain::Timestamp{15'900'000'000'000'000};
    payment.updated_at = domain::Timestamp{15'900'000'000'000'000};
    payment.operation = domain::PaymentOperation::verify;
    payment.description = "";
    payment.payee_info.payee_id = payee_id;
    payment.payee_info.payee_reference = "ref" + std::to_string(n);
    payment.front_end_token = hex64_numbered(n);
    return payment;
}

inline domain::Transaction transaction_with_every_field(std::int64_t n,
                                                        const std::string& payment_id) {
    return domain::Transaction{
        .id = guid_numbered(5000 + n),
        .payment_id = payment_id,
        .type = domain::TransactionType::reversal,
        .state = domain::TransactionState::failed,
        .number = 81'100'000'000 + n,
        .created_at = domain::Timestamp{15'900'000'000'000'007 + n},
        .updated_at = domain::Timestamp{15'900'000'000'000'008 + n},
        .amount = domain::Amount{12'345},
        .vat_amount = domain::Amount{2'469},
        .description = "Återbetalning — 返金",
        .payee_reference = "tref" + std::to_string(n),
        .receipt_reference = "receipt-" + std::to_string(n),
        .failure =
            domain::TransactionFailure{
                .reason = "ExternalResponseError",
                .activity_name = "Reverse",
                .error_code = "REJECTED_BY_ACQUIRER",
                .error_description = "Kvittot är ogiltigt",
            },
        .is_operational = true,
        .reconciliation_number = 777'000 + n,
    };
}

inline domain::Transaction transaction_with_only_required_fields(std::int64_t n,
                                                                 const std::string& payment_id) {
    domain::Transaction transaction;
    transaction.id = guid_numbered(5000 + n);
    transaction.payment_id = payment_id;
    transaction.type = domain::TransactionType::authorization;
    transaction.state = domain::TransactionState::initialized;
    transaction.number = 81'100'000'000 + n;
    transaction.payee_reference = "tref" + std::to_string(n);
    return transaction;
}

// A callback delivery of `transaction` with every optional field set.
inline domain::CallbackDelivery callback_delivery_with_every_field(
    const domain::Transaction& transaction, const std::string& payee_id) {
    return domain::CallbackDelivery{
        .id = transaction.id,
        .transaction_id = transaction.id,
        .payment_id = transaction.payment_id,
        .payee_id = payee_id,
        .url = "https://shop.example/cb?ö=1",
        .endpoint = "https://shop.example:443",
        .payment_path = "/psp/invoice/payments/" + transaction.payment_id,
        .payment_number = 81'100'000'001,
        .transaction_path =
            "/psp/invoice/payments/" + transaction.payment_id + "/reversals/" + transaction.id,
        .transaction_number = transaction.number,
        .transaction_type = transaction.type,
        .transaction_state = transaction.state,
        .created_at = transaction.created_at,
        .state = domain::DeliveryState::failed,
        .attempts = 7,
        .next_slot = 7,
        .next_attempt_at = domain::Timestamp{15'900'000'000'000'100},
        .claim = "claim-" + transaction.id,
        .lease_until = domain::Timestamp{15'900'000'000'000'200},
        .delivered_at = domain::Timestamp{15'900'000'000'000'300},
    };
}

inline domain::CallbackAttempt callback_attempt_with_every_field(const std::string& delivery_id,
                                                                 std::int32_t number) {
    return domain::CallbackAttempt{
        .delivery_id = delivery_id,
        .number = number,
        .started_at = domain::Timestamp{15'900'000'000'000'400 + number},
        .duration_ms = 1234,
        .outcome = domain::AttemptOutcome::rejected,
        .status = 503,
        .error = "Fel — エラー",
        .response_excerpt = "Service Unavailable ✓",
        .manual = true,
    };
}

// Non-ASCII in every text field, so an encoding slip in any column shows.
inline domain::Address address_with_every_field(std::int64_t n) {
    return domain::Address{
        .addressee = "Ångström, Åsa-Märta " + std::to_string(n),
        .co_address = "c/o Ødegård & Søn",
        .street_address = "Kuusitie " + std::to_string(n) + " B 12, Hyvinkää — 北京路",
        .zip_code = "0" + std::to_string(1000 + n),
        .city = "Tromsø",
        .country = domain::Country::no,
    };
}

inline domain::Address address_with_only_required_fields(std::int64_t n) {
    return domain::Address{
        .addressee = "Virtanen, Matti " + std::to_string(n),
        .co_address = std::nullopt,
        .street_address = "Mannerheimintie " + std::to_string(n),
        .zip_code = "00100",
        .city = "Helsinki",
        .country = domain::Country::fi,
    };
}

inline domain::ApprovedLegalAddress approved_legal_address_of(std::int64_t n,
                                                              const std::string& payment_id) {
    return domain::ApprovedLegalAddress{
        .payment_id = payment_id,
        .national_id = "1912121212" + std::to_string(10 + n % 90),
        .address = address_with_every_field(n),
        .created_at = domain::Timestamp{15'900'000'000'000'011 + n},
    };
}

inline domain::AuthorizationDetails authorization_details_with_every_field(
    std::int64_t n, const std::string& transaction_id, const std::string& payment_id) {
    return domain::AuthorizationDetails{
        .transaction_id = transaction_id,
        .payment_id = payment_id,
        .consumer =
            {
                .national_id = "26026312345",
                .customer_number = "customer-" + std::to_string(n),
                .email = "björn." + std::to_string(n) + "@exämple.no",
                .msisdn = "+4798765" + std::to_string(100 + n % 900),
                .ip = "2001:db8::" + std::to_string(n),
            },
        .legal_address = address_with_every_field(n),
        .billing_address = address_with_every_field(100 + n),
    };
}

// No customer number, no email, no billing address; the legal address has no c/o line.
inline domain::AuthorizationDetails authorization_details_with_only_required_fields(
    std::int64_t n, const std::string& transaction_id, const std::string& payment_id) {
    return domain::AuthorizationDetails{
        .transaction_id = transaction_id,
        .payment_id = payment_id,
        .consumer =
            {
                .national_id = "010190-123A",
                .customer_number = std::nullopt,
                .email = std::nullopt,
                .msisdn = "+35840" + std::to_string(1000 + n),
                .ip = "192.0.2." + std::to_string(n % 256),
            },
        .legal_address = address_with_only_required_fields(n),
        .billing_address = std::nullopt,
    };
}

// Every field away from its default value.
inline domain::PayerToken payer_token_with_every_field(std::int64_t n, domain::PayerTokenKind kind,
                                                       const std::string& payee_id,
                                                       const std::string& payment_id,
                                                       const std::string& transaction_id) {
    return domain::PayerToken{
        .token = guid_numbered(7000 + n),
        .kind = kind,
        .payee_id = payee_id,
        .payment_id = payment_id,
        .transaction_id = transaction_id,
        .currency = domain::Currency::eur,
        .invoice_type = domain::InvoiceType::payex_financing_fi,
        .created_at = domain::Timestamp{15'900'000'000'000'013 + n},
        .is_deleted = true,
        .deleted_at = domain::Timestamp{15'900'000'000'000'099 + n},
        .deletion_comment = "Deleted on the payer's request " + std::to_string(n),
    };
}

inline domain::PayerInput payer_input_with_every_field(std::int64_t n,
                                                       const std::string& payment_id) {
    return domain::PayerInput{
        .payment_id = payment_id,
        .national_id = "1912121212" + std::to_string(10 + n % 90),
        .email = "åsa." + std::to_string(n) + "@exämple.se",
        .msisdn = "+4673" + std::to_string(1'000'000 + n),
        .zip_code = "1" + std::to_string(1000 + n),
        .created_at = domain::Timestamp{15'900'000'000'000'017 + n},
    };
}

// No email.
inline domain::PayerInput payer_input_with_only_required_fields(std::int64_t n,
                                                                const std::string& payment_id) {
    return domain::PayerInput{
        .payment_id = payment_id,
        .national_id = "010190-123A",
        .email = std::nullopt,
        .msisdn = "+35840" + std::to_string(1000 + n),
        .zip_code = "00100",
        .created_at = domain::Timestamp{15'900'000'000'000'019 + n},
    };
}

// A reference of `kind`; the digits are a valid OCR, which the store does not check for any kind.
inline domain::PaymentReference payment_reference_of(
    domain::PaymentReferenceKind kind, std::optional<std::string> rf_reference = std::nullopt) {
    return domain::PaymentReference{
        .kind = kind, .reference = "1234567897", .rf_reference = std::move(rf_reference)};
}

// Three item lines and two VAT lines, in an order no sort would produce, with dates whose month
// and day need their leading zeros.
inline domain::Invoice invoice_with_every_field(std::int64_t n, const std::string& transaction_id,
                                                const std::string& payment_id,
                                                domain::PaymentReference payment_reference) {
    return domain::Invoice{
        .transaction_id = transaction_id,
        .payment_id = payment_id,
        .invoice_number = 1000 + n,
        .issue_date = domain::CivilDate{.year = 2024, .month = 2, .day = 9},
        .due_date = domain::CivilDate{.year = 2024, .month = 3, .day = 10},
        .payment_reference = std::move(payment_reference),
        .item_descriptions =
            {
                {domain::Amount{10'000}, "Ägg & mjölk \"ekologisk\" 🥚"},
                {domain::Amount{-2'500}, "Rabatt — 割引"},
                {domain::Amount{0}, ""},
            },
        .vat_summary =
            {
                {domain::Amount{6'250}, domain::VatRate{2500}, domain::Amount{1'250}},
                {domain::Amount{1'250}, domain::VatRate{1200}, domain::Amount{134}},
            },
    };
}

}  // namespace faktura::support
