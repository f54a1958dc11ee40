// The rules of stored payer tokens (spec §20): who may use a token for what, until when, and how
// it is deleted. Pure: "now" is a parameter.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "domain/payer.hpp"
#include "domain/result.hpp"

namespace faktura::domain {

// A token can be used through the last day of the month payer_token_validity_months after the
// month it was created in (UTC); `paid.tokens[].expiryDate` shows that month as "MM/YYYY", as the
// platform's card tokens do.
inline constexpr int payer_token_validity_months = 36;

struct YearMonth {
    int year = 1970;
    int month = 1;

    friend constexpr auto operator<=>(const YearMonth&, const YearMonth&) = default;
};

YearMonth payer_token_expiry(Timestamp created_at);
std::string format_expiry(YearMonth expiry);  // "05/2023".

// A token works only for the payee it was made for, as the kind it is, until it is deleted or
// expires.
bool is_usable(const PayerToken& token, PayerTokenKind kind, std::string_view payee_id,
               Timestamp now);

// Recur (§9.2, §20): the token must be a usable recurrence token of this payee — otherwise,
// unknown, deleted, expired or another payee's alike, 400 "The given RecurrenceToken does not
// exist." — and the payment must be in the token's currency.
std::optional<Error> check_recurrence_token(const std::optional<PayerToken>& token,
                                            std::string_view payee_id, Currency currency,
                                            Timestamp now);

// payment.paymentToken on a new FinancingConsumer payment (§20): a usable payment token of this
// payee, for a payer of the payment's country.
std::optional<Error> check_prefill_token(const std::optional<PayerToken>& token,
                                         std::string_view payee_id, InvoiceType invoice_type,
                                         Timestamp now);

// PATCH …/instrumentdata/{token} {"state": "Deleted"} (§20): another payee's token is as unknown as
// one that does not exist (resource_not_found). Deleting a deleted token changes nothing.
Result<PayerToken> delete_payer_token(const std::optional<PayerToken>& token,
                                      std::string_view payee_id, std::optional<std::string> comment,
                                      Timestamp now);

}  // namespace faktura::domain
