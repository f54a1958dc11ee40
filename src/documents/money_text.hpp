// Amounts, counts, VAT rates, dates and bank numbers as each document language prints them. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "documents/model.hpp"
#include "domain/amount.hpp"
#include "domain/national_id.hpp"
#include "domain/payment.hpp"

namespace faktura::documents {

// sv/nb/fi "1 499,00" (U+00A0 between thousands), en "1,499.00"; negative with a leading '-'.
std::string format_number(domain::Amount amount, DocumentLanguage language);
// sv/nb/fi "1 499,00 kr" / "12,25 €", en "1,499.00 SEK".
std::string format_amount(domain::Amount amount, domain::Currency currency,
                          DocumentLanguage language);
// "SEK", "NOK", "EUR".
std::string_view currency_code(domain::Currency currency);
// sv/nb/fi "25 %", "25,5 %", en "25%", "25.5%".
std::string format_vat_rate(domain::VatRate rate, DocumentLanguage language);
// sv/en "2026-12-15", nb/fi "15.12.2026".
std::string format_date(domain::CivilDate date, DocumentLanguage language);
// "1 234" with the language's thousands separator.
std::string format_count(std::int64_t count, DocumentLanguage language);

}  // namespace faktura::documents
