// Tests captures, the cancellation and reversals (spec §4.3, §5.2, §14–§16, §26.3) as tables of
// payments in a known situation and the exact outcome, then the recorded flow end to end and the
// invoice a capture produces (number, dates, payment reference per country).
#include "domain/capture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "domain/operations.hpp"

namespace faktura::domain {
namespace {

// 2020-05-22T09:41:50Z, the instant of the recorded capture (reconciliationNumber 737566).
const Timestamp capture_at = timestamp_from_seconds(1590140510);
const Timestamp created_at = timestamp_from_seconds(1590139652);

const NewTransactionIdentity identity{"22956189-30ef-472a-2676-08d7fcb656c0", 41100171210, "", ""};

Payment fresh_payment(Amount price_vat = Amount{0}) {
    Payment payment;
    payment.id = "d6dcaf55-3bb1-4e46-7f92-08d7fcb653b9";
    payment.payee_id = "cdff105b-1879-4d10-a83b-7bd7115cffef";
    payment.created_at = created_at;
    payment.updated_at = created_at;
    payment.price = Price{Amount{10000}, price_vat};
    payment.description = "test description";
    payment.payee_info.payee_reference = "someUniqueReference1590139652";
    payment.urls.host_urls = {"https://shop.example"};
    return payment;
}

// A payment whose authorization of 10000 completed, with the given captured, cancelled and reversed
// amounts: F3 when all are 0, F4 while something is left, F5 when nothing is.
Payment authorized(std::int64_t captured, std::int64_t cancelled = 0, std::int64_t reversed = 0,
                   Amount price_vat = Amount{0}) {
    Payment payment = fresh_payment(price_vat);
    payment.authorization_completed = true;
    payment.authorized = Amount{10000};
    payment.captured = Amount{captured};
    payment.cancelled = Amount{cancelled};
    payment.reversed = Amount{reversed};
    payment.transaction_counts.authorizations = 1;
    return payment;
}

Payment in_state(PaymentState state) {
    Payment payment = fresh_payment();
    payment.state = state;
    return payment;
}

Payment verified() {
    Payment payment = fresh_payment();
    payment.operation = PaymentOperation::verify;
    payment.price.reset();
    payment.authorization_completed = true;
    return payment;
}

// A capture whose lines add up: one item and one VAT line of 25 %.
CaptureCommand capture_of(std::int64_t amount, std::int64_t vat_amount = 0) {
    return CaptureCommand{.amount = Amount{amount},
                          .vat_amount = Amount{vat_amount},
                          .payee_reference = "capture-ref-1",
                          .receipt_reference = std::nullopt,
                          .description = "description for transaction",
                          .item_descriptions = {{Amount{amount}, "item description 1"}},
                          .vat_summary = {{Amount{amount}, VatRate{2500}, Amount{vat_amount}}}};
}

// The recorded capture body (§14.1): its VAT numbers are not arithmetically consistent and are
// accepted anyway.
CaptureCommand recorded_capture() {
    return CaptureCommand{.amount = Amount{1001},
                          .vat_amount = Amount{375},
                          .payee_reference = "someUniqueReference1590140509",
                          .receipt_reference = std::nullopt,
                          .description = "description for transaction",
                          .item_descriptions = {{Amount{1000}, "item description 1"},
                                                {Amount{1}, "item description 2"}},
                          .vat_summary = {{Amount{1001}, VatRate{0}, Amount{375}}}};
}

CaptureCommand with_items(CaptureCommand command, std::vector<ItemDescription> items) {
    command.item_descriptions = std::move(items);
    return command;
}

CaptureCommand with_vat_summary(CaptureCommand command, std::vector<VatSummaryLine> lines) {
    command.vat_summary = std::move(lines);
    return command;
}

ReverseCommand reverse_of(std::int64_t amount) {
    return ReverseCommand{.amount = Amount{amount},
                          .vat_amount = Amount{0},
                          .payee_reference = "someUniqueReference1590140649",
                          .receipt_reference = "ABC855",
                          .description = "Reversal of invoice transaction"};
}

const CancelCommand cancel_command{"someUniqueReference1590140739", "test cancellation."};

FieldProblem not_allowed(const std::string& operation) {
    return {operation, operation + " is not allowed in the current state of the payment."};
}

const FieldProblem items_problem{
    "Transaction.ItemDescriptions",
    "The sum of the item descriptions' amounts must equal the amount."};
const FieldProblem vat_lines_amount_problem{
    "Transaction.VatSummary", "The sum of the VAT summary's amounts must equal the amount."};
const FieldProblem vat_lines_vat_problem{
    "Transaction.VatSummary",
    "The sum of the VAT summary's VAT amounts must equal the VAT amount."};

// What a table row expects: either the new captured/cancelled/reversed total, or this error.
struct Outcome {
    std::optional<ErrorCode> error;
    std::vector<FieldProblem> problems;
    Amount total;  // Captured after a capture, reversed after a reversal.

    static Outcome accepted(std::int64_t total) { return {std::nullopt, {}, Amount{total}}; }
    static Outcome refused(ErrorCode code, std::vector<FieldProblem> problems) {
        return {code, std::move(problems), Amount{}};
    }
};

std::string describe(const Error& error) {
    std::string text;
    for (const FieldProblem& problem : error.problems)
        text += problem.name + ": " + problem.description + "; ";
    return text;
}

// ---- capture ----

struct CaptureCase {
    std::string name;
    Payment payment;
    CaptureCommand command;
    Outcome expected;
};

std::ostream& operator<<(std::ostream& out, const CaptureCase& c) { return out << c.name; }

class CaptureRules : public testing::TestWithParam<CaptureCase> {};

TEST_P(CaptureRules, AcceptsExactlyWhatIsLeftToCapture) {
    const CaptureCase& c = GetParam();
    const Payment before = c.payment;
    const auto result = capture(c.payment, c.command, identity, capture_at);
    EXPECT_TRUE(before == c.payment);
    if (c.expected.error) {
        ASSERT_FALSE(result);
        EXPECT_EQ(*c.expected.error, result.error().code);
        EXPECT_EQ(c.expected.problems, result.error().problems);
        return;
    }
    ASSERT_TRUE(result) << describe(result.error());
    const Payment& next = result->payment;
    EXPECT_EQ(c.expected.total, next.captured);
    EXPECT_EQ(Amount{10000} - c.expected.total - c.payment.cancelled, next.remaining_capture());
    EXPECT_EQ(next.remaining_capture(), next.remaining_cancellation());
    EXPECT_EQ(c.expected.total - c.payment.reversed, next.remaining_reversal());
    EXPECT_EQ(c.payment.cancelled, next.cancelled);
    EXPECT_EQ(c.payment.reversed, next.reversed);
    EXPECT_EQ(c.payment.authorized, next.authorized);
    EXPECT_EQ(c.payment.transaction_counts.captures + 1, next.transaction_counts.captures);
    EXPECT_EQ(capture_at, next.updated_at);
    EXPECT_EQ(c.command.amount, result->transaction.amount);
}

const ErrorCode too_high = ErrorCode::capture_exceeds_capturable_amount;
const ErrorCode invalid = ErrorCode::request_invalid;
const ErrorCode forbidden = ErrorCode::operation_not_allowed_in_state;
const FieldProblem capture_too_high{"Capture", "Capture amount too high."};

INSTANTIATE_TEST_SUITE_P(
    Spec, CaptureRules,
    testing::Values(
        CaptureCase{"F3_partial", authorized(0), capture_of(1001), Outcome::accepted(1001)},
        CaptureCase{"F3_whole", authorized(0), capture_of(10000), Outcome::accepted(10000)},
        CaptureCase{"F4_repeated", authorized(1001), capture_of(2000), Outcome::accepted(3001)},
        CaptureCase{"F4_exactly_remaining", authorized(1001), capture_of(8999),
                    Outcome::accepted(10000)},
        CaptureCase{"F4_reversal_does_not_free_capturable", authorized(1001, 0, 1001),
                    capture_of(8999), Outcome::accepted(10000)},
        CaptureCase{"F4_after_reversal_one_above", authorized(1001, 0, 1001), capture_of(9000),
                    Outcome::refused(too_high, {capture_too_high})},
        CaptureCase{"F3_one_above_authorized", authorized(0), capture_of(10001),
                    Outcome::refused(too_high, {capture_too_high})},
        CaptureCase{"F4_one_above_remaining", authorized(1001), capture_of(9000),
                    Outcome::refused(too_high, {capture_too_high})},
        CaptureCase{"F4_far_above", authorized(9999), capture_of(2147483647),
                    Outcome::refused(too_high, {capture_too_high})},
        CaptureCase{"recorded_example", authorized(0), recorded_capture(), Outcome::accepted(1001)},
        CaptureCase{"items_do_not_add_up", authorized(0),
                    with_items(capture_of(1001), {{Amount{1000}, "item description 1"}}),
                    Outcome::refused(invalid, {items_problem})},
        CaptureCase{
            "vat_lines_amount_do_not_add_up", authorized(0),
            with_vat_summary(capture_of(1001, 200), {{Amount{1000}, VatRate{2500}, Amount{200}}}),
            Outcome::refused(invalid, {vat_lines_amount_problem})},
        CaptureCase{
            "vat_lines_vat_do_not_add_up", authorized(0),
            with_vat_summary(capture_of(1001, 200), {{Amount{1001}, VatRate{2500}, Amount{199}}}),
            Outcome::refused(invalid, {vat_lines_vat_problem})},
        CaptureCase{
            "vat_lines_split_add_up", authorized(0),
            with_vat_summary(capture_of(5000, 1000), {{Amount{4000}, VatRate{2500}, Amount{1000}},
                                                      {Amount{1000}, VatRate{0}, Amount{0}}}),
            Outcome::accepted(5000)},
        CaptureCase{"nothing_adds_up", authorized(0),
                    with_vat_summary(with_items(capture_of(1001, 200), {}), {}),
                    Outcome::refused(invalid, {items_problem, vat_lines_amount_problem,
                                               vat_lines_vat_problem})},
        CaptureCase{"sums_are_checked_before_the_amount", authorized(9999),
                    with_items(capture_of(5000), {}), Outcome::refused(invalid, {items_problem})},
        CaptureCase{"F1_not_authorized", fresh_payment(), capture_of(1001),
                    Outcome::refused(forbidden, {not_allowed("Capture")})},
        CaptureCase{"F2_pending", in_state(PaymentState::pending), capture_of(1001),
                    Outcome::refused(forbidden, {not_allowed("Capture")})},
        CaptureCase{"F5_fully_captured", authorized(10000), capture_of(1),
                    Outcome::refused(forbidden, {not_allowed("Capture")})},
        CaptureCase{"F5_cancelled", authorized(1001, 8999), capture_of(1),
                    Outcome::refused(forbidden, {not_allowed("Capture")})},
        CaptureCase{"F6_aborted", in_state(PaymentState::aborted), capture_of(1001),
                    Outcome::refused(forbidden, {not_allowed("Capture")})},
        CaptureCase{"F7_failed", in_state(PaymentState::failed), capture_of(1001),
                    Outcome::refused(forbidden, {not_allowed("Capture")})},
        CaptureCase{"V2_verified", verified(), capture_of(1),
                    Outcome::refused(forbidden, {not_allowed("Capture")})}),
    [](const testing::TestParamInfo<CaptureCase>& row) { return row.param.name; });

TEST(Capture, SplitVatLinesAboveTheAuthorizationAreStillTooHigh) {
    // The docs' example (13500) is above the recorded authorization (10000): the sums hold, the
    // amount does not.
    const auto result = capture(
        authorized(0),
        with_vat_summary(capture_of(13500, 2500), {{Amount{12500}, VatRate{2500}, Amount{2500}},
                                                   {Amount{1000}, VatRate{0}, Amount{0}}}),
        identity, capture_at);
    ASSERT_FALSE(result);
    EXPECT_EQ(too_high, result.error().code);
}

TEST(Capture, RecordsTheTransactionAsRecorded) {
    const auto result = capture(authorized(0), recorded_capture(), identity, capture_at);
    ASSERT_TRUE(result);
    const Transaction& transaction = result->transaction;
    EXPECT_EQ("22956189-30ef-472a-2676-08d7fcb656c0", transaction.id);
    EXPECT_EQ("d6dcaf55-3bb1-4e46-7f92-08d7fcb653b9", transaction.payment_id);
    EXPECT_EQ(TransactionType::capture, transaction.type);
    EXPECT_EQ(TransactionState::completed, transaction.state);
    EXPECT_EQ(41100171210, transaction.number);
    EXPECT_EQ(capture_at, transaction.created_at);
    EXPECT_EQ(capture_at, transaction.updated_at);
    EXPECT_EQ(Amount{1001}, transaction.amount);
    EXPECT_EQ(Amount{375}, transaction.vat_amount);
    EXPECT_EQ("description for transaction", transaction.description);
    EXPECT_EQ("someUniqueReference1590140509", transaction.payee_reference);
    EXPECT_FALSE(transaction.receipt_reference);
    EXPECT_FALSE(transaction.failure);
    EXPECT_FALSE(transaction.is_operational);
    EXPECT_EQ(737566, transaction.reconciliation_number);
    EXPECT_EQ(Amount{8999}, result->payment.remaining_capture());
    EXPECT_EQ(Amount{1001}, result->payment.remaining_reversal());
}

TEST(Capture, KeepsTheReceiptReference) {
    CaptureCommand command = capture_of(1001);
    command.receipt_reference = "ABC855";
    const auto result = capture(authorized(0), command, identity, capture_at);
    ASSERT_TRUE(result);
    EXPECT_EQ("ABC855", result->transaction.receipt_reference);
}

// Spec §14.1 and §16.1: 1 ≤ amount. A negative capture would lower `captured` (and a negative
// reversal `reversed`) without breaking ensure_money_invariants, so the domain must refuse it
// whatever the codec does.
TEST(Capture, RejectsAmountBelowOne) {
    for (const std::int64_t amount : {0, -5}) {
        SCOPED_TRACE(testing::Message() << "amount " << amount);
        const auto result = capture(authorized(100), capture_of(amount), identity, capture_at);
        EXPECT_FALSE(result) << "captured becomes " << result->payment.captured.minor;
        if (result) continue;
        EXPECT_EQ(invalid, result.error().code);
        ASSERT_FALSE(result.error().problems.empty());
        EXPECT_EQ("Transaction.Amount", result.error().problems.at(0).name);
    }
}

TEST(Reverse, RejectsAmountBelowOne) {
    for (const std::int64_t amount : {0, -1}) {
        SCOPED_TRACE(testing::Message() << "amount " << amount);
        const auto result =
            reverse(authorized(100, 0, 50), reverse_of(amount), identity, capture_at);
        EXPECT_FALSE(result) << "reversed becomes " << result->payment.reversed.minor;
        if (result) continue;
        EXPECT_EQ(invalid, result.error().code);
        ASSERT_FALSE(result.error().problems.empty());
        EXPECT_EQ("Transaction.Amount", result.error().problems.at(0).name);
    }
}

// ---- cancel ----

struct CancelCase {
    std::string name;
    Payment payment;
    std::optional<std::int64_t> cancelled_amount;  // nullopt: refused as not allowed.
};

std::ostream& operator<<(std::ostream& out, const CancelCase& c) { return out << c.name; }

class CancelRules : public testing::TestWithParam<CancelCase> {};

TEST_P(CancelRules, CancelsTheWholeRemainder) {
    const CancelCase& c = GetParam();
    const auto result = cancel(c.payment, cancel_command, Amount{0}, identity, capture_at);
    if (!c.cancelled_amount) {
        ASSERT_FALSE(result);
        EXPECT_EQ(forbidden, result.error().code);
        EXPECT_EQ(std::vector<FieldProblem>{not_allowed("Cancellation")}, result.error().problems);
        return;
    }
    ASSERT_TRUE(result);
    EXPECT_EQ(Amount{*c.cancelled_amount}, result->transaction.amount);
    EXPECT_EQ(Amount{*c.cancelled_amount}, result->payment.cancelled);
    EXPECT_EQ(Amount{0}, result->payment.remaining_capture());
    EXPECT_EQ(Amount{0}, result->payment.remaining_cancellation());
    EXPECT_EQ(c.payment.captured, result->payment.captured);
    EXPECT_EQ(c.payment.remaining_reversal(), result->payment.remaining_reversal());
    EXPECT_EQ(1, result->payment.transaction_counts.cancellations);
    // Once cancelled, neither a capture nor a second cancellation is offered (F5).
    const auto again = cancel(result->payment, cancel_command, Amount{0}, identity, capture_at);
    ASSERT_FALSE(again);
    EXPECT_EQ(forbidden, again.error().code);
    EXPECT_FALSE(capture(result->payment, capture_of(1), identity, capture_at));
}

INSTANTIATE_TEST_SUITE_P(
    Spec, CancelRules,
    testing::Values(CancelCase{"F3_nothing_captured", authorized(0), 10000},
                    CancelCase{"F4_partly_captured", authorized(1001), 8999},
                    CancelCase{"F4_captured_and_reversed", authorized(1001, 0, 1), 8999},
                    CancelCase{"F4_one_left", authorized(9999), 1},
                    CancelCase{"F1_not_authorized", fresh_payment(), std::nullopt},
                    CancelCase{"F2_pending", in_state(PaymentState::pending), std::nullopt},
                    CancelCase{"F5_fully_captured", authorized(10000), std::nullopt},
                    CancelCase{"F5_already_cancelled", authorized(1001, 8999), std::nullopt},
                    CancelCase{"F6_aborted", in_state(PaymentState::aborted), std::nullopt},
                    CancelCase{"F7_failed", in_state(PaymentState::failed), std::nullopt},
                    CancelCase{"V2_verified", verified(), std::nullopt}),
    [](const testing::TestParamInfo<CancelCase>& row) { return row.param.name; });

struct CancelVatCase {
    std::string name;
    std::int64_t authorized_vat;
    std::int64_t captured_vat;
    std::int64_t expected_vat;
};

std::ostream& operator<<(std::ostream& out, const CancelVatCase& c) { return out << c.name; }

class CancelVat : public testing::TestWithParam<CancelVatCase> {};

TEST_P(CancelVat, IsWhatIsLeftOfTheAuthorizationsVat) {
    const CancelVatCase& c = GetParam();
    const auto result = cancel(authorized(1001, 0, 0, Amount{c.authorized_vat}), cancel_command,
                               Amount{c.captured_vat}, identity, capture_at);
    ASSERT_TRUE(result);
    EXPECT_EQ(Amount{c.expected_vat}, result->transaction.vat_amount);
}

INSTANTIATE_TEST_SUITE_P(Spec, CancelVat,
                         testing::Values(CancelVatCase{"nothing_captured", 2500, 0, 2500},
                                         CancelVatCase{"partly", 2500, 1000, 1500},
                                         CancelVatCase{"all", 2500, 2500, 0},
                                         CancelVatCase{"captures_carried_more_vat", 2500, 3000, 0},
                                         CancelVatCase{"recorded", 0, 375, 0}),
                         [](const testing::TestParamInfo<CancelVatCase>& row) {
                             return row.param.name;
                         });

TEST(Cancel, RecordsACompletedCancellationWithoutReconciliationNumber) {
    const auto result = cancel(authorized(1001), cancel_command, Amount{375}, identity, capture_at);
    ASSERT_TRUE(result);
    const Transaction& transaction = result->transaction;
    EXPECT_EQ(TransactionType::cancellation, transaction.type);
    EXPECT_EQ(TransactionState::completed, transaction.state);
    EXPECT_EQ(identity.id, transaction.id);
    EXPECT_EQ(identity.number, transaction.number);
    EXPECT_EQ(Amount{8999}, transaction.amount);
    EXPECT_EQ(Amount{0}, transaction.vat_amount);
    EXPECT_EQ("test cancellation.", transaction.description);
    EXPECT_EQ("someUniqueReference1590140739", transaction.payee_reference);
    EXPECT_FALSE(transaction.receipt_reference);
    EXPECT_FALSE(transaction.is_operational);
    EXPECT_FALSE(transaction.reconciliation_number) << "§15.1: none on cancellations";
    EXPECT_EQ(capture_at, result->payment.updated_at);
}

// ---- reverse ----

struct ReverseCase {
    std::string name;
    Payment payment;
    std::int64_t amount;
    Outcome expected;
};

std::ostream& operator<<(std::ostream& out, const ReverseCase& c) { return out << c.name; }

class ReverseRules : public testing::TestWithParam<ReverseCase> {};

TEST_P(ReverseRules, ReversesUpToWhatIsCapturedAndNotReversed) {
    const ReverseCase& c = GetParam();
    const auto result = reverse(c.payment, reverse_of(c.amount), identity, capture_at);
    if (c.expected.error) {
        ASSERT_FALSE(result);
        EXPECT_EQ(*c.expected.error, result.error().code);
        EXPECT_EQ(c.expected.problems, result.error().problems);
        return;
    }
    ASSERT_TRUE(result);
    const Payment& next = result->payment;
    EXPECT_EQ(c.expected.total, next.reversed);
    EXPECT_EQ(c.payment.captured - c.expected.total, next.remaining_reversal());
    EXPECT_EQ(c.payment.captured, next.captured);
    EXPECT_EQ(c.payment.cancelled, next.cancelled);
    EXPECT_EQ(c.payment.remaining_capture(), next.remaining_capture())
        << "a reversal frees nothing for capture";
    EXPECT_EQ(c.payment.transaction_counts.reversals + 1, next.transaction_counts.reversals);
}

const ErrorCode reversal_too_high = ErrorCode::reversal_exceeds_reversible_amount;
const FieldProblem reversal_too_high_problem{"Reversal", "Reversal amount too high."};

INSTANTIATE_TEST_SUITE_P(
    Spec, ReverseRules,
    testing::Values(
        ReverseCase{"recorded_one", authorized(1001), 1, Outcome::accepted(1)},
        ReverseCase{"everything_captured", authorized(1001), 1001, Outcome::accepted(1001)},
        ReverseCase{"repeated_up_to_rest", authorized(1001, 0, 1), 1000, Outcome::accepted(1001)},
        ReverseCase{"after_cancellation_F5", authorized(1001, 8999, 1), 500,
                    Outcome::accepted(501)},
        ReverseCase{"fully_captured_F5", authorized(10000), 10000, Outcome::accepted(10000)},
        ReverseCase{"one_above_captured", authorized(1001), 1002,
                    Outcome::refused(reversal_too_high, {reversal_too_high_problem})},
        ReverseCase{"one_above_rest", authorized(1001, 0, 1), 1001,
                    Outcome::refused(reversal_too_high, {reversal_too_high_problem})},
        ReverseCase{"F3_nothing_captured", authorized(0), 1,
                    Outcome::refused(forbidden, {not_allowed("Reversal")})},
        ReverseCase{"fully_reversed", authorized(1001, 0, 1001), 1,
                    Outcome::refused(forbidden, {not_allowed("Reversal")})},
        ReverseCase{"cancelled_nothing_captured", authorized(0, 10000), 1,
                    Outcome::refused(forbidden, {not_allowed("Reversal")})},
        ReverseCase{"F1_not_authorized", fresh_payment(), 1,
                    Outcome::refused(forbidden, {not_allowed("Reversal")})},
        ReverseCase{"F2_pending", in_state(PaymentState::pending), 1,
                    Outcome::refused(forbidden, {not_allowed("Reversal")})},
        ReverseCase{"F6_aborted", in_state(PaymentState::aborted), 1,
                    Outcome::refused(forbidden, {not_allowed("Reversal")})},
        ReverseCase{"F7_failed", in_state(PaymentState::failed), 1,
                    Outcome::refused(forbidden, {not_allowed("Reversal")})}),
    [](const testing::TestParamInfo<ReverseCase>& row) { return row.param.name; });

TEST(Reverse, RecordsTheTransactionAsRecorded) {
    const auto result = reverse(authorized(1001), reverse_of(1), identity, capture_at);
    ASSERT_TRUE(result);
    const Transaction& transaction = result->transaction;
    EXPECT_EQ(TransactionType::reversal, transaction.type);
    EXPECT_EQ(TransactionState::completed, transaction.state);
    EXPECT_EQ(Amount{1}, transaction.amount);
    EXPECT_EQ(Amount{0}, transaction.vat_amount);
    EXPECT_EQ("Reversal of invoice transaction", transaction.description);
    EXPECT_EQ("someUniqueReference1590140649", transaction.payee_reference);
    EXPECT_EQ("ABC855", transaction.receipt_reference);
    EXPECT_FALSE(transaction.is_operational);
    EXPECT_EQ(737566, transaction.reconciliation_number);
    EXPECT_EQ(capture_at, result->payment.updated_at);
}

// ---- the recorded flow (§4.3 worked example) ----

TEST(RecordedFlow, AuthorizeCaptureReverseCancel) {
    using enum OperationRel;
    Payment payment = fresh_payment();
    AuthorizeCommand command{.social_security_number = "196003071161",
                             .customer_number = std::nullopt,
                             .email = std::nullopt,
                             .msisdn = "+46739000001",
                             .ip = "127.0.0.1",
                             .legal_address = AddressInput{.addressee = "Azra Oliveira",
                                                           .co_address = std::nullopt,
                                                           .street_address = "Helgestavägen 9",
                                                           .zip_code = "19792",
                                                           .city = "Bro",
                                                           .country = Country::se},
                             .billing_address = std::nullopt};
    const auto input = validate_authorization(payment, command, CivilDate{2020, 5, 22});
    ASSERT_TRUE(input);
    const auto authorization = authorize(
        payment, *input, CreditDecision{CreditOutcome::completed, std::nullopt, std::nullopt},
        NewTransactionIdentity{"e374c4a4-6073-4f4c-7a57-08d7fcb6e19e", 41100171206, "", ""}, 3,
        timestamp_from_seconds(1590139667));
    ASSERT_TRUE(authorization);
    payment = authorization->payment;
    EXPECT_EQ(Amount{10000}, payment.remaining_capture());
    EXPECT_EQ(Amount{0}, payment.remaining_reversal());

    const auto captured = capture(payment, recorded_capture(), identity, capture_at);
    ASSERT_TRUE(captured);
    payment = captured->payment;
    EXPECT_EQ(Amount{8999}, payment.remaining_capture());
    EXPECT_EQ(Amount{8999}, payment.remaining_cancellation());
    EXPECT_EQ(Amount{1001}, payment.remaining_reversal());
    EXPECT_EQ((std::vector<OperationRel>{create_cancellation, create_capture, create_reversal,
                                         paid_payment}),
              merchant_operations(payment));

    const auto reversed =
        reverse(payment, reverse_of(1), identity, timestamp_from_seconds(1590140650));
    ASSERT_TRUE(reversed);
    payment = reversed->payment;
    EXPECT_EQ(Amount{1000}, payment.remaining_reversal());
    EXPECT_EQ(Amount{8999}, payment.remaining_capture());

    const auto cancelled =
        cancel(payment, cancel_command, Amount{375}, identity, timestamp_from_seconds(1590140740));
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(Amount{8999}, cancelled->transaction.amount);
    EXPECT_EQ(Amount{0}, cancelled->transaction.vat_amount);
    payment = cancelled->payment;
    EXPECT_EQ(Amount{0}, payment.remaining_capture());
    EXPECT_EQ(Amount{0}, payment.remaining_cancellation());
    EXPECT_EQ(Amount{1000}, payment.remaining_reversal());
    EXPECT_EQ((std::vector<OperationRel>{create_reversal, paid_payment}),
              merchant_operations(payment));
    EXPECT_EQ(
        (TransactionCounts{.authorizations = 1, .captures = 1, .cancellations = 1, .reversals = 1}),
        payment.transaction_counts);
    EXPECT_EQ(timestamp_from_seconds(1590140740), payment.updated_at);
}

// ---- reconciliation numbers, VAT rates ----

struct ReconciliationCase {
    std::string name;
    Timestamp at;
    std::int64_t expected;
};

std::ostream& operator<<(std::ostream& out, const ReconciliationCase& c) { return out << c.name; }

class ReconciliationNumber : public testing::TestWithParam<ReconciliationCase> {};

TEST_P(ReconciliationNumber, CountsDaysFromYearOne) {
    EXPECT_EQ(GetParam().expected, reconciliation_number_of(GetParam().at));
}

INSTANTIATE_TEST_SUITE_P(
    Spec, ReconciliationNumber,
    testing::Values(
        ReconciliationCase{"recorded_capture", timestamp_from_seconds(1590140510), 737566},
        ReconciliationCase{"start_of_that_day", timestamp_from_seconds(1590105600), 737566},
        ReconciliationCase{"last_tick_of_that_day",
                           Timestamp{timestamp_from_seconds(1590192000).unix_100ns - 1}, 737566},
        ReconciliationCase{"next_day", timestamp_from_seconds(1590192000), 737567},
        ReconciliationCase{"epoch", timestamp_from_seconds(0), 719162},
        ReconciliationCase{"before_epoch", timestamp_from_seconds(-1), 719161},
        ReconciliationCase{"year_one", timestamp_from_seconds(-62135596800), 0}),
    [](const testing::TestParamInfo<ReconciliationCase>& row) { return row.param.name; });

TEST(VatRate, AllowsExactlyTheListedRates) {
    for (const std::int32_t rate : {0, 600, 800, 1000, 1200, 1400, 1500, 2200, 2400, 2500}) {
        EXPECT_TRUE(is_allowed_vat_rate(VatRate{rate})) << rate;
    }
    for (const std::int32_t rate : {-2500, 1, 25, 599, 601, 2000, 2499, 2501, 10000}) {
        EXPECT_FALSE(is_allowed_vat_rate(VatRate{rate})) << rate;
    }
}

// ---- make_invoice ----

Timestamp at_utc(int year, unsigned month, unsigned day, int hour = 12) {
    const std::chrono::sys_days date{std::chrono::year{year} / std::chrono::month{month} /
                                     std::chrono::day{day}};
    return timestamp_from_seconds(std::int64_t{date.time_since_epoch().count()} * 86400 +
                                  std::int64_t{hour} * 3600);
}

Transaction capture_transaction_at(Timestamp at) {
    Transaction transaction;
    transaction.id = "22956189-30ef-472a-2676-08d7fcb656c0";
    transaction.type = TransactionType::capture;
    transaction.created_at = at;
    transaction.updated_at = at;
    return transaction;
}

Payment payment_in(InvoiceType type) {
    Payment payment = authorized(0);
    payment.invoice_type = type;
    payment.currency = currency_of(type);
    return payment;
}

MerchantSettings settings_of(std::int32_t due_days, KidAlgorithm kid = KidAlgorithm::mod10) {
    MerchantSettings settings;
    settings.invoice_due_days = due_days;
    settings.kid_algorithm = kid;
    return settings;
}

TEST(MakeInvoice, NumbersFromTheSeriesAndCopiesTheLines) {
    const CaptureCommand command = recorded_capture();
    const Invoice invoice =
        make_invoice(payment_in(InvoiceType::payex_financing_se),
                     capture_transaction_at(capture_at), command, 1, settings_of(14));
    EXPECT_EQ(10000001, invoice.invoice_number);
    EXPECT_EQ("22956189-30ef-472a-2676-08d7fcb656c0", invoice.transaction_id);
    EXPECT_EQ("d6dcaf55-3bb1-4e46-7f92-08d7fcb653b9", invoice.payment_id);
    EXPECT_EQ((CivilDate{2020, 5, 22}), invoice.issue_date);
    EXPECT_EQ((CivilDate{2020, 6, 5}), invoice.due_date);
    EXPECT_EQ(command.item_descriptions, invoice.item_descriptions);
    EXPECT_EQ(command.vat_summary, invoice.vat_summary);
    EXPECT_EQ(10000042,
              make_invoice(payment_in(InvoiceType::payex_financing_se),
                           capture_transaction_at(capture_at), command, 42, settings_of(14))
                  .invoice_number);
}

TEST(MakeInvoice, IssueDateIsTheCapturesLocalDateInThePaymentsCountry) {
    const auto issue_date = [](InvoiceType type, Timestamp at) {
        return make_invoice(payment_in(type), capture_transaction_at(at), recorded_capture(), 1,
                            settings_of(14))
            .issue_date;
    };
    // Summer: Sweden and Norway at UTC+2, Finland at UTC+3.
    EXPECT_EQ((CivilDate{2020, 5, 22}),
              issue_date(InvoiceType::payex_financing_se, at_utc(2020, 5, 22, 21)));
    EXPECT_EQ((CivilDate{2020, 5, 23}),
              issue_date(InvoiceType::payex_financing_se, at_utc(2020, 5, 22, 22)));
    EXPECT_EQ((CivilDate{2020, 5, 23}),
              issue_date(InvoiceType::payex_financing_no, at_utc(2020, 5, 22, 23)));
    EXPECT_EQ((CivilDate{2020, 5, 22}),
              issue_date(InvoiceType::payex_financing_fi, at_utc(2020, 5, 22, 20)));
    EXPECT_EQ((CivilDate{2020, 5, 23}),
              issue_date(InvoiceType::payex_financing_fi, at_utc(2020, 5, 22, 21)));
    // Winter: UTC+1 and UTC+2.
    EXPECT_EQ((CivilDate{2020, 1, 15}),
              issue_date(InvoiceType::payex_financing_se, at_utc(2020, 1, 15, 22)));
    EXPECT_EQ((CivilDate{2020, 1, 16}),
              issue_date(InvoiceType::payex_financing_se, at_utc(2020, 1, 15, 23)));
    EXPECT_EQ((CivilDate{2020, 1, 16}),
              issue_date(InvoiceType::payex_financing_fi, at_utc(2020, 1, 15, 22)));
}

TEST(LocalDate, FollowsTheEuSummerTimeSwitches) {
    // 2020: summer time from 2020-03-29 01:00 UTC to 2020-10-25 01:00 UTC.
    const Timestamp before_spring = Timestamp{at_utc(2020, 3, 29, 1).unix_100ns - 1};
    EXPECT_EQ((CivilDate{2020, 3, 29}), local_date_of(Country::se, before_spring));
    EXPECT_EQ((CivilDate{2020, 3, 28}), local_date_of(Country::se, at_utc(2020, 3, 28, 22)));
    EXPECT_EQ((CivilDate{2020, 10, 24}), local_date_of(Country::se, at_utc(2020, 10, 24, 21)));
    EXPECT_EQ((CivilDate{2020, 10, 25}), local_date_of(Country::se, at_utc(2020, 10, 24, 22)));
    EXPECT_EQ((CivilDate{2020, 12, 31}), local_date_of(Country::no, at_utc(2020, 12, 31, 22)));
    EXPECT_EQ((CivilDate{2021, 1, 1}), local_date_of(Country::no, at_utc(2020, 12, 31, 23)));
}

struct DueDateCase {
    std::string name;
    CivilDate issue_date;
    std::int32_t due_days;
    CivilDate expected;
};

std::ostream& operator<<(std::ostream& out, const DueDateCase& c) { return out << c.name; }

class InvoiceDueDate : public testing::TestWithParam<DueDateCase> {};

TEST_P(InvoiceDueDate, AddsThePayeesDueDays) {
    const DueDateCase& c = GetParam();
    const Timestamp at = at_utc(c.issue_date.year, static_cast<unsigned>(c.issue_date.month),
                                static_cast<unsigned>(c.issue_date.day));
    const Invoice invoice =
        make_invoice(payment_in(InvoiceType::payex_financing_se), capture_transaction_at(at),
                     recorded_capture(), 1, settings_of(c.due_days));
    EXPECT_EQ(c.issue_date, invoice.issue_date);
    EXPECT_EQ(c.expected, invoice.due_date);
}

INSTANTIATE_TEST_SUITE_P(
    Calendar, InvoiceDueDate,
    testing::Values(DueDateCase{"recorded_14", {2020, 5, 22}, 14, {2020, 6, 5}},
                    DueDateCase{"month_end_14", {2021, 4, 20}, 14, {2021, 5, 4}},
                    DueDateCase{"year_end_14", {2020, 12, 25}, 14, {2021, 1, 8}},
                    DueDateCase{"to_leap_day_14", {2020, 2, 15}, 14, {2020, 2, 29}},
                    DueDateCase{"over_leap_day_14", {2020, 2, 20}, 14, {2020, 3, 5}},
                    DueDateCase{"no_leap_day_14", {2021, 2, 15}, 14, {2021, 3, 1}},
                    DueDateCase{"from_leap_day_14", {2024, 2, 29}, 14, {2024, 3, 14}},
                    DueDateCase{"century_not_leap_14", {2100, 2, 20}, 14, {2100, 3, 6}},
                    DueDateCase{"month_end_30", {2021, 1, 31}, 30, {2021, 3, 2}},
                    DueDateCase{"leap_month_end_30", {2020, 1, 31}, 30, {2020, 3, 1}},
                    DueDateCase{"to_leap_day_30", {2024, 1, 30}, 30, {2024, 2, 29}},
                    DueDateCase{"year_end_30", {2019, 12, 15}, 30, {2020, 1, 14}},
                    DueDateCase{"from_leap_day_30", {2020, 2, 29}, 30, {2020, 3, 30}}),
    [](const testing::TestParamInfo<DueDateCase>& row) { return row.param.name; });

struct ReferenceCase {
    std::string name;
    InvoiceType invoice_type;
    KidAlgorithm kid_algorithm;
    std::int64_t invoice_sequence;
    PaymentReference expected;
};

std::ostream& operator<<(std::ostream& out, const ReferenceCase& c) { return out << c.name; }

class InvoicePaymentReference : public testing::TestWithParam<ReferenceCase> {};

TEST_P(InvoicePaymentReference, FollowsTheCountrysScheme) {
    const ReferenceCase& c = GetParam();
    const Invoice invoice =
        make_invoice(payment_in(c.invoice_type), capture_transaction_at(capture_at),
                     recorded_capture(), c.invoice_sequence, settings_of(14, c.kid_algorithm));
    EXPECT_EQ(c.expected.kind, invoice.payment_reference.kind);
    EXPECT_EQ(c.expected.reference, invoice.payment_reference.reference);
    EXPECT_EQ(c.expected.rf_reference, invoice.payment_reference.rf_reference);
    if (invoice.payment_reference.rf_reference) {
        EXPECT_TRUE(is_valid_rf(*invoice.payment_reference.rf_reference));
    }
}

// The expected references were computed by hand with test-data.md §5; the functions named beside
// them give the same.
INSTANTIATE_TEST_SUITE_P(
    TestData, InvoicePaymentReference,
    testing::Values(
        // ocr_with_length_digit("10000001").
        ReferenceCase{"se_ocr_with_length_digit",
                      InvoiceType::payex_financing_se,
                      KidAlgorithm::mod10,
                      1,
                      {PaymentReferenceKind::ocr, "1000000107", std::nullopt}},
        ReferenceCase{"se_ocr_42",
                      InvoiceType::payex_financing_se,
                      KidAlgorithm::mod10,
                      42,
                      {PaymentReferenceKind::ocr, "1000004208", std::nullopt}},
        ReferenceCase{"se_ignores_kid_setting",
                      InvoiceType::payex_financing_se,
                      KidAlgorithm::mod11,
                      1,
                      {PaymentReferenceKind::ocr, "1000000107", std::nullopt}},
        // kid_mod10("10000001").
        ReferenceCase{"no_kid_mod10",
                      InvoiceType::payex_financing_no,
                      KidAlgorithm::mod10,
                      1,
                      {PaymentReferenceKind::kid, "100000017", std::nullopt}},
        // kid_mod11("10000001").
        ReferenceCase{"no_kid_mod11",
                      InvoiceType::payex_financing_no,
                      KidAlgorithm::mod11,
                      1,
                      {PaymentReferenceKind::kid, "100000016", std::nullopt}},
        // kid_mod11("10000013") would end in '-', so the payload gets a 0: kid_mod11("100000130").
        ReferenceCase{"no_kid_mod11_dash_appends_0",
                      InvoiceType::payex_financing_no,
                      KidAlgorithm::mod11,
                      13,
                      {PaymentReferenceKind::kid, "1000001305", std::nullopt}},
        // "10000190" and "100001900" both end in '-': kid_mod11("100001901").
        ReferenceCase{"no_kid_mod11_double_dash_appends_1",
                      InvoiceType::payex_financing_no,
                      KidAlgorithm::mod11,
                      190,
                      {PaymentReferenceKind::kid, "1000019018", std::nullopt}},
        ReferenceCase{"no_kid_mod10_13",
                      InvoiceType::payex_financing_no,
                      KidAlgorithm::mod10,
                      13,
                      {PaymentReferenceKind::kid, kid_mod10("10000013"), std::nullopt}},
        // finnish_reference("10000001") and its RF form.
        ReferenceCase{"fi_reference_and_rf",
                      InvoiceType::payex_financing_fi,
                      KidAlgorithm::mod10,
                      1,
                      {PaymentReferenceKind::finnish_reference, "100000010", "RF69100000010"}},
        ReferenceCase{"fi_reference_42",
                      InvoiceType::payex_financing_fi,
                      KidAlgorithm::mod11,
                      42,
                      {PaymentReferenceKind::finnish_reference, "100000421", "RF30100000421"}}),
    [](const testing::TestParamInfo<ReferenceCase>& row) { return row.param.name; });

TEST(MakeInvoice, ReferencesAgreeWithThePaymentReferenceFunctions) {
    for (const std::int64_t sequence : {1, 13, 99, 190, 1000, 123456}) {
        SCOPED_TRACE(testing::Message() << "sequence " << sequence);
        const std::int64_t number = 10000000 + sequence;
        const std::string payload = std::to_string(number);
        for (const InvoiceType type :
             {InvoiceType::payex_financing_se, InvoiceType::payex_financing_no,
              InvoiceType::payex_financing_fi}) {
            for (const KidAlgorithm kid : {KidAlgorithm::mod10, KidAlgorithm::mod11}) {
                const Invoice invoice =
                    make_invoice(payment_in(type), capture_transaction_at(capture_at),
                                 recorded_capture(), sequence, settings_of(14, kid));
                EXPECT_EQ(number, invoice.invoice_number);
                EXPECT_EQ(make_payment_reference(country_of(type), number, kid),
                          invoice.payment_reference);
                const std::string& reference = invoice.payment_reference.reference;
                switch (type) {
                    case InvoiceType::payex_financing_se:
                        EXPECT_EQ(ocr_with_length_digit(payload), reference);
                        break;
                    case InvoiceType::payex_financing_no:
                        if (kid == KidAlgorithm::mod10) {
                            EXPECT_EQ(kid_mod10(payload), reference);
                        } else {
                            // Either the plain MOD11 KID, or one over the payload plus one digit.
                            ASSERT_TRUE(reference.starts_with(payload));
                            EXPECT_EQ(kid_mod11(reference.substr(0, reference.size() - 1)),
                                      reference);
                            EXPECT_NE('-', reference.back());
                        }
                        break;
                    case InvoiceType::payex_financing_fi:
                        EXPECT_EQ(finnish_reference(payload), reference);
                        EXPECT_EQ(rf_creditor_reference(reference),
                                  invoice.payment_reference.rf_reference);
                        break;
                }
            }
        }
    }
}

// Captures, cancellations and reversals each announce their transaction once (§22).
TEST(TransactionEvents, EveryMoneyMovementAnnouncesItsTransaction) {
    const auto expect_recorded = [](const Result<TransactionTransition>& result,
                                    TransactionType type) {
        ASSERT_TRUE(result);
        ASSERT_EQ(1u, result->events.size());
        EXPECT_EQ(
            (TransactionRecorded{result->payment.id, result->payment.number, identity.id,
                                 identity.number, type, TransactionState::completed, capture_at}),
            std::get<TransactionRecorded>(result->events[0]));
    };
    expect_recorded(capture(authorized(0), capture_of(1000), identity, capture_at),
                    TransactionType::capture);
    expect_recorded(cancel(authorized(1000), CancelCommand{"cancel-ref", "rest"}, Amount{0},
                           identity, capture_at),
                    TransactionType::cancellation);
    expect_recorded(
        reverse(authorized(5000),
                ReverseCommand{Amount{100}, Amount{0}, "reversal-ref", std::nullopt, "back"},
                identity, capture_at),
        TransactionType::reversal);
}

// A reversal's credit note: numbered from the series, dated in the payment's country, crediting the
// newest capture not yet fully credited, at the rate its amounts imply.
TEST(MakeCreditNote, CreditsTheNewestCaptureNotYetFullyCredited) {
    const Payment payment = payment_in(InvoiceType::payex_financing_se);
    Transaction first = capture_transaction_at(capture_at);
    first.id = "capture-1";
    first.amount = Amount{10000};
    Transaction second = capture_transaction_at(capture_at);
    second.id = "capture-2";
    second.amount = Amount{5000};
    Invoice first_invoice;
    first_invoice.transaction_id = "capture-1";
    first_invoice.invoice_number = 10000001;
    Invoice second_invoice;
    second_invoice.transaction_id = "capture-2";
    second_invoice.invoice_number = 10000002;
    Transaction reversal = capture_transaction_at(at_utc(2020, 5, 22, 22));  // 00:00 in Sweden.
    reversal.id = "reversal-1";
    reversal.type = TransactionType::reversal;
    reversal.amount = Amount{5000};
    reversal.vat_amount = Amount{1000};

    const auto note = make_credit_note(payment, reversal, {first_invoice, second_invoice},
                                       {first, second}, {}, 3);
    ASSERT_TRUE(note);
    EXPECT_EQ(10000003, note->credit_note_number);
    EXPECT_EQ("capture-2", note->credited_transaction_id);
    EXPECT_EQ(10000002, note->credited_invoice_number);
    EXPECT_EQ((CivilDate{2020, 5, 23}), note->issue_date);
    EXPECT_EQ((VatSummaryLine{Amount{5000}, VatRate{2500}, Amount{1000}}), note->vat_line);

    // Once the newest is credited in full, the next reversal credits the one before it.
    const auto next = make_credit_note(payment, reversal, {first_invoice, second_invoice},
                                       {first, second}, {*note}, 4);
    ASSERT_TRUE(next);
    EXPECT_EQ("capture-1", next->credited_transaction_id);
    EXPECT_EQ(10000001, next->credited_invoice_number);
    EXPECT_FALSE(make_credit_note(payment, reversal, {}, {}, {}, 5)) << "no invoice to credit";
}

TEST(MakeCreditNote, TheVatRateIsTheAllowedOneNearestToWhatTheAmountsImply) {
    const Payment payment = payment_in(InvoiceType::payex_financing_fi);
    Invoice invoice;
    invoice.transaction_id = "capture-1";
    Transaction capture = capture_transaction_at(capture_at);
    capture.id = "capture-1";
    capture.amount = Amount{100000};
    const auto rate_of = [&](std::int64_t amount, std::int64_t vat) {
        Transaction reversal = capture_transaction_at(capture_at);
        reversal.amount = Amount{amount};
        reversal.vat_amount = Amount{vat};
        return make_credit_note(payment, reversal, {invoice}, {capture}, {}, 1)
            ->vat_line.vat_percent.hundredths_of_percent;
    };
    EXPECT_EQ(2400, rate_of(1240, 240));
    EXPECT_EQ(1400, rate_of(1140, 140));
    EXPECT_EQ(1200, rate_of(1120, 120));
    EXPECT_EQ(600, rate_of(1060, 60));
    EXPECT_EQ(0, rate_of(1000, 0));
    EXPECT_EQ(2500, rate_of(999, 200)) << "rounding: 200/799 is 25.03 %";
    EXPECT_EQ(0, rate_of(100, 100)) << "all VAT: no rate can say so";
}

}  // namespace
}  // namespace faktura::domain
