// Normalisation of the hosted page's contact fields. Each function accepts the spellings a person
// types and returns the stored spelling, or nothing when the value cannot be one.
#include "domain/contact.hpp"

#include <cassert>
#include <cstddef>

#include "domain/text.hpp"

namespace faktura::domain {
namespace {

constexpr auto is_digit = is_ascii_digit;
constexpr auto all_digits = is_digits;

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

struct DialingRule {
    std::string_view country_code;
    bool drops_trunk_zero;  // National numbers start with a 0 that the international form leaves
                            // out.
};

DialingRule dialing_rule(Country country) {
    switch (country) {
        case Country::se:
            return {"46", true};
        case Country::no:
            return {"47", false};
        case Country::fi:
            return {"358", true};
    }
    assert(false && "every Country has a row above");
    return {"", false};
}

}  // namespace

std::optional<std::string> normalise_msisdn(Country country, std::string_view text) {
    // E.164 allows at most 15 digits; 8 is the shortest a Nordic mobile number plus country code
    // can be.
    constexpr std::size_t digits_min = 8;
    constexpr std::size_t digits_max = 15;
    constexpr std::size_t text_length_max =
        64;  // Generous room for separators; reject before copying.
    if (text.size() > text_length_max) return std::nullopt;

    std::string compact;
    for (char c : text) {
        if (c != ' ' && c != '-') compact.push_back(c);
    }
    std::string digits;
    if (compact.starts_with('+')) {
        digits = compact.substr(1);
    } else if (compact.starts_with("00")) {
        digits = compact.substr(2);
    } else {
        const DialingRule rule = dialing_rule(country);
        std::string_view national = compact;
        if (rule.drops_trunk_zero && national.starts_with('0')) national.remove_prefix(1);
        if (national.empty()) return std::nullopt;
        digits = std::string(rule.country_code) + std::string(national);
    }
    if (!all_digits(digits) || digits.size() < digits_min || digits.size() > digits_max) {
        return std::nullopt;
    }
    return "+" + digits;
}

bool is_valid_email(std::string_view text) {
    constexpr std::size_t length_max =
        254;  // RFC 5321's limit for a forward path, less the brackets.
    if (text.empty() || text.size() > length_max) return false;
    for (char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
    }
    const std::size_t at = text.find('@');
    if (at == std::string_view::npos || at == 0 ||
        text.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    const std::string_view domain = text.substr(at + 1);
    const std::size_t dot = domain.find('.');
    return dot != std::string_view::npos && !domain.starts_with('.') && !domain.ends_with('.');
}

std::optional<std::string> normalise_zip_code(Country country, std::string_view text) {
    const std::string_view zip = trim_spaces(text);
    switch (country) {
        case Country::se:
            if (zip.size() == 6 && zip[3] == ' ' && all_digits(zip.substr(0, 3)) &&
                all_digits(zip.substr(4))) {
                return std::string(zip.substr(0, 3)) + std::string(zip.substr(4));
            }
            [[fallthrough]];  // Otherwise Sweden's rule is Finland's: five digits.
        case Country::fi:
            if (zip.size() == 5 && all_digits(zip)) return std::string(zip);
            return std::nullopt;
        case Country::no:
            if (zip.size() == 4 && all_digits(zip)) return std::string(zip);
            return std::nullopt;
    }
    assert(false && "every Country has a row above");
    return std::nullopt;
}

}  // namespace faktura::domain
