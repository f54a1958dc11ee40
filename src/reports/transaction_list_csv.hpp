// The transaction list as CSV: the rows of the XML list (spec §26.2) under the XLSX column names of
// the §26.2 table, for people who open it in a spreadsheet. Pure: report in, bytes out.
#pragma once

#include <string>
#include <string_view>

#include "domain/settlement.hpp"

namespace faktura::reports {

// RFC 4180: a header row, then one row per capture and reversal in the report's order (oldest
// first); CRLF after every row; a field is quoted when it holds a comma, a quote, CR or LF, or
// starts or ends with a space, and a quote inside is doubled. The text is UTF-8 preceded by a byte
// order mark, because Excel reads a CSV without one in the machine's ANSI code page and breaks
// å, ä, ö. Amounts use '.' as in the XML, so the file reads the same in every locale; the columns
// the table marks "not used for invoice" (card and direct-debit batch numbers, brand, point of
// sale) are left out, and Currency is a column because no enclosing element says it here.
std::string render_transaction_list_csv(const domain::SettlementReport& report);

// One field, quoted if it has to be.
std::string csv_field(std::string_view text);

}  // namespace faktura::reports
