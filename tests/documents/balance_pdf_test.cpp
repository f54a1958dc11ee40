// Tests the balance report PDF: every figure of every currency in the extracted text, in two
// languages, deterministic bytes dated the period's end, and the pages as PNG in output/.
#include "documents/balance_pdf.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/documents/pdf_tools.hpp"

namespace faktura::documents {
namespace {

using domain::Amount;
using domain::Currency;
using domain::InvoiceType;
using namespace testing_tools;

domain::BalanceReport sample_report() {
    domain::BalanceReport report;
    report.accounting_no = "R1-42";
    report.payee_id = "5cabf558-5283-482f-b252-4d58e06f6f3b";
    report.payee_name = "Nordisk Hemelektronik AB";
    report.from = {2026, 12, 1};
    report.to = {2026, 12, 31};
    report.lines = {
        {Currency::sek, InvoiceType::payex_financing_se, 12, 2, Amount{1234500}, Amount{20000},
         Amount{1214500}, Amount{242900}},
        {Currency::nok, InvoiceType::payex_financing_no, 3, 1, Amount{300000}, Amount{50000},
         Amount{250000}, Amount{50000}},
        {Currency::eur, InvoiceType::payex_financing_fi, 1, 0, Amount{1225}, Amount{0},
         Amount{1225}, Amount{249}},
    };
    report.totals = {
        {Currency::sek, 12, 2, Amount{1234500}, Amount{20000}, Amount{1214500}, Amount{242900}},
        {Currency::nok, 3, 1, Amount{300000}, Amount{50000}, Amount{250000}, Amount{50000}},
        {Currency::eur, 1, 0, Amount{1225}, Amount{0}, Amount{1225}, Amount{249}},
    };
    return report;
}

std::string rendered_text(const std::string& name, const domain::BalanceReport& report,
                          DocumentLanguage language) {
    const std::filesystem::path pdf = write_pdf(name, render_balance_pdf(report, language));
    render_pages(pdf, name);
    return pdf_text(pdf);
}

void expect_all(const std::string& text, const std::vector<std::string>& expected) {
    for (const std::string& field : expected) {
        EXPECT_NE(text.find(field), std::string::npos) << "missing \"" << field << "\" in:\n"
                                                       << text;
    }
}

TEST(BalancePdf, NamesTheServices) {
    EXPECT_EQ(domain::service_name(InvoiceType::payex_financing_se), "PayEx Faktura SE");
    EXPECT_EQ(domain::service_name(InvoiceType::payex_financing_no), "PayEx Faktura NO");
    EXPECT_EQ(domain::service_name(InvoiceType::payex_financing_fi), "PayEx Faktura FI");
}

TEST(BalancePdf, SwedishReportHoldsEveryFigure) {
    const std::string text = rendered_text("balance_sv", sample_report(), DocumentLanguage::sv);
    expect_all(text, {"Balansrapport",
                      "Nordisk Hemelektronik AB",
                      "5cabf558-5283-482f-b252-4d58e06f6f3b",
                      "Redovisningsnummer",
                      "R1-42",
                      "2026-12-01 – 2026-12-31",
                      "SEK",
                      "NOK",
                      "EUR",
                      "PayEx Faktura SE",
                      "PayEx Faktura NO",
                      "PayEx Faktura FI",
                      "Debiteringar",
                      "Krediteringar",
                      "12 345,00",
                      "200,00",
                      "12 145,00",
                      "2 429,00",
                      "3 000,00",
                      "500,00",
                      "2 500,00",
                      "12,25",
                      "2,49",
                      "Summa SEK",
                      "Summa NOK",
                      "Summa EUR",
                      "Sida 1 av 1"});
}

TEST(BalancePdf, EnglishReport) {
    const std::string text = rendered_text("balance_en", sample_report(), DocumentLanguage::en);
    expect_all(text, {"Balance report", "Accounting number", "Period", "2026-12-01 – 2026-12-31",
                      "Debits", "Credits", "Captured", "Reversed", "Net", "VAT", "12,345.00",
                      "12,145.00", "Total SEK", "Page 1 of 1"});
}

TEST(BalancePdf, EmptyPeriodSaysSo) {
    domain::BalanceReport report = sample_report();
    report.lines.clear();
    report.totals.clear();
    const std::string text = rendered_text("balance_empty_nb", report, DocumentLanguage::nb);
    expect_all(text, {"Saldorapport", "Ingen transaksjoner i perioden.", "01.12.2026"});
}

TEST(BalancePdf, BytesAreDeterministicAndDatedTheEndOfThePeriod) {
    const std::string first = render_balance_pdf(sample_report(), DocumentLanguage::fi);
    EXPECT_EQ(first, render_balance_pdf(sample_report(), DocumentLanguage::fi));
    EXPECT_NE(first.find("/CreationDate (20261231000000)"), std::string::npos);
    EXPECT_EQ(count(first, "Date ("), 2u);
}

}  // namespace
}  // namespace faktura::documents
