// The test persons and magic amounts as two tables, so each row can be checked against test-data.md
// §1 and §3.2 line by line. Nothing here is documented behaviour of the real service: it exists so
// every documented outcome can be produced deterministically.
#include "domain/person_registry.hpp"

#include <array>
#include <cassert>
#include <cstdint>
#include <utility>

namespace faktura::domain {
namespace {

std::string without_spaces(std::string_view text) {
    std::string result;
    for (char c : text) {
        if (c != ' ') result.push_back(c);
    }
    return result;
}

RegistryRow row(Country country, std::string national_id, std::string addressee, std::string street,
                std::string zip_code, std::string city) {
    return RegistryRow{country, std::move(national_id),
                       Address{.addressee = std::move(addressee),
                               .co_address = std::nullopt,
                               .street_address = std::move(street),
                               .zip_code = std::move(zip_code),
                               .city = std::move(city),
                               .country = country}};
}

RegistryRow refused(RegistryRow registry_row) {
    registry_row.credit_refused = true;
    return registry_row;
}

struct MagicAmount {
    std::int64_t amount_minor;
    CreditOutcome outcome;
    std::optional<std::string_view> error_code;
    std::string_view error_description;
    std::optional<ThirdPartyProblem> problem;
};

// test-data.md §3.2, table 1, in its order.
constexpr std::array<MagicAmount, 10> magic_amounts{{
    {900001, CreditOutcome::failed, std::nullopt, "No error code",
     ThirdPartyProblem::external_error_500},
    {900010, CreditOutcome::failed, "10", "ValidationWarning", ThirdPartyProblem::input_error_400},
    {900030, CreditOutcome::failed, "30", "ValidationError", ThirdPartyProblem::input_error_400},
    {903010, CreditOutcome::failed, "3010", "ClientRequestInvalid",
     ThirdPartyProblem::input_error_400},
    {900040, CreditOutcome::failed, "40", "Error", ThirdPartyProblem::external_error_502},
    {900050, CreditOutcome::failed, "50", "SystemConfigurationError",
     ThirdPartyProblem::external_error_502},
    {900060, CreditOutcome::failed, "60", "SystemError", ThirdPartyProblem::external_error_502},
    {909999, CreditOutcome::failed, "9999", "ServerOtherServer",
     ThirdPartyProblem::external_error_502},
    {900403, CreditOutcome::failed, "1001", "CreditNotApproved", ThirdPartyProblem::forbidden_403},
    {900999, CreditOutcome::initialized, std::nullopt, "", std::nullopt},
}};

// The rows the person rules reuse: an unknown person is refused credit, a wrong address fails
// validation.
constexpr std::int64_t credit_refused_amount = 900403;
constexpr std::int64_t validation_error_amount = 900030;

CreditDecision decision_of(const MagicAmount& magic, std::string_view activity_name) {
    if (magic.outcome != CreditOutcome::failed)
        return CreditDecision{magic.outcome, std::nullopt, std::nullopt};
    TransactionFailure failure{
        .reason = "ExternalResponseError",
        .activity_name = std::string(activity_name),
        .error_code =
            magic.error_code ? std::optional(std::string(*magic.error_code)) : std::nullopt,
        .error_description = std::string(magic.error_description),
    };
    return CreditDecision{CreditOutcome::failed, std::move(failure), magic.problem};
}

const MagicAmount& magic_amount_row(std::int64_t amount_minor) {
    for (const MagicAmount& magic : magic_amounts) {
        if (magic.amount_minor == amount_minor) return magic;
    }
    assert(false && "only called with amounts of the table");
    return magic_amounts.front();
}

}  // namespace

const std::vector<RegistryRow>& test_person_registry() {
    static const std::vector<RegistryRow> registry{
        row(Country::no, "26026708248", "Olivia Nyhuus", "Saltnestoppen 43", "1642", "Saltnes"),
        row(Country::se, "196003071161", "Azra Oliveira", "Helgestavägen 9", "19792", "Bro"),
        row(Country::se, "199710202392", "Leia Ahlström", "Hökvägen 5", "17674", "Järfälla"),
        // Leia's address before 2020-03-30, kept so the older examples still find her.
        row(Country::se, "199710202392", "Leia Ahlström", "Helgestavägen 9", "19792", "Bro"),
        row(Country::se, "194810205957", "Leo 6", "Gata 535", "55560", "Vaxholm"),
        row(Country::fi, "100584-451P", "Järvilehto Kimmo", "Kiannonkatu 88", "90500", "Oulu"),
        refused(
            row(Country::se, "198001019879", "Neka Nilsson", "Storgatan 1", "11122", "Stockholm")),
        refused(row(Country::no, "01018012029", "Nils Avslag", "Storgata 1", "0155", "Oslo")),
        refused(row(Country::fi, "010180-1232", "Kielto Kalle", "Mannerheimintie 1", "00100",
                    "Helsinki")),
    };
    return registry;
}

LookupOutcome lookup_legal_address(const std::vector<RegistryRow>& registry,
                                   const NationalId& person, std::string_view zip_code) {
    const std::string wanted_zip = without_spaces(zip_code);
    bool person_known = false;
    for (const RegistryRow& candidate : registry) {
        if (candidate.country != person.country || candidate.national_id != person.canonical)
            continue;
        person_known = true;
        if (without_spaces(candidate.address.zip_code) == wanted_zip) {
            return LookupOutcome{LookupStatus::found, candidate.address};
        }
    }
    return LookupOutcome{person_known ? LookupStatus::zip_mismatch : LookupStatus::person_unknown,
                         std::nullopt};
}

LookupOutcome lookup_legal_address(const NationalId& person, std::string_view zip_code) {
    return lookup_legal_address(test_person_registry(), person, zip_code);
}

CreditDecision decide_credit(const std::vector<RegistryRow>& registry, Amount authorization_amount,
                             const NationalId& consumer, const Address& legal_address,
                             std::string_view activity_name) {
    // Magic amounts come first so that any test person can produce every outcome.
    for (const MagicAmount& magic : magic_amounts) {
        if (magic.amount_minor == authorization_amount.minor)
            return decision_of(magic, activity_name);
    }
    const LookupOutcome lookup = lookup_legal_address(registry, consumer, legal_address.zip_code);
    switch (lookup.status) {
        case LookupStatus::person_unknown:
            return decision_of(magic_amount_row(credit_refused_amount), activity_name);
        case LookupStatus::zip_mismatch:
            return decision_of(magic_amount_row(validation_error_amount), activity_name);
        case LookupStatus::provider_unavailable:  // Not produced by a constant table.
        case LookupStatus::found:
            break;
    }
    if (legal_address.country != consumer.country) {
        return decision_of(magic_amount_row(validation_error_amount), activity_name);
    }
    for (const RegistryRow& candidate : registry) {
        if (candidate.credit_refused && candidate.country == consumer.country &&
            candidate.national_id == consumer.canonical) {
            return decision_of(magic_amount_row(credit_refused_amount), activity_name);
        }
    }
    return CreditDecision{CreditOutcome::completed, std::nullopt, std::nullopt};
}

CreditDecision decide_credit(Amount authorization_amount, const NationalId& consumer,
                             const Address& legal_address, std::string_view activity_name) {
    return decide_credit(test_person_registry(), authorization_amount, consumer, legal_address,
                         activity_name);
}

}  // namespace faktura::domain
