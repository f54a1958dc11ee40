#include "reports/transaction_list_xml.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "domain/settlement.hpp"
#include "reports/format.hpp"

namespace faktura::reports {
namespace {

constexpr std::string_view sales_namespace =
    "http://www.payex.com/xml/SalesAccountedTransactions.xsd";
constexpr std::string_view service_type_invoice = "Invoice";
constexpr std::string_view provider = "PayEx";
constexpr std::string_view sales_channel = "Transaction via eCommerce APIs";

// Appends ` name="value"`, escaped.
void attribute(std::string& xml, std::string_view name, std::string_view value) {
    xml.push_back(' ');
    xml.append(name);
    xml.append("=\"");
    xml.append(escape_xml_attribute(value));
    xml.push_back('"');
}

struct ServicePeriod {
    domain::Timestamp first;
    domain::Timestamp last;
};

void append_tran(std::string& xml, const domain::SettlementReport& report,
                 const domain::SettlementTransaction& transaction) {
    const std::string created = format_date_time(transaction.created_at);
    xml.append("        <TRAN");
    attribute(xml, "PayexBatchNo", std::to_string(transaction.reconciliation_number));
    attribute(xml, "TransactionNo", std::to_string(transaction.number));
    attribute(xml, "OrderId", transaction.order_id);
    attribute(xml, "DateCreated", created);
    // An invoice transaction is final when created, so it is never modified afterwards.
    attribute(xml, "DateModified", created);
    attribute(xml, "Provider", provider);
    attribute(xml, "Type", domain::service_name(transaction.invoice_type));
    attribute(xml, "Amount", format_decimal(signed_amount(transaction)));
    if (transaction.product_category) {
        attribute(xml, "MerchantProductNo", *transaction.product_category);
    }
    attribute(xml, "Description", transaction.description);
    attribute(xml, "VATAmount", format_decimal(signed_vat_amount(transaction)));
    attribute(xml, "VatPercentage", format_vat_percentage(transaction));
    if (!report.account_no.empty()) attribute(xml, "PayExAccountNo", report.account_no);
    if (transaction.referenced_transaction_number != 0) {
        attribute(xml, "ReferencedTransaction",
                  std::to_string(transaction.referenced_transaction_number));
    }
    attribute(xml, "SalesChannel", sales_channel);
    xml.append(" />\n");
}

}  // namespace

std::string escape_xml_attribute(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                escaped.append("&amp;");
                break;
            case '<':
                escaped.append("&lt;");
                break;
            case '>':
                escaped.append("&gt;");
                break;
            case '"':
                escaped.append("&quot;");
                break;
            case '\t':
                escaped.append("&#9;");
                break;
            case '\n':
                escaped.append("&#10;");
                break;
            case '\r':
                escaped.append("&#13;");
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    escaped.append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER.
                } else {
                    escaped.push_back(c);
                }
        }
    }
    return escaped;
}

std::string render_transaction_list_xml(const domain::SettlementReport& report) {
    const domain::BalanceReport balance = domain::balance_of(report);
    std::map<std::pair<domain::Currency, domain::InvoiceType>, ServicePeriod> periods;
    for (const domain::SettlementTransaction& transaction : report.transactions) {
        const auto key = std::make_pair(transaction.currency, transaction.invoice_type);
        auto [period, is_new] =
            periods.try_emplace(key, ServicePeriod{transaction.created_at, transaction.created_at});
        if (!is_new) {
            period->second.first = std::min(period->second.first, transaction.created_at);
            period->second.last = std::max(period->second.last, transaction.created_at);
        }
    }

    std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    xml.append("<SALES");
    attribute(xml, "xmlns", sales_namespace);
    attribute(xml, "AccountingNo", report.accounting_no);
    xml.append(">\n    <SUMMARY Prefix=\"\">\n");
    for (const domain::BalanceCurrencyTotal& total : balance.totals) {
        xml.append("        <CURRENCY");
        attribute(xml, "Name", currency_code(total.currency));
        xml.append(">\n            <SERVICETYPE");
        attribute(xml, "Name", service_type_invoice);
        xml.append(">\n");
        for (const domain::BalanceLine& line : balance.lines) {
            if (line.currency != total.currency) continue;
            const ServicePeriod& period = periods.at({line.currency, line.invoice_type});
            xml.append("                <SERVICE");
            attribute(xml, "Name", domain::service_name(line.invoice_type));
            attribute(xml, "NoOfDebet", std::to_string(line.debits));
            attribute(xml, "NoOfCredit", std::to_string(line.credits));
            attribute(xml, "Amount", format_decimal(line.net));
            attribute(xml, "FromDate", format_date_time(period.first));
            attribute(xml, "ToDate", format_date_time(period.last));
            xml.append(" />\n");
        }
        xml.append("            </SERVICETYPE>\n        </CURRENCY>\n");
    }
    xml.append("    </SUMMARY>\n");
    for (const domain::BalanceCurrencyTotal& total : balance.totals) {
        xml.append("    <CURRENCY");
        attribute(xml, "Sum", format_decimal(total.net));
        attribute(xml, "Name", currency_code(total.currency));
        xml.append(">\n");
        for (const domain::SettlementTransaction& transaction : report.transactions) {
            if (transaction.currency == total.currency) append_tran(xml, report, transaction);
        }
        xml.append("    </CURRENCY>\n");
    }
    xml.append("</SALES>\n");
    return xml;
}

}  // namespace faktura::reports
