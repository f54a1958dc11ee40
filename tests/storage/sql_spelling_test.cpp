// The SQL spelling tables: every enumerator has a distinct spelling that reads back to itself, and
// the spellings (stored data) are pinned literally, so renaming one fails here before it strands
// rows.
#include "storage/sql_spelling.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace faktura::storage {
namespace {

// Walks the enumerators 0, 1, 2, … the way from_sql does, collecting their spellings.
template <typename Enum>
std::vector<std::string_view> spellings_of() {
    std::vector<std::string_view> spellings;
    for (int index = 0; !to_sql(static_cast<Enum>(index)).empty(); ++index) {
        spellings.push_back(to_sql(static_cast<Enum>(index)));
    }
    return spellings;
}

template <typename Enum>
void expect_round_trips(const std::vector<std::string_view>& expected) {
    const std::vector<std::string_view> spellings = spellings_of<Enum>();
    EXPECT_EQ(spellings, expected);
    EXPECT_EQ(std::set<std::string_view>(spellings.begin(), spellings.end()).size(),
              spellings.size());
    for (int index = 0; index < static_cast<int>(spellings.size()); ++index) {
        EXPECT_EQ(from_sql<Enum>(spellings[static_cast<std::size_t>(index)]),
                  static_cast<Enum>(index));
    }
    EXPECT_EQ(from_sql<Enum>(""), std::nullopt);
    EXPECT_EQ(from_sql<Enum>("no such spelling"), std::nullopt);
}

TEST(SqlSpelling, EveryEnumHasDistinctPinnedSpellingsThatReadBack) {
    expect_round_trips<domain::PaymentOperation>({"financing_consumer", "verify", "recur"});
    expect_round_trips<domain::PaymentState>({"ready", "pending", "failed", "aborted"});
    expect_round_trips<domain::InvoiceType>(
        {"payex_financing_se", "payex_financing_no", "payex_financing_fi"});
    expect_round_trips<domain::Currency>({"sek", "nok", "eur"});
    expect_round_trips<domain::Language>({"sv_se", "nb_no", "en_us"});
    expect_round_trips<domain::TransactionType>(
        {"authorization", "capture", "cancellation", "reversal", "verification"});
    expect_round_trips<domain::TransactionState>({"initialized", "completed", "failed"});
    expect_round_trips<domain::MetadataValue::Kind>({"string", "integer", "decimal", "boolean"});
    expect_round_trips<domain::KidAlgorithm>({"mod10", "mod11"});
    expect_round_trips<domain::SettlementOption>({"a", "b"});
    expect_round_trips<domain::Country>({"se", "no", "fi"});
    expect_round_trips<domain::PayerTokenKind>({"payment", "recurrence"});
    expect_round_trips<domain::PaymentReferenceKind>({"kid", "ocr", "finnish_reference"});
}

TEST(SqlSpelling, SpellingsAreCaseSensitive) {
    EXPECT_EQ(from_sql<domain::PaymentState>("Ready"), std::nullopt);
}

}  // namespace
}  // namespace faktura::storage
