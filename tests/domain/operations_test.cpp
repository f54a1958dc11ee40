// The state × operations table of spec §5.2 (rows F1–F7, V1, V2) and the payer's view of §21.5, as
// data: each row is a payment in that situation and the exact, ordered list of operations.
#include "domain/operations.hpp"

#include <gtest/gtest.h>

namespace faktura::domain {
namespace {

using enum OperationRel;

Payment fresh_financing(bool with_host_urls = true) {
    Payment payment;
    payment.id = "5e1cca6b-0000-4000-8000-000000000001";
    payment.operation = PaymentOperation::financing_consumer;
    payment.price = Price{Amount{10000}, Amount{0}};
    if (with_host_urls) payment.urls.host_urls = {"https://shop.example"};
    payment.urls.complete_url = "https://shop.example/complete";
    payment.urls.cancel_url = "https://shop.example/cancel";
    return payment;
}

Payment authorized(Amount captured, Amount cancelled, Amount reversed) {
    Payment payment = fresh_financing();
    payment.authorization_completed = true;
    payment.authorized = Amount{10000};
    payment.captured = captured;
    payment.cancelled = cancelled;
    payment.reversed = reversed;
    return payment;
}

Payment in_state(PaymentState state) {
    Payment payment = fresh_financing();
    payment.state = state;
    return payment;
}

Payment fresh_verify(bool with_host_urls) {
    Payment payment = fresh_financing(with_host_urls);
    payment.operation = PaymentOperation::verify;
    payment.price.reset();
    return payment;
}

struct Row {
    std::string name;
    Payment payment;
    std::vector<OperationRel> merchant;
};

class StateOperationsTable : public ::testing::TestWithParam<Row> {};

TEST_P(StateOperationsTable, OffersExactlyTheRowsOperationsInOrder) {
    EXPECT_EQ(GetParam().merchant, merchant_operations(GetParam().payment));
}

INSTANTIATE_TEST_SUITE_P(
    Spec, StateOperationsTable,
    ::testing::Values(
        Row{"F1_created",
            fresh_financing(),
            {create_approved_legal_address, create_authorization, update_payment_abort,
             redirect_authorization, view_authorization}},
        Row{"F1_without_host_urls",
            fresh_financing(false),
            {create_approved_legal_address, create_authorization, update_payment_abort,
             redirect_authorization}},
        Row{"F2_pending", in_state(PaymentState::pending), {}},
        Row{"F3_authorized",
            authorized(Amount{0}, Amount{0}, Amount{0}),
            {create_cancellation, create_capture, paid_payment}},
        Row{"F4_partly_captured",
            authorized(Amount{1001}, Amount{0}, Amount{0}),
            {create_cancellation, create_capture, create_reversal, paid_payment}},
        Row{"F4_partly_captured_fully_reversed",
            authorized(Amount{1001}, Amount{0}, Amount{1001}),
            {create_cancellation, create_capture, paid_payment}},
        Row{"F5_fully_captured",
            authorized(Amount{10000}, Amount{0}, Amount{0}),
            {create_reversal, paid_payment}},
        Row{"F5_captured_and_cancelled",
            authorized(Amount{1001}, Amount{8999}, Amount{1}),
            {create_reversal, paid_payment}},
        Row{"F5_cancelled_only", authorized(Amount{0}, Amount{10000}, Amount{0}), {paid_payment}},
        Row{"F6_aborted", in_state(PaymentState::aborted), {aborted_payment}},
        Row{"F7_failed", in_state(PaymentState::failed), {failed_payment}},
        Row{"V1_created",
            fresh_verify(true),
            {update_payment_abort, create_verification, redirect_verification, view_verification}},
        Row{"V1_without_host_urls",
            fresh_verify(false),
            {update_payment_abort, create_verification, redirect_verification}}),
    [](const ::testing::TestParamInfo<Row>& row) { return row.param.name; });

TEST(PayerOperations, FollowTheUiTable) {
    Payment payment = fresh_financing();
    EXPECT_EQ((std::vector{create_approved_legal_address, create_authorization,
                           redirect_merchant_cancel}),
              payer_operations(payment));
    payment.urls.cancel_url.reset();
    EXPECT_EQ((std::vector{create_approved_legal_address, create_authorization}),
              payer_operations(payment));
    EXPECT_EQ(std::vector{redirect_merchant_complete},
              payer_operations(authorized(Amount{0}, Amount{0}, Amount{0})));
    EXPECT_EQ(std::vector{redirect_merchant_complete},
              payer_operations(in_state(PaymentState::failed)));
    EXPECT_EQ(std::vector{redirect_merchant_cancel},
              payer_operations(in_state(PaymentState::aborted)));
    EXPECT_TRUE(payer_operations(in_state(PaymentState::pending)).empty());
}

TEST(LookupLimit, AnExhaustedLookupIsNotOffered) {
    Payment payment = fresh_financing();
    payment.failed_lookups = failed_lookups_max - 1;
    EXPECT_EQ(create_approved_legal_address, merchant_operations(payment).front());
    EXPECT_EQ(create_approved_legal_address, payer_operations(payment).front());
    payment.failed_lookups = failed_lookups_max;
    EXPECT_EQ((std::vector{create_authorization, update_payment_abort, redirect_authorization,
                           view_authorization}),
              merchant_operations(payment));
    EXPECT_EQ((std::vector{create_authorization, redirect_merchant_cancel}),
              payer_operations(payment));
}

}  // namespace
}  // namespace faktura::domain
