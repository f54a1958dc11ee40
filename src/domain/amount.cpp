// The one number format behind every amount the pages, documents and reports print.
#include "domain/amount.hpp"

namespace faktura::domain {

std::string group_thousands(std::uint64_t value, std::string_view separator) {
    const std::string digits = std::to_string(value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
        out += digits[i];
    }
    return out;
}

std::string format_minor_units(Amount amount, std::string_view thousands,
                               std::string_view decimal_mark) {
    const bool negative = amount.minor < 0;
    const std::uint64_t magnitude = negative ? 0U - static_cast<std::uint64_t>(amount.minor)
                                             : static_cast<std::uint64_t>(amount.minor);
    std::string out = negative ? "-" : "";
    out += group_thousands(magnitude / 100U, thousands);
    out += decimal_mark;
    out += static_cast<char>('0' + magnitude % 100U / 10U);
    out += static_cast<char>('0' + magnitude % 10U);
    return out;
}

}  // namespace faktura::domain
