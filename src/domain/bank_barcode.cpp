#include "domain/bank_barcode.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "domain/business_identity.hpp"
#include "domain/text.hpp"

namespace faktura::domain {
namespace {

// The guide's amount field: six digits of euros and two of cents.
constexpr std::int64_t barcode_amount_max_cents = 99'999'999;

std::string without_spaces(std::string_view text) {
    std::string result;
    for (const char c : text) {
        if (c != ' ') result.push_back(c);
    }
    return result;
}

std::string zero_padded(std::string_view digits, std::size_t width) {
    return std::string(width - digits.size(), '0') + std::string(digits);
}

bool has_finnish_check_digit(std::string_view reference) {
    constexpr int weights[] = {7, 3, 1};
    int sum = 0;
    std::size_t position = 0;
    for (std::size_t i = reference.size() - 1; i-- > 0; ++position) {
        sum += (reference[i] - '0') * weights[position % 3];
    }
    return (10 - sum % 10) % 10 == reference.back() - '0';
}

// The 16 digits after "FI", or nothing for another country or a bad IBAN.
std::optional<std::string> finnish_account_digits(std::string_view iban) {
    const std::optional<std::string> normalised = normalise_iban(iban);
    if (!normalised || !normalised->starts_with("FI")) return std::nullopt;
    return normalised->substr(2);
}

std::optional<std::string> amount_digits(Amount euros) {
    if (euros.minor < 0) return std::nullopt;
    if (euros.minor > barcode_amount_max_cents) return std::string(8, '0');
    return zero_padded(std::to_string(euros.minor), 8);
}

std::optional<std::string> due_date_digits(std::optional<CivilDate> due_date) {
    if (!due_date) return std::string(6, '0');
    if (!is_real_date(*due_date)) return std::nullopt;
    char text[8];
    std::snprintf(text, sizeof text, "%02d%02d%02d", due_date->year % 100, due_date->month,
                  due_date->day);
    return std::string(text, 6);
}

struct Fields {
    std::string account;
    std::string amount;
    std::string due_date;
};

std::optional<Fields> common_fields(std::string_view iban, Amount euros,
                                    std::optional<CivilDate> due_date) {
    std::optional<std::string> account = finnish_account_digits(iban);
    std::optional<std::string> amount = amount_digits(euros);
    std::optional<std::string> due = due_date_digits(due_date);
    if (!account || !amount || !due) return std::nullopt;
    return Fields{std::move(*account), std::move(*amount), std::move(*due)};
}

std::optional<std::string> version_4(std::string_view iban, std::string_view national_reference,
                                     Amount euros, std::optional<CivilDate> due_date) {
    const std::string reference = without_spaces(national_reference);
    if (reference.size() < 4 || reference.size() > 20 || !is_digits(reference) ||
        !has_finnish_check_digit(reference)) {
        return std::nullopt;
    }
    const std::optional<Fields> fields = common_fields(iban, euros, due_date);
    if (!fields) return std::nullopt;
    return "4" + fields->account + fields->amount + "000" + zero_padded(reference, 20) +
           fields->due_date;
}

std::optional<std::string> version_5(std::string_view iban, std::string_view rf_reference,
                                     Amount euros, std::optional<CivilDate> due_date) {
    std::string rf = without_spaces(rf_reference);
    if (!is_valid_rf(rf)) return std::nullopt;
    const std::string check_digits = rf.substr(2, 2);
    const std::string body = rf.substr(4);
    if (body.empty() || body.size() > 21 || !is_digits(body)) return std::nullopt;
    const std::optional<Fields> fields = common_fields(iban, euros, due_date);
    if (!fields) return std::nullopt;
    return "5" + fields->account + fields->amount + check_digits + zero_padded(body, 21) +
           fields->due_date;
}

}  // namespace

std::optional<std::string> finnish_bank_barcode(std::string_view iban, std::string_view reference,
                                                Amount euros, std::optional<CivilDate> due_date) {
    const std::string compact = without_spaces(reference);
    if (compact.size() >= 2 && (compact[0] | 0x20) == 'r' && (compact[1] | 0x20) == 'f') {
        return version_5(iban, compact, euros, due_date);
    }
    return version_4(iban, compact, euros, due_date);
}

std::optional<std::string> finnish_bank_barcode(std::string_view iban,
                                                const PaymentReference& reference,
                                                BankBarcodeVersion version, Amount euros,
                                                std::optional<CivilDate> due_date) {
    switch (version) {
        case BankBarcodeVersion::national_reference:
            return version_4(iban, reference.reference, euros, due_date);
        case BankBarcodeVersion::creditor_reference:
            if (!reference.rf_reference) return std::nullopt;
            return version_5(iban, *reference.rf_reference, euros, due_date);
    }
    return std::nullopt;
}

}  // namespace faktura::domain
