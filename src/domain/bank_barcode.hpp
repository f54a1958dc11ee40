// The Finnish bank barcode (Finanssiala "Pankkiviivakoodi", Bank Bar Code Guide 5.3) and its
// printed twin, the virtual barcode: 54 digits that fill in the payee's IBAN, the amount, the
// reference and the due date in the payer's bank. Version 4 carries a national reference
// (viitenumero), version 5 an RF creditor reference (ISO 11649). Pure text arithmetic.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/amount.hpp"
#include "domain/national_id.hpp"
#include "domain/payment_reference.hpp"

namespace faktura::domain {

enum class BankBarcodeVersion { national_reference, creditor_reference };  // Versions 4 and 5.

// The 54 digits: version (1), the IBAN's check digits and BBAN (16), euros (6), cents (2), then
// version 4: "000" and the national reference right-aligned in 20 digits; version 5: the RF check
// digits (2) and the RF reference's body right-aligned in 21 digits; last the due date YYMMDD
// ("000000" without one).
//
// `euros` is in cents. The guide gives the amount field six euro digits: an amount above
// 999 999.99 € is written as zeros, which the guide defines as "no amount" (the payer types it),
// so such an invoice still gets a barcode. Nothing comes back for a negative amount, an IBAN that
// is not a valid Finnish one (spaces and case are ignored), a national reference that is not 4–20
// digits with a valid 7-3-1 check digit, an RF reference that is invalid or whose body is not 1–21
// digits (letters cannot be written in the barcode), or a due date that is not a real date.
//
// With a string reference the version follows its form: "RF…" gives version 5, digits version 4.
std::optional<std::string> finnish_bank_barcode(std::string_view iban, std::string_view reference,
                                                Amount euros, std::optional<CivilDate> due_date);
// From an invoice's reference: version 5 uses its `rf_reference` (nothing when it has none).
std::optional<std::string> finnish_bank_barcode(std::string_view iban,
                                                const PaymentReference& reference,
                                                BankBarcodeVersion version, Amount euros,
                                                std::optional<CivilDate> due_date);

}  // namespace faktura::domain
