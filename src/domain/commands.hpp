// What a merchant asks for, after the codec has checked every field's type, presence and format.
// Pure data; the rules that need the merchant or the payment's state live in transitions.hpp.
#pragma once

#include <optional>
#include <string>

#include "domain/payment.hpp"

namespace faktura::domain {

struct CreatePaymentCommand {
    PaymentOperation operation = PaymentOperation::financing_consumer;
    Currency currency = Currency::sek;
    std::optional<InvoiceType> invoice_type;  // Absent only for Recur.
    std::optional<Price> price;  // FinancingConsumer: prices[0]; Recur: amount/vatAmount.
    std::string description;
    std::optional<std::string> payer_reference;
    std::string user_agent;
    std::string initiating_system_user_agent;
    Language language = Language::sv_se;
    Urls urls;
    PayeeInfo payee_info;
    Metadata metadata;
    bool generate_payment_token = false;
    bool generate_recurrence_token = false;
    std::optional<std::string> prefill_payment_token;
    std::optional<std::string> prefill_msisdn;
    std::optional<std::string> recurrence_token;  // Recur only.
};

struct AbortCommand {
    std::string abort_reason = "CancelledByConsumer";
};

// Identity of a new payment, drawn by the caller from the store and the id generator.
struct NewPaymentIdentity {
    std::string id;
    std::int64_t number = 0;
    std::string front_end_token;
};

}  // namespace faktura::domain
