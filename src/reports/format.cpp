#include "reports/format.hpp"

#include <cstdio>

#include "domain/invoice.hpp"

namespace faktura::reports {

std::string format_decimal(domain::Amount amount) {
    return domain::format_minor_units(amount, "", ".");
}

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
    return domain::format_minor_units(domain::Amount{rate.hundredths_of_percent}, "", ".");
}

}  // namespace faktura::reports
