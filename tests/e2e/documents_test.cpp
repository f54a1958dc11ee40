// The merchant's documents over real HTTP against a real server (issue 12): the invoice copy of a
// capture and the credit note of a reversal as PDF, read back with pdftotext (and the Finnish bank
// barcode with zbarimg); the merchant's own details replacing the labelled examples; ownership as
// on every payment route; and the settlement files of a seeded random workload reconciling exactly
// with the captures and reversals the API recorded. Every PDF's pages are rendered with pdftoppm
// into build-test/tests/e2e/output/ for a person to look at.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <random>
#include <regex>
#include <sstream>

#include "documents/pdf_tools.hpp"
#include "domain/payment_reference.hpp"
#include "e2e/test_app.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;
using documents::testing_tools::pdf_text;
using documents::testing_tools::run_tool;
using documents::testing_tools::write_pdf;

class DocumentsTest : public ::testing::Test {
  protected:
    TestApp app;
    TestMerchant merchant = app.add_merchant("Dokumentbutiken");

    // A payment in `invoice_type`, with `language`, authorized.
    std::string authorized_payment(const std::string& invoice_type, const std::string& language,
                                   std::int64_t amount) {
        json::value body =
            json::parse(financing_consumer_body(merchant.payee_id, unique_reference()));
        json::object& payment = body.at("payment").as_object();
        payment["language"] = language;
        payment["currency"] = invoice_type == "PayExFinancingNo"   ? "NOK"
                              : invoice_type == "PayExFinancingFi" ? "EUR"
                                                                   : "SEK";
        payment["prices"].as_array()[0].as_object()["amount"] = amount;
        body.at("invoice").as_object()["invoiceType"] = invoice_type;
        const ClientResponse created =
            app.call("POST", "/psp/invoice/payments", merchant.token, json::serialize(body));
        EXPECT_EQ(201, created.status) << created.body;
        const std::string id =
            std::string(json::parse(created.body).at("payment").at("id").as_string());
        const std::string country = invoice_type == "PayExFinancingNo"   ? "NO"
                                    : invoice_type == "PayExFinancingFi" ? "FI"
                                                                         : "SE";
        const ClientResponse authorized = app.authorize(merchant, id, country);
        EXPECT_EQ(201, authorized.status) << authorized.body;
        return id;
    }

    // A capture of `lines` (amount, VAT rate in hundredths, description); returns its id.
    std::string capture(
        const std::string& payment_id,
        const std::vector<std::tuple<std::int64_t, std::int32_t, std::string>>& lines) {
        json::array items;
        std::map<std::int32_t, std::pair<std::int64_t, std::int64_t>> by_rate;
        std::int64_t amount = 0;
        std::int64_t vat = 0;
        for (const auto& [line_amount, rate, description] : lines) {
            items.push_back(json::object{{"amount", line_amount}, {"description", description}});
            const std::int64_t line_vat = line_amount * rate / (10000 + rate);
            by_rate[rate].first += line_amount;
            by_rate[rate].second += line_vat;
            amount += line_amount;
            vat += line_vat;
        }
        json::array summary;
        for (const auto& [rate, sums] : by_rate) {
            summary.push_back(json::object{
                {"amount", sums.first}, {"vatPercent", rate}, {"vatAmount", sums.second}});
        }
        const json::object body{{"transaction", json::object{{"activity", "FinancingConsumer"},
                                                             {"amount", amount},
                                                             {"vatAmount", vat},
                                                             {"payeeReference", unique_reference()},
                                                             {"description", "Capture"},
                                                             {"itemDescriptions", items},
                                                             {"vatSummary", summary}}}};
        const ClientResponse response =
            app.call("POST", payment_id + "/captures", merchant.token, json::serialize(body));
        EXPECT_EQ(201, response.status) << response.body;
        return id_of(response.body, "capture");
    }

    std::string reverse(const std::string& payment_id, std::int64_t amount, std::int64_t vat) {
        const json::object body{{"transaction", json::object{{"activity", "FinancingConsumer"},
                                                             {"amount", amount},
                                                             {"vatAmount", vat},
                                                             {"payeeReference", unique_reference()},
                                                             {"description", "Returned goods"}}}};
        const ClientResponse response =
            app.call("POST", payment_id + "/reversals", merchant.token, json::serialize(body));
        EXPECT_EQ(201, response.status) << response.body;
        return id_of(response.body, "reversal");
    }

    static std::string id_of(const std::string& body, const char* member) {
        const std::string href =
            std::string(json::parse(body).at(member).at("transaction").at("id").as_string());
        return href.substr(href.rfind('/') + 1);
    }

    // GETs a PDF, checks the answer, keeps it and its pages for a person, and returns its text.
    std::string pdf_at(const std::string& target, const std::string& name) {
        const ClientResponse response = app.call("GET", target, merchant.token);
        EXPECT_EQ(200, response.status) << response.body;
        EXPECT_EQ("application/pdf", response.header("Content-Type").value_or(""));
        EXPECT_EQ("no-store", response.header("Cache-Control").value_or(""));
        EXPECT_TRUE(response.body.starts_with("%PDF-")) << target;
        const auto path = write_pdf(name, response.body);
        run_tool("pdftoppm -r 60 -png '" + path.string() + "' '" +
                     (path.parent_path() / name).string() + "'",
                 "poppler-utils");
        return pdf_text(path);
    }
};

TEST_F(DocumentsTest, AnInvoiceCopyIsThePdfOfTheCapture) {
    const std::string payment = authorized_payment("PayExFinancingSe", "sv-SE", 62500);
    const std::string capture_id =
        capture(payment, {{50000, 2500, "Vinterjacka i ull"}, {12500, 1200, "Böcker om Åre"}});
    const std::string text =
        pdf_at(payment + "/captures/" + capture_id + "/invoicecopy", "e2e-se-invoice");
    for (const std::string& expected : std::vector<std::string>{
             "Faktura", "Dokumentbutiken", "Azra Oliveira", "Helgestavägen 9", "19792",
             "Vinterjacka i ull", "Böcker om Åre", "Fakturanummer", "10000001", "Förfallodag",
             "OCR", domain::ocr_with_length_digit("10000001"), "Bankgiro", "5050-1055", "625,00",
             "Exempeluppgifter", "Godkänd för F-skatt"}) {
        EXPECT_NE(std::string::npos, text.find(expected)) << expected << "\n" << text;
    }
}

TEST_F(DocumentsTest, ACreditNoteCreditsTheInvoiceWithItsOwnNumber) {
    const std::string payment = authorized_payment("PayExFinancingNo", "nb-NO", 100000);
    capture(payment, {{100000, 2500, "Sykkel"}});
    const std::string reversal_id = reverse(payment, 25000, 5000);
    const std::string text =
        pdf_at(payment + "/reversals/" + reversal_id + "/invoicecopy", "e2e-no-credit-note");
    for (const std::string& expected :
         std::vector<std::string>{"Kreditnota", "10000002", "10000001", "Olivia Nyhuus",
                                  "Returned goods", "250,00", "MVA", "Foretaksregisteret"}) {
        EXPECT_NE(std::string::npos, text.find(expected)) << expected << "\n" << text;
    }
    // The reversal is no capture, and the capture no reversal.
    EXPECT_EQ(404,
              app.call("GET", payment + "/captures/" + reversal_id + "/invoicecopy", merchant.token)
                  .status);
}

TEST_F(DocumentsTest, AFinnishInvoiceCarriesTheBankBarcodeThatScansBack) {
    const std::string payment = authorized_payment("PayExFinancingFi", "nb-NO", 1225);
    const std::string capture_id = capture(payment, {{1225, 2400, "Kahvia"}});
    const std::string target = payment + "/captures/" + capture_id + "/invoicecopy";
    const std::string text = pdf_at(target, "e2e-fi-invoice");
    for (const std::string& expected : std::vector<std::string>{
             "Lasku", "Järvilehto Kimmo", "Viitenumero", "RF", "FI37 1590 3000 0007 76", "HANDFIHH",
             "Virtuaaliviivakoodi", "Y-tunnus"}) {
        EXPECT_NE(std::string::npos, text.find(expected)) << expected << "\n" << text;
    }
    std::smatch printed;
    ASSERT_TRUE(std::regex_search(text, printed, std::regex("4371590300000077600001225[0-9]{29}")))
        << text;
    const std::string pdf = app.call("GET", target, merchant.token).body;
    const auto path = write_pdf("e2e-fi-invoice-300dpi", pdf);
    run_tool("pdftoppm -r 300 -png -f 1 -l 1 '" + path.string() + "' '" +
                 (path.parent_path() / "e2e-fi-invoice-300dpi").string() + "'",
             "poppler-utils");
    std::string scanned = run_tool(
        "zbarimg --raw -q '" + (path.parent_path() / "e2e-fi-invoice-300dpi-1.png").string() + "'",
        "zbar-tools");
    while (!scanned.empty() && (scanned.back() == '\n' || scanned.back() == '\r'))
        scanned.pop_back();
    EXPECT_EQ(printed.str(), scanned);
}

TEST_F(DocumentsTest, TheMerchantsOwnDetailsReplaceTheLabelledExamples) {
    const std::string database = "sqlite:" + app.database_path().string();
    const std::string set = run_command(
        std::string(FAKTURA_BINARY) + " merchant update --database '" + database + "' --payee-id " +
        merchant.payee_id +
        " --country SE --legal-name 'Dokumentbutiken Sverige AB' --street-address 'Storgatan 5'"
        " --zip-code '111 51' --city Stockholm --org-number 5560360793 --f-skatt yes"
        " --bankgiro 9912346 --email faktura@shop.example");
    EXPECT_NE(std::string::npos, set.find("documents: complete")) << set;
    const std::string payment = authorized_payment("PayExFinancingSe", "en-US", 10000);
    const std::string capture_id = capture(payment, {{10000, 2500, "Gift card"}});
    const std::string text =
        pdf_at(payment + "/captures/" + capture_id + "/invoicecopy", "e2e-se-own-details");
    for (const std::string& expected : std::vector<std::string>{
             "Invoice", "Dokumentbutiken Sverige AB", "Storgatan 5", "556036-0793",
             "SE556036079301", "991-2346", "faktura@shop.example", "F-skatt"}) {
        EXPECT_NE(std::string::npos, text.find(expected)) << expected << "\n" << text;
    }
    EXPECT_EQ(std::string::npos, text.find("Example details")) << text;
    EXPECT_EQ(std::string::npos, text.find("5050-1055")) << "no example bankgiro";

    // A bad number is refused with the option named, and nothing changes.
    const std::string refused = run_command(
        std::string(FAKTURA_BINARY) + " merchant update --database '" + database + "' --payee-id " +
        merchant.payee_id + " --org-number 5560360794 2>&1; echo exit=$?");
    EXPECT_NE(std::string::npos, refused.find("--org-number")) << refused;
    EXPECT_NE(std::string::npos, refused.find("exit=1")) << refused;
}

TEST_F(DocumentsTest, AnotherMerchantLearnsNothingAndUnknownTransactionsAre404) {
    const std::string payment = authorized_payment("PayExFinancingSe", "sv-SE", 10000);
    const std::string capture_id = capture(payment, {{10000, 2500, "Ljus"}});
    const std::string reversal_id = reverse(payment, 10000, 2000);
    const TestMerchant other = app.add_merchant("Other");
    const ClientResponse foreign_payment = app.call("GET", payment, other.token);
    for (const std::string& target :
         std::vector<std::string>{payment + "/captures/" + capture_id + "/invoicecopy",
                                  payment + "/reversals/" + reversal_id + "/invoicecopy"}) {
        const ClientResponse foreign = app.call("GET", target, other.token);
        EXPECT_EQ(403, foreign.status) << target;
        EXPECT_EQ(json::parse(foreign_payment.body).at("title"),
                  json::parse(foreign.body).at("title"));
        EXPECT_EQ(std::string::npos, foreign.body.find("%PDF"));
    }
    const std::string unknown = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b";
    EXPECT_EQ(
        404,
        app.call("GET", payment + "/captures/" + unknown + "/invoicecopy", merchant.token).status);
    // The other merchant's settlement holds none of it.
    const ClientResponse list =
        app.call("GET", "/faktura/settlement/transactions?from=2000-01-01&to=2000-12-31&format=xml",
                 other.token);
    EXPECT_EQ(200, list.status);
    const ClientResponse now_list =
        app.call("GET", "/faktura/settlement/transactions?from=2026-01-01&to=2026-12-31&format=csv",
                 other.token);
    EXPECT_EQ(200, now_list.status);
    EXPECT_EQ(std::string::npos, now_list.body.find("Ljus"));
    EXPECT_EQ(std::string::npos, now_list.body.find(capture_id));
}

TEST_F(DocumentsTest, BadSettlementQueriesNameTheirParameter) {
    const auto problem_names = [&](const std::string& query) {
        const ClientResponse response =
            app.call("GET", "/faktura/settlement/transactions" + query, merchant.token);
        EXPECT_EQ(400, response.status) << query << ": " << response.body;
        std::string names;
        const json::value parsed = json::parse(response.body);
        for (const json::value& problem : parsed.at("problems").as_array()) {
            names += std::string(problem.at("name").as_string()) + " ";
        }
        return names;
    };
    EXPECT_EQ("from to ", problem_names(""));
    EXPECT_EQ("to ", problem_names("?from=2026-01-01&to=2026-02-30"));
    EXPECT_EQ("format ", problem_names("?from=2026-01-01&to=2026-01-31&format=pdf"));
    EXPECT_EQ("to ", problem_names("?from=2026-02-01&to=2026-01-31"));
    EXPECT_EQ(
        401,
        app.call("GET", "/faktura/settlement/balance?from=2026-01-01&to=2026-01-31", "").status);
}

std::string today_utc() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[11];
    std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
    return text;
}

// "1234.50" from minor units.
std::string decimal(std::int64_t minor) {
    const bool negative = minor < 0;
    const std::int64_t magnitude = negative ? -minor : minor;
    std::ostringstream out;
    out << (negative ? "-" : "") << magnitude / 100 << '.' << (magnitude % 100) / 10
        << magnitude % 10;
    return out.str();
}

TEST_F(DocumentsTest, TheSettlementFilesReconcileExactlyWithWhatTheApiRecorded) {
    std::mt19937 random(20261201);
    struct Expected {
        std::int64_t net = 0;
        int debits = 0;
        int credits = 0;
    };
    std::map<std::string, Expected> expected;  // By currency.
    const std::vector<std::pair<std::string, std::string>> kinds = {
        {"PayExFinancingSe", "SEK"}, {"PayExFinancingNo", "NOK"}, {"PayExFinancingFi", "EUR"}};
    int sek_transactions = 0;
    for (int i = 0; i < 9; ++i) {
        const auto& [invoice_type, currency] = kinds[static_cast<std::size_t>(i) % kinds.size()];
        const std::int64_t authorized = 5000 + static_cast<std::int64_t>(random() % 200000);
        const std::string payment = authorized_payment(
            invoice_type, invoice_type == "PayExFinancingNo" ? "nb-NO" : "sv-SE", authorized);
        const std::int64_t captured =
            1000 + static_cast<std::int64_t>(random() % (authorized - 999));
        capture(payment, {{captured, 2500, "Line " + std::to_string(i)}});
        expected[currency].net += captured;
        ++expected[currency].debits;
        if (currency == "SEK") ++sek_transactions;
        if (random() % 2 == 0) {
            const std::int64_t reversed = 1 + static_cast<std::int64_t>(random() % captured);
            reverse(payment, reversed, reversed / 5);
            expected[currency].net -= reversed;
            ++expected[currency].credits;
            if (currency == "SEK") ++sek_transactions;
        }
    }
    const std::string period = "?from=" + today_utc() + "&to=" + today_utc();
    const ClientResponse xml = app.call(
        "GET", "/faktura/settlement/transactions" + period + "&format=xml", merchant.token);
    ASSERT_EQ(200, xml.status) << xml.body;
    EXPECT_EQ("application/xml; charset=utf-8", xml.header("Content-Type").value_or(""));
    for (const auto& [currency, sums] : expected) {
        const std::string sum =
            "<CURRENCY Sum=\"" + decimal(sums.net) + "\" Name=\"" + currency + "\"";
        EXPECT_NE(std::string::npos, xml.body.find(sum)) << sum << "\n" << xml.body;
        const std::string service = "NoOfDebet=\"" + std::to_string(sums.debits) +
                                    "\" NoOfCredit=\"" + std::to_string(sums.credits) +
                                    "\" Amount=\"" + decimal(sums.net) + "\"";
        EXPECT_NE(std::string::npos, xml.body.find(service)) << service << "\n" << xml.body;
    }
    int trans = 0;
    for (std::size_t at = xml.body.find("<TRAN "); at != std::string::npos;
         at = xml.body.find("<TRAN ", at + 1)) {
        ++trans;
    }
    int total = 0;
    for (const auto& [currency, sums] : expected) total += sums.debits + sums.credits;
    EXPECT_EQ(total, trans);

    const ClientResponse csv = app.call(
        "GET", "/faktura/settlement/transactions" + period + "&format=csv", merchant.token);
    ASSERT_EQ(200, csv.status);
    int rows = -1;  // The header row.
    for (std::size_t at = csv.body.find("\r\n"); at != std::string::npos;
         at = csv.body.find("\r\n", at + 2)) {
        ++rows;
    }
    EXPECT_EQ(total, rows) << csv.body;

    // SIE: the Swedish ledger's vouchers, each balancing to zero.
    const ClientResponse sie = app.call(
        "GET", "/faktura/settlement/transactions" + period + "&format=sie4", merchant.token);
    ASSERT_EQ(200, sie.status);
    EXPECT_NE(std::string::npos, sie.body.find("#FORMAT PC8"));
    std::istringstream lines(sie.body);
    std::string line;
    int vouchers = 0;
    std::int64_t balance = 0;
    bool in_voucher = false;
    while (std::getline(lines, line)) {
        if (line.starts_with("#VER")) {
            ++vouchers;
            balance = 0;
        } else if (line.starts_with("{")) {
            in_voucher = true;
        } else if (line.starts_with("}")) {
            EXPECT_EQ(0, balance) << "voucher " << vouchers;
            in_voucher = false;
        } else if (in_voucher) {
            std::smatch amount;
            ASSERT_TRUE(std::regex_search(line, amount, std::regex(R"(\{\} (-?)(\d+)\.(\d\d))")))
                << line;
            const std::int64_t minor = std::stoll(amount[2]) * 100 + std::stoll(amount[3]);
            balance += amount[1].length() > 0 ? -minor : minor;
        }
    }
    EXPECT_EQ(sek_transactions, vouchers);

    // The balance report: the same net per currency, as a person reads it.
    const std::string text =
        pdf_at("/faktura/settlement/balance" + period + "&language=en", "e2e-balance-report");
    EXPECT_NE(std::string::npos, text.find("Balance report")) << text;
    for (const auto& [currency, sums] : expected) {
        std::string grouped = decimal(sums.net);  // "1148.54" → "1,148.54"
        for (std::size_t digits = grouped.find('.'); digits > 3 && grouped[digits - 4] != '-';
             digits -= 3) {
            grouped.insert(digits - 3, ",");
        }
        EXPECT_NE(std::string::npos, text.find("Total " + currency)) << currency;
        EXPECT_NE(std::string::npos, text.find(grouped)) << grouped << "\n" << text;
    }

    // The command line writes the same file.
    const std::string output = (app.database_path().parent_path() / "report.xml").string();
    run_command(std::string(FAKTURA_BINARY) +
                " report transactions --database 'sqlite:" + app.database_path().string() +
                "' --payee " + merchant.payee_id + " --from " + today_utc() + " --to " +
                today_utc() + " --format xml --output '" + output + "' 2>/dev/null");
    std::ifstream written(output, std::ios::binary);
    const std::string file((std::istreambuf_iterator<char>(written)),
                           std::istreambuf_iterator<char>());
    EXPECT_EQ(xml.body, file);
}

}  // namespace
}  // namespace faktura::testing
