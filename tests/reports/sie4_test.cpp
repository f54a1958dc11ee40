// Tests the SIE 4I file structurally: it is code page 437 (Swedish letters as their CP437 bytes),
// every #VER balances to zero, every #TRANS account has a #KONTO, only SEK is booked, and the
// vouchers carry the capture and reversal rows on the configured accounts.
#include "reports/sie4.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "settlement_examples.hpp"

namespace faktura::reports {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find("\r\n", start);
        EXPECT_NE(end, std::string::npos) << "every line ends in CRLF";
        if (end == std::string::npos) break;
        lines.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

std::int64_t cents_of(const std::string& decimal) {
    const bool negative = decimal.starts_with("-");
    const std::string digits = negative ? decimal.substr(1) : decimal;
    const std::size_t point = digits.find('.');
    const std::int64_t cents =
        std::stoll(digits.substr(0, point)) * 100 + std::stoll(digits.substr(point + 1));
    return negative ? -cents : cents;
}

struct Voucher {
    std::string header;
    std::map<std::int32_t, std::int64_t> rows;  // Account → cents.
};

struct SieFile {
    std::vector<std::string> labels;  // The first word of every line outside the vouchers.
    std::map<std::int32_t, std::string> accounts;
    std::vector<Voucher> vouchers;
};

SieFile read_sie(const std::string& text) {
    SieFile file;
    bool in_voucher = false;
    for (const std::string& line : lines_of(text)) {
        if (line == "{") {
            EXPECT_FALSE(in_voucher);
            EXPECT_FALSE(file.vouchers.empty());
            in_voucher = true;
        } else if (line == "}") {
            EXPECT_TRUE(in_voucher);
            in_voucher = false;
        } else if (in_voucher) {
            std::istringstream words(line);
            std::string label, object_list, amount;
            std::int32_t account = 0;
            words >> label >> account >> object_list >> amount;
            EXPECT_EQ(label, "#TRANS");
            EXPECT_EQ(object_list, "{}");
            file.vouchers.back().rows[account] += cents_of(amount);
        } else {
            const std::string label = line.substr(0, line.find(' '));
            file.labels.push_back(label);
            if (label == "#VER") file.vouchers.push_back(Voucher{line, {}});
            if (label == "#KONTO") {
                std::istringstream words(line.substr(7));
                std::int32_t account = 0;
                words >> account;
                file.accounts[account] = line.substr(line.find('"'));
            }
        }
    }
    EXPECT_FALSE(in_voucher);
    return file;
}

std::string render_example() {
    return render_sie4(testing_support::example_settlement(),
                       Sie4Options{.generated_on = domain::CivilDate{2024, 2, 1},
                                   .program_version = "0.9",
                                   .organisation_number = "556036-0793"});
}

TEST(Sie4, StartsWithTheHeaderOfA4IFile) {
    const std::string sie = render_example();
    EXPECT_TRUE(
        sie.starts_with("#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n"
                        "#PROGRAM \"Faktura\" \"0.9\"\r\n#GEN 20240201\r\n"))
        << sie;
    const SieFile file = read_sie(sie);
    const std::vector<std::string> expected_start{"#FLAGGA", "#FORMAT", "#SIETYP", "#PROGRAM",
                                                  "#GEN",    "#FNAMN",  "#ORGNR",  "#RAR"};
    ASSERT_GE(file.labels.size(), expected_start.size());
    EXPECT_EQ(std::vector<std::string>(file.labels.begin(), file.labels.begin() + 8),
              expected_start);
    EXPECT_NE(sie.find("#ORGNR 556036-0793\r\n"), std::string::npos);
    EXPECT_NE(sie.find("#RAR 0 20240101 20240131\r\n"), std::string::npos);
    EXPECT_NE(sie.find("#VALUTA SEK\r\n"), std::string::npos);
    // The payee's name: Å and Ö as CP437 bytes, quotes escaped.
    EXPECT_NE(sie.find("#FNAMN \"\x8F"
                       "sa & \x99rjan's \\\"Bok\\\" AB\"\r\n"),
              std::string::npos)
        << sie;
}

TEST(Sie4, EveryVoucherBalancesAndEveryAccountIsDeclared) {
    const SieFile file = read_sie(render_example());
    ASSERT_FALSE(file.vouchers.empty());
    for (const Voucher& voucher : file.vouchers) {
        std::int64_t sum = 0;
        for (const auto& [account, cents] : voucher.rows) {
            sum += cents;
            EXPECT_TRUE(file.accounts.contains(account)) << account << " has no #KONTO";
        }
        EXPECT_EQ(sum, 0) << voucher.header;
    }
}

TEST(Sie4, BooksOnlyTheSekTransactions) {
    const SieFile file = read_sie(render_example());
    // Three SEK transactions of five: the NOK and EUR captures are not in a Swedish ledger.
    ASSERT_EQ(file.vouchers.size(), 3u);
    EXPECT_EQ(file.vouchers[0].header.substr(0, 22), "#VER \"\" 1 20240105 \"F\x94");
    EXPECT_EQ(file.vouchers[2].header.substr(0, 19), "#VER \"\" 3 20240106 ");
}

TEST(Sie4, BooksCapturesAndReversalsOnTheConfiguredAccounts) {
    const SieFile file = read_sie(render_example());
    ASSERT_EQ(file.vouchers.size(), 3u);
    EXPECT_EQ(file.vouchers[0].rows,
              (std::map<std::int32_t, std::int64_t>{{1510, 12500}, {3001, -10000}, {2611, -2500}}));
    EXPECT_EQ(file.vouchers[1].rows, (std::map<std::int32_t, std::int64_t>{{1510, 22400},
                                                                           {3001, -10000},
                                                                           {3002, -6000},
                                                                           {3003, -3000},
                                                                           {2611, -2500},
                                                                           {2621, -720},
                                                                           {2631, -180}}));
    // The reversal is the opposite of a capture.
    EXPECT_EQ(file.vouchers[2].rows,
              (std::map<std::int32_t, std::int64_t>{{1510, -5000}, {3001, 4000}, {2611, 1000}}));
    EXPECT_NE(file.vouchers[2].header.find("\"Kreditering, order REV-109, transaktion 109\""),
              std::string::npos);
}

TEST(Sie4, UsesTheMerchantsAccountsAndTheirBasNames) {
    domain::SettlementReport report = testing_support::example_settlement();
    report.accounts.receivable = 1580;
    report.accounts.sales_25 = 3010;
    const SieFile file = read_sie(render_sie4(report, Sie4Options{}));
    EXPECT_EQ(file.accounts.at(1580), "\"Kundfordringar\"");
    EXPECT_EQ(file.accounts.at(3010), "\"F\x94rs\x84ljning inom Sverige, 25 % moms\"");
    EXPECT_EQ(file.accounts.at(2611),
              "\"Utg\x86"
              "ende moms p\x86 f\x94rs\x84ljning inom Sverige, 25 %\"");
    EXPECT_FALSE(file.accounts.contains(1510));
    EXPECT_EQ(file.vouchers[0].rows.at(1580), 12500);
}

TEST(Sie4, BalancesWhenTheVatLinesDoNotAddUp) {
    domain::SettlementReport report;
    auto odd = testing_support::capture_of(1, domain::InvoiceType::payex_financing_se, 10000, 2000,
                                           testing_support::january_5th);
    odd.vat_lines = {{domain::Amount{6000}, domain::VatRate{1400}, domain::Amount{840}}};
    report.transactions.push_back(odd);
    const SieFile file = read_sie(render_sie4(report, Sie4Options{}));
    ASSERT_EQ(file.vouchers.size(), 1u);
    std::int64_t sum = 0;
    for (const auto& [account, cents] : file.vouchers[0].rows) sum += cents;
    EXPECT_EQ(sum, 0);
    EXPECT_EQ(file.vouchers[0].rows.at(3004), -8000);  // 51.60 at 14 % plus the rest 28.40.
    EXPECT_EQ(file.vouchers[0].rows.at(2611), -2000);
}

TEST(Sie4, ContainsNoUtf8) {
    const std::string sie = render_example();
    EXPECT_NE(sie.find("F\x94rs\x84ljning"), std::string::npos);
    EXPECT_EQ(sie.find("\xC3"), std::string::npos);
}

TEST(Utf8ToCp437, MapsWhatCp437HasAndMarksTheRest) {
    EXPECT_EQ(utf8_to_cp437("Försäljning"), "F\x94rs\x84ljning");
    EXPECT_EQ(utf8_to_cp437("åäöÅÄÖéüÉÜ"), "\x86\x84\x94\x8F\x8E\x99\x82\x81\x90\x9A");
    EXPECT_EQ(utf8_to_cp437("æÆ£½°±"), "\x91\x92\x9C\xAB\xF8\xF1");
    // Ø, € and an emoji have no CP437 byte; a lone continuation byte and a cut sequence are not
    // UTF-8.
    EXPECT_EQ(utf8_to_cp437("Øre €5 \xF0\x9F\x98\x80"), "?re ?5 ?");
    EXPECT_EQ(utf8_to_cp437("a\x80z"), "a?z");
    EXPECT_EQ(utf8_to_cp437("a\xC3"), "a?");
    EXPECT_EQ(utf8_to_cp437("\xC0\xAFx"), "?x");  // An overlong '/' is one bad sequence.
    EXPECT_EQ(utf8_to_cp437("plain ASCII 123"), "plain ASCII 123");
}

}  // namespace
}  // namespace faktura::reports
