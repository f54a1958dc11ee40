#include "domain/payer_token.hpp"

#include <cstdio>

#include "domain/capture.hpp"

namespace faktura::domain {

YearMonth payer_token_expiry(Timestamp created_at) {
    const CivilDate created = civil_date_of(created_at);
    const int months = created.year * 12 + (created.month - 1) + payer_token_validity_months;
    return YearMonth{months / 12, months % 12 + 1};
}

std::string format_expiry(YearMonth expiry) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d/%04d", expiry.month, expiry.year);
    return text;
}

bool is_usable(const PayerToken& token, PayerTokenKind kind, std::string_view payee_id,
               Timestamp now) {
    if (token.kind != kind || token.payee_id != payee_id || token.is_deleted) return false;
    const CivilDate today = civil_date_of(now);
    return YearMonth{today.year, today.month} <= payer_token_expiry(token.created_at);
}

std::optional<Error> check_recurrence_token(const std::optional<PayerToken>& token,
                                            std::string_view payee_id, Currency currency,
                                            Timestamp now) {
    if (!token || !is_usable(*token, PayerTokenKind::recurrence, payee_id, now)) {
        return Error{ErrorCode::recurrence_token_unknown,
                     {},
                     {{"RecurrenceToken", "The given RecurrenceToken does not exist."}}};
    }
    if (token->currency != currency) {
        return Error{ErrorCode::request_invalid,
                     {},
                     {{"Payment.Currency",
                       "The currency must be the currency of the payment that created the "
                       "RecurrenceToken."}}};
    }
    return std::nullopt;
}

std::optional<Error> check_prefill_token(const std::optional<PayerToken>& token,
                                         std::string_view payee_id, InvoiceType invoice_type,
                                         Timestamp now) {
    if (!token || !is_usable(*token, PayerTokenKind::payment, payee_id, now)) {
        return Error{ErrorCode::payment_token_unknown,
                     {},
                     {{"PaymentToken", "The given PaymentToken does not exist."}}};
    }
    if (country_of(token->invoice_type) != country_of(invoice_type)) {
        return Error{ErrorCode::request_invalid,
                     {},
                     {{"Payment.PaymentToken",
                       "The PaymentToken belongs to a payer of another country than the invoice "
                       "type's."}}};
    }
    return std::nullopt;
}

Result<PayerToken> delete_payer_token(const std::optional<PayerToken>& token,
                                      std::string_view payee_id, std::optional<std::string> comment,
                                      Timestamp now) {
    if (!token || token->payee_id != payee_id) {
        return Error{ErrorCode::resource_not_found,
                     {},
                     {{"PaymentToken", "The given token does not exist."}}};
    }
    PayerToken deleted = *token;
    if (deleted.is_deleted) return deleted;
    deleted.is_deleted = true;
    deleted.deleted_at = now;
    deleted.deletion_comment = std::move(comment);
    return deleted;
}

}  // namespace faktura::domain
