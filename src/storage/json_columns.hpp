// The columns stored as JSON text: a payment's host URLs and metadata, an invoice's item lines and
// VAT summary. Backend-neutral, so SQLite (TEXT) and PostgreSQL (jsonb) store the same shapes; each
// shape is only ever read and written whole, never queried inside.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/invoice.hpp"
#include "domain/payment.hpp"

namespace faktura::storage {

// A stored column whose content cannot be read back: a row changed behind the store's back, or
// written by a foreign program. The message names the column and the problem; the backend adds
// the statement and reports it as a StoreError.
class ColumnContentError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The codecs that rows::column_with takes: encode to JSON text, decode from it. decode throws
// ColumnContentError when the text is not the shape encode writes.

// host_urls: a JSON array of strings.
struct HostUrlsJson {
    static std::string encode(const std::vector<std::string>& host_urls);
    static std::vector<std::string> decode(std::string_view json);
};

// callback_secrets: a JSON array of strings ("whsec_…"), newest first.
struct CallbackSecretsJson {
    static std::string encode(const std::vector<std::string>& secrets);
    static std::vector<std::string> decode(std::string_view json);
};

// document_details: a JSON object of the merchant's document settings; absent members are unset
// (an empty object is a merchant that set nothing), ledger accounts under "ledger_accounts".
struct DocumentDetailsJson {
    static std::string encode(const domain::MerchantDocumentDetails& details);
    static domain::MerchantDocumentDetails decode(std::string_view json);
};

// metadata: a JSON array of {"key", "kind", "text"} objects, in the payment's order (an object
// keyed by name would lose the order); kind is the SQL spelling of MetadataValue::Kind.
struct MetadataJson {
    static std::string encode(const domain::Metadata& metadata);
    static domain::Metadata decode(std::string_view json);
};

// item_descriptions: a JSON array of {"amount", "description"}, in the invoice's order; amounts
// are minor units.
struct ItemDescriptionsJson {
    static std::string encode(const std::vector<domain::ItemDescription>& items);
    static std::vector<domain::ItemDescription> decode(std::string_view json);
};

// vat_summary: a JSON array of {"amount", "vat_percent", "vat_amount"}, in the invoice's order;
// vat_percent is hundredths of a percent, as everywhere else in the schema.
struct VatSummaryJson {
    static std::string encode(const std::vector<domain::VatSummaryLine>& lines);
    static std::vector<domain::VatSummaryLine> decode(std::string_view json);
};

}  // namespace faktura::storage
