// Tests the invoice and credit note PDFs as a reader sees them: the text pdftotext extracts holds
// every field per country and language (Nordic characters intact), the Finnish bank barcode
// decodes back with zbarimg, 60 lines flow over pages, and the bytes are deterministic. Every
// sample's pages are rendered to PNG in output/ for a person to look at.
#include "documents/invoice_pdf.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "domain/payment_reference.hpp"
#include "tests/documents/pdf_tools.hpp"

namespace faktura::documents {
namespace {

using domain::Amount;
using domain::VatRate;
using namespace testing_tools;

constexpr const char* fi_bank_barcode = "437159030000007760000122500000000000000000011112161221";

InvoiceDocument swedish_invoice() {
    InvoiceDocument d;
    d.language = DocumentLanguage::sv;
    d.country = domain::Country::se;
    d.currency = domain::Currency::sek;
    d.seller.legal_name = "Nordisk Hemelektronik AB";
    d.seller.address = {
        "Nordisk Hemelektronik AB", std::nullopt, "Storgatan 12", "111 22", "Stockholm",
        domain::Country::se};
    d.seller.organisation_number = "556036-0793";
    d.seller.vat_number = "SE556036079301";
    d.seller.f_skatt = true;
    d.seller.bankgiro = "5050-1055";
    d.seller.email = "faktura@hemelektronik.se";
    d.buyer = {"Åsa Öberg", "c/o Ängström", "Götgatan 7",
               "118 46",    "Stockholm",    domain::Country::se};
    d.buyer_email = "asa.oberg@example.se";
    d.invoice_number = 1234;
    d.issue_date = {2026, 12, 15};
    d.due_date = {2027, 1, 14};
    d.receipt_reference = "KVITTO-5521";
    d.order_reference = "ORDER-998877";
    d.payment_number = 40000123;
    d.transaction_number = 40000124;
    d.lines = {{"Kaffebryggare Ärlig", Amount{149900}},
               {"Frakt", Amount{4900}},
               {"Kaffefilter, 100 st", Amount{3500}}};
    d.vat_summary = {{Amount{153400}, VatRate{2500}, Amount{30680}},
                     {Amount{4900}, VatRate{1200}, Amount{525}}};
    d.total = Amount{158300};
    d.total_vat = Amount{31205};
    d.payment_reference = domain::PaymentReference{
        domain::PaymentReferenceKind::ocr, domain::ocr_with_length_digit("1234"), std::nullopt};
    return d;
}

InvoiceDocument swedish_credit_note() {
    InvoiceDocument d = swedish_invoice();
    d.kind = DocumentKind::credit_note;
    d.invoice_number = 1240;
    d.credited_invoice_number = 1234;
    d.issue_date = {2026, 12, 20};
    d.lines = {{"Kaffebryggare Ärlig", Amount{149900}}};
    d.vat_summary = {{Amount{149900}, VatRate{2500}, Amount{29980}}};
    d.total = Amount{149900};
    d.total_vat = Amount{29980};
    d.payment_reference.reset();
    return d;
}

InvoiceDocument norwegian_invoice() {
    InvoiceDocument d;
    d.language = DocumentLanguage::nb;
    d.country = domain::Country::no;
    d.currency = domain::Currency::nok;
    d.seller.legal_name = "Fjordvarer Ørsta AS";
    d.seller.address = {"Fjordvarer Ørsta AS", std::nullopt, "Strandgata 4", "6150", "Ørsta",
                        domain::Country::no};
    d.seller.organisation_number = "923609016";
    d.seller.vat_number = "923609016 MVA";
    d.seller.registered_in_business_register = true;
    d.seller.bank_account = "1503 12 34567";
    d.buyer = {"Bjørn Ærø", std::nullopt, "Kjøpmannsgata 3",
               "7013",      "Trondheim",  domain::Country::no};
    d.invoice_number = 5001;
    d.issue_date = {2026, 12, 15};
    d.due_date = {2027, 1, 14};
    d.receipt_reference = "KV-77";
    d.order_reference = "ORD-NO-1";
    d.payment_number = 40000200;
    d.lines = {{"Strikkegenser, grå", Amount{129900}}, {"Brunost 500 g", Amount{11500}}};
    d.vat_summary = {{Amount{129900}, VatRate{2500}, Amount{25980}},
                     {Amount{11500}, VatRate{1500}, Amount{1500}}};
    d.total = Amount{141400};
    d.total_vat = Amount{27480};
    d.payment_reference = domain::PaymentReference{domain::PaymentReferenceKind::kid,
                                                   domain::kid_mod10("5001"), std::nullopt};
    return d;
}

// The published bank barcode test vector: IBAN FI37 1590 3000 0007 76, reference 11112, 12.25 €,
// due 2016-12-21.
InvoiceDocument finnish_invoice() {
    InvoiceDocument d;
    d.language = DocumentLanguage::fi;
    d.country = domain::Country::fi;
    d.currency = domain::Currency::eur;
    d.seller.legal_name = "Järvilehto Oy";
    d.seller.address = {"Järvilehto Oy", std::nullopt, "Mannerheimintie 5",
                        "00100",         "Helsinki",   domain::Country::fi};
    d.seller.organisation_number = "2617416-4";
    d.seller.vat_number = "FI26174164";
    d.seller.iban = "FI3715903000000776";
    d.seller.bic = "NDEAFIHH";
    d.buyer = {"Aino Järvilehto", std::nullopt, "Hämeenkatu 10",
               "33100",           "Tampere",    domain::Country::fi};
    d.invoice_number = 1111;
    d.issue_date = {2016, 12, 7};
    d.due_date = {2016, 12, 21};
    d.receipt_reference = "KUITTI-1";
    d.order_reference = "TILAUS-1";
    d.payment_number = 40000300;
    d.lines = {{"Kahvipaketti Löfbergs", Amount{1225}}};
    d.vat_summary = {{Amount{1225}, VatRate{2550}, Amount{249}}};
    d.total = Amount{1225};
    d.total_vat = Amount{249};
    d.payment_reference = domain::PaymentReference{domain::PaymentReferenceKind::finnish_reference,
                                                   domain::finnish_reference("1111"),
                                                   domain::rf_creditor_reference("11112")};
    d.bank_barcode = fi_bank_barcode;
    return d;
}

// An English invoice from a merchant that has not set its details: example details, labelled.
InvoiceDocument english_example_invoice() {
    InvoiceDocument d = swedish_invoice();
    d.language = DocumentLanguage::en;
    d.seller.example = true;
    d.seller.legal_name = "Example Merchant AB";
    return d;
}

InvoiceDocument english_credit_note() {
    InvoiceDocument d = swedish_credit_note();
    d.language = DocumentLanguage::en;
    return d;
}

InvoiceDocument many_lines_invoice() {
    InvoiceDocument d = swedish_invoice();
    d.lines.clear();
    std::int64_t total = 0;
    for (int i = 1; i <= 60; ++i) {
        const std::string number = (i < 10 ? "0" : "") + std::to_string(i);
        d.lines.push_back({"Artikel " + number + " Skruvdragare Öland", Amount{10000 + i}});
        total += 10000 + i;
    }
    d.lines[7].description =
        "En mycket lång beskrivning som aldrig får skriva över beloppen i "
        "kolumnen till höger, inte ens med stora bokstäver ÅÄÖ";
    d.vat_summary = {{Amount{total}, VatRate{2500}, Amount{total / 5}}};
    d.total = Amount{total};
    d.total_vat = Amount{total / 5};
    return d;
}

// Renders, writes, renders the pages to PNG and extracts the text.
std::string rendered_text(const std::string& name, const InvoiceDocument& document) {
    const std::filesystem::path pdf = write_pdf(name, render_invoice_pdf(document));
    render_pages(pdf, name);
    return pdf_text(pdf);
}

void expect_all(const std::string& text, const std::vector<std::string>& expected) {
    for (const std::string& field : expected) {
        EXPECT_NE(text.find(field), std::string::npos) << "missing \"" << field << "\" in:\n"
                                                       << text;
    }
}

TEST(InvoicePdf, SwedishInvoiceHoldsEveryField) {
    const std::string text = rendered_text("se_sv_invoice", swedish_invoice());
    expect_all(text, {"Faktura",
                      "Nordisk Hemelektronik AB",
                      "Storgatan 12",
                      "111 22 Stockholm",
                      "Organisationsnummer 556036-0793",
                      "Momsregistreringsnummer SE556036079301",
                      "Godkänd för F-skatt",
                      "Fakturautfärdare: Swedbank Pay",
                      "Säljare: Nordisk Hemelektronik AB",
                      "Åsa Öberg",
                      "c/o Ängström",
                      "Götgatan 7",
                      "118 46 Stockholm",
                      "asa.oberg@example.se",
                      "Fakturanummer",
                      "1234",
                      "Fakturadatum",
                      "2026-12-15",
                      "Förfallodag",
                      "2027-01-14",
                      "KVITTO-5521",
                      "ORDER-998877",
                      "40000123",
                      "Kaffebryggare Ärlig",
                      "1 499,00 kr",
                      "Frakt",
                      "49,00 kr",
                      "Kaffefilter, 100 st",
                      "35,00 kr",
                      "Momssats",
                      "25 %",
                      "1 227,20 kr",
                      "306,80 kr",
                      "1 534,00 kr",
                      "12 %",
                      "43,75 kr",
                      "5,25 kr",
                      "Varav moms",
                      "312,05 kr",
                      "Att betala",
                      "1 583,00 kr",
                      "OCR-nummer",
                      domain::ocr_with_length_digit("1234"),
                      "Bankgiro",
                      "5050-1055",
                      "Sida 1 av 1"});
    EXPECT_EQ(text.find("Exempeluppgifter"), std::string::npos);
}

TEST(InvoicePdf, SwedishCreditNoteIsNegativeAndNamesTheInvoice) {
    const std::string text = rendered_text("se_sv_credit_note", swedish_credit_note());
    expect_all(text, {"Kreditfaktura", "Kreditfakturanummer", "1240", "Krediterar faktura 1234",
                      "2026-12-20", "Kaffebryggare Ärlig", "-1 499,00 kr", "-299,80 kr",
                      "-1 199,20 kr", "Att kreditera", "Åsa Öberg", "Godkänd för F-skatt"});
    EXPECT_EQ(text.find("OCR-nummer"), std::string::npos) << "a credit note is not paid";
    EXPECT_EQ(text.find("Förfallodag"), std::string::npos);
}

TEST(InvoicePdf, NorwegianInvoiceHoldsEveryField) {
    const std::string text = rendered_text("no_nb_invoice", norwegian_invoice());
    expect_all(text, {"Faktura",
                      "Fjordvarer Ørsta AS",
                      "6150 Ørsta",
                      "Org.nr. 923609016 MVA",
                      "Foretaksregisteret",
                      "Bjørn Ærø",
                      "Kjøpmannsgata 3",
                      "7013 Trondheim",
                      "Fakturanummer",
                      "5001",
                      "Fakturadato",
                      "15.12.2026",
                      "Forfallsdato",
                      "14.01.2027",
                      "Strikkegenser, grå",
                      "1 299,00 kr",
                      "Brunost 500 g",
                      "115,00 kr",
                      "MVA-sats",
                      "25 %",
                      "15 %",
                      "Herav MVA",
                      "274,80 kr",
                      "Å betale",
                      "1 414,00 kr",
                      "KID",
                      domain::kid_mod10("5001"),
                      "Kontonummer",
                      "1503 12 34567",
                      "Side 1 av 1"});
}

TEST(InvoicePdf, FinnishInvoiceHoldsEveryField) {
    const std::string text = rendered_text("fi_fi_invoice", finnish_invoice());
    expect_all(text, {"Lasku",
                      "Järvilehto Oy",
                      "Mannerheimintie 5",
                      "00100 Helsinki",
                      "Y-tunnus 2617416-4",
                      "ALV-numero FI26174164",
                      "Aino Järvilehto",
                      "Hämeenkatu 10",
                      "33100 Tampere",
                      "Laskun numero",
                      "1111",
                      "Laskun päivämäärä",
                      "07.12.2016",
                      "Eräpäivä",
                      "21.12.2016",
                      "Kahvipaketti Löfbergs",
                      "12,25 €",
                      "ALV-kanta",
                      "25,5 %",
                      "9,76 €",
                      "2,49 €",
                      "Maksettava",
                      "Viitenumero",
                      "11112",
                      "RF-viite",
                      "RF98 1111 2",
                      "Saajan tilinumero (IBAN)",
                      "FI37 1590 3000 0007 76",
                      "BIC",
                      "NDEAFIHH",
                      "Virtuaaliviivakoodi:",
                      "Sivu 1/1"});
    // The 54 digits follow their label on the same line.
    const std::size_t label = text.find("Virtuaaliviivakoodi:");
    const std::size_t digits = text.find(fi_bank_barcode);
    ASSERT_NE(digits, std::string::npos);
    EXPECT_GT(digits, label);
    EXPECT_EQ(text.find('\n', label), text.find('\n', digits));
}

TEST(InvoicePdf, GroupsALongFinnishReference) {
    InvoiceDocument d = finnish_invoice();
    d.payment_reference->reference = "1234561";
    d.payment_reference->rf_reference = "RF18539007547034";
    const std::string text = rendered_text("fi_fi_grouped_reference", d);
    expect_all(text, {"12 34561", "RF18 5390 0754 7034"});
}

TEST(InvoicePdf, EnglishExampleInvoiceSaysSoOnEveryPage) {
    const std::string text = rendered_text("se_en_example_invoice", english_example_invoice());
    expect_all(text, {"Invoice",
                      "Example Merchant AB",
                      "Organisation number 556036-0793",
                      "VAT number SE556036079301",
                      "Godkänd för F-skatt",
                      "Issuer: Swedbank Pay",
                      "Invoice number",
                      "Invoice date",
                      "2026-12-15",
                      "Due date",
                      "2027-01-14",
                      "Receipt reference",
                      "Order reference",
                      "Payment number",
                      "1,499.00 SEK",
                      "VAT rate",
                      "25%",
                      "Of which VAT",
                      "312.05 SEK",
                      "Amount due",
                      "1,583.00 SEK",
                      "OCR number",
                      "Page 1 of 1",
                      "Åsa Öberg"});
    EXPECT_GE(count(text, "Example details — sandbox"), 1u);

    InvoiceDocument many = many_lines_invoice();
    many.seller.example = true;
    const std::string pages = rendered_text("se_sv_example_many_lines", many);
    EXPECT_EQ(count(pages, "Exempeluppgifter — sandlåda"), 2 * (count(pages, "\f")))
        << "top and footer of every page";
}

TEST(InvoicePdf, EnglishCreditNote) {
    const std::string text = rendered_text("se_en_credit_note", english_credit_note());
    expect_all(text, {"Credit note", "Credit note number", "1240", "Credits invoice 1234",
                      "-1,499.00 SEK", "Amount credited"});
}

TEST(InvoicePdf, LongFieldsAreShortenedNotDrawnOverOtherColumns) {
    InvoiceDocument d = norwegian_invoice();
    d.seller.legal_name = "Nordnorsk Kjøkkenutstyr og Fjellsportsforretning Ærøy Øst Avdeling AS";
    d.buyer.name = "Bjørn Ærø Fjellheimsen-Østerdalsgaard Kristoffersen-Haugland Åsmundsen";
    d.receipt_reference = "KVITTERING-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    d.lines[0].description =
        "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW";
    d.lines[0].amount = Amount{214748364700};
    const std::string text = rendered_text("no_nb_long_fields", d);
    expect_all(text, {"Nordnorsk Kjøkkenutstyr", "Bjørn Ærø Fjellheimsen", "KVITTERING-0123",
                      "WWWWWWWWWW", "2 147 483 647,00 kr", "…"});
}

TEST(InvoicePdf, FinnishBankBarcodeDecodesBack) {
    const std::filesystem::path pdf =
        write_pdf("fi_fi_barcode", render_invoice_pdf(finnish_invoice()));
    const std::filesystem::path png = output_dir() / "fi_fi_barcode_300dpi";
    run_tool(
        "pdftoppm -r 300 -png -singlefile -f 1 -l 1 '" + pdf.string() + "' '" + png.string() + "'",
        "poppler-utils");
    const std::string decoded =
        run_tool("zbarimg --raw -q '" + png.string() + ".png'", "zbar-tools");
    EXPECT_EQ(decoded, std::string(fi_bank_barcode) + "\n");
}

TEST(InvoicePdf, SixtyLinesFlowOverPages) {
    const InvoiceDocument document = many_lines_invoice();
    const std::filesystem::path pdf = write_pdf("se_sv_many_lines", render_invoice_pdf(document));
    render_pages(pdf, "se_sv_many_lines");
    const int pages = pdf_pages(pdf);
    ASSERT_GE(pages, 2);
    const std::string text = pdf_text(pdf);
    EXPECT_EQ(count(text, "\f"), static_cast<std::size_t>(pages));
    for (int page = 1; page <= pages; ++page) {
        const std::string number = "Sida " + std::to_string(page) + " av " + std::to_string(pages);
        EXPECT_EQ(count(text, number), 1u) << number;
    }
    // Every page repeats the seller, the title and the number.
    std::size_t page_start = 0;
    for (int page = 1; page <= pages; ++page) {
        const std::size_t page_end = text.find('\f', page_start);
        const std::string page_text = text.substr(page_start, page_end - page_start);
        EXPECT_NE(page_text.find("Nordisk Hemelektronik AB"), std::string::npos) << page;
        EXPECT_NE(page_text.find("Faktura"), std::string::npos) << page;
        EXPECT_NE(page_text.find("1234"), std::string::npos) << page;
        page_start = page_end + 1;
    }
    std::size_t last_line = 0;
    for (std::size_t i = 0; i < document.lines.size(); ++i) {
        if (i == 7) continue;  // The long one: truncated, checked below.
        EXPECT_EQ(count(text, document.lines[i].description), 1u) << document.lines[i].description;
        last_line = std::max(last_line, text.find(document.lines[i].description));
    }
    EXPECT_NE(text.find("En mycket lång beskrivning"), std::string::npos);
    EXPECT_NE(text.find("…"), std::string::npos) << "the long description is shortened";
    EXPECT_EQ(count(text, "Varav moms"), 1u);
    EXPECT_EQ(count(text, "Momssats"), 1u);
    EXPECT_GT(text.find("Varav moms"), last_line) << "totals after the last line";
    EXPECT_GT(text.find("OCR-nummer"), last_line);
}

TEST(InvoicePdf, BytesAreDeterministic) {
    for (const InvoiceDocument& document :
         {swedish_invoice(), finnish_invoice(), many_lines_invoice()}) {
        const std::string first = render_invoice_pdf(document);
        const std::string second = render_invoice_pdf(document);
        EXPECT_EQ(first, second);
        // The one date is the issue date, set by us; cairo 1.16 writes no /ID.
        const std::string date =
            std::to_string(document.issue_date.year * 10000 + document.issue_date.month * 100 +
                           document.issue_date.day) +
            "000000";
        EXPECT_NE(first.find("/CreationDate (" + date + ")"), std::string::npos);
        EXPECT_NE(first.find("/ModDate (" + date + ")"), std::string::npos);
        EXPECT_EQ(count(first, "Date ("), 2u);
        EXPECT_EQ(first.find("/ID"), std::string::npos);
        EXPECT_NE(first.find("/Creator (Faktura)"), std::string::npos);
    }
}

TEST(InvoicePdf, MetadataNamesTheDocumentAndSeller) {
    const std::filesystem::path pdf =
        write_pdf("se_sv_metadata", render_invoice_pdf(swedish_invoice()));
    const std::string info = run_tool("pdfinfo '" + pdf.string() + "'", "poppler-utils");
    expect_all(info, {"Faktura 1234", "Nordisk Hemelektronik AB", "Faktura", "A4"});
}

TEST(InvoicePdf, EmbedsEveryFont) {
    const std::filesystem::path pdf =
        write_pdf("fi_fi_fonts", render_invoice_pdf(finnish_invoice()));
    const std::string fonts = run_tool("pdffonts '" + pdf.string() + "'", "poppler-utils");
    EXPECT_NE(fonts.find("DejaVuSans"), std::string::npos) << fonts;
    EXPECT_NE(fonts.find("Type 3"), std::string::npos) << "OCR B, drawn as a user font:\n" << fonts;
    // Columns from the right: object ID (two), uni, sub, emb.
    std::istringstream lines(fonts);
    std::string line;
    int listed = 0;
    while (std::getline(lines, line)) {
        if (line.empty() || line.starts_with("name") || line.starts_with("---")) continue;
        std::vector<std::string> words;
        std::istringstream split(line);
        for (std::string word; split >> word;) words.push_back(word);
        ASSERT_GE(words.size(), 6u) << line;
        EXPECT_EQ(words[words.size() - 5], "yes") << "not embedded: " << line;
        ++listed;
    }
    EXPECT_GE(listed, 3) << fonts;
}

}  // namespace
}  // namespace faktura::documents
