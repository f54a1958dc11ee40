#include "documents/money_text.hpp"

#include <array>
#include <cstdio>

namespace faktura::documents {
namespace {

constexpr std::string_view no_break_space = "\u00a0";

bool is_english(DocumentLanguage language) { return language == DocumentLanguage::en; }

std::uint64_t magnitude(std::int64_t value) {
    return value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
}

}  // namespace

std::string format_number(domain::Amount amount, DocumentLanguage language) {
    return is_english(language) ? domain::format_minor_units(amount, ",", ".")
                                : domain::format_minor_units(amount, no_break_space, ",");
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
    return "";
}

std::string format_amount(domain::Amount amount, domain::Currency currency,
                          DocumentLanguage language) {
    const std::string number = format_number(amount, language);
    if (is_english(language)) return number + " " + std::string(currency_code(currency));
    const std::string_view symbol = currency == domain::Currency::eur ? "€" : "kr";
    return number + std::string(no_break_space) + std::string(symbol);
}

std::string format_vat_rate(domain::VatRate rate, DocumentLanguage language) {
    const std::int32_t hundredths = rate.hundredths_of_percent;
    std::string out = std::to_string(hundredths / 100);
    std::int32_t fraction = hundredths % 100;
    if (fraction != 0) {
        std::string decimals = std::to_string(100 + fraction).substr(1);
        if (decimals.back() == '0') decimals.pop_back();
        out += (is_english(language) ? "." : ",") + decimals;
    }
    return is_english(language) ? out + "%" : out + std::string(no_break_space) + "%";
}

std::string format_date(domain::CivilDate date, DocumentLanguage language) {
    std::array<char, 32> buffer{};
    if (language == DocumentLanguage::nb || language == DocumentLanguage::fi) {
        std::snprintf(buffer.data(), buffer.size(), "%02d.%02d.%04d", date.day, date.month,
                      date.year);
    } else {
        std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d", date.year, date.month,
                      date.day);
    }
    return buffer.data();
}

std::string format_count(std::int64_t count, DocumentLanguage language) {
    const std::string digits =
        domain::group_thousands(magnitude(count), is_english(language) ? "," : no_break_space);
    return count < 0 ? "-" + digits : digits;
}

}  // namespace faktura::documents
