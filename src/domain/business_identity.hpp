// The merchant's business identifiers printed on invoices (issue #12): IBAN and BIC, the Swedish,
// Norwegian and Finnish organisation numbers and the VAT numbers derived from them, and the Swedish
// bankgiro and plusgiro and Norwegian account numbers. Pure checksum arithmetic: every function
// takes what a person typed (spaces, dashes and letter case as people write them) and returns the
// normalised form, or nothing when the text is not a valid number of that kind.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace faktura::domain {

// ISO 13616: two letters of a country whose IBAN length is known here (the SEPA countries), two
// check digits, then the BBAN; mod 97 of the rearranged number must be 1. Spaces are ignored and
// letters may be either case. "fi37 1590 3000 0007 76" → "FI3715903000000776".
std::optional<std::string> normalise_iban(std::string_view text);
// "FI3715903000000776" → "FI37 1590 3000 0007 76": groups of four from the left, as printed.
std::string format_iban_grouped(std::string_view iban);

// ISO 9362: 4 letters (bank), 2 letters (country), 2 letters or digits (location), optionally 3
// letters or digits (branch). Spaces are ignored; returned upper-case. "nda sfihh" → "NDASFIHH".
std::optional<std::string> normalise_bic(std::string_view text);

// SE organisationsnummer of a legal person: 10 digits (or 12 with the century prefix "16"), the
// last a Luhn check digit, the third digit at least 2 (which is what tells a company from a
// person's identity number). "5560360793" → "556036-0793".
std::optional<std::string> normalise_swedish_organisation_number(std::string_view text);
// NO organisasjonsnummer: 9 digits, the last a mod 11 check digit (weights 3,2,7,6,5,4,3,2);
// spaces ignored. "923 609 016" → "923609016".
std::optional<std::string> normalise_norwegian_organisation_number(std::string_view text);
// "923609016" → "923 609 016", as printed.
std::string format_norwegian_organisation_number_grouped(std::string_view organisation_number);
// FI Y-tunnus: 7 digits, '-', a mod 11 check digit (weights 7,9,10,5,8,4,2; remainder 1 is never
// issued). The dash may be missing, and an old 6-digit number gains its leading zero.
// "26174164" → "2617416-4".
std::optional<std::string> normalise_finnish_business_id(std::string_view text);

// The VAT numbers derived from a normalised organisation number (the caller normalised it first).
// SE: "SE" + 10 digits + "01" ("SE556036079301"). NO: "NO" + 9 digits + "MVA" ("NO923609016MVA",
// the electronic form; printed "923 609 016 MVA" after the organisation number). FI: "FI" + the
// 8 digits of the Y-tunnus ("FI26174164").
std::string swedish_vat_number(std::string_view organisation_number);
std::string norwegian_vat_number(std::string_view organisation_number);
std::string finnish_vat_number(std::string_view business_id);

// A VAT number as given for that country, normalised to the forms above; nothing unless the
// organisation number inside it is valid. Spaces, dashes and letter case are ignored; NO accepts
// the country prefix missing ("923609016 MVA"), FI accepts the Y-tunnus dash ("FI 2617416-4").
std::optional<std::string> normalise_swedish_vat_number(std::string_view text);
std::optional<std::string> normalise_norwegian_vat_number(std::string_view text);
std::optional<std::string> normalise_finnish_vat_number(std::string_view text);

// SE bankgiro: 7 or 8 digits, the last a Luhn check digit over the others; dashes and spaces
// ignored. "50501055" → "5050-1055", "9912346" → "991-2346".
std::optional<std::string> normalise_bankgiro(std::string_view text);
// SE plusgiro: 2 to 8 digits, the last a Luhn check digit; dashes and spaces ignored. Returned
// with a dash before the check digit, as printed: "28 65 43-4" → "286543-4".
std::optional<std::string> normalise_plusgiro(std::string_view text);
// NO kontonummer: 11 digits, the last a mod 11 check digit (weights 5,4,3,2,7,6,5,4,3,2); spaces
// and dots ignored. "86011117947" → "8601 11 17947".
std::optional<std::string> normalise_norwegian_account_number(std::string_view text);

}  // namespace faktura::domain
