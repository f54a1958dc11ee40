// Parsing rules for SE personnummer, NO fødselsnummer and FI henkilötunnus, as test-data.md §2
// states them. Every rejection returns the same per-country description: the caller only needs to
// know the number is bad.
#include "domain/national_id.hpp"

#include <array>
#include <cassert>
#include <optional>

#include "domain/payment_reference.hpp"
#include "domain/text.hpp"

namespace faktura::domain {
namespace {

constexpr auto is_digit = is_ascii_digit;
constexpr auto all_digits = is_digits;

// The value of a run of digits; callers check all_digits first.
int number_of(std::string_view digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

std::string without_spaces(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    for (char c : text) {
        if (c != ' ') result.push_back(c);
    }
    return result;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

Error invalid(Country country) {
    return Error{ErrorCode::request_invalid, national_id_invalid_description(country), {}};
}

// Sweden (§2.2). The 10-digit form names its century only through the separator, so `today` decides
// it.
Result<NationalId> parse_swedish(std::string_view text, CivilDate today) {
    std::string ten_digits;
    std::optional<int> century;
    char separator = '-';
    if (text.size() == 10 && all_digits(text)) {
        ten_digits = text;
    } else if (text.size() == 11 && (text[6] == '-' || text[6] == '+') &&
               all_digits(text.substr(0, 6)) && all_digits(text.substr(7))) {
        separator = text[6];
        ten_digits = std::string(text.substr(0, 6)) + std::string(text.substr(7));
    } else if (text.size() == 12 && all_digits(text)) {
        century = number_of(text.substr(0, 2));
        ten_digits = text.substr(2);
    } else if (text.size() == 13 && text[8] == '-' && all_digits(text.substr(0, 8)) &&
               all_digits(text.substr(9))) {
        century = number_of(text.substr(0, 2));
        ten_digits = std::string(text.substr(2, 6)) + std::string(text.substr(9));
    } else {
        return invalid(Country::se);
    }

    // Personnummer exist for people born since the 1800s; "00" or "21" as a century is a typing
    // error.
    if (century && (*century < 18 || *century > 20)) return invalid(Country::se);

    const std::string_view digits = ten_digits;
    if (luhn_check_digit(digits.substr(0, 9)) != digits[9]) return invalid(Country::se);

    const int year_of_century = number_of(digits.substr(0, 2));
    const int month = number_of(digits.substr(2, 2));
    const int written_day = number_of(digits.substr(4, 2));
    // Samordningsnummer: the day of birth plus 60.
    const int day = written_day > 60 ? written_day - 60 : written_day;

    CivilDate birth{0, month, day};
    if (century) {
        birth.year = *century * 100 + year_of_century;
    } else {
        // The most recent birth date that is not in the future; "+" marks someone 100 or older, so
        // one century earlier. A date, not only a year, so that a birthday later this year is a
        // century back.
        birth.year = today.year - ((today.year - year_of_century) % 100 + 100) % 100;
        if (birth > today) birth.year -= 100;
        if (separator == '+') birth.year -= 100;
    }
    if (!is_real_date(birth) || birth > today) return invalid(Country::se);
    return NationalId{Country::se, std::to_string(birth.year / 100) + ten_digits, birth};
}

// Norway (§2.1): two mod-11 check digits, and a century read from the individual number.
Result<NationalId> parse_norwegian(std::string_view text, CivilDate today) {
    if (text.size() != 11 || !all_digits(text)) return invalid(Country::no);

    constexpr std::array<int, 9> k1_weights{3, 7, 6, 1, 8, 9, 4, 5, 2};
    constexpr std::array<int, 10> k2_weights{5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    // 11 − (Σ mod 11), where 11 means 0 and 10 means no valid number has this prefix.
    const auto check_digit = [&](auto weights) -> std::optional<int> {
        int sum = 0;
        for (std::size_t i = 0; i < weights.size(); ++i) sum += weights[i] * (text[i] - '0');
        const int check = 11 - sum % 11;
        if (check == 10) return std::nullopt;
        return check == 11 ? 0 : check;
    };
    const std::optional<int> k1 = check_digit(k1_weights);
    const std::optional<int> k2 = check_digit(k2_weights);
    if (!k1 || !k2 || *k1 != text[9] - '0' || *k2 != text[10] - '0') return invalid(Country::no);

    int day = number_of(text.substr(0, 2));
    int month = number_of(text.substr(2, 2));
    const int year_of_century = number_of(text.substr(4, 2));
    const int individual = number_of(text.substr(6, 3));
    if (day > 40) day -= 40;  // D-number (temporary residents).
    // Synthetic test numbers (post-2020 practice): month + 80 (Skatteetaten) or + 40 (NAV).
    if (month > 80) {
        month -= 80;
    } else if (month > 40) {
        month -= 40;
    }

    int century = 0;
    if (individual <= 499) {
        century = 1900;
    } else if (individual <= 749 && year_of_century >= 54) {
        century = 1800;
    } else if (year_of_century <= 39) {
        century = 2000;
    } else if (individual >= 900) {
        century = 1900;
    } else {
        // 500–749 with YY 40–53, or 750–899 with YY ≥ 40: ranges never issued.
        return invalid(Country::no);
    }
    const CivilDate birth{century + year_of_century, month, day};
    if (!is_real_date(birth) || birth > today) return invalid(Country::no);
    return NationalId{Country::no, std::string(text), birth};
}

// Finland (§2.3): the century sign sits between the date and the individual number.
std::optional<int> finnish_century(char sign) {
    switch (sign) {
        case '+':
            return 1800;
        case '-':
        case 'U':
        case 'V':
        case 'W':
        case 'X':
        case 'Y':
            return 1900;
        case 'A':
        case 'B':
        case 'C':
        case 'D':
        case 'E':
        case 'F':
            return 2000;
        default:
            return std::nullopt;
    }
}

Result<NationalId> parse_finnish(std::string_view text, CivilDate today) {
    std::string upper(text);
    for (char& c : upper) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    const std::string_view id = upper;
    if (id.size() != 11 || !all_digits(id.substr(0, 6)) || !all_digits(id.substr(7, 3))) {
        return invalid(Country::fi);
    }
    const std::optional<int> century = finnish_century(id[6]);
    if (!century) return invalid(Country::fi);

    // Individual numbers 000 and 001 are never issued; 900–999 are temporary and test identities.
    const int individual = number_of(id.substr(7, 3));
    if (individual < 2) return invalid(Country::fi);

    // 31 check characters: the digits and the letters left after dropping G, I, O, Q and Z.
    constexpr std::string_view check_alphabet = "0123456789ABCDEFHJKLMNPRSTUVWXY";
    const int number = number_of(id.substr(0, 6)) * 1000 + individual;  // DDMMYYZZZ, below 2^31.
    if (check_alphabet[static_cast<std::size_t>(number % 31)] != id[10])
        return invalid(Country::fi);

    const CivilDate birth{*century + number_of(id.substr(4, 2)), number_of(id.substr(2, 2)),
                          number_of(id.substr(0, 2))};
    if (!is_real_date(birth) || birth > today) return invalid(Country::fi);
    return NationalId{Country::fi, upper, birth};
}

}  // namespace

bool is_real_date(CivilDate date) {
    constexpr std::array<int, 12> days_in_month{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (date.month < 1 || date.month > 12 || date.day < 1) return false;
    const int days = days_in_month[static_cast<std::size_t>(date.month - 1)] +
                     (date.month == 2 && is_leap_year(date.year) ? 1 : 0);
    return date.day <= days;
}

std::string national_id_invalid_description(Country country) {
    switch (country) {
        case Country::se:
            return "The social security number is not valid for SE.";
        case Country::no:
            return "The social security number is not valid for NO.";
        case Country::fi:
            return "The social security number is not valid for FI.";
    }
    assert(false && "every Country has a row above");
    return {};
}

Result<NationalId> parse_national_id(Country country, std::string_view text, CivilDate today) {
    // Far longer than any spelling: reject before copying.
    constexpr std::size_t text_length_max = 64;
    if (text.size() > text_length_max) return invalid(country);
    const std::string compact = without_spaces(text);
    switch (country) {
        case Country::se:
            return parse_swedish(compact, today);
        case Country::no:
            return parse_norwegian(compact, today);
        case Country::fi:
            return parse_finnish(compact, today);
    }
    assert(false && "every Country has a row above");
    return invalid(country);
}

std::string format_national_id_masked(const NationalId& id) {
    const std::string_view canonical = id.canonical;
    switch (id.country) {
        case Country::se:
            // The 10-digit spelling's date part; the canonical form always has 12 digits.
            return std::string(canonical.substr(2, 6)) + "-****";
        case Country::no:
            return std::string(canonical.substr(0, 6)) + "*****";
        case Country::fi:
            // Date and century sign stay: they are what the consumer recognises.
            return std::string(canonical.substr(0, 7)) + "****";
    }
    assert(false && "every Country has a row above");
    return {};
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int part = 0; part < 3; ++part) {
        for (std::size_t i = 0; i < lengths[part]; ++i) {
            const char c = text[starts[part] + i];
            if (c < '0' || c > '9') return std::nullopt;
            parts[part] = parts[part] * 10 + (c - '0');
        }
    }
    const CivilDate date{parts[0], parts[1], parts[2]};
    if (!is_real_date(date)) return std::nullopt;
    return date;
}

}  // namespace faktura::domain
