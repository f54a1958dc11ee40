// Tests the pieces the documents share: amounts, dates and rates per language, the label table,
// slot filling, the Code 128 modules zint returns, and the trailer /ID rewrite.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "documents/code128.hpp"
#include "documents/document_texts.hpp"
#include "documents/money_text.hpp"
#include "documents/pdf_canvas.hpp"
#include "domain/business_identity.hpp"

namespace faktura::documents {
namespace {

using domain::Amount;
using domain::Currency;

constexpr DocumentLanguage all_languages[] = {DocumentLanguage::sv, DocumentLanguage::nb,
                                              DocumentLanguage::fi, DocumentLanguage::en};

TEST(MoneyText, FormatsAmountsPerLanguage) {
    EXPECT_EQ(format_amount(Amount{149900}, Currency::sek, DocumentLanguage::sv),
              "1\u00a0499,00\u00a0kr");
    EXPECT_EQ(format_amount(Amount{149900}, Currency::nok, DocumentLanguage::nb),
              "1\u00a0499,00\u00a0kr");
    EXPECT_EQ(format_amount(Amount{1225}, Currency::eur, DocumentLanguage::fi), "12,25\u00a0€");
    EXPECT_EQ(format_amount(Amount{149900}, Currency::sek, DocumentLanguage::en), "1,499.00 SEK");
    EXPECT_EQ(format_amount(Amount{-5}, Currency::eur, DocumentLanguage::en), "-0.05 EUR");
    EXPECT_EQ(format_number(Amount{214748364700}, DocumentLanguage::sv),
              "2\u00a0147\u00a0483\u00a0647,00");
    EXPECT_EQ(format_number(Amount{0}, DocumentLanguage::en), "0.00");
    EXPECT_EQ(format_number(Amount{INT64_MIN}, DocumentLanguage::en), "-92,233,720,368,547,758.08");
    EXPECT_EQ(format_count(1234567, DocumentLanguage::en), "1,234,567");
    EXPECT_EQ(format_count(12, DocumentLanguage::sv), "12");
}

TEST(MoneyText, FormatsDatesRatesAndIbans) {
    const domain::CivilDate date{2026, 12, 15};
    EXPECT_EQ(format_date(date, DocumentLanguage::sv), "2026-12-15");
    EXPECT_EQ(format_date(date, DocumentLanguage::nb), "15.12.2026");
    EXPECT_EQ(format_date(date, DocumentLanguage::fi), "15.12.2026");
    EXPECT_EQ(format_date(date, DocumentLanguage::en), "2026-12-15");
    EXPECT_EQ(format_vat_rate(domain::VatRate{2500}, DocumentLanguage::sv), "25\u00a0%");
    EXPECT_EQ(format_vat_rate(domain::VatRate{2550}, DocumentLanguage::fi), "25,5\u00a0%");
    EXPECT_EQ(format_vat_rate(domain::VatRate{1412}, DocumentLanguage::en), "14.12%");
    EXPECT_EQ(format_vat_rate(domain::VatRate{0}, DocumentLanguage::nb), "0\u00a0%");
    EXPECT_EQ(domain::format_iban_grouped("FI3715903000000776"), "FI37 1590 3000 0007 76");
}

TEST(DocumentTexts, EveryLabelHasEveryLanguage) {
    for (int i = 0; i <= static_cast<int>(Label::no_transactions); ++i) {
        for (DocumentLanguage language : all_languages) {
            EXPECT_FALSE(text(static_cast<Label>(i), language).empty()) << i;
        }
    }
    EXPECT_EQ(text(Label::to_pay, DocumentLanguage::nb), "Å betale");
    EXPECT_EQ(text(Label::iban, DocumentLanguage::fi), "Saajan tilinumero (IBAN)");
}

TEST(DocumentTexts, FillsSlots) {
    EXPECT_EQ(fill(text(Label::page_of, DocumentLanguage::fi), {{"{page}", "1"}, {"{pages}", "3"}}),
              "Sivu 1/3");
    EXPECT_EQ(fill(text(Label::page_of, DocumentLanguage::sv), {{"{page}", "2"}, {"{pages}", "3"}}),
              "Sida 2 av 3");
    EXPECT_EQ(fill("{a}{a}", {{"{a}", "{a}x"}}), "{a}x{a}x");
}

TEST(Code128, EncodesTheBankBarcodeInSubsetC) {
    const std::vector<bool> modules =
        code128_modules("437159030000007760000122500000000000000000011112161221");
    // Start C, 27 digit pairs, the check character (11 modules each) and the stop (13).
    ASSERT_EQ(modules.size(), 29u * 11u + 13u);
    // Start C is 211232: bar 2, space 1, bar 1, space 2, bar 3, space 2.
    const std::vector<bool> start_c{true, true, false, true,  false, false,
                                    true, true, true,  false, false};
    EXPECT_EQ(std::vector<bool>(modules.begin(), modules.begin() + 11), start_c);
    // The stop pattern 2331112 ends with a bar.
    EXPECT_TRUE(modules.back());
}

TEST(Code128, RejectsWhatZintCannotEncode) {
    EXPECT_THROW(code128_modules(""), std::runtime_error);
}

TEST(PdfId, IsReplacedByDigitsDerivedFromTheContent) {
    std::string pdf = "%PDF-1.5\n1 0 obj\n<<>>\nendobj\ntrailer\n<< /ID [<0123abcd><0123abcd>] >>";
    std::string other = pdf;
    other[10] = '2';
    const std::string original = pdf;
    make_pdf_id_deterministic(pdf);
    make_pdf_id_deterministic(other);
    EXPECT_EQ(pdf.size(), original.size());
    EXPECT_NE(pdf, original);
    EXPECT_NE(pdf.substr(pdf.find("/ID")), other.substr(other.find("/ID")));
    std::string again = original;
    make_pdf_id_deterministic(again);
    EXPECT_EQ(again, pdf);
    std::string without = "%PDF-1.5\ntrailer\n<< /Size 1 >>";
    make_pdf_id_deterministic(without);
    EXPECT_EQ(without, "%PDF-1.5\ntrailer\n<< /Size 1 >>");
}

}  // namespace
}  // namespace faktura::documents
