// The payment and its transactions: plain data, named as the spec names them (§4). Pure: no IO, no
// JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/amount.hpp"
#include "domain/time.hpp"

namespace faktura::domain {

enum class PaymentOperation { financing_consumer, verify, recur };
enum class PaymentState { ready, pending, failed, aborted };
enum class InvoiceType { payex_financing_se, payex_financing_no, payex_financing_fi };
enum class Currency { sek, nok, eur };
enum class Country { se, no, fi };
enum class Language { sv_se, nb_no, en_us };

enum class TransactionType { authorization, capture, cancellation, reversal, verification };
enum class TransactionState { initialized, completed, failed };

// Country and currency that belong to an invoice type (spec §1, §6.2).
Country country_of(InvoiceType type);
Currency currency_of(InvoiceType type);

// payment.prices[0] of a FinancingConsumer payment, or amount/vatAmount of a Recur payment.
struct Price {
    Amount amount;
    Amount vat_amount;

    bool operator==(const Price&) const = default;
};

struct Urls {
    std::vector<std::string> host_urls;
    std::optional<std::string> complete_url;
    std::optional<std::string> cancel_url;
    std::optional<std::string> payment_url;
    std::optional<std::string> callback_url;
    std::optional<std::string> logo_url;
    std::optional<std::string> terms_of_service_url;

    bool operator==(const Urls&) const = default;
};

struct PayeeInfo {
    std::string payee_id;
    std::string payee_reference;
    std::optional<std::string> payee_name;
    std::optional<std::string> product_category;
    std::optional<std::string> order_reference;
    std::optional<std::string> subsite;

    bool operator==(const PayeeInfo&) const = default;
};

// One metadata value (§19.5). `text` holds the canonical literal, so the value round-trips exactly:
// the string itself, "2", "3.1", "true".
struct MetadataValue {
    enum class Kind { string, integer, decimal, boolean };
    Kind kind = Kind::string;
    std::string text;

    bool operator==(const MetadataValue&) const = default;
};
using Metadata = std::vector<std::pair<std::string, MetadataValue>>;

// How many transactions of each type the payment has, in any state; drives which links appear
// (§4.4).
struct TransactionCounts {
    std::int32_t authorizations = 0;
    std::int32_t verifications = 0;
    std::int32_t captures = 0;
    std::int32_t cancellations = 0;
    std::int32_t reversals = 0;

    std::int32_t total() const {
        return authorizations + verifications + captures + cancellations + reversals;
    }
    bool operator==(const TransactionCounts&) const = default;
};

// Failed legal-address lookups a payment allows: the register is not an oracle to be queried
// with guessed identity numbers (the attempts rule, applied to lookups). Holds for the API and the
// hosted page alike; once reached, create-approved-legal-address is no longer offered.
inline constexpr std::int32_t failed_lookups_max = 5;

struct Payment {
    std::string id;        // Lowercase GUID; the wire id is "/psp/invoice/payments/" + id.
    std::string payee_id;  // The owning merchant.
    std::int64_t number = 0;
    Timestamp created_at;
    Timestamp updated_at;
    PaymentOperation operation = PaymentOperation::financing_consumer;
    PaymentState state = PaymentState::ready;
    Currency currency = Currency::sek;
    InvoiceType invoice_type = InvoiceType::payex_financing_se;
    std::optional<Price> price;  // Absent for Verify.
    std::string description;
    std::optional<std::string> payer_reference;
    std::string initiating_system_user_agent;  // HTTP User-Agent of the creating request.
    std::string user_agent;                    // payment.userAgent of the body.
    Language language = Language::sv_se;
    Urls urls;
    PayeeInfo payee_info;
    Metadata metadata;
    bool generate_payment_token = false;
    bool generate_recurrence_token = false;
    std::optional<std::string> prefill_payment_token;  // payment.paymentToken sent on creation.
    std::optional<std::string> prefill_msisdn;         // payment.prefillInfo.msisdn.
    std::optional<std::string>
        recurrence_token_used;                 // Recur: the token the payment was made with.
    std::string front_end_token;               // 64 hex characters, in the hosted-page hrefs.
    std::optional<std::string> payment_token;  // Stored payer tokens generated for this payment.
    std::optional<std::string> recurrence_token;

    // Bookkeeping (§4.3).
    bool authorization_completed = false;  // An authorization (or verification) is Completed.
    Amount authorized;                     // A.
    Amount captured;                       // C.
    Amount cancelled;                      // X.
    Amount reversed;                       // R.
    std::int32_t failed_attempts = 0;      // Failed authorizations or verifications.
    std::int32_t failed_lookups = 0;       // Failed legal-address lookups; limited per payment.
    TransactionCounts transaction_counts;
    bool has_approved_legal_address = false;
    std::optional<std::string> abort_reason;

    bool lookups_exhausted() const { return failed_lookups >= failed_lookups_max; }
    Amount remaining_capture() const { return authorized - captured - cancelled; }
    Amount remaining_cancellation() const { return remaining_capture(); }
    Amount remaining_reversal() const { return captured - reversed; }

    bool operator==(const Payment&) const = default;
};

// Why a transaction failed, as the credit provider said it (§4.5).
struct TransactionFailure {
    std::string reason;         // failedReason, e.g. "ExternalResponseError".
    std::string activity_name;  // failedActivityName, e.g. "Authorize".
    std::optional<std::string> error_code;
    std::optional<std::string> error_description;

    bool operator==(const TransactionFailure&) const = default;
};

struct Transaction {
    std::string id;  // Lowercase GUID, shared by /transactions/{id} and /captures/{id} etc.
    std::string payment_id;
    TransactionType type = TransactionType::authorization;
    TransactionState state = TransactionState::completed;
    std::int64_t number = 0;
    Timestamp created_at;
    Timestamp updated_at;
    Amount amount;
    Amount vat_amount;
    std::string description;
    std::string payee_reference;
    std::optional<std::string> receipt_reference;
    std::optional<TransactionFailure> failure;
    bool is_operational = false;
    std::optional<std::int64_t> reconciliation_number;  // Captures and reversals only.

    bool operator==(const Transaction&) const = default;
};

}  // namespace faktura::domain
