// The transaction list as XML (spec §26.2) in the shape of Swedbank Pay's published samples
// (tests/fixtures/settlement/): SALES → SUMMARY → CURRENCY → SERVICETYPE "Invoice" → one SERVICE
// per invoice type, then one CURRENCY per currency with a TRAN per capture (debit) and reversal
// (credit). Pure: report in, UTF-8 text out.
#pragma once

#include <string>
#include <string_view>

#include "domain/settlement.hpp"

namespace faktura::reports {

// Attribute names and their order follow the samples' TRAN rows (PayexBatchNo, …, SalesChannel);
// the samples carry no per-row Currency (the enclosing CURRENCY says it), so neither do we.
// MerchantProductNo, PayExAccountNo and ReferencedTransaction are left out when unknown (the
// samples leave out what does not apply). Times are UTC (see format_date_time). Currencies and
// services come in the domain's order (SEK, NOK, EUR); rows keep the report's order.
std::string render_transaction_list_xml(const domain::SettlementReport& report);

// The text of a double-quoted XML attribute: & < > " escaped; tab, line feed and carriage return
// as character references (so attribute-value normalisation keeps them); the other C0 controls,
// which XML 1.0 cannot carry at all, become U+FFFD.
std::string escape_xml_attribute(std::string_view text);

}  // namespace faktura::reports
