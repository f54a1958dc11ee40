#include "documents/money_text.hpp"

#include <array>
#include <cstdio>

namespace faktura::documents {
namespace {

constexpr std::string_view no_break_space = "\u00a0";

bool is_english(DocumentLanguage language) { return language == DocumentLanguage::en; }

// The digits of value with a separator between each group of three.
std::string grouped(std::uint64_t value, std::string_view separator) {
    std::string digits = std::to_string(value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.append(separator);
        out += digits[i];
    }
    return out;
}

std::uint64_t magnitude(std::int64_t value) {
    return value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
}

}  // namespace

std::string format_number(domain::Amount amount, DocumentLanguage language) {
    const std::uint64_t minor = magnitude(amount.minor);
    const std::string cents = std::to_string(100 + minor % 100).substr(1);
    std::string out = amount.minor < 0 ? "-" : "";
    if (is_english(language)) {
        out += grouped(minor / 100, ",") + "." + cents;
    } else {
        out += grouped(minor / 100, no_break_space) + "," + cents;
    }
    return out;
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
        grouped(magnitude(count), is_english(language) ? "," : no_break_space);
    return count < 0 ? "-" + digits : digits;
}

}  // namespace faktura::documents
