// Tests the legal-address lookup and the authorization (spec §11, §12, §13, §24.4, test-data.md
// §3): the country rules as tables of the test persons, then each credit outcome and each refused
// state with the payment, the transaction and the problem written out in the test.
#include "domain/authorization.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "domain/operations.hpp"

namespace faktura::domain {
namespace {

constexpr CivilDate today{2024, 6, 15};
const Timestamp created_at = timestamp_from_seconds(1590139652);  // 2020-05-22T09:27:32Z.
const Timestamp now = timestamp_from_seconds(1590139667);

// A FinancingConsumer (or Verify) payment in F1 / V1, shaped like the recorded one.
Payment payment_of(InvoiceType type = InvoiceType::payex_financing_se,
                   PaymentOperation operation = PaymentOperation::financing_consumer) {
    Payment payment;
    payment.id = "d6dcaf55-3bb1-4e46-7f92-08d7fcb653b9";
    payment.payee_id = "cdff105b-1879-4d10-a83b-7bd7115cffef";
    payment.number = 41100171205;
    payment.created_at = created_at;
    payment.updated_at = created_at;
    payment.operation = operation;
    payment.invoice_type = type;
    payment.currency = currency_of(type);
    if (operation != PaymentOperation::verify) payment.price = Price{Amount{10000}, Amount{2500}};
    payment.description = "test description";
    payment.payee_info.payee_id = payment.payee_id;
    payment.payee_info.payee_reference = "someUniqueReference1590139652";
    payment.urls.host_urls = {"https://shop.example"};
    return payment;
}

Payment verify_payment() {
    return payment_of(InvoiceType::payex_financing_se, PaymentOperation::verify);
}

Payment in_state(PaymentState state) {
    Payment payment = payment_of();
    payment.state = state;
    return payment;
}

// F3: an authorization of 10000 completed, nothing captured.
Payment authorized_payment() {
    Payment payment = payment_of();
    payment.authorization_completed = true;
    payment.authorized = Amount{10000};
    payment.transaction_counts.authorizations = 1;
    return payment;
}

AddressInput address_of(Country country, std::string zip_code) {
    return AddressInput{.addressee = "Azra Oliveira",
                        .co_address = std::nullopt,
                        .street_address = "Helgestavägen 9",
                        .zip_code = std::move(zip_code),
                        .city = "Bro",
                        .country = country};
}

// The recorded authorization body (§12.1).
AuthorizeCommand recorded_command() {
    return AuthorizeCommand{.social_security_number = "196003071161",
                            .customer_number = "123456",
                            .email = "azra.oliveira@payex.com",
                            .msisdn = "+46739000001",
                            .ip = "127.0.0.1",
                            .legal_address = address_of(Country::se, "19792"),
                            .billing_address = std::nullopt};
}

ValidatedAuthorization recorded_input() {
    auto input = validate_authorization(payment_of(), recorded_command(), today);
    EXPECT_TRUE(input);
    return input ? *input : ValidatedAuthorization{};
}

const NewTransactionIdentity identity{"e374c4a4-6073-4f4c-7a57-08d7fcb6e19e", 41100171206,
                                      "5a17c24e-d459-4567-bbad-aa0f17a76119",
                                      "7e4fd69e-6e1e-44a7-9d86-3a47e13a1e42"};

CreditDecision completed() {
    return CreditDecision{CreditOutcome::completed, std::nullopt, std::nullopt};
}

CreditDecision refused() {
    return CreditDecision{
        CreditOutcome::failed,
        TransactionFailure{"ExternalResponseError", "Authorize", "1001", "CreditNotApproved"},
        ThirdPartyProblem::forbidden_403};
}

CreditDecision initialized() {
    return CreditDecision{CreditOutcome::initialized, std::nullopt, std::nullopt};
}

std::vector<std::string> names_of(const Error& error) {
    std::vector<std::string> names;
    for (const FieldProblem& problem : error.problems) names.push_back(problem.name);
    return names;
}

// Field by field, so a failure names the field instead of dumping bytes.
void expect_same_transaction(const Transaction& expected, const Transaction& actual) {
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.payment_id, actual.payment_id);
    EXPECT_EQ(expected.type, actual.type);
    EXPECT_EQ(expected.state, actual.state);
    EXPECT_EQ(expected.number, actual.number);
    EXPECT_EQ(expected.created_at, actual.created_at);
    EXPECT_EQ(expected.updated_at, actual.updated_at);
    EXPECT_EQ(expected.amount, actual.amount);
    EXPECT_EQ(expected.vat_amount, actual.vat_amount);
    EXPECT_EQ(expected.description, actual.description);
    EXPECT_EQ(expected.payee_reference, actual.payee_reference);
    EXPECT_EQ(expected.receipt_reference, actual.receipt_reference);
    EXPECT_EQ(expected.failure, actual.failure);
    EXPECT_EQ(expected.is_operational, actual.is_operational);
    EXPECT_EQ(expected.reconciliation_number, actual.reconciliation_number);
}

// ---- validate_legal_address_lookup ----

struct LookupCase {
    std::string name;
    InvoiceType invoice_type;
    std::string social_security_number;
    std::string zip_code;
    std::vector<std::string> problem_names;  // Empty: valid.
    std::string canonical = {};
    std::string normalised_zip = {};
};

std::ostream& operator<<(std::ostream& out, const LookupCase& c) { return out << c.name; }

class ValidateLookup : public testing::TestWithParam<LookupCase> {};

TEST_P(ValidateLookup, AppliesThePaymentCountrysFormats) {
    const LookupCase& c = GetParam();
    const auto lookup = validate_legal_address_lookup(
        payment_of(c.invoice_type),
        ApproveLegalAddressCommand{c.social_security_number, c.zip_code}, today);
    if (c.problem_names.empty()) {
        ASSERT_TRUE(lookup) << names_of(lookup.error()).at(0);
        EXPECT_EQ(c.canonical, lookup->person.canonical);
        EXPECT_EQ(country_of(c.invoice_type), lookup->person.country);
        EXPECT_EQ(c.normalised_zip, lookup->zip_code);
    } else {
        ASSERT_FALSE(lookup);
        EXPECT_EQ(ErrorCode::request_invalid, lookup.error().code);
        EXPECT_EQ(c.problem_names, names_of(lookup.error()));
    }
}

const std::vector<std::string> valid{};
const std::string ssn_problem = "Addressee.SocialSecurityNumber";
const std::string zip_problem = "Addressee.ZipCode";

INSTANTIATE_TEST_SUITE_P(
    TestPersons, ValidateLookup,
    testing::Values(LookupCase{"se_12_digits", InvoiceType::payex_financing_se, "196003071161",
                               "19792", valid, "196003071161", "19792"},
                    LookupCase{"se_10_digits_dash", InvoiceType::payex_financing_se, "600307-1161",
                               "19792", valid, "196003071161", "19792"},
                    LookupCase{"se_zip_with_space", InvoiceType::payex_financing_se, "971020-2392",
                               "176 74", valid, "199710202392", "17674"},
                    LookupCase{"no_person", InvoiceType::payex_financing_no, "26026708248", "1642",
                               valid, "26026708248", "1642"},
                    LookupCase{"fi_person", InvoiceType::payex_financing_fi, "100584-451P", "90500",
                               valid, "100584-451P", "90500"},
                    LookupCase{"se_checksum_wrong",
                               InvoiceType::payex_financing_se,
                               "196003071162",
                               "19792",
                               {ssn_problem}},
                    LookupCase{"swedish_ssn_on_no_payment",
                               InvoiceType::payex_financing_no,
                               "196003071161",
                               "1642",
                               {ssn_problem}},
                    LookupCase{"norwegian_ssn_on_se_payment",
                               InvoiceType::payex_financing_se,
                               "26026708248",
                               "19792",
                               {ssn_problem}},
                    LookupCase{"finnish_ssn_on_se_payment",
                               InvoiceType::payex_financing_se,
                               "100584-451P",
                               "19792",
                               {ssn_problem}},
                    LookupCase{"se_zip_four_digits",
                               InvoiceType::payex_financing_se,
                               "196003071161",
                               "1979",
                               {zip_problem}},
                    LookupCase{"no_zip_five_digits",
                               InvoiceType::payex_financing_no,
                               "26026708248",
                               "16420",
                               {zip_problem}},
                    LookupCase{"fi_zip_letters",
                               InvoiceType::payex_financing_fi,
                               "100584-451P",
                               "9O500",
                               {zip_problem}},
                    LookupCase{"both_wrong",
                               InvoiceType::payex_financing_no,
                               "196003071161",
                               "19792",
                               {ssn_problem, zip_problem}}),
    [](const testing::TestParamInfo<LookupCase>& row) { return row.param.name; });

TEST(ValidateLookup, NamesTheCountryInTheSsnProblem) {
    const auto lookup =
        validate_legal_address_lookup(payment_of(InvoiceType::payex_financing_no),
                                      ApproveLegalAddressCommand{"196003071161", "1642"}, today);
    ASSERT_FALSE(lookup);
    EXPECT_EQ((FieldProblem{"Addressee.SocialSecurityNumber",
                            "The social security number is not valid for NO."}),
              lookup.error().problems.at(0));
}

// ---- validate_authorization ----

struct AuthorizationCase {
    std::string name;
    InvoiceType invoice_type;
    std::string social_security_number;
    AddressInput legal_address;
    std::optional<AddressInput> billing_address;
    std::vector<std::string> problem_names;  // Empty: valid.
};

std::ostream& operator<<(std::ostream& out, const AuthorizationCase& c) { return out << c.name; }

class ValidateAuthorization : public testing::TestWithParam<AuthorizationCase> {};

TEST_P(ValidateAuthorization, AppliesThePaymentCountrysFormats) {
    const AuthorizationCase& c = GetParam();
    AuthorizeCommand command = recorded_command();
    command.social_security_number = c.social_security_number;
    command.legal_address = c.legal_address;
    command.billing_address = c.billing_address;
    const auto input = validate_authorization(payment_of(c.invoice_type), command, today);
    if (c.problem_names.empty()) {
        ASSERT_TRUE(input) << names_of(input.error()).at(0);
        EXPECT_EQ(country_of(c.invoice_type), input->legal_address.country);
        EXPECT_EQ(input->person.canonical, input->consumer.national_id);
    } else {
        ASSERT_FALSE(input);
        EXPECT_EQ(ErrorCode::request_invalid, input.error().code);
        EXPECT_EQ(c.problem_names, names_of(input.error()));
    }
}

INSTANTIATE_TEST_SUITE_P(
    TestPersons, ValidateAuthorization,
    testing::Values(AuthorizationCase{"se_recorded", InvoiceType::payex_financing_se,
                                      "196003071161", address_of(Country::se, "19792"),
                                      std::nullopt, valid},
                    AuthorizationCase{"se_with_billing", InvoiceType::payex_financing_se,
                                      "600307-1161", address_of(Country::se, "197 92"),
                                      address_of(Country::se, "17674"), valid},
                    AuthorizationCase{"no_person", InvoiceType::payex_financing_no, "26026708248",
                                      address_of(Country::no, "1642"), std::nullopt, valid},
                    AuthorizationCase{"fi_person", InvoiceType::payex_financing_fi, "100584-451P",
                                      address_of(Country::fi, "90500"), std::nullopt, valid},
                    AuthorizationCase{"swedish_ssn_on_no_payment",
                                      InvoiceType::payex_financing_no,
                                      "196003071161",
                                      address_of(Country::no, "1642"),
                                      std::nullopt,
                                      {"Consumer.SocialSecurityNumber"}},
                    AuthorizationCase{"se_checksum_wrong",
                                      InvoiceType::payex_financing_se,
                                      "196003071162",
                                      address_of(Country::se, "19792"),
                                      std::nullopt,
                                      {"Consumer.SocialSecurityNumber"}},
                    AuthorizationCase{"legal_zip_bad",
                                      InvoiceType::payex_financing_se,
                                      "196003071161",
                                      address_of(Country::se, "1979"),
                                      std::nullopt,
                                      {"LegalAddress.ZipCode"}},
                    AuthorizationCase{"legal_country_mismatch",
                                      InvoiceType::payex_financing_se,
                                      "196003071161",
                                      address_of(Country::no, "19792"),
                                      std::nullopt,
                                      {"LegalAddress.CountryCode"}},
                    AuthorizationCase{"legal_country_and_zip",
                                      InvoiceType::payex_financing_no,
                                      "26026708248",
                                      address_of(Country::se, "19792"),
                                      std::nullopt,
                                      {"LegalAddress.CountryCode", "LegalAddress.ZipCode"}},
                    AuthorizationCase{"billing_zip_bad",
                                      InvoiceType::payex_financing_se,
                                      "196003071161",
                                      address_of(Country::se, "19792"),
                                      address_of(Country::se, "ABCDE"),
                                      {"BillingAddress.ZipCode"}},
                    AuthorizationCase{"billing_country_mismatch",
                                      InvoiceType::payex_financing_fi,
                                      "100584-451P",
                                      address_of(Country::fi, "90500"),
                                      address_of(Country::se, "90500"),
                                      {"BillingAddress.CountryCode"}},
                    AuthorizationCase{"everything_wrong",
                                      InvoiceType::payex_financing_no,
                                      "100584-451P",
                                      address_of(Country::fi, "90500"),
                                      address_of(Country::fi, "1642"),
                                      {"Consumer.SocialSecurityNumber", "LegalAddress.CountryCode",
                                       "LegalAddress.ZipCode", "BillingAddress.CountryCode"}}),
    [](const testing::TestParamInfo<AuthorizationCase>& row) { return row.param.name; });

TEST(ValidateAuthorization, KeepsTheConsumerAndNormalisesTheAddresses) {
    AuthorizeCommand command = recorded_command();
    command.social_security_number = "600307-1161";
    command.legal_address.zip_code = "197 92";
    command.billing_address = address_of(Country::se, "176 74");
    const auto input = validate_authorization(payment_of(), command, today);
    ASSERT_TRUE(input);
    EXPECT_EQ((Consumer{"196003071161", "123456", "azra.oliveira@payex.com", "+46739000001",
                        "127.0.0.1"}),
              input->consumer);
    EXPECT_EQ(
        (Address{"Azra Oliveira", std::nullopt, "Helgestavägen 9", "19792", "Bro", Country::se}),
        input->legal_address);
    ASSERT_TRUE(input->billing_address);
    EXPECT_EQ("17674", input->billing_address->zip_code);
}

// ---- approve_legal_address ----

ValidatedLookup azra_lookup() {
    auto lookup = validate_legal_address_lookup(
        payment_of(), ApproveLegalAddressCommand{"196003071161", "19792"}, today);
    EXPECT_TRUE(lookup);
    return lookup ? *lookup : ValidatedLookup{};
}

const Address azra_address{"Azra Oliveira", std::nullopt, "Helgestavägen 9",
                           "19792",         "Bro",        Country::se};

TEST(ApproveLegalAddress, FoundStoresTheRegistryRowAndLinksIt) {
    const Payment payment = payment_of();
    const auto approval = approve_legal_address(
        payment, azra_lookup(), LookupOutcome{LookupStatus::found, azra_address}, now);
    ASSERT_TRUE(approval);
    EXPECT_TRUE(approval->payment.has_approved_legal_address);
    EXPECT_EQ((ApprovedLegalAddress{payment.id, "196003071161", azra_address, now}),
              approval->approved);
    Payment expected = payment;
    expected.has_approved_legal_address = true;
    EXPECT_TRUE(expected == approval->payment) << "nothing else about the payment changes";
}

TEST(ApproveLegalAddress, AllowedForTheHostedVerificationPage) {
    const auto approval = approve_legal_address(
        verify_payment(), azra_lookup(), LookupOutcome{LookupStatus::found, azra_address}, now);
    EXPECT_TRUE(approval);
}

struct LookupFailureCase {
    std::string name;
    LookupStatus status;
    ErrorCode code;
    FieldProblem problem;
};

std::ostream& operator<<(std::ostream& out, const LookupFailureCase& c) { return out << c.name; }

class ApproveLegalAddressFailure : public testing::TestWithParam<LookupFailureCase> {};

TEST_P(ApproveLegalAddressFailure, BecomesTheThirdPartyProblem) {
    const LookupFailureCase& c = GetParam();
    const auto approval = approve_legal_address(payment_of(), azra_lookup(),
                                                LookupOutcome{c.status, std::nullopt}, now);
    ASSERT_FALSE(approval);
    EXPECT_EQ(c.code, approval.error().code);
    EXPECT_EQ(std::vector<FieldProblem>{c.problem}, approval.error().problems);
}

INSTANTIATE_TEST_SUITE_P(
    Spec, ApproveLegalAddressFailure,
    testing::Values(LookupFailureCase{"zip_mismatch",
                                      LookupStatus::zip_mismatch,
                                      ErrorCode::legal_address_zip_mismatch,
                                      {"ExternalResponse", "30 - ValidationError"}},
                    LookupFailureCase{"person_unknown",
                                      LookupStatus::person_unknown,
                                      ErrorCode::legal_address_person_unknown,
                                      {"ExternalResponse", "1002 - PersonNotFound"}},
                    LookupFailureCase{
                        "provider_unavailable",
                        LookupStatus::provider_unavailable,
                        ErrorCode::credit_provider_unavailable,
                        {"ExternalResponse", "The legal address registry did not answer."}}),
    [](const testing::TestParamInfo<LookupFailureCase>& row) { return row.param.name; });

struct RefusedStateCase {
    std::string name;
    Payment payment;
};

std::ostream& operator<<(std::ostream& out, const RefusedStateCase& c) { return out << c.name; }

class ApproveLegalAddressRefused : public testing::TestWithParam<RefusedStateCase> {};

TEST_P(ApproveLegalAddressRefused, OutsideF1) {
    const auto approval = approve_legal_address(
        GetParam().payment, azra_lookup(), LookupOutcome{LookupStatus::found, azra_address}, now);
    ASSERT_FALSE(approval);
    EXPECT_EQ(ErrorCode::operation_not_allowed_in_state, approval.error().code);
    EXPECT_EQ((std::vector<FieldProblem>{
                  {"ApprovedLegalAddress",
                   "ApprovedLegalAddress is not allowed in the current state of the payment."}}),
              approval.error().problems);
    EXPECT_TRUE(check_legal_address_lookup_allowed(GetParam().payment).has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Spec, ApproveLegalAddressRefused,
    testing::Values(RefusedStateCase{"F2_pending", in_state(PaymentState::pending)},
                    RefusedStateCase{"F3_authorized", authorized_payment()},
                    RefusedStateCase{"F6_aborted", in_state(PaymentState::aborted)},
                    RefusedStateCase{"F7_failed", in_state(PaymentState::failed)}),
    [](const testing::TestParamInfo<RefusedStateCase>& row) { return row.param.name; });

// ---- authorize ----

TEST(Authorize, CompletedTakesTheAmountFromThePaymentAsRecorded) {
    const Payment payment = payment_of();
    const auto result = authorize(payment, recorded_input(), completed(), identity, 3, now);
    ASSERT_TRUE(result);

    Transaction expected;
    expected.id = "e374c4a4-6073-4f4c-7a57-08d7fcb6e19e";
    expected.payment_id = payment.id;
    expected.type = TransactionType::authorization;
    expected.state = TransactionState::completed;
    expected.number = 41100171206;
    expected.created_at = now;
    expected.updated_at = now;
    expected.amount = Amount{10000};     // prices[0].amount.
    expected.vat_amount = Amount{2500};  // prices[0].vatAmount.
    expected.description = "test description";
    expected.payee_reference = "someUniqueReference1590139652";
    expected.is_operational = false;
    expect_same_transaction(expected, result->transaction);

    const Payment& next = result->payment;
    EXPECT_EQ(PaymentState::ready, next.state) << "Ready after a completed authorization (§4.1)";
    EXPECT_TRUE(next.authorization_completed);
    EXPECT_EQ(Amount{10000}, next.authorized);
    EXPECT_EQ(Amount{10000}, next.remaining_capture());
    EXPECT_EQ(Amount{10000}, next.remaining_cancellation());
    EXPECT_EQ(Amount{0}, next.remaining_reversal());
    EXPECT_EQ((TransactionCounts{.authorizations = 1}), next.transaction_counts);
    EXPECT_EQ(0, next.failed_attempts);
    EXPECT_EQ(now, next.updated_at);
    EXPECT_EQ(created_at, next.created_at);
    EXPECT_FALSE(next.payment_token);
    EXPECT_FALSE(next.recurrence_token);
    EXPECT_TRUE(result->tokens.empty()) << "no token was requested";
    using enum OperationRel;
    EXPECT_EQ((std::vector<OperationRel>{create_cancellation, create_capture, paid_payment}),
              merchant_operations(next));
}

TEST(Authorize, RecordsTheConsumerAndAddressesOfTheAttempt) {
    AuthorizeCommand command = recorded_command();
    command.billing_address = address_of(Country::se, "17674");
    const auto input = validate_authorization(payment_of(), command, today);
    ASSERT_TRUE(input);
    const auto result = authorize(payment_of(), *input, completed(), identity, 3, now);
    ASSERT_TRUE(result);
    EXPECT_EQ(identity.id, result->details->transaction_id);
    EXPECT_EQ(payment_of().id, result->details->payment_id);
    EXPECT_EQ(input->consumer, result->details->consumer);
    EXPECT_EQ(input->legal_address, result->details->legal_address);
    EXPECT_EQ("17674", result->details->shipping_address().zip_code)
        << "billing address when given";
}

TEST(Authorize, GeneratesOnlyTheRequestedTokens) {
    struct Row {
        bool payment_token;
        bool recurrence_token;
    };
    for (const Row row : {Row{false, false}, Row{true, false}, Row{false, true}, Row{true, true}}) {
        SCOPED_TRACE(testing::Message() << "payment token " << row.payment_token
                                        << ", recurrence token " << row.recurrence_token);
        Payment payment = payment_of();
        payment.generate_payment_token = row.payment_token;
        payment.generate_recurrence_token = row.recurrence_token;
        const auto result = authorize(payment, recorded_input(), completed(), identity, 3, now);
        ASSERT_TRUE(result);
        std::vector<PayerToken> expected;
        if (row.payment_token) {
            EXPECT_EQ(identity.payment_token, result->payment.payment_token);
            expected.push_back(PayerToken{identity.payment_token, PayerTokenKind::payment,
                                          payment.payee_id, payment.id, identity.id, Currency::sek,
                                          InvoiceType::payex_financing_se, now, false, std::nullopt,
                                          std::nullopt});
        } else {
            EXPECT_FALSE(result->payment.payment_token);
        }
        if (row.recurrence_token) {
            EXPECT_EQ(identity.recurrence_token, result->payment.recurrence_token);
            expected.push_back(PayerToken{identity.recurrence_token, PayerTokenKind::recurrence,
                                          payment.payee_id, payment.id, identity.id, Currency::sek,
                                          InvoiceType::payex_financing_se, now, false, std::nullopt,
                                          std::nullopt});
        } else {
            EXPECT_FALSE(result->payment.recurrence_token);
        }
        EXPECT_TRUE(expected == result->tokens) << result->tokens.size() << " tokens";
    }
}

TEST(Authorize, CompletedVerificationHasNoAmountAndAlwaysARecurrenceToken) {
    const Payment payment = verify_payment();
    const auto result = authorize(payment, recorded_input(), completed(), identity, 3, now);
    ASSERT_TRUE(result);
    EXPECT_EQ(TransactionType::verification, result->transaction.type);
    EXPECT_EQ(TransactionState::completed, result->transaction.state);
    EXPECT_EQ(Amount{0}, result->transaction.amount);
    EXPECT_EQ(Amount{0}, result->transaction.vat_amount);
    EXPECT_EQ("test description", result->transaction.description);
    EXPECT_EQ("someUniqueReference1590139652", result->transaction.payee_reference);
    EXPECT_FALSE(result->transaction.is_operational);
    EXPECT_EQ((TransactionCounts{.verifications = 1}), result->payment.transaction_counts);
    EXPECT_TRUE(result->payment.authorization_completed);
    EXPECT_EQ(Amount{0}, result->payment.authorized);
    EXPECT_EQ(identity.recurrence_token, result->payment.recurrence_token)
        << "not requested, still made";
    EXPECT_FALSE(result->payment.payment_token);
    ASSERT_EQ(1u, result->tokens.size());
    EXPECT_EQ(PayerTokenKind::recurrence, result->tokens[0].kind);
    EXPECT_EQ(std::vector<OperationRel>{OperationRel::paid_payment},
              merchant_operations(result->payment))
        << "V2";
}

TEST(Authorize, VerificationGeneratesAPaymentTokenWhenRequested) {
    Payment payment = verify_payment();
    payment.generate_payment_token = true;
    const auto result = authorize(payment, recorded_input(), completed(), identity, 3, now);
    ASSERT_TRUE(result);
    EXPECT_EQ(identity.payment_token, result->payment.payment_token);
    EXPECT_EQ(identity.recurrence_token, result->payment.recurrence_token);
    EXPECT_EQ(2u, result->tokens.size());
}

TEST(Authorize, FailedWithAttemptsLeftStaysInF1AndIsOperational) {
    Payment payment = payment_of();
    payment.generate_payment_token = true;
    payment.generate_recurrence_token = true;
    const auto result = authorize(payment, recorded_input(), refused(), identity, 3, now);
    ASSERT_TRUE(result) << "a failed credit decision is a transaction, not a problem (§24.3)";

    Transaction expected;
    expected.id = identity.id;
    expected.payment_id = payment.id;
    expected.type = TransactionType::authorization;
    expected.state = TransactionState::failed;
    expected.number = identity.number;
    expected.created_at = now;
    expected.updated_at = now;
    expected.amount = Amount{10000};
    expected.vat_amount = Amount{2500};
    expected.description = "test description";
    expected.payee_reference = "someUniqueReference1590139652";
    expected.failure =
        TransactionFailure{"ExternalResponseError", "Authorize", "1001", "CreditNotApproved"};
    expected.is_operational = true;
    expect_same_transaction(expected, result->transaction);

    const Payment& next = result->payment;
    EXPECT_EQ(PaymentState::ready, next.state);
    EXPECT_EQ(1, next.failed_attempts);
    EXPECT_FALSE(next.authorization_completed);
    EXPECT_EQ(Amount{0}, next.authorized);
    EXPECT_EQ((TransactionCounts{.authorizations = 1}), next.transaction_counts);
    EXPECT_EQ(now, next.updated_at);
    EXPECT_FALSE(next.payment_token);
    EXPECT_FALSE(next.recurrence_token);
    EXPECT_TRUE(result->tokens.empty()) << "tokens come only with a completed authorization";
    EXPECT_EQ(PaymentSituation::awaiting_authorization, situation_of(next));
}

TEST(Authorize, TheThirdFailureFailsThePayment) {
    Payment payment = payment_of();
    payment.failed_attempts = 2;
    payment.transaction_counts.authorizations = 2;
    const auto result = authorize(payment, recorded_input(), refused(), identity, 3, now);
    ASSERT_TRUE(result);
    EXPECT_EQ(TransactionState::failed, result->transaction.state);
    EXPECT_FALSE(result->transaction.is_operational) << "no attempt left (§4.5, C-11)";
    EXPECT_EQ(PaymentState::failed, result->payment.state);
    EXPECT_EQ(3, result->payment.failed_attempts);
    EXPECT_EQ(3, result->payment.transaction_counts.authorizations);
    EXPECT_EQ(std::vector<OperationRel>{OperationRel::failed_payment},
              merchant_operations(result->payment))
        << "F7";
}

TEST(Authorize, AttemptsMaxIsTheMerchantsSetting) {
    Payment payment = payment_of();
    payment.failed_attempts = 2;
    const auto result = authorize(payment, recorded_input(), refused(), identity, 5, now);
    ASSERT_TRUE(result);
    EXPECT_EQ(PaymentState::ready, result->payment.state);
    EXPECT_TRUE(result->transaction.is_operational);
    const auto once = authorize(payment_of(), recorded_input(), refused(), identity, 1, now);
    ASSERT_TRUE(once);
    EXPECT_EQ(PaymentState::failed, once->payment.state);
}

TEST(Authorize, FailureWithoutDetailsIsAnExternalResponseError) {
    const CreditDecision bare{CreditOutcome::failed, std::nullopt, std::nullopt};
    const auto authorization = authorize(payment_of(), recorded_input(), bare, identity, 3, now);
    ASSERT_TRUE(authorization);
    EXPECT_EQ(
        (TransactionFailure{"ExternalResponseError", "Authorize", std::nullopt, "No error code"}),
        authorization->transaction.failure);
    const auto verification = authorize(verify_payment(), recorded_input(), bare, identity, 3, now);
    ASSERT_TRUE(verification);
    EXPECT_EQ(TransactionType::verification, verification->transaction.type);
    EXPECT_EQ(
        (TransactionFailure{"ExternalResponseError", "Verify", std::nullopt, "No error code"}),
        verification->transaction.failure);
}

TEST(Authorize, InitializedMakesThePaymentPending) {
    const auto result = authorize(payment_of(), recorded_input(), initialized(), identity, 3, now);
    ASSERT_TRUE(result);
    EXPECT_EQ(TransactionState::initialized, result->transaction.state);
    EXPECT_TRUE(result->transaction.is_operational);
    EXPECT_FALSE(result->transaction.failure);
    EXPECT_EQ(Amount{10000}, result->transaction.amount);
    EXPECT_EQ(PaymentState::pending, result->payment.state);
    EXPECT_FALSE(result->payment.authorization_completed);
    EXPECT_EQ(Amount{0}, result->payment.authorized);
    EXPECT_EQ(0, result->payment.failed_attempts);
    EXPECT_EQ(1, result->payment.transaction_counts.authorizations);
    EXPECT_TRUE(merchant_operations(result->payment).empty()) << "F2";
}

struct AuthorizeRefusedCase {
    std::string name;
    Payment payment;
    std::string operation_name;
};

std::ostream& operator<<(std::ostream& out, const AuthorizeRefusedCase& c) { return out << c.name; }

class AuthorizeRefused : public testing::TestWithParam<AuthorizeRefusedCase> {};

TEST_P(AuthorizeRefused, NamesTheOperation) {
    const AuthorizeRefusedCase& c = GetParam();
    const auto result = authorize(c.payment, recorded_input(), completed(), identity, 3, now);
    ASSERT_FALSE(result);
    EXPECT_EQ(ErrorCode::operation_not_allowed_in_state, result.error().code);
    EXPECT_EQ((std::vector<FieldProblem>{
                  {c.operation_name,
                   c.operation_name + " is not allowed in the current state of the payment."}}),
              result.error().problems);
    EXPECT_TRUE(check_authorization_allowed(c.payment).has_value());
}

Payment verify_in_state(PaymentState state) {
    Payment payment = verify_payment();
    payment.state = state;
    return payment;
}

Payment verified_payment() {
    Payment payment = verify_payment();
    payment.authorization_completed = true;
    payment.transaction_counts.verifications = 1;
    return payment;
}

INSTANTIATE_TEST_SUITE_P(
    Spec, AuthorizeRefused,
    testing::Values(
        AuthorizeRefusedCase{"F2_pending", in_state(PaymentState::pending), "Authorization"},
        AuthorizeRefusedCase{"F3_authorized", authorized_payment(), "Authorization"},
        AuthorizeRefusedCase{"F6_aborted", in_state(PaymentState::aborted), "Authorization"},
        AuthorizeRefusedCase{"F7_failed", in_state(PaymentState::failed), "Authorization"},
        AuthorizeRefusedCase{"V2_verified", verified_payment(), "Verification"},
        AuthorizeRefusedCase{"V3_pending", verify_in_state(PaymentState::pending), "Verification"},
        AuthorizeRefusedCase{"V4_aborted", verify_in_state(PaymentState::aborted), "Verification"},
        AuthorizeRefusedCase{"V5_failed", verify_in_state(PaymentState::failed), "Verification"}),
    [](const testing::TestParamInfo<AuthorizeRefusedCase>& row) { return row.param.name; });

TEST(Authorize, AllowedInF1AndV1) {
    EXPECT_FALSE(check_authorization_allowed(payment_of()));
    EXPECT_FALSE(check_authorization_allowed(verify_payment()));
    Payment failed_once = payment_of();
    failed_once.failed_attempts = 1;
    EXPECT_FALSE(check_authorization_allowed(failed_once)) << "attempts left: still F1";
    EXPECT_STREQ("Authorization", authorization_operation_name(payment_of()));
    EXPECT_STREQ("Verification", authorization_operation_name(verify_payment()));
    EXPECT_STREQ("Authorize", authorization_activity_name(payment_of()));
    EXPECT_STREQ("Verify", authorization_activity_name(verify_payment()));
}

// ---- third_party_problem_of (§24.4) ----

struct ThirdPartyCase {
    std::string name;
    std::optional<std::string> error_code;
    ThirdPartyProblem expected;
};

std::ostream& operator<<(std::ostream& out, const ThirdPartyCase& c) { return out << c.name; }

class ThirdPartyProblemOf : public testing::TestWithParam<ThirdPartyCase> {};

TEST_P(ThirdPartyProblemOf, MapsTheCodeFamily) {
    const ThirdPartyCase& c = GetParam();
    const TransactionFailure failure{"ExternalResponseError", "Authorize", c.error_code, "message"};
    EXPECT_EQ(c.expected, third_party_problem_of(failure));
}

INSTANTIATE_TEST_SUITE_P(
    Spec, ThirdPartyProblemOf,
    testing::Values(
        ThirdPartyCase{"no_code", std::nullopt, ThirdPartyProblem::external_error_500},
        ThirdPartyCase{"empty_code", "", ThirdPartyProblem::external_error_500},
        ThirdPartyCase{"code_10", "10", ThirdPartyProblem::input_error_400},
        ThirdPartyCase{"code_30", "30", ThirdPartyProblem::input_error_400},
        ThirdPartyCase{"code_3010", "3010", ThirdPartyProblem::input_error_400},
        ThirdPartyCase{"code_40", "40", ThirdPartyProblem::external_error_502},
        ThirdPartyCase{"code_50", "50", ThirdPartyProblem::external_error_502},
        ThirdPartyCase{"code_60", "60", ThirdPartyProblem::external_error_502},
        ThirdPartyCase{"code_9999", "9999", ThirdPartyProblem::external_error_502},
        ThirdPartyCase{"code_1001_credit_refused", "1001", ThirdPartyProblem::forbidden_403},
        ThirdPartyCase{"code_20_other", "20", ThirdPartyProblem::forbidden_403},
        ThirdPartyCase{"code_300_not_30", "300", ThirdPartyProblem::forbidden_403},
        ThirdPartyCase{"code_text", "ThirdPartyErrorCode", ThirdPartyProblem::forbidden_403}),
    [](const testing::TestParamInfo<ThirdPartyCase>& row) { return row.param.name; });

// What each outcome announces (§22): one TransactionRecorded with the transaction's state, numbers
// and time, whatever the decision.
TEST(AuthorizationEvents, EveryOutcomeAnnouncesItsTransactionOnce) {
    for (const CreditDecision& decision : {completed(), refused(), initialized()}) {
        const auto result = authorize(payment_of(), recorded_input(), decision, identity, 3, now);
        ASSERT_TRUE(result);
        ASSERT_EQ(1u, result->events.size());
        const auto* recorded = std::get_if<TransactionRecorded>(&result->events[0]);
        ASSERT_NE(nullptr, recorded);
        EXPECT_EQ(
            (TransactionRecorded{payment_of().id, payment_of().number, identity.id, identity.number,
                                 TransactionType::authorization, result->transaction.state, now}),
            *recorded);
    }
}

TEST(AuthorizationEvents, ARefusedTransitionAnnouncesNothing) {
    Payment aborted = payment_of();
    aborted.state = PaymentState::aborted;
    EXPECT_FALSE(authorize(aborted, recorded_input(), completed(), identity, 3, now));
}

}  // namespace
}  // namespace faktura::domain
