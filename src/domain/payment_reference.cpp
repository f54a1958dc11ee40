// Check-digit arithmetic for invoice payment references (test-data.md §5). Payloads are validated
// by assertion: they come from our own invoice numbers, so a bad one is a bug, not bad input.
#include "domain/payment_reference.hpp"

#include <cassert>
#include <cstddef>
#include <utility>

namespace faktura::domain {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper_letter(char c) { return c >= 'A' && c <= 'Z'; }

[[maybe_unused]] bool all_digits(std::string_view text) {
    for (char c : text) {
        if (!is_digit(c)) return false;
    }
    return !text.empty();
}

int digit_value(char c) { return c - '0'; }
char digit_char(int value) { return static_cast<char>('0' + value); }

// KID and OCR references are at most 25 digits including the check digit (Nets, Bankgirot).
[[maybe_unused]] constexpr std::size_t bank_reference_digits_max = 25;
// An RF reference part holds 1–21 characters (ISO 11649: 25 characters with "RF" and the check
// digits).
constexpr std::size_t rf_reference_characters_max = 21;

// Remainder mod 97 of the number written by `text`, letters read as two digits (A = 10 … Z = 35).
// Folding digit by digit keeps every intermediate below 97 × 100, so no big integers are needed.
int mod97(std::string_view text) {
    int remainder = 0;
    for (char c : text) {
        if (is_digit(c)) {
            remainder = (remainder * 10 + digit_value(c)) % 97;
        } else {
            remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        }
    }
    return remainder;
}

}  // namespace

char luhn_check_digit(std::string_view payload) {
    assert(all_digits(payload));
    int sum = 0;
    bool doubled = true;  // The rightmost payload digit is multiplied by 2.
    for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
        int product = digit_value(*it) * (doubled ? 2 : 1);
        sum += product / 10 + product % 10;  // Digits of the product: 14 → 1 + 4.
        doubled = !doubled;
    }
    return digit_char((10 - sum % 10) % 10);
}

std::string kid_mod10(std::string_view payload) {
    assert(all_digits(payload) && payload.size() < bank_reference_digits_max);
    return std::string(payload) + luhn_check_digit(payload);
}

std::optional<std::string> kid_mod11(std::string_view payload) {
    assert(all_digits(payload) && payload.size() < bank_reference_digits_max);
    int sum = 0;
    int weight = 2;  // 2, 3, 4, 5, 6, 7, then 2 again, from the rightmost payload digit.
    for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
        sum += digit_value(*it) * weight;
        weight = weight == 7 ? 2 : weight + 1;
    }
    const int check = 11 - sum % 11;
    if (check == 10) return std::nullopt;  // Would be '-'.
    return std::string(payload) + digit_char(check == 11 ? 0 : check);
}

std::string ocr_luhn(std::string_view payload) {
    assert(all_digits(payload) && payload.size() < bank_reference_digits_max);
    return std::string(payload) + luhn_check_digit(payload);
}

std::string ocr_with_length_digit(std::string_view payload) {
    assert(all_digits(payload) && payload.size() + 1 < bank_reference_digits_max);
    // The length counts the payload, the length digit itself and the check digit.
    const std::size_t length = payload.size() + 2;
    std::string with_length = std::string(payload) + digit_char(static_cast<int>(length % 10));
    return with_length + luhn_check_digit(with_length);
}

std::string finnish_reference(std::string_view base) {
    assert(all_digits(base) && base.size() >= 3 && base.size() <= 19 && base.front() != '0');
    constexpr int weights[] = {7, 3, 1};  // Repeating, from the rightmost base digit.
    int sum = 0;
    std::size_t position = 0;
    for (auto it = base.rbegin(); it != base.rend(); ++it, ++position) {
        sum += digit_value(*it) * weights[position % 3];
    }
    return std::string(base) + digit_char((10 - sum % 10) % 10);
}

std::string format_finnish_reference_grouped(std::string_view reference) {
    std::string grouped;
    const std::size_t first_group = reference.size() % 5 == 0 ? 5 : reference.size() % 5;
    for (std::size_t i = 0; i < reference.size(); ++i) {
        if (i >= first_group && (i - first_group) % 5 == 0) grouped.push_back(' ');
        grouped.push_back(reference[i]);
    }
    return grouped;
}

std::string rf_creditor_reference(std::string_view reference) {
#ifndef NDEBUG
    assert(!reference.empty() && reference.size() <= rf_reference_characters_max);
    for (char c : reference) assert(is_digit(c) || is_upper_letter(c));
#endif
    // ISO 11649: the check digits make (reference + "RF" + check) ≡ 1 (mod 97).
    const int check = 98 - mod97(std::string(reference) + "RF00");
    return "RF" + std::string(1, digit_char(check / 10)) + digit_char(check % 10) +
           std::string(reference);
}

bool is_valid_rf(std::string_view text) {
    std::string rf;
    for (char c : text) {
        if (c == ' ') continue;
        rf.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    if (rf.size() < 5 || rf.size() > 4 + rf_reference_characters_max) return false;
    if (rf[0] != 'R' || rf[1] != 'F' || !is_digit(rf[2]) || !is_digit(rf[3])) return false;
    for (std::size_t i = 4; i < rf.size(); ++i) {
        if (!is_digit(rf[i]) && !is_upper_letter(rf[i])) return false;
    }
    return mod97(rf.substr(4) + rf.substr(0, 4)) == 1;
}

std::string format_rf_grouped(std::string_view rf) {
    std::string grouped;
    for (std::size_t i = 0; i < rf.size(); ++i) {
        if (i != 0 && i % 4 == 0) grouped.push_back(' ');
        grouped.push_back(rf[i]);
    }
    return grouped;
}

PaymentReference make_payment_reference(Country country, std::int64_t invoice_number,
                                        KidAlgorithm kid_algorithm) {
    assert(invoice_number > 0);
    const std::string payload = std::to_string(invoice_number);
    switch (country) {
        case Country::no: {
            if (kid_algorithm == KidAlgorithm::mod10) {
                return {PaymentReferenceKind::kid, kid_mod10(payload), std::nullopt};
            }
            if (auto kid = kid_mod11(payload))
                return {PaymentReferenceKind::kid, *kid, std::nullopt};
            // Appending digit d adds 2d to a sum whose other terms are fixed, so 0 and 1 cannot
            // both leave the remainder that gives '-'.
            if (auto kid = kid_mod11(payload + "0")) {
                return {PaymentReferenceKind::kid, *kid, std::nullopt};
            }
            auto kid = kid_mod11(payload + "1");
            assert(kid && "holds because of the remainder argument above");
            return {PaymentReferenceKind::kid, kid.value_or(std::string{}), std::nullopt};
        }
        case Country::se:
            return {PaymentReferenceKind::ocr, ocr_with_length_digit(payload), std::nullopt};
        case Country::fi: {
            // A Finnish base needs at least three digits and may not start with zero (§5.3).
            assert(invoice_number >= 100);
            std::string reference = finnish_reference(payload);
            std::string rf = rf_creditor_reference(reference);
            return {PaymentReferenceKind::finnish_reference, std::move(reference), std::move(rf)};
        }
    }
    assert(false && "every Country has a row above");
    return {};
}

}  // namespace faktura::domain
