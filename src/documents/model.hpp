// What an invoice document shows (spec §14.7): a plain view model assembled by the application from
// the payment, the capture (or reversal), its invoice and the merchant's document details, and
// turned into PDF bytes by the pure render functions of documents/. No IO, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/amount.hpp"
#include "domain/invoice.hpp"
#include "domain/national_id.hpp"
#include "domain/payment.hpp"
#include "domain/payment_reference.hpp"

namespace faktura::documents {

// The document's language: the payment's, except that Finnish payments are in Finnish unless the
// payment asked for sv-SE or en-US (as the payer pages do).
enum class DocumentLanguage { sv, nb, fi, en };

enum class DocumentKind {
    invoice,      // A capture's invoice.
    credit_note,  // A reversal's credit note, referring to the invoice it credits.
};

struct PostalAddress {
    std::string name;
    std::optional<std::string> co_address;
    std::string street_address;
    std::string zip_code;
    std::string city;
    domain::Country country = domain::Country::se;
};

// The seller as the document prints it, with the country's legal block. When the merchant has not
// set its details, the application fills in clearly labelled example details (`example` true) so
// that every sandbox document is complete.
struct Seller {
    std::string legal_name;
    PostalAddress address;
    std::string organisation_number;  // SE "556036-0793", NO "923609016", FI "2617416-4".
    std::string vat_number;           // SE "SE556036079301", NO "923609016 MVA", FI "FI26174164".
    bool f_skatt = false;             // SE: "Godkänd för F-skatt".
    // NO: "Foretaksregisteret" is printed after the organisation number when true.
    bool registered_in_business_register = true;
    // Where the consumer pays; which are set depends on the country (SE bankgiro/plusgiro, NO bank
    // account, FI IBAN and BIC).
    std::optional<std::string> bankgiro;      // "5050-1055"
    std::optional<std::string> plusgiro;      // "4 12 34-5"
    std::optional<std::string> bank_account;  // NO "1503 12 34567"
    std::optional<std::string> iban;          // Unspaced: "FI3715903000000776".
    std::optional<std::string> bic;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<std::string> website;
    bool example = false;  // The details are examples: the document says so on every page.
};

struct DocumentLine {
    std::string description;
    domain::Amount amount;  // Including VAT, as the capture's itemDescriptions (§14.1).
};

struct InvoiceDocument {
    DocumentKind kind = DocumentKind::invoice;
    DocumentLanguage language = DocumentLanguage::sv;
    domain::Country country = domain::Country::se;
    domain::Currency currency = domain::Currency::sek;
    std::string issuer = "Swedbank Pay";  // §14.7: the issuer; the merchant is the seller.
    Seller seller;
    PostalAddress buyer;
    std::optional<std::string> buyer_email;
    std::int64_t invoice_number = 0;  // A credit note has its own number from the same series.
    std::optional<std::int64_t> credited_invoice_number;  // Credit note: the invoice it credits.
    domain::CivilDate issue_date;
    domain::CivilDate due_date;           // Invoice only.
    std::string receipt_reference;        // receiptReference, else payeeReference (§26.3).
    std::string order_reference;          // The payment's payeeReference.
    std::int64_t payment_number = 0;      // The payment's `number`.
    std::int64_t transaction_number = 0;  // The capture's (or reversal's) `number`.
    std::vector<DocumentLine> lines;      // Credit note: one line, or the credited lines.
    std::vector<domain::VatSummaryLine> vat_summary;
    domain::Amount total;  // Including VAT; positive also for a credit note (printed negative).
    domain::Amount total_vat;
    // Invoice only: what the consumer pays with (SE OCR, NO KID, FI reference and RF).
    std::optional<domain::PaymentReference> payment_reference;
    // Invoice, FI only: the bank barcode's 54 digits (Finanssiala version 4, or 5 with RF).
    std::optional<std::string> bank_barcode;
};

}  // namespace faktura::documents
