// Tests balance_of: a hand-made settlement with known sums, the order of lines and totals, and a
// seeded random workload whose totals are recomputed here independently, transaction by
// transaction.
#include "domain/settlement.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <tuple>

namespace faktura::domain {
namespace {

SettlementTransaction transaction_of(SettlementKind kind, InvoiceType type, std::int64_t amount,
                                     std::int64_t vat) {
    SettlementTransaction transaction;
    transaction.kind = kind;
    transaction.invoice_type = type;
    transaction.currency = currency_of(type);
    transaction.amount = Amount{amount};
    transaction.vat_amount = Amount{vat};
    return transaction;
}

TEST(BalanceOf, SumsCapturesAndReversalsPerService) {
    SettlementReport report;
    report.accounting_no = "R1005-0001";
    report.payee_id = "payee";
    report.payee_name = "Shop";
    report.from = CivilDate{2024, 1, 1};
    report.to = CivilDate{2024, 1, 31};
    report.transactions = {
        transaction_of(SettlementKind::capture, InvoiceType::payex_financing_se, 12500, 2500),
        transaction_of(SettlementKind::capture, InvoiceType::payex_financing_se, 1000, 200),
        transaction_of(SettlementKind::reversal, InvoiceType::payex_financing_se, 500, 100),
    };
    const BalanceReport balance = balance_of(report);
    EXPECT_EQ(balance.accounting_no, "R1005-0001");
    EXPECT_EQ(balance.payee_name, "Shop");
    EXPECT_EQ(balance.from, (CivilDate{2024, 1, 1}));
    ASSERT_EQ(balance.lines.size(), 1u);
    const BalanceLine& line = balance.lines[0];
    EXPECT_EQ(line.currency, Currency::sek);
    EXPECT_EQ(line.debits, 2);
    EXPECT_EQ(line.credits, 1);
    EXPECT_EQ(line.captured, Amount{13500});
    EXPECT_EQ(line.reversed, Amount{500});
    EXPECT_EQ(line.net, Amount{13000});
    EXPECT_EQ(line.vat, Amount{2600});
    ASSERT_EQ(balance.totals.size(), 1u);
    EXPECT_EQ(balance.totals[0].net, Amount{13000});
    EXPECT_EQ(balance.totals[0].debits, 2);
}

TEST(BalanceOf, OrdersLinesByCurrencyThenInvoiceType) {
    SettlementReport report;
    report.transactions = {
        transaction_of(SettlementKind::capture, InvoiceType::payex_financing_fi, 100, 0),
        transaction_of(SettlementKind::capture, InvoiceType::payex_financing_no, 100, 0),
        transaction_of(SettlementKind::capture, InvoiceType::payex_financing_se, 100, 0),
    };
    const BalanceReport balance = balance_of(report);
    ASSERT_EQ(balance.lines.size(), 3u);
    EXPECT_EQ(balance.lines[0].currency, Currency::sek);
    EXPECT_EQ(balance.lines[1].currency, Currency::nok);
    EXPECT_EQ(balance.lines[2].currency, Currency::eur);
    ASSERT_EQ(balance.totals.size(), 3u);
    EXPECT_EQ(balance.totals[0].currency, Currency::sek);
    EXPECT_EQ(balance.totals[2].currency, Currency::eur);
}

TEST(BalanceOf, AnEmptySettlementHasNoLines) {
    const BalanceReport balance = balance_of(SettlementReport{});
    EXPECT_TRUE(balance.lines.empty());
    EXPECT_TRUE(balance.totals.empty());
}

TEST(BalanceOf, TotalsEqualTheSumsOfASeededRandomWorkload) {
    constexpr std::uint32_t seed = 20261201;
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> type_of(0, 2);
    std::uniform_int_distribution<std::int64_t> amount_of(1, 2'147'483'647);
    std::bernoulli_distribution is_reversal(0.3);

    struct Expected {
        std::int64_t debits = 0;
        std::int64_t credits = 0;
        std::int64_t captured = 0;
        std::int64_t reversed = 0;
        std::int64_t vat = 0;
    };
    std::map<int, Expected> expected;  // By currency, which is one per invoice type here.
    SettlementReport report;
    for (int i = 0; i < 5000; ++i) {
        const auto type = static_cast<InvoiceType>(type_of(random));
        const std::int64_t amount = amount_of(random);
        const std::int64_t vat = amount / 5;
        const bool reversal = is_reversal(random);
        report.transactions.push_back(transaction_of(
            reversal ? SettlementKind::reversal : SettlementKind::capture, type, amount, vat));
        Expected& sums = expected[static_cast<int>(currency_of(type))];
        if (reversal) {
            sums.credits += 1;
            sums.reversed += amount;
            sums.vat -= vat;
        } else {
            sums.debits += 1;
            sums.captured += amount;
            sums.vat += vat;
        }
    }
    const BalanceReport balance = balance_of(report);
    ASSERT_EQ(balance.totals.size(), expected.size()) << "seed " << seed;
    ASSERT_EQ(balance.lines.size(), expected.size()) << "seed " << seed;
    for (const BalanceCurrencyTotal& total : balance.totals) {
        const Expected& sums = expected.at(static_cast<int>(total.currency));
        EXPECT_EQ(total.debits, sums.debits);
        EXPECT_EQ(total.credits, sums.credits);
        EXPECT_EQ(total.captured, Amount{sums.captured});
        EXPECT_EQ(total.reversed, Amount{sums.reversed});
        EXPECT_EQ(total.net, Amount{sums.captured - sums.reversed});
        EXPECT_EQ(total.vat, Amount{sums.vat});
    }
    for (const BalanceLine& line : balance.lines) {
        const Expected& sums = expected.at(static_cast<int>(line.currency));
        EXPECT_EQ(line.net, Amount{sums.captured - sums.reversed});
        EXPECT_EQ(line.debits + line.credits, sums.debits + sums.credits);
    }
}

}  // namespace
}  // namespace faktura::domain
