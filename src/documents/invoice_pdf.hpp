// The invoice copy and the credit note (spec §14.7) as PDF: A4, drawn with cairo, in the document's
// language; item lines flow over as many pages as they need. Pure: the same document gives the
// same bytes in any process at any time.
#pragma once

#include <string>

#include "documents/model.hpp"

namespace faktura::documents {

// The PDF's bytes. Throws std::runtime_error if cairo or zint fails (not for a valid document).
std::string render_invoice_pdf(const InvoiceDocument& document);

}  // namespace faktura::documents
