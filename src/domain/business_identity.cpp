#include "domain/business_identity.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

#include "domain/payment_reference.hpp"
#include "domain/text.hpp"

namespace faktura::domain {
namespace {

constexpr bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

constexpr char ascii_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

constexpr bool is_ascii_alnum_upper(char c) { return is_ascii_upper(c) || is_ascii_digit(c); }

// The text without the separators people type (spaces and those given), letters upper-cased.
std::string compact(std::string_view text, std::string_view separators = " ") {
    std::string result;
    result.reserve(text.size());
    for (const char c : text) {
        if (separators.find(c) != std::string_view::npos) continue;
        result.push_back(ascii_upper(c));
    }
    return result;
}

int digit_value(char c) { return c - '0'; }

bool has_luhn_check_digit(std::string_view digits) {
    return digits.size() >= 2 &&
           luhn_check_digit(digits.substr(0, digits.size() - 1)) == digits.back();
}

// 11 − (Σ digit × weight mod 11), with 11 → 0; nothing for 10, which no number is issued with.
template <std::size_t N>
std::optional<int> mod11_check_digit(std::string_view payload, const std::array<int, N>& weights) {
    int sum = 0;
    for (std::size_t i = 0; i < N; ++i) sum += digit_value(payload[i]) * weights[i];
    const int check = 11 - sum % 11;
    if (check == 10) return std::nullopt;
    return check == 11 ? 0 : check;
}

template <std::size_t N>
bool has_mod11_check_digit(std::string_view digits, const std::array<int, N>& weights) {
    if (digits.size() != N + 1 || !is_digits(digits)) return false;
    const std::optional<int> check = mod11_check_digit(digits, weights);
    return check && *check == digit_value(digits.back());
}

struct IbanLength {
    std::string_view country;
    std::size_t length;
};

// IBAN lengths from the SWIFT IBAN registry for the SEPA countries (and Åland, which uses FI's).
constexpr std::array<IbanLength, 41> iban_lengths{{
    {"AD", 24}, {"AT", 20}, {"AX", 18}, {"BE", 16}, {"BG", 22}, {"CH", 21}, {"CY", 28},
    {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FO", 18},
    {"FR", 27}, {"GB", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"HR", 21}, {"HU", 28},
    {"IE", 22}, {"IS", 26}, {"IT", 27}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21},
    {"MC", 27}, {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24},
    {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"VA", 22}, {"XK", 20},
}};

std::optional<std::size_t> iban_length_of(std::string_view country) {
    for (const IbanLength& entry : iban_lengths) {
        if (entry.country == country) return entry.length;
    }
    return std::nullopt;
}

// ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end and letters
// as two digits (A = 10 … Z = 35), computed digit by digit so no big integer is needed.
int iban_mod97(std::string_view iban) {
    int remainder = 0;
    const auto add = [&remainder](char c) {
        if (is_ascii_digit(c)) {
            remainder = (remainder * 10 + digit_value(c)) % 97;
        } else {
            remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        }
    };
    for (const char c : iban.substr(4)) add(c);
    for (const char c : iban.substr(0, 4)) add(c);
    return remainder;
}

std::string with_dash_before(std::string_view digits, std::size_t tail) {
    std::string result(digits.substr(0, digits.size() - tail));
    result.push_back('-');
    result.append(digits.substr(digits.size() - tail));
    return result;
}

}  // namespace

std::optional<std::string> normalise_iban(std::string_view text) {
    std::string iban = compact(text);
    if (iban.size() < 4 || !is_ascii_upper(iban[0]) || !is_ascii_upper(iban[1]) ||
        !is_ascii_digit(iban[2]) || !is_ascii_digit(iban[3])) {
        return std::nullopt;
    }
    const std::optional<std::size_t> length = iban_length_of(std::string_view(iban).substr(0, 2));
    if (!length || iban.size() != *length) return std::nullopt;
    for (const char c : iban) {
        if (!is_ascii_alnum_upper(c)) return std::nullopt;
    }
    if (iban_mod97(iban) != 1) return std::nullopt;
    return iban;
}

std::string format_iban_grouped(std::string_view iban) {
    std::string result;
    for (std::size_t i = 0; i < iban.size(); ++i) {
        if (i > 0 && i % 4 == 0) result.push_back(' ');
        result.push_back(iban[i]);
    }
    return result;
}

std::optional<std::string> normalise_bic(std::string_view text) {
    std::string bic = compact(text);
    if (bic.size() != 8 && bic.size() != 11) return std::nullopt;
    for (std::size_t i = 0; i < bic.size(); ++i) {
        const bool letters_only = i < 6;  // Bank code and country.
        if (letters_only ? !is_ascii_upper(bic[i]) : !is_ascii_alnum_upper(bic[i])) {
            return std::nullopt;
        }
    }
    return bic;
}

std::optional<std::string> normalise_swedish_organisation_number(std::string_view text) {
    std::string digits = compact(text, " -");
    // Skatteverket's 12-digit form puts the century "16" in front of every legal person's number.
    if (digits.size() == 12 && digits.starts_with("16")) digits.erase(0, 2);
    if (digits.size() != 10 || !is_digits(digits)) return std::nullopt;
    if (digit_value(digits[2]) < 2) return std::nullopt;  // A month: a person's identity number.
    if (!has_luhn_check_digit(digits)) return std::nullopt;
    return with_dash_before(digits, 4);
}

std::optional<std::string> normalise_norwegian_organisation_number(std::string_view text) {
    std::string digits = compact(text);
    if (!has_mod11_check_digit(digits, std::array<int, 8>{3, 2, 7, 6, 5, 4, 3, 2})) {
        return std::nullopt;
    }
    return digits;
}

std::string format_norwegian_organisation_number_grouped(std::string_view organisation_number) {
    std::string result;
    for (std::size_t i = 0; i < organisation_number.size(); ++i) {
        if (i > 0 && i % 3 == 0) result.push_back(' ');
        result.push_back(organisation_number[i]);
    }
    return result;
}

std::optional<std::string> normalise_finnish_business_id(std::string_view text) {
    std::string digits = compact(text, " -");
    // Numbers issued before 1991 had six digits; the register writes them with a leading zero.
    if (digits.size() == 7) digits.insert(0, "0");
    if (digits.size() != 8 || !is_digits(digits)) return std::nullopt;
    constexpr std::array<int, 7> weights{7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) sum += digit_value(digits[i]) * weights[i];
    const int remainder = sum % 11;
    if (remainder == 1) return std::nullopt;  // Never issued.
    const int check = remainder == 0 ? 0 : 11 - remainder;
    if (check != digit_value(digits.back())) return std::nullopt;
    return with_dash_before(digits, 1);
}

std::string swedish_vat_number(std::string_view organisation_number) {
    return "SE" + compact(organisation_number, " -") + "01";
}

std::string norwegian_vat_number(std::string_view organisation_number) {
    return "NO" + compact(organisation_number) + "MVA";
}

std::string finnish_vat_number(std::string_view business_id) {
    return "FI" + compact(business_id, " -");
}

std::optional<std::string> normalise_swedish_vat_number(std::string_view text) {
    const std::string vat = compact(text, " -");
    if (vat.size() != 14 || !vat.starts_with("SE") || !vat.ends_with("01")) return std::nullopt;
    const std::optional<std::string> organisation_number =
        normalise_swedish_organisation_number(std::string_view(vat).substr(2, 10));
    if (!organisation_number) return std::nullopt;
    return swedish_vat_number(*organisation_number);
}

std::optional<std::string> normalise_norwegian_vat_number(std::string_view text) {
    std::string vat = compact(text, " -.");
    if (vat.starts_with("NO")) vat.erase(0, 2);
    if (!vat.ends_with("MVA")) return std::nullopt;
    const std::optional<std::string> organisation_number =
        normalise_norwegian_organisation_number(std::string_view(vat).substr(0, vat.size() - 3));
    if (!organisation_number) return std::nullopt;
    return norwegian_vat_number(*organisation_number);
}

std::optional<std::string> normalise_finnish_vat_number(std::string_view text) {
    const std::string vat = compact(text, " -");
    if (vat.size() != 10 || !vat.starts_with("FI")) return std::nullopt;
    const std::optional<std::string> business_id =
        normalise_finnish_business_id(std::string_view(vat).substr(2));
    if (!business_id) return std::nullopt;
    return finnish_vat_number(*business_id);
}

std::optional<std::string> normalise_bankgiro(std::string_view text) {
    const std::string digits = compact(text, " -");
    if (digits.size() < 7 || digits.size() > 8 || !is_digits(digits)) return std::nullopt;
    if (!has_luhn_check_digit(digits)) return std::nullopt;
    return with_dash_before(digits, 4);
}

std::optional<std::string> normalise_plusgiro(std::string_view text) {
    const std::string digits = compact(text, " -");
    if (digits.size() < 2 || digits.size() > 8 || !is_digits(digits)) return std::nullopt;
    if (!has_luhn_check_digit(digits)) return std::nullopt;
    return with_dash_before(digits, 1);
}

std::optional<std::string> normalise_norwegian_account_number(std::string_view text) {
    const std::string digits = compact(text, " .");
    if (!has_mod11_check_digit(digits, std::array<int, 10>{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})) {
        return std::nullopt;
    }
    return digits.substr(0, 4) + " " + digits.substr(4, 2) + " " + digits.substr(6);
}

}  // namespace faktura::domain
