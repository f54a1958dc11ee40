// Every label the documents print, in Swedish, Norwegian (bokmål), Finnish and English: one table
// keyed by Label (document_texts.cpp). A text may hold slots ("{number}", "{page}", "{pages}")
// that fill() replaces. Pure.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "documents/model.hpp"

namespace faktura::documents {

enum class Label {
    // Titles and facts.
    invoice_title,
    credit_note_title,
    invoice_number,
    credit_note_number,
    issue_date,
    due_date,
    credits_invoice,  // Slot {number}: the credited invoice's number.
    receipt_reference,
    order_reference,
    payment_number,
    issuer,
    seller,
    buyer,
    email,
    phone,
    page_of,         // Slots {page} and {pages}.
    example_notice,  // On every page of a document with example seller details.
    // The seller's legal block.
    organisation_number_se,
    vat_number_se,
    f_skatt,
    organisation_number_no,
    business_register_no,
    organisation_number_fi,
    vat_number_fi,
    // The lines, the VAT summary and the totals.
    description,
    amount,
    vat_rate,
    vat_base,
    vat,
    total_vat,
    to_pay,
    to_credit,
    // The payment block.
    payment_heading,
    ocr_number,
    bankgiro,
    plusgiro,
    kid,
    account_number,
    fi_reference,
    rf_reference,
    iban,
    bic,
    virtual_barcode,
    // The balance report.
    balance_title,
    payee,
    payee_id,
    accounting_number,
    period,
    service,
    debits,
    credits,
    captured,
    reversed,
    net,
    currency_total,  // Slot {currency}.
    no_transactions,
};

std::string_view text(Label label, DocumentLanguage language);
// The text with each slot replaced: fill(text(Label::page_of, l), {{"{page}", "1"}, …}).
std::string fill(std::string_view text,
                 const std::vector<std::pair<std::string_view, std::string>>& slots);

}  // namespace faktura::documents
