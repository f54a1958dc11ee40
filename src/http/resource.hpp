// The payment resource as the API shows it: the bases of its hrefs, its sub-resources and what an
// encoder reads about one payment. Shared by the codec, the handlers and the pages' flow.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/invoice.hpp"
#include "domain/payment.hpp"

namespace faktura::http {

// Absolute bases of the hrefs: the API host and the payer-facing front-end host (§2).
struct UrlBase {
    std::string api;        // e.g. "http://127.0.0.1:8080", no trailing slash.
    std::string front_end;  // Same as api unless configured otherwise.
};

// Sub-resources of a payment that `$expand` can inline and that have their own GET route. Their
// wire names (path segment, JSON key) are in wire_spelling.hpp.
enum class SubResource {
    urls,
    payee_info,
    prices,
    metadata,
    settings,
    transactions,
    authorizations,
    verifications,
    captures,
    cancellations,
    reversals,
};

// Everything the encoder needs about one payment.
struct PaymentDocument {
    const domain::Payment& payment;
    const std::vector<domain::Transaction>&
        transactions;  // Oldest first; may be empty if not loaded.
    const UrlBase& base;
    // Invoices of the captures among `transactions` (Faktura's addition to the capture object).
    const std::vector<domain::Invoice>* invoices = nullptr;
};

inline constexpr std::string_view payments_path = "/psp/invoice/payments";

// "/psp/invoice/payments/{id}".
inline std::string payment_path(std::string_view payment_id) {
    std::string path(payments_path);
    path += '/';
    path += payment_id;
    return path;
}

}  // namespace faktura::http
