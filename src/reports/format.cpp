#include "reports/format.hpp"

#include <cstdio>

#include "domain/invoice.hpp"

namespace faktura::reports {
namespace {

// Hundredths as "12.34"; magnitude computed unsigned so that no value overflows when negated.
std::string format_hundredths(std::int64_t hundredths) {
    const bool negative = hundredths < 0;
    const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(hundredths)
                                             : static_cast<std::uint64_t>(hundredths);
    std::string text = negative ? "-" : "";
    text += std::to_string(magnitude / 100);
    text.push_back('.');
    text.push_back(static_cast<char>('0' + magnitude % 100 / 10));
    text.push_back(static_cast<char>('0' + magnitude % 10));
    return text;
}

}  // namespace

std::string format_decimal(domain::Amount amount) { return format_hundredths(amount.minor); }

domain::Amount signed_amount(const domain::SettlementTransaction& transaction) {
    return transaction.kind == domain::SettlementKind::reversal
               ? domain::Amount{} - transaction.amount
               : transaction.amount;
}

domain::Amount signed_vat_amount(const domain::SettlementTransaction& transaction) {
    return transaction.kind == domain::SettlementKind::reversal
               ? domain::Amount{} - transaction.vat_amount
               : transaction.vat_amount;
}

std::string format_date_time(domain::Timestamp at) {
    // "2020-05-22T08:45:42.8097921Z" → "2020-05-22 08:45:42".
    std::string text = domain::format_timestamp(at).substr(0, 19);
    text[10] = ' ';
    return text;
}

std::string format_iso_date(domain::CivilDate date) {
    char text[16];
    const int length =
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
    return std::string(text, static_cast<std::size_t>(length));
}

std::string format_compact_date(domain::CivilDate date) {
    char text[16];
    const int length =
        std::snprintf(text, sizeof text, "%04d%02d%02d", date.year, date.month, date.day);
    return std::string(text, static_cast<std::size_t>(length));
}

std::string_view currency_code(domain::Currency currency) {
    switch (currency) {
        case domain::Currency::sek:
            return "SEK";
        case domain::Currency::nok:
            return "NOK";
        case domain::Currency::eur:
            return "EUR";
    }
    return {};
}

std::string format_vat_percentage(const domain::SettlementTransaction& transaction) {
    if (transaction.vat_lines.empty()) return "0";
    const domain::VatRate rate = transaction.vat_lines.front().vat_percent;
    for (const domain::VatSummaryLine& line : transaction.vat_lines) {
        if (line.vat_percent != rate) return "0";
    }
    if (rate.hundredths_of_percent == 0) return "0";
    return format_hundredths(rate.hundredths_of_percent);
}

}  // namespace faktura::reports
