// MerchantService's document details: every value checked and normalised for the seller's country,
// the problems naming the command line option, and a failed update changing nothing.
#include "app/merchant_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "storage/sqlite/sqlite_store.hpp"
#include "support/counting_ids.hpp"
#include "support/manual_clock.hpp"

namespace faktura::app {
namespace {

struct World {
    std::unique_ptr<storage::sqlite::SqliteStore> store =
        storage::sqlite::SqliteStore::open(":memory:");
    testing::ManualClock clock;
    testing::CountingIds ids;
    MerchantService merchants{*store, clock, ids};
    domain::Merchant merchant =
        merchants.add(MerchantRegistration{"Shop", std::nullopt, std::nullopt, {}})->merchant;
};

std::vector<std::string> option_names(const domain::Error& error) {
    std::vector<std::string> names;
    for (const domain::FieldProblem& problem : error.problems) names.push_back(problem.name);
    return names;
}

TEST(MerchantDocumentDetails, AreNormalisedForTheSellersCountryAndTheVatNumberDerived) {
    World world;
    domain::MerchantDocumentDetails details;
    details.country = domain::Country::se;
    details.legal_name = "  Shop Sverige AB ";
    details.organisation_number = "5560360793";
    details.bankgiro = "9912346";
    details.iban = "se45 5000 0000 0583 9825 7466";
    details.email = "faktura@shop.example";
    const auto updated = world.merchants.update_document_details(world.merchant.payee_id, details);
    ASSERT_TRUE(updated) << option_names(updated.error()).size();
    const domain::MerchantDocumentDetails& saved = updated->document_details;
    EXPECT_EQ("Shop Sverige AB", saved.legal_name);
    EXPECT_EQ("556036-0793", saved.organisation_number);
    EXPECT_EQ("SE556036079301", saved.vat_number);
    EXPECT_EQ("991-2346", saved.bankgiro);
    EXPECT_EQ("SE4550000000058398257466", saved.iban);
    // Stored: the next read has them.
    std::optional<domain::Merchant> read;
    world.store->read(
        [&](storage::DbReader& db) { read = db.find_merchant(world.merchant.payee_id); });
    EXPECT_EQ(saved, read->document_details);

    details = {};
    details.country = domain::Country::no;
    details.organisation_number = "923 609 016";
    const auto norwegian =
        world.merchants.update_document_details(world.merchant.payee_id, details);
    ASSERT_TRUE(norwegian);
    EXPECT_EQ("923609016", norwegian->document_details.organisation_number);
    EXPECT_EQ("NO923609016MVA", norwegian->document_details.vat_number);

    details = {};
    details.country = domain::Country::fi;
    details.organisation_number = "26174164";
    const auto finnish = world.merchants.update_document_details(world.merchant.payee_id, details);
    ASSERT_TRUE(finnish);
    EXPECT_EQ("2617416-4", finnish->document_details.organisation_number);
    EXPECT_EQ("FI26174164", finnish->document_details.vat_number);
}

TEST(MerchantDocumentDetails, EveryBadValueIsNamedAndNothingChanges) {
    World world;
    domain::MerchantDocumentDetails details;
    details.country = domain::Country::se;
    details.organisation_number = "5560360794";  // Check digit off by one.
    details.vat_number = "SE556036079302";
    details.bankgiro = "9912345";
    details.plusgiro = "1";
    details.bank_account = "86011117948";
    details.iban = "FI3715903000000777";
    details.bic = "NDEA";
    details.email = "not-an-address";
    details.website = "javascript:alert(1)";
    details.legal_name = std::string(101, 'x');
    details.ledger_accounts.sales_25 = 30010;
    const auto refused = world.merchants.update_document_details(world.merchant.payee_id, details);
    ASSERT_FALSE(refused);
    EXPECT_EQ(domain::ErrorCode::request_invalid, refused.error().code);
    std::vector<std::string> names = option_names(refused.error());
    std::sort(names.begin(), names.end());
    EXPECT_EQ((std::vector<std::string>{"--bank-account", "--bankgiro", "--bic", "--email",
                                        "--iban", "--legal-name", "--org-number", "--plusgiro",
                                        "--sie-account", "--vat-number", "--website"}),
              names);
    std::optional<domain::Merchant> read;
    world.store->read(
        [&](storage::DbReader& db) { read = db.find_merchant(world.merchant.payee_id); });
    EXPECT_EQ(domain::MerchantDocumentDetails{}, read->document_details);
    EXPECT_FALSE(read->document_details.complete());
}

TEST(MerchantDocumentDetails, NumbersNeedTheSellersCountryAndEmptyTextClears) {
    World world;
    domain::MerchantDocumentDetails details;
    details.organisation_number = "5560360793";
    const auto refused = world.merchants.update_document_details(world.merchant.payee_id, details);
    ASSERT_FALSE(refused);
    EXPECT_EQ(std::vector<std::string>{"--country"}, option_names(refused.error()));

    details = {};
    details.city = "   ";
    details.phone = "+46 8 123 456";
    const auto updated = world.merchants.update_document_details(world.merchant.payee_id, details);
    ASSERT_TRUE(updated);
    EXPECT_EQ(std::nullopt, updated->document_details.city);
    EXPECT_EQ("+46 8 123 456", updated->document_details.phone);
    EXPECT_FALSE(
        world.merchants.update_document_details("00000000-0000-4000-8000-000000000000", details));
}

}  // namespace
}  // namespace faktura::app
