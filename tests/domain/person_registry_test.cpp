// Tests the built-in test registry and the credit decision: each lookup rule and each row of the
// magic-amount table of test-data.md §3.2 as table rows, using the registry's own persons.
#include "domain/person_registry.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace faktura::domain {
namespace {

constexpr CivilDate today{2024, 6, 15};

NationalId id_of(Country country, std::string_view text) {
    const Result<NationalId> id = parse_national_id(country, text, today);
    EXPECT_TRUE(id) << text;
    return id ? *id : NationalId{};
}

Address address_of(std::string addressee, std::string street, std::string zip_code,
                   std::string city, Country country) {
    return Address{.addressee = std::move(addressee),
                   .co_address = std::nullopt,
                   .street_address = std::move(street),
                   .zip_code = std::move(zip_code),
                   .city = std::move(city),
                   .country = country};
}

TEST(TestPersonRegistry, EveryRowHoldsAValidCanonicalNumberOfItsCountry) {
    ASSERT_EQ(test_person_registry().size(), 9u);
    for (const RegistryRow& row : test_person_registry()) {
        const Result<NationalId> id = parse_national_id(row.country, row.national_id, today);
        ASSERT_TRUE(id) << row.national_id;
        EXPECT_EQ(id->canonical, row.national_id);
        EXPECT_EQ(row.address.country, row.country);
    }
}

struct LookupCase {
    std::string name;
    Country country;
    std::string national_id;
    std::string zip_code;
    LookupOutcome expected;
};

std::ostream& operator<<(std::ostream& out, const LookupCase& c) { return out << c.name; }

class LookupLegalAddress : public testing::TestWithParam<LookupCase> {};

TEST_P(LookupLegalAddress, FindsTheRowWhoseZipMatches) {
    const LookupCase& c = GetParam();
    EXPECT_EQ(lookup_legal_address(id_of(c.country, c.national_id), c.zip_code), c.expected);
}

const LookupOutcome found(Address address) { return {LookupStatus::found, std::move(address)}; }
const LookupOutcome zip_mismatch{LookupStatus::zip_mismatch, std::nullopt};
const LookupOutcome person_unknown{LookupStatus::person_unknown, std::nullopt};

INSTANTIATE_TEST_SUITE_P(
    TestData, LookupLegalAddress,
    testing::Values(
        LookupCase{
            "azra_recorded_lookup", Country::se, "196003071161", "19792",
            found(address_of("Azra Oliveira", "Helgestavägen 9", "19792", "Bro", Country::se))},
        LookupCase{
            "azra_10_digit_spelling_and_spaced_zip", Country::se, "600307-1161", "197 92",
            found(address_of("Azra Oliveira", "Helgestavägen 9", "19792", "Bro", Country::se))},
        LookupCase{
            "leia_current", Country::se, "971020-2392", "17674",
            found(address_of("Leia Ahlström", "Hökvägen 5", "17674", "Järfälla", Country::se))},
        LookupCase{
            "leia_legacy", Country::se, "199710202392", "19792",
            found(address_of("Leia Ahlström", "Helgestavägen 9", "19792", "Bro", Country::se))},
        LookupCase{"leo", Country::se, "194810205957", "55560",
                   found(address_of("Leo 6", "Gata 535", "55560", "Vaxholm", Country::se))},
        LookupCase{
            "olivia", Country::no, "26026708248", "1642",
            found(address_of("Olivia Nyhuus", "Saltnestoppen 43", "1642", "Saltnes", Country::no))},
        LookupCase{
            "kimmo", Country::fi, "100584-451p", "90500",
            found(address_of("Järvilehto Kimmo", "Kiannonkatu 88", "90500", "Oulu", Country::fi))},
        LookupCase{"azra_wrong_zip", Country::se, "196003071161", "17674", zip_mismatch},
        LookupCase{"leia_wrong_zip", Country::se, "199710202392", "55560", zip_mismatch},
        LookupCase{"olivia_empty_zip", Country::no, "26026708248", "", zip_mismatch},
        LookupCase{"valid_but_unregistered_se", Country::se, "240614-1230", "19792",
                   person_unknown},
        LookupCase{"valid_but_unregistered_no", Country::no, "01010550048", "1642",
                   person_unknown}),
    [](const auto& test_case) { return test_case.param.name; });

TEST(LookupLegalAddress, MatchesCountryAsWellAsNumber) {
    // The same digits under another country are another person.
    const NationalId olivia_as_if_swedish{Country::se, "26026708248", {1967, 2, 26}};
    EXPECT_EQ(lookup_legal_address(olivia_as_if_swedish, "1642").status,
              LookupStatus::person_unknown);
}

TEST(LookupLegalAddress, SearchesTheRegistryItIsGiven) {
    const std::vector<RegistryRow> registry{
        {Country::se, "196003071161",
         address_of("Someone Else", "Gatan 1", "111 22", "Stockholm", Country::se)}};
    const LookupOutcome outcome =
        lookup_legal_address(registry, id_of(Country::se, "600307-1161"), "11122");
    ASSERT_EQ(outcome.status, LookupStatus::found);
    EXPECT_EQ(outcome.address->addressee, "Someone Else");
}

const Address azra_address =
    address_of("Azra Oliveira", "Helgestavägen 9", "19792", "Bro", Country::se);

struct CreditCase {
    std::string name;
    std::int64_t amount_minor;
    std::string national_id;  // Swedish.
    Address legal_address;
    CreditOutcome outcome;
    std::optional<std::string> error_code;
    std::string error_description;
    std::optional<ThirdPartyProblem> problem;
};

std::ostream& operator<<(std::ostream& out, const CreditCase& c) { return out << c.name; }

class DecideCredit : public testing::TestWithParam<CreditCase> {};

TEST_P(DecideCredit, FollowsTestDataOrder) {
    const CreditCase& c = GetParam();
    for (const std::string activity_name : {"Authorize", "Verify"}) {
        const CreditDecision decision =
            decide_credit(Amount{c.amount_minor}, id_of(Country::se, c.national_id),
                          c.legal_address, activity_name);
        EXPECT_EQ(decision.outcome, c.outcome);
        EXPECT_EQ(decision.problem, c.problem);
        if (c.outcome != CreditOutcome::failed) {
            EXPECT_EQ(decision.failure, std::nullopt);
            continue;
        }
        const TransactionFailure expected{.reason = "ExternalResponseError",
                                          .activity_name = activity_name,
                                          .error_code = c.error_code,
                                          .error_description = c.error_description};
        EXPECT_EQ(decision.failure, expected);
    }
}

INSTANTIATE_TEST_SUITE_P(
    MagicAmounts, DecideCredit,
    testing::Values(
        CreditCase{"a900001", 900001, "600307-1161", azra_address, CreditOutcome::failed,
                   std::nullopt, "No error code", ThirdPartyProblem::external_error_500},
        CreditCase{"a900010", 900010, "600307-1161", azra_address, CreditOutcome::failed, "10",
                   "ValidationWarning", ThirdPartyProblem::input_error_400},
        CreditCase{"a900030", 900030, "600307-1161", azra_address, CreditOutcome::failed, "30",
                   "ValidationError", ThirdPartyProblem::input_error_400},
        CreditCase{"a903010", 903010, "600307-1161", azra_address, CreditOutcome::failed, "3010",
                   "ClientRequestInvalid", ThirdPartyProblem::input_error_400},
        CreditCase{"a900040", 900040, "600307-1161", azra_address, CreditOutcome::failed, "40",
                   "Error", ThirdPartyProblem::external_error_502},
        CreditCase{"a900050", 900050, "600307-1161", azra_address, CreditOutcome::failed, "50",
                   "SystemConfigurationError", ThirdPartyProblem::external_error_502},
        CreditCase{"a900060", 900060, "600307-1161", azra_address, CreditOutcome::failed, "60",
                   "SystemError", ThirdPartyProblem::external_error_502},
        CreditCase{"a909999", 909999, "600307-1161", azra_address, CreditOutcome::failed, "9999",
                   "ServerOtherServer", ThirdPartyProblem::external_error_502},
        CreditCase{"a900403", 900403, "600307-1161", azra_address, CreditOutcome::failed, "1001",
                   "CreditNotApproved", ThirdPartyProblem::forbidden_403},
        CreditCase{"a900999_initialized", 900999, "600307-1161", azra_address,
                   CreditOutcome::initialized, std::nullopt, "", std::nullopt},
        // Magic amounts come before the person rules: an unknown person still gets the amount's
        // outcome.
        CreditCase{"magic_amount_before_unknown_person", 900040, "240614-1230", azra_address,
                   CreditOutcome::failed, "40", "Error", ThirdPartyProblem::external_error_502},
        CreditCase{"initialized_before_zip_mismatch", 900999, "600307-1161",
                   address_of("Azra Oliveira", "Helgestavägen 9", "17674", "Bro", Country::se),
                   CreditOutcome::initialized, std::nullopt, "", std::nullopt}),
    [](const auto& test_case) { return test_case.param.name; });

INSTANTIATE_TEST_SUITE_P(
    PersonRules, DecideCredit,
    testing::Values(
        CreditCase{"known_person_matching_address_completes", 1500, "600307-1161", azra_address,
                   CreditOutcome::completed, std::nullopt, "", std::nullopt},
        CreditCase{"zero_amount_verification_completes", 0, "971020-2392",
                   address_of("Leia Ahlström", "Hökvägen 5", "176 74", "Järfälla", Country::se),
                   CreditOutcome::completed, std::nullopt, "", std::nullopt},
        CreditCase{"legacy_row_completes", 1500, "971020-2392",
                   address_of("Leia Ahlström", "Helgestavägen 9", "19792", "Bro", Country::se),
                   CreditOutcome::completed, std::nullopt, "", std::nullopt},
        CreditCase{"unknown_person_refused_as_900403", 1500, "240614-1230", azra_address,
                   CreditOutcome::failed, "1001", "CreditNotApproved",
                   ThirdPartyProblem::forbidden_403},
        CreditCase{"zip_mismatch_fails_as_900030", 1500, "600307-1161",
                   address_of("Azra Oliveira", "Helgestavägen 9", "17674", "Bro", Country::se),
                   CreditOutcome::failed, "30", "ValidationError",
                   ThirdPartyProblem::input_error_400},
        CreditCase{"country_mismatch_fails_as_900030", 1500, "600307-1161",
                   address_of("Azra Oliveira", "Helgestavägen 9", "19792", "Bro", Country::no),
                   CreditOutcome::failed, "30", "ValidationError",
                   ThirdPartyProblem::input_error_400},
        CreditCase{"near_magic_amount_is_ordinary", 900002, "600307-1161", azra_address,
                   CreditOutcome::completed, std::nullopt, "", std::nullopt}),
    [](const auto& test_case) { return test_case.param.name; });

TEST(DecideCredit, UsesTheRegistryItIsGiven) {
    const std::vector<RegistryRow> empty_registry;
    const CreditDecision decision = decide_credit(
        empty_registry, Amount{1500}, id_of(Country::se, "600307-1161"), azra_address, "Authorize");
    EXPECT_EQ(decision.outcome, CreditOutcome::failed);
    EXPECT_EQ(decision.problem, ThirdPartyProblem::forbidden_403);
}

}  // namespace
}  // namespace faktura::domain

namespace faktura::domain {
namespace {

// One person per country is found by the lookup but refused credit, so a payer's page can show a
// refusal and then succeed with another person.
TEST(TestPersonRegistry, HasAFoundButRefusedPersonPerCountry) {
    for (const auto& [country, number, zip] : {std::tuple{Country::se, "800101-9879", "11122"},
                                               std::tuple{Country::no, "01018012029", "0155"},
                                               std::tuple{Country::fi, "010180-1232", "00100"}}) {
        const auto person = parse_national_id(country, number, CivilDate{2026, 11, 21});
        ASSERT_TRUE(person) << number;
        const LookupOutcome lookup = lookup_legal_address(*person, zip);
        ASSERT_EQ(LookupStatus::found, lookup.status) << number;
        const CreditDecision decision =
            decide_credit(Amount{10000}, *person, *lookup.address, "Authorize");
        EXPECT_EQ(CreditOutcome::failed, decision.outcome) << number;
        EXPECT_EQ("1001", decision.failure->error_code.value_or("")) << number;
        EXPECT_EQ(ThirdPartyProblem::forbidden_403, decision.problem) << number;
    }
}

}  // namespace
}  // namespace faktura::domain
