// Tests the XML transaction list against the published samples (tests/fixtures/settlement/): a
// small parser written here reads both, and the output may use only the samples' element paths and,
// per element, only their attribute names in their order; then the numbers are checked against the
// rows (CURRENCY Sum = Σ TRAN Amount, SERVICE counts and net) and the escaping is read back.
#include "reports/transaction_list_xml.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "settlement_examples.hpp"

namespace faktura::reports {
namespace {

struct Element {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;  // In document order.
    std::vector<Element> children;

    const std::string* find(const std::string& attribute) const {
        for (const auto& [key, value] : attributes) {
            if (key == attribute) return &value;
        }
        return nullptr;
    }
    std::string at(const std::string& attribute) const {
        const std::string* value = find(attribute);
        return value ? *value : "<missing " + attribute + ">";
    }
};

// Just enough XML for these files: a declaration, comments, elements with double-quoted
// attributes, whitespace between elements; no text content. Fails the test on anything else.
class MiniXmlParser {
  public:
    explicit MiniXmlParser(std::string text) : text_(std::move(text)) {}

    Element parse_document() {
        skip_misc();
        Element root = parse_element();
        skip_misc();
        EXPECT_EQ(at_, text_.size()) << "content after the root element";
        return root;
    }

  private:
    void skip_space() {
        while (at_ < text_.size() &&
               std::string_view(" \t\r\n").find(text_[at_]) != std::string_view::npos) {
            ++at_;
        }
    }

    bool starts_with(std::string_view prefix) const {
        return std::string_view(text_).substr(at_).starts_with(prefix);
    }

    void skip_misc() {
        for (;;) {
            skip_space();
            if (starts_with("<?")) {
                at_ = text_.find("?>", at_) + 2;
            } else if (starts_with("<!--")) {
                at_ = text_.find("-->", at_) + 3;
            } else {
                return;
            }
        }
    }

    std::string parse_name() {
        const std::size_t start = at_;
        while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) ||
                                      text_[at_] == ':' || text_[at_] == '_')) {
            ++at_;
        }
        EXPECT_GT(at_, start) << "a name expected at " << start;
        return text_.substr(start, at_ - start);
    }

    static std::string unescape(const std::string& raw) {
        std::string value;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '&') {
                EXPECT_NE(raw[i], '<') << raw;
                value.push_back(raw[i]);
                continue;
            }
            const std::size_t end = raw.find(';', i);
            const std::string entity = raw.substr(i + 1, end - i - 1);
            if (entity == "amp")
                value.push_back('&');
            else if (entity == "lt")
                value.push_back('<');
            else if (entity == "gt")
                value.push_back('>');
            else if (entity == "quot")
                value.push_back('"');
            else if (entity == "apos")
                value.push_back('\'');
            else if (entity.starts_with("#"))
                value.push_back(static_cast<char>(std::stoi(entity.substr(1))));
            else
                ADD_FAILURE() << "unknown entity " << entity;
            i = end;
        }
        return value;
    }

    Element parse_element() {
        Element element;
        EXPECT_EQ(text_[at_], '<');
        ++at_;
        element.name = parse_name();
        for (;;) {
            skip_space();
            if (starts_with("/>")) {
                at_ += 2;
                return element;
            }
            if (starts_with(">")) {
                ++at_;
                break;
            }
            std::string key = parse_name();
            skip_space();
            EXPECT_TRUE(starts_with("=\"")) << "attribute " << key;
            at_ += 2;
            const std::size_t end = text_.find('"', at_);
            element.attributes.emplace_back(key, unescape(text_.substr(at_, end - at_)));
            at_ = end + 1;
        }
        for (;;) {
            skip_misc();
            if (starts_with("</")) {
                at_ += 2;
                EXPECT_EQ(parse_name(), element.name);
                skip_space();
                EXPECT_TRUE(starts_with(">"));
                ++at_;
                return element;
            }
            if (at_ >= text_.size() || !starts_with("<")) {
                ADD_FAILURE() << "unexpected text in " << element.name;
                return element;
            }
            element.children.push_back(parse_element());
        }
    }

    std::string text_;
    std::size_t at_ = 0;
};

Element parse(const std::string& text) { return MiniXmlParser(text).parse_document(); }

std::string read_fixture(const std::string& name) {
    std::ifstream file(std::string(FAKTURA_SOURCE_DIR) + "/tests/fixtures/settlement/" + name,
                       std::ios::binary);
    EXPECT_TRUE(file) << name;
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

// Every element path ("SALES/CURRENCY/TRAN") with the attribute names seen on it, in order.
using Shape = std::map<std::string, std::vector<std::vector<std::string>>>;

void collect(const Element& element, const std::string& parent, Shape& shape) {
    const std::string path = parent.empty() ? element.name : parent + "/" + element.name;
    std::vector<std::string> names;
    for (const auto& attribute : element.attributes) names.push_back(attribute.first);
    shape[path].push_back(names);
    for (const Element& child : element.children) collect(child, path, shape);
}

Shape shape_of(const Element& root) {
    Shape shape;
    collect(root, "", shape);
    return shape;
}

// Whether `names` appear in `order` in the same relative order (a subsequence).
bool is_subsequence(const std::vector<std::string>& names, const std::vector<std::string>& order) {
    std::size_t at = 0;
    for (const std::string& name : names) {
        while (at < order.size() && order[at] != name) ++at;
        if (at == order.size()) return false;
        ++at;
    }
    return true;
}

// The samples' attribute order per path: the longest attribute list seen, then any others
// merged in after their predecessor.
std::map<std::string, std::vector<std::string>> attribute_orders(const std::vector<Shape>& shapes) {
    std::map<std::string, std::vector<std::string>> orders;
    for (const Shape& shape : shapes) {
        for (const auto& [path, lists] : shape) {
            std::vector<std::string>& order = orders[path];
            for (const std::vector<std::string>& names : lists) {
                std::size_t at = 0;
                for (const std::string& name : names) {
                    const auto found = std::find(order.begin(), order.end(), name);
                    if (found == order.end()) {
                        order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), name);
                        ++at;
                    } else {
                        at = static_cast<std::size_t>(found - order.begin()) + 1;
                    }
                }
            }
        }
    }
    return orders;
}

std::int64_t cents_of(const std::string& decimal) {
    const bool negative = decimal.starts_with("-");
    const std::string digits = negative ? decimal.substr(1) : decimal;
    const std::size_t point = digits.find('.');
    EXPECT_NE(point, std::string::npos) << decimal;
    EXPECT_EQ(digits.size() - point, 3u) << decimal;
    const std::int64_t cents =
        std::stoll(digits.substr(0, point)) * 100 + std::stoll(digits.substr(point + 1));
    return negative ? -cents : cents;
}

const std::vector<std::string> sample_files{"transaction-list-sample-option-a.xml",
                                            "transaction-list-sample-2020.xml"};

TEST(TransactionListXml, TheSamplesParse) {
    for (const std::string& name : sample_files) {
        const Element root = parse(read_fixture(name));
        EXPECT_EQ(root.name, "SALES") << name;
        EXPECT_EQ(root.at("xmlns"), "http://www.payex.com/xml/SalesAccountedTransactions.xsd");
    }
}

TEST(TransactionListXml, UsesOnlyTheSamplesElementsAndAttributesInTheirOrder) {
    std::vector<Shape> sample_shapes;
    for (const std::string& name : sample_files) {
        sample_shapes.push_back(shape_of(parse(read_fixture(name))));
    }
    const auto orders = attribute_orders(sample_shapes);
    const std::string xml = render_transaction_list_xml(testing_support::example_settlement());
    const Shape ours = shape_of(parse(xml));
    for (const auto& [path, lists] : ours) {
        ASSERT_TRUE(orders.contains(path)) << "no sample has the element " << path;
        for (const std::vector<std::string>& names : lists) {
            EXPECT_TRUE(is_subsequence(names, orders.at(path)))
                << path << " has an attribute the samples lack or out of their order";
        }
    }
    // Every path of the samples is there too (the output is not missing a level).
    for (const auto& [path, order] : orders) EXPECT_TRUE(ours.contains(path)) << path;
    // SERVICE carries exactly the samples' attributes.
    const std::vector<std::string> service{"Name",   "NoOfDebet", "NoOfCredit",
                                           "Amount", "FromDate",  "ToDate"};
    for (const auto& names : ours.at("SALES/SUMMARY/CURRENCY/SERVICETYPE/SERVICE")) {
        EXPECT_EQ(names, service);
    }
}

TEST(TransactionListXml, StartsWithTheSamplesDeclarationAndRoot) {
    const std::string xml = render_transaction_list_xml(testing_support::example_settlement());
    EXPECT_TRUE(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SALES "
                        "xmlns=\"http://www.payex.com/xml/SalesAccountedTransactions.xsd\" "
                        "AccountingNo=\"R1005-0001\">\n    <SUMMARY Prefix=\"\">\n"))
        << xml;
}

TEST(TransactionListXml, SumsAndCountsAgreeWithTheRows) {
    const domain::SettlementReport report = testing_support::example_settlement();
    const Element root = parse(render_transaction_list_xml(report));
    ASSERT_EQ(root.children.size(), 4u);  // SUMMARY and one CURRENCY per currency.
    const Element& summary = root.children[0];
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;  // By service.
    std::map<std::string, std::int64_t> service_net;
    std::size_t rows = 0;
    for (std::size_t i = 1; i < root.children.size(); ++i) {
        const Element& currency = root.children[i];
        EXPECT_EQ(currency.name, "CURRENCY");
        std::int64_t sum = 0;
        for (const Element& tran : currency.children) {
            const std::int64_t cents = cents_of(tran.at("Amount"));
            sum += cents;
            ++rows;
            (cents >= 0 ? counts[tran.at("Type")].first : counts[tran.at("Type")].second) += 1;
            service_net[tran.at("Type")] += cents;
            EXPECT_EQ(tran.at("Provider"), "PayEx");
            EXPECT_EQ(tran.at("SalesChannel"), "Transaction via eCommerce APIs");
            EXPECT_EQ(tran.at("PayExAccountNo"), "69199739");
            EXPECT_EQ(cents < 0, cents_of(tran.at("VATAmount")) < 0);
        }
        EXPECT_EQ(cents_of(currency.at("Sum")), sum) << currency.at("Name");
    }
    EXPECT_EQ(rows, report.transactions.size());
    std::vector<std::string> currencies;
    for (const Element& currency : summary.children) {
        currencies.push_back(currency.at("Name"));
        ASSERT_EQ(currency.children.size(), 1u);
        EXPECT_EQ(currency.children[0].at("Name"), "Invoice");
        for (const Element& service : currency.children[0].children) {
            const std::string name = service.at("Name");
            EXPECT_EQ(std::stoll(service.at("NoOfDebet")), counts[name].first) << name;
            EXPECT_EQ(std::stoll(service.at("NoOfCredit")), counts[name].second) << name;
            EXPECT_EQ(cents_of(service.at("Amount")), service_net[name]) << name;
        }
    }
    EXPECT_EQ(currencies, (std::vector<std::string>{"SEK", "NOK", "EUR"}));
}

TEST(TransactionListXml, WritesTheRowsFields) {
    const Element root = parse(render_transaction_list_xml(testing_support::example_settlement()));
    const Element& sek = root.children[1];
    ASSERT_EQ(sek.children.size(), 3u);
    const Element& capture = sek.children[0];
    EXPECT_EQ(capture.at("PayexBatchNo"), "739000");
    EXPECT_EQ(capture.at("TransactionNo"), "101");
    EXPECT_EQ(capture.at("OrderId"), "ORDER-101");
    EXPECT_EQ(capture.at("DateCreated"), "2024-01-05 12:00:00");
    EXPECT_EQ(capture.at("DateModified"), "2024-01-05 12:00:00");
    EXPECT_EQ(capture.at("Type"), "PayEx Faktura SE");
    EXPECT_EQ(capture.at("Amount"), "125.00");
    EXPECT_EQ(capture.at("MerchantProductNo"), "Böcker");
    EXPECT_EQ(capture.at("Description"), "Köp i webbutiken");
    EXPECT_EQ(capture.at("VATAmount"), "25.00");
    EXPECT_EQ(capture.at("VatPercentage"), "25.00");
    EXPECT_EQ(capture.at("ReferencedTransaction"), "100");
    const Element& mixed = sek.children[1];
    EXPECT_EQ(mixed.find("MerchantProductNo"), nullptr);
    EXPECT_EQ(mixed.at("VatPercentage"), "0");
    EXPECT_EQ(mixed.at("Description"), "A <b>\"quoted\"</b> & tabbed\tline, with comma");
    const Element& reversal = sek.children[2];
    EXPECT_EQ(reversal.at("Amount"), "-50.00");
    EXPECT_EQ(reversal.at("VATAmount"), "-10.00");
    EXPECT_EQ(reversal.at("ReferencedTransaction"), "101");
    const Element& service = root.children[0].children[0].children[0].children[0];
    EXPECT_EQ(service.at("FromDate"), "2024-01-05 12:00:00");
    EXPECT_EQ(service.at("ToDate"), "2024-01-06 12:00:00");
    EXPECT_EQ(service.at("Amount"), "299.00");  // 125 + 224 − 50.
}

TEST(TransactionListXml, AnEmptySettlementHasAnEmptySummary) {
    domain::SettlementReport report;
    report.accounting_no = "R1005-0002";
    const Element root = parse(render_transaction_list_xml(report));
    ASSERT_EQ(root.children.size(), 1u);
    EXPECT_EQ(root.children[0].name, "SUMMARY");
    EXPECT_TRUE(root.children[0].children.empty());
}

TEST(EscapeXmlAttribute, EscapesMarkupAndControlCharacters) {
    EXPECT_EQ(escape_xml_attribute("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e'f");
    EXPECT_EQ(escape_xml_attribute("t\tn\nr\r"), "t&#9;n&#10;r&#13;");
    EXPECT_EQ(escape_xml_attribute(std::string("x\x01y", 3)), "x\xEF\xBF\xBDy");
    EXPECT_EQ(escape_xml_attribute("Åsa Ørn"), "Åsa Ørn");
}

}  // namespace
}  // namespace faktura::reports
