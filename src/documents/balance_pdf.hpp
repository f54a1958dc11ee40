// The balance report (spec §26.1) as PDF: the payee, the period, and per currency the debits,
// credits and amounts per service, then the currency's totals. Pure and deterministic (dated
// report.to).
#pragma once

#include <string>
#include <string_view>

#include "documents/model.hpp"
#include "domain/payment.hpp"
#include "domain/settlement.hpp"

namespace faktura::documents {

// The PDF's bytes. Throws std::runtime_error if cairo fails (not for a valid report).
std::string render_balance_pdf(const domain::BalanceReport& report, DocumentLanguage language);

}  // namespace faktura::documents
