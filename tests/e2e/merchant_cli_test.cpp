// The merchant commands of the real `faktura` binary: add prints a working token, update changes
// the agreement settings that the next captures use, and bad values are refused.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "e2e/test_app.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

TEST(MerchantCli, UpdateChangesTheDueDaysOfLaterInvoices) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string database = "sqlite:" + app.database_path().string();
    const std::string output =
        run_command(std::string(FAKTURA_BINARY) + " merchant update --payee-id " +
                    merchant.payee_id + " --due-days 30 --kid mod11 --database " + database);
    EXPECT_NE(std::string::npos, output.find("dueDays: 30"));
    EXPECT_NE(std::string::npos, output.find("kid: mod11"));
    EXPECT_NE(std::string::npos, output.find("attempts: 3"))
        << "options not given stay as they were";

    // The running server picks the new settings up for the next capture.
    const std::string id = app.create_payment(merchant);
    ASSERT_EQ(201, app.authorize(merchant, id).status);
    const ClientResponse capture = app.call(
        "POST", id + "/captures", merchant.token,
        R"({"transaction":{"activity":"FinancingConsumer","amount":10000,"vatAmount":0,"payeeReference":")" +
            unique_reference() +
            R"(","description":"All of it","itemDescriptions":[{"amount":10000,"description":"Goods"}],)"
            R"("vatSummary":[{"amount":10000,"vatPercent":0,"vatAmount":0}]}})");
    ASSERT_EQ(201, capture.status) << capture.body;
    const json::value invoice = json::parse(capture.body).at("capture").at("invoice");
    const std::string issued(invoice.at("invoiceDate").as_string());
    const std::string due(invoice.at("dueDate").as_string());
    const auto days_of = [](const std::string& date) {
        const std::chrono::year_month_day ymd{
            std::chrono::year{std::stoi(date.substr(0, 4))},
            std::chrono::month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
            std::chrono::day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
        return std::chrono::sys_days{ymd}.time_since_epoch().count();
    };
    EXPECT_EQ(30, days_of(due) - days_of(issued));
}

TEST(MerchantCli, RefusesUnknownMerchantsAndBadValues) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string database = "sqlite:" + app.database_path().string();
    EXPECT_THROW(run_command(std::string(FAKTURA_BINARY) + " merchant update --payee-id " +
                             "00000000-0000-4000-8000-000000000000 --due-days 30 --database " +
                             database + " 2>/dev/null"),
                 std::runtime_error);
    EXPECT_THROW(
        run_command(std::string(FAKTURA_BINARY) + " merchant update --payee-id " +
                    merchant.payee_id + " --due-days 0 --database " + database + " 2>/dev/null"),
        std::runtime_error);
    const std::string added = run_command(
        std::string(FAKTURA_BINARY) +
        " merchant add --name 'Short token' --token short --database " + database + " 2>/dev/null");
    std::smatch token;
    ASSERT_TRUE(std::regex_search(added, token, std::regex("token: (\\S+)")));
    EXPECT_EQ(48u, token[1].str().size()) << "a too-short token is replaced by a generated one";
}

}  // namespace
}  // namespace faktura::testing
