// The payment references printed on an invoice so the consumer's bank payment can be matched
// (test-data.md §5): NO KID, SE OCR, FI national reference and its RF (ISO 11649) form. Pure
// check-digit arithmetic; every payload is digits only (RF references alphanumeric) and a violated
// precondition is a bug.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/merchant.hpp"
#include "domain/payment.hpp"

namespace faktura::domain {

// Luhn ("modulus 10") check digit of a digit payload, weights 2,1,2,… from the rightmost digit.
char luhn_check_digit(std::string_view payload);

// NO KID: payload (1–24 digits) followed by its MOD10 check digit, e.g. "2345678" → "23456783".
std::string kid_mod10(std::string_view payload);
// NO KID with MOD11 (weights 2..7 from the right). nullopt when the check would be '-': banks
// reject such KIDs, so the caller must choose another payload.
std::optional<std::string> kid_mod11(std::string_view payload);

// SE OCR: payload (1–24 digits) followed by its Luhn check digit, e.g. "123456789" → "1234567897".
std::string ocr_luhn(std::string_view payload);
// SE OCR "hard check with length digit": payload (1–23 digits), then the total length mod 10, then
// the Luhn digit over both, e.g. "12345678" → "1234567806".
std::string ocr_with_length_digit(std::string_view payload);

// FI national reference (viitenumero): base of 3–19 digits without a leading zero, then its 7-3-1
// check digit, e.g. "1232" → "12328".
std::string finnish_reference(std::string_view base);
// "1234561" → "12 34561": groups of five from the right, as printed.
std::string format_finnish_reference_grouped(std::string_view reference);

// ISO 11649 creditor reference, unspaced: "RF" + 2 check digits + reference (1–21 of [0-9A-Z]),
// e.g. "539007547034" → "RF18539007547034".
std::string rf_creditor_reference(std::string_view reference);
// Validates an RF reference; spaces are ignored and letters may be either case.
bool is_valid_rf(std::string_view text);
// "RF18539007547034" → "RF18 5390 0754 7034": groups of four from the left, as printed.
std::string format_rf_grouped(std::string_view rf);

enum class PaymentReferenceKind { kid, ocr, finnish_reference };

struct PaymentReference {
    PaymentReferenceKind kind = PaymentReferenceKind::ocr;
    std::string reference;                    // Unspaced digits: the KID, OCR or Finnish reference.
    std::optional<std::string> rf_reference;  // FI only: the same reference in RF form, unspaced.

    bool operator==(const PaymentReference&) const = default;
};

// The reference for one invoice, derived from its number (which must be positive; for FI at least
// 100, because a Finnish base needs three digits and may not start with zero). NO: KID over the
// invoice number with the merchant's algorithm; when MOD11 would give '-', a 0 is appended to the
// payload, or a 1 if that also gives '-' (the two cannot both fail). SE: OCR with length digit. FI:
// national reference plus RF form.
PaymentReference make_payment_reference(Country country, std::int64_t invoice_number,
                                        KidAlgorithm kid_algorithm);

}  // namespace faktura::domain
