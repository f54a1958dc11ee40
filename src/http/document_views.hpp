// From what the store holds to what a document prints: the invoice document of a capture or the
// credit note of a reversal (documents/model.hpp), in the payment's language, with the merchant's
// document details — or, where the merchant has set none, clearly labelled example details, so that
// every sandbox invoice is complete down to the Finnish bank barcode. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/document_service.hpp"
#include "documents/model.hpp"

namespace faktura::http {

documents::InvoiceDocument invoice_document_of(const app::DocumentSources& sources);

// A settlement file as the HTTP route and `faktura report` give it: the bytes, their media type and
// the file name's extension.
enum class SettlementFormat { xml, csv, sie4 };
std::optional<SettlementFormat> settlement_format_of(
    std::string_view name);  // "xml", "csv", "sie4"
struct SettlementFile {
    std::string content_type;
    std::string extension;
    std::string body;
};
SettlementFile settlement_file(const domain::SettlementReport& report, SettlementFormat format,
                               const domain::Merchant& merchant);

// "sv", "nb", "fi", "en".
std::optional<documents::DocumentLanguage> document_language_named(std::string_view name);

// The language of a payment's documents, as its pages choose: the payment's own where its country
// offers it, else the country's (a Finnish payment in nb-NO is in Finnish).
documents::DocumentLanguage document_language_of(domain::Language language,
                                                 domain::Country country);

}  // namespace faktura::http
