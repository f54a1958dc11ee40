// Creating and aborting payments as pure functions: a fixed instant and identity in, a decision
// out.
#include "domain/transitions.hpp"

#include <gtest/gtest.h>

namespace faktura::domain {
namespace {

Merchant merchant_of(SettlementOption option = SettlementOption::a) {
    Merchant merchant;
    merchant.payee_id = "cdff105b-1879-4d10-a83b-7bd7115cffef";
    merchant.name = "Configured name";
    merchant.settings.settlement_option = option;
    return merchant;
}

CreatePaymentCommand command_of(std::string payee_reference = "order-1") {
    CreatePaymentCommand command;
    command.operation = PaymentOperation::financing_consumer;
    command.currency = Currency::sek;
    command.invoice_type = InvoiceType::payex_financing_se;
    command.price = Price{Amount{10000}, Amount{2000}};
    command.description = "test description";
    command.user_agent = "Mozilla/5.0";
    command.initiating_system_user_agent = "PostmanRuntime/7.24.1";
    command.payee_info.payee_id = "cdff105b-1879-4d10-a83b-7bd7115cffef";
    command.payee_info.payee_reference = std::move(payee_reference);
    return command;
}

const NewPaymentIdentity identity{"9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9", 41100171179,
                                  std::string(64, 'a')};
const Timestamp created_at = timestamp_from_seconds(1590137142);

TEST(CreatePayment, StartsReadyWithNothingAuthorized) {
    const auto payment = create_payment(command_of(), merchant_of(), identity, created_at);
    ASSERT_TRUE(payment);
    EXPECT_EQ(PaymentState::ready, payment->state);
    EXPECT_EQ(identity.id, payment->id);
    EXPECT_EQ(identity.number, payment->number);
    EXPECT_EQ(created_at, payment->created_at);
    EXPECT_EQ(created_at, payment->updated_at);
    EXPECT_EQ(Amount{0}, payment->authorized);
    EXPECT_EQ(Amount{0}, payment->remaining_capture());
    EXPECT_EQ((Price{Amount{10000}, Amount{2000}}), payment->price);
    EXPECT_EQ("Configured name", payment->payee_info.payee_name)
        << "payeeName defaults to the merchant's";
}

TEST(CreatePayment, RejectsAnotherMerchantsPayeeId) {
    CreatePaymentCommand command = command_of();
    command.payee_info.payee_id = "00000000-0000-4000-8000-000000000000";
    const auto payment = create_payment(command, merchant_of(), identity, created_at);
    ASSERT_FALSE(payment);
    EXPECT_EQ(ErrorCode::payee_not_owned_by_token, payment.error().code);
}

TEST(CreatePayment, HoldsSettlementOptionBToTwelveDigits) {
    EXPECT_TRUE(create_payment(command_of("123456789012"), merchant_of(SettlementOption::b),
                               identity, created_at));
    for (const std::string reference : {"1234567890123", "order-1", "12a"}) {
        const auto payment = create_payment(command_of(reference), merchant_of(SettlementOption::b),
                                            identity, created_at);
        ASSERT_FALSE(payment) << reference;
        EXPECT_EQ("Payment.PayeeInfo.PayeeReference", payment.error().problems.at(0).name);
    }
}

TEST(CreatePayment, VerifyHasNoPrice) {
    CreatePaymentCommand command = command_of();
    command.operation = PaymentOperation::verify;
    const auto payment = create_payment(command, merchant_of(), identity, created_at);
    ASSERT_TRUE(payment);
    EXPECT_FALSE(payment->price.has_value());
}

TEST(AbortPayment, AbortsAFreshPaymentAndRemembersWhy) {
    const Payment payment = *create_payment(command_of(), merchant_of(), identity, created_at);
    const Timestamp later = timestamp_from_seconds(1590137200);
    const auto aborted = abort_payment(payment, AbortCommand{"CancelledByCustomer"}, later);
    ASSERT_TRUE(aborted);
    EXPECT_EQ(PaymentState::aborted, aborted->state);
    EXPECT_EQ("CancelledByCustomer", aborted->abort_reason);
    EXPECT_EQ(later, aborted->updated_at);
    EXPECT_EQ(created_at, aborted->created_at);
}

TEST(AbortPayment, RefusesOnceAnythingHappened) {
    Payment payment = *create_payment(command_of(), merchant_of(), identity, created_at);
    Payment authorized = payment;
    authorized.authorization_completed = true;
    authorized.authorized = Amount{10000};
    Payment aborted = payment;
    aborted.state = PaymentState::aborted;
    Payment pending = payment;
    pending.state = PaymentState::pending;
    for (const Payment& state : {authorized, aborted, pending}) {
        const auto result = abort_payment(state, AbortCommand{}, created_at);
        ASSERT_FALSE(result);
        EXPECT_EQ(ErrorCode::operation_not_allowed_in_state, result.error().code);
        EXPECT_EQ(
            (FieldProblem{"Abort", "Abort is not allowed in the current state of the payment."}),
            result.error().problems.at(0));
    }
}

TEST(MoneyInvariants, HoldOrThrow) {
    Payment payment;
    payment.authorized = Amount{100};
    payment.captured = Amount{60};
    payment.cancelled = Amount{40};
    payment.reversed = Amount{60};
    EXPECT_NO_THROW(ensure_money_invariants(payment));
    payment.cancelled = Amount{41};
    EXPECT_THROW(ensure_money_invariants(payment), std::logic_error);
    payment.cancelled = Amount{40};
    payment.reversed = Amount{61};
    EXPECT_THROW(ensure_money_invariants(payment), std::logic_error);
}

}  // namespace
}  // namespace faktura::domain
