// The rules of stored payer tokens (§20): expiry, who may use a token for what, and deletion.
#include "domain/payer_token.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace faktura::domain {
namespace {

// 00:00:00 UTC of a calendar day.
Timestamp at(int year, unsigned month, unsigned day) {
    using namespace std::chrono;
    const sys_days date{std::chrono::year{year} / std::chrono::month{month} /
                        std::chrono::day{day}};
    return timestamp_from_seconds(duration_cast<seconds>(date.time_since_epoch()).count());
}

PayerToken token_of(PayerTokenKind kind, Timestamp created = at(2020, 5, 22)) {
    return PayerToken{"6a44658c-ee97-44b8-9f59-c6bf5afb5f77",
                      kind,
                      "payee-a",
                      "payment-1",
                      "transaction-1",
                      Currency::sek,
                      InvoiceType::payex_financing_se,
                      created,
                      false,
                      std::nullopt,
                      std::nullopt};
}

TEST(PayerTokenExpiry, IsTheMonthThirtySixMonthsAfterCreation) {
    EXPECT_EQ((YearMonth{2023, 5}), payer_token_expiry(at(2020, 5, 22)));
    EXPECT_EQ((YearMonth{2023, 12}), payer_token_expiry(at(2020, 12, 31)));
    EXPECT_EQ((YearMonth{2024, 1}), payer_token_expiry(at(2021, 1, 1)));
    EXPECT_EQ("05/2023", format_expiry(YearMonth{2023, 5}));
    EXPECT_EQ("12/2023", format_expiry(YearMonth{2023, 12}));
}

TEST(PayerTokenUse, WorksThroughTheLastDayOfItsExpiryMonth) {
    const PayerToken token = token_of(PayerTokenKind::recurrence);
    EXPECT_TRUE(is_usable(token, PayerTokenKind::recurrence, "payee-a", at(2020, 5, 22)));
    EXPECT_TRUE(is_usable(token, PayerTokenKind::recurrence, "payee-a", at(2023, 5, 31)));
    EXPECT_FALSE(is_usable(token, PayerTokenKind::recurrence, "payee-a", at(2023, 6, 1)));
}

TEST(PayerTokenUse, OnlyForItsPayeeAsItsKindAndUntilDeleted) {
    PayerToken token = token_of(PayerTokenKind::recurrence);
    const Timestamp now = at(2021, 1, 1);
    EXPECT_FALSE(is_usable(token, PayerTokenKind::recurrence, "payee-b", now));
    EXPECT_FALSE(is_usable(token, PayerTokenKind::payment, "payee-a", now));
    token.is_deleted = true;
    EXPECT_FALSE(is_usable(token, PayerTokenKind::recurrence, "payee-a", now));
}

TEST(RecurrenceTokenCheck, NamesTheTokenOrTheCurrency) {
    const Timestamp now = at(2021, 1, 1);
    const PayerToken token = token_of(PayerTokenKind::recurrence);
    EXPECT_FALSE(check_recurrence_token(token, "payee-a", Currency::sek, now));

    const std::optional<Error> unknown =
        check_recurrence_token(std::nullopt, "payee-a", Currency::sek, now);
    ASSERT_TRUE(unknown);
    EXPECT_EQ(ErrorCode::recurrence_token_unknown, unknown->code);
    EXPECT_EQ((std::vector<FieldProblem>{
                  {"RecurrenceToken", "The given RecurrenceToken does not exist."}}),
              unknown->problems);
    // Another payee's, expired and deleted tokens are as unknown as a missing one.
    const auto same_as_unknown = [&](const std::optional<Error>& error) {
        ASSERT_TRUE(error);
        EXPECT_EQ(unknown->code, error->code);
        EXPECT_EQ(unknown->problems, error->problems);
    };
    same_as_unknown(check_recurrence_token(token, "payee-b", Currency::sek, now));
    same_as_unknown(check_recurrence_token(token, "payee-a", Currency::sek, at(2030, 1, 1)));
    PayerToken deleted = token;
    deleted.is_deleted = true;
    same_as_unknown(check_recurrence_token(deleted, "payee-a", Currency::sek, now));
    same_as_unknown(
        check_recurrence_token(token_of(PayerTokenKind::payment), "payee-a", Currency::sek, now));

    const std::optional<Error> currency =
        check_recurrence_token(token, "payee-a", Currency::nok, now);
    ASSERT_TRUE(currency);
    EXPECT_EQ(ErrorCode::request_invalid, currency->code);
    EXPECT_EQ("Payment.Currency", currency->problems.at(0).name);
}

TEST(PrefillTokenCheck, NeedsAPaymentTokenOfThisPayeeForTheSameCountry) {
    const Timestamp now = at(2021, 1, 1);
    const PayerToken token = token_of(PayerTokenKind::payment);
    EXPECT_FALSE(check_prefill_token(token, "payee-a", InvoiceType::payex_financing_se, now));
    const auto unknown =
        check_prefill_token(token, "payee-b", InvoiceType::payex_financing_se, now);
    ASSERT_TRUE(unknown);
    EXPECT_EQ(ErrorCode::payment_token_unknown, unknown->code);
    EXPECT_EQ("PaymentToken", unknown->problems.at(0).name);
    const auto country =
        check_prefill_token(token, "payee-a", InvoiceType::payex_financing_no, now);
    ASSERT_TRUE(country);
    EXPECT_EQ(ErrorCode::request_invalid, country->code);
    EXPECT_EQ("Payment.PaymentToken", country->problems.at(0).name);
}

TEST(DeletePayerToken, KeepsWhenAndWhyAndIsIdempotent) {
    const PayerToken token = token_of(PayerTokenKind::recurrence);
    const auto deleted = delete_payer_token(token, "payee-a", "Subscription ended", at(2021, 2, 3));
    ASSERT_TRUE(deleted);
    EXPECT_TRUE(deleted->is_deleted);
    EXPECT_EQ(at(2021, 2, 3), deleted->deleted_at);
    EXPECT_EQ("Subscription ended", deleted->deletion_comment);
    const auto again = delete_payer_token(*deleted, "payee-a", "Another reason", at(2022, 1, 1));
    ASSERT_TRUE(again);
    EXPECT_EQ(*deleted, *again) << "the first deletion stays";
}

TEST(DeletePayerToken, AnotherPayeesTokenIsNotFoundLikeAMissingOne) {
    const auto foreign = delete_payer_token(token_of(PayerTokenKind::payment), "payee-b",
                                            std::nullopt, at(2021, 1, 1));
    const auto missing = delete_payer_token(std::nullopt, "payee-b", std::nullopt, at(2021, 1, 1));
    ASSERT_FALSE(foreign);
    ASSERT_FALSE(missing);
    EXPECT_EQ(ErrorCode::resource_not_found, foreign.error().code);
    EXPECT_EQ(missing.error().code, foreign.error().code);
    EXPECT_EQ(missing.error().problems, foreign.error().problems);
}

}  // namespace
}  // namespace faktura::domain
