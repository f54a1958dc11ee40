// Tests the CSV transaction list: the header of XLSX column names, RFC 4180 quoting read back by a
// small reader written here, CRLF row ends, the byte order mark, and the same numbers as the rows.
#include "reports/transaction_list_csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "settlement_examples.hpp"

namespace faktura::reports {
namespace {

// RFC 4180 records of a CSV text without its byte order mark.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field.push_back(c);
            }
        } else if (c == '"') {
            EXPECT_TRUE(field.empty()) << "a quote inside an unquoted field";
            quoted = true;
        } else if (c == ',') {
            record.push_back(field);
            field.clear();
        } else if (c == '\r') {
            EXPECT_EQ(text[i + 1], '\n') << "CR without LF";
            ++i;
            record.push_back(field);
            field.clear();
            records.push_back(record);
            record.clear();
        } else {
            EXPECT_NE(c, '\n') << "LF without CR";
            field.push_back(c);
        }
    }
    EXPECT_TRUE(field.empty() && record.empty()) << "the last row lacks its CRLF";
    return records;
}

TEST(TransactionListCsv, StartsWithAByteOrderMarkAndTheColumnNames) {
    const std::string csv = render_transaction_list_csv(testing_support::example_settlement());
    ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
    const auto records = read_csv(csv.substr(3));
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records[0],
              (std::vector<std::string>{
                  "Swedbank Pay Batch Number", "Transaction Number", "Order id", "Date Created",
                  "Date Modified", "Provider", "Type", "Amount", "Currency", "Product Number",
                  "Description", "VAT Amount", "VAT Percentage", "Swedbank Pay Account Number",
                  "Referenced Transaction Number", "Sales Channel"}));
}

TEST(TransactionListCsv, HoldsOneRowPerTransactionWithTheXmlValues) {
    const domain::SettlementReport report = testing_support::example_settlement();
    const auto records = read_csv(render_transaction_list_csv(report).substr(3));
    ASSERT_EQ(records.size(), report.transactions.size() + 1);
    for (const auto& record : records) EXPECT_EQ(record.size(), 16u);
    EXPECT_EQ(records[1],
              (std::vector<std::string>{
                  "739000", "101", "ORDER-101", "2024-01-05 12:00:00", "2024-01-05 12:00:00",
                  "PayEx", "PayEx Faktura SE", "125.00", "SEK", "Böcker", "Köp i webbutiken",
                  "25.00", "25.00", "69199739", "100", "Transaction via eCommerce APIs"}));
    // Quoting survives the round trip.
    EXPECT_EQ(records[2][10], "A <b>\"quoted\"</b> & tabbed\tline, with comma");
    EXPECT_EQ(records[2][9], "");
    EXPECT_EQ(records[5][7], "-50.00");
    EXPECT_EQ(records[5][11], "-10.00");
    EXPECT_EQ(records[3][8], "NOK");
    EXPECT_EQ(records[4][8], "EUR");
}

TEST(CsvField, QuotesOnlyWhenItMustAndDoublesQuotes) {
    EXPECT_EQ(csv_field("plain"), "plain");
    EXPECT_EQ(csv_field(""), "");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("two\r\nlines"), "\"two\r\nlines\"");
    EXPECT_EQ(csv_field(" padded"), "\" padded\"");
}

// A description or order id that a spreadsheet would run as a formula is kept as text.
TEST(TransactionListCsv, TextThatLooksLikeAFormulaStaysText) {
    domain::SettlementReport report = testing_support::example_settlement();
    report.transactions.resize(1);
    report.transactions[0].description = "=HYPERLINK(\"https://evil.example\")";
    report.transactions[0].order_id = "+46-ORDER";
    report.transactions[0].product_category = "@SUM(A1)";
    const auto records = read_csv(render_transaction_list_csv(report).substr(3));
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1][10], "'=HYPERLINK(\"https://evil.example\")");
    EXPECT_EQ(records[1][2], "'+46-ORDER");
    EXPECT_EQ(records[1][9], "'@SUM(A1)");
    EXPECT_EQ(records[1][7], "125.00") << "numbers are numbers";
}

TEST(TransactionListCsv, AnEmptySettlementIsTheHeaderOnly) {
    const auto records =
        read_csv(render_transaction_list_csv(domain::SettlementReport{}).substr(3));
    EXPECT_EQ(records.size(), 1u);
}

}  // namespace
}  // namespace faktura::reports
