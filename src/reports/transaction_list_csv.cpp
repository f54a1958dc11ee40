#include "reports/transaction_list_csv.hpp"

#include <array>

#include "reports/format.hpp"

namespace faktura::reports {
namespace {

constexpr std::string_view utf8_byte_order_mark = "\xEF\xBB\xBF";
constexpr std::string_view row_end = "\r\n";

constexpr std::array<std::string_view, 16> columns{
    "Swedbank Pay Batch Number",
    "Transaction Number",
    "Order id",
    "Date Created",
    "Date Modified",
    "Provider",
    "Type",
    "Amount",
    "Currency",
    "Product Number",
    "Description",
    "VAT Amount",
    "VAT Percentage",
    "Swedbank Pay Account Number",
    "Referenced Transaction Number",
    "Sales Channel",
};

void append_row(std::string& csv, const std::array<std::string, columns.size()>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) csv.push_back(',');
        csv.append(csv_field(fields[i]));
    }
    csv.append(row_end);
}

// Text the merchant (or its payer) wrote: a cell that starts like a formula (=, +, -, @, a tab or a
// carriage return) is opened in a spreadsheet as one, so it gets a leading apostrophe, which the
// spreadsheet shows as text and does not display (OWASP "CSV injection").
std::string text_cell(std::string_view text) {
    if (!text.empty() &&
        std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
        return "'" + std::string(text);
    }
    return std::string(text);
}

}  // namespace

std::string csv_field(std::string_view text) {
    const bool needs_quotes = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                              (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!needs_quotes) return std::string(text);
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

std::string render_transaction_list_csv(const domain::SettlementReport& report) {
    std::string csv(utf8_byte_order_mark);
    std::array<std::string, columns.size()> header;
    for (std::size_t i = 0; i < columns.size(); ++i) header[i] = std::string(columns[i]);
    append_row(csv, header);
    for (const domain::SettlementTransaction& transaction : report.transactions) {
        const std::string created = format_date_time(transaction.created_at);
        append_row(csv, {
                            std::to_string(transaction.reconciliation_number),
                            std::to_string(transaction.number),
                            text_cell(transaction.order_id),
                            created,
                            created,
                            "PayEx",
                            std::string(domain::service_name(transaction.invoice_type)),
                            format_decimal(signed_amount(transaction)),
                            std::string(currency_code(transaction.currency)),
                            text_cell(transaction.product_category.value_or("")),
                            text_cell(transaction.description),
                            format_decimal(signed_vat_amount(transaction)),
                            format_vat_percentage(transaction),
                            report.account_no,
                            transaction.referenced_transaction_number == 0
                                ? std::string()
                                : std::to_string(transaction.referenced_transaction_number),
                            "Transaction via eCommerce APIs",
                        });
    }
    return csv;
}

}  // namespace faktura::reports
