// The spellings the settlement files share: decimal amounts, timestamps and dates, currency codes,
// service names and the VAT percentage of a transaction-list row. Pure; no locale is consulted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/amount.hpp"
#include "domain/national_id.hpp"
#include "domain/payment.hpp"
#include "domain/settlement.hpp"
#include "domain/time.hpp"

namespace faktura::reports {

// Minor units as a decimal with two digits and '.': 123450 → "1234.50", -19800 → "-198.00".
std::string format_decimal(domain::Amount amount);

// The amounts as the files sign them: a capture positive, a reversal (a credit) negative.
domain::Amount signed_amount(const domain::SettlementTransaction& transaction);
domain::Amount signed_vat_amount(const domain::SettlementTransaction& transaction);

// "2024-01-05 13:04:59" (§26.2 `YYYY-MM-DD hh:mm:ss`), in UTC, fractions of a second dropped.
std::string format_date_time(domain::Timestamp at);
// "2024-01-05" and "20240105" (SIE).
std::string format_iso_date(domain::CivilDate date);
std::string format_compact_date(domain::CivilDate date);

// "SEK", "NOK", "EUR".
std::string_view currency_code(domain::Currency currency);

// The row's VatPercentage: its one VAT rate as "25.00", or "0" when it has several rates (or none,
// or the rate is 0 %), as in the published samples.
std::string format_vat_percentage(const domain::SettlementTransaction& transaction);

}  // namespace faktura::reports
