// The invoice and credit note view models. The seller's example details are valid numbers (the
// checksums hold) that belong to no one, and the document says on every page that they are
// examples.
#include "http/document_views.hpp"

#include <string>

#include "domain/bank_barcode.hpp"
#include "reports/sie4.hpp"
#include "reports/transaction_list_csv.hpp"
#include "reports/transaction_list_xml.hpp"

namespace faktura::http {
namespace {

struct ExampleSeller {
    std::string_view street;
    std::string_view zip;
    std::string_view city;
    std::string_view organisation_number;
    std::string_view vat_number;
};

ExampleSeller example_seller(domain::Country country) {
    switch (country) {
        case domain::Country::se:
            return {"Exempelgatan 1", "111 22", "Stockholm", "559900-1236", "SE559900123601"};
        case domain::Country::no:
            return {"Eksempelveien 1", "0150", "Oslo", "923456783", "923456783 MVA"};
        case domain::Country::fi:
            return {"Esimerkkikatu 1", "00100", "Helsinki", "1234567-1", "FI12345671"};
    }
    return {"Exempelgatan 1", "111 22", "Stockholm", "559900-1236", "SE559900123601"};
}

documents::PostalAddress postal_address_of(const domain::Address& address) {
    return documents::PostalAddress{address.addressee, address.co_address, address.street_address,
                                    address.zip_code,  address.city,       address.country};
}

// The seller as set by the merchant, every unset part an example for the payment's country.
documents::Seller seller_of(const domain::Merchant& merchant, domain::Country payment_country) {
    const domain::MerchantDocumentDetails& details = merchant.document_details;
    const domain::Country country = details.country.value_or(payment_country);
    const ExampleSeller example = example_seller(country);
    documents::Seller seller;
    seller.legal_name = details.legal_name.value_or(merchant.name);
    seller.address.name = seller.legal_name;
    seller.address.street_address = details.street_address.value_or(std::string(example.street));
    seller.address.zip_code = details.zip_code.value_or(std::string(example.zip));
    seller.address.city = details.city.value_or(std::string(example.city));
    seller.address.country = country;
    seller.organisation_number =
        details.organisation_number.value_or(std::string(example.organisation_number));
    seller.vat_number = details.vat_number.value_or(std::string(example.vat_number));
    // Norway stores the electronic form "NO923456783MVA"; the invoice prints "923456783 MVA".
    if (country == domain::Country::no && seller.vat_number.starts_with("NO") &&
        seller.vat_number.ends_with("MVA")) {
        seller.vat_number = seller.vat_number.substr(2, seller.vat_number.size() - 5) + " MVA";
    }
    seller.f_skatt = details.organisation_number ? details.f_skatt : true;
    seller.bankgiro = details.bankgiro;
    seller.plusgiro = details.plusgiro;
    seller.bank_account = details.bank_account;
    seller.iban = details.iban;
    seller.bic = details.bic;
    seller.email = details.email;
    seller.phone = details.phone;
    seller.website = details.website;
    // A way to pay in the country's own form, if the merchant has set none.
    const bool can_be_paid =
        details.bankgiro || details.plusgiro || details.bank_account || details.iban;
    if (!can_be_paid) {
        switch (country) {
            case domain::Country::se:
                seller.bankgiro = "5050-1055";
                break;
            case domain::Country::no:
                seller.bank_account = "1503 12 34562";
                break;
            case domain::Country::fi:
                seller.iban = "FI3715903000000776";
                seller.bic = "HANDFIHH";
                break;
        }
    }
    seller.example = !details.complete();
    return seller;
}

}  // namespace

std::optional<SettlementFormat> settlement_format_of(std::string_view name) {
    if (name == "xml") return SettlementFormat::xml;
    if (name == "csv") return SettlementFormat::csv;
    if (name == "sie4") return SettlementFormat::sie4;
    return std::nullopt;
}

SettlementFile settlement_file(const domain::SettlementReport& report, SettlementFormat format,
                               const domain::Merchant& merchant) {
    switch (format) {
        case SettlementFormat::csv:
            return {"text/csv; charset=utf-8", "csv", reports::render_transaction_list_csv(report)};
        case SettlementFormat::sie4: {
            // SIE 4 is code page 437 ("#FORMAT PC8"), as Swedish ledgers read it. #GEN is the
            // period's last day, so one period always gives the same file.
            reports::Sie4Options options;
            options.generated_on = report.to;
            options.organisation_number = merchant.document_details.organisation_number;
            return {"text/plain; charset=IBM437", "se", reports::render_sie4(report, options)};
        }
        case SettlementFormat::xml:
            break;
    }
    return {"application/xml; charset=utf-8", "xml", reports::render_transaction_list_xml(report)};
}

std::optional<documents::DocumentLanguage> document_language_named(std::string_view name) {
    if (name == "sv") return documents::DocumentLanguage::sv;
    if (name == "nb") return documents::DocumentLanguage::nb;
    if (name == "fi") return documents::DocumentLanguage::fi;
    if (name == "en") return documents::DocumentLanguage::en;
    return std::nullopt;
}

documents::DocumentLanguage document_language_of(domain::Language language,
                                                 domain::Country country) {
    using documents::DocumentLanguage;
    if (language == domain::Language::en_us) return DocumentLanguage::en;
    switch (country) {
        case domain::Country::se:
            return DocumentLanguage::sv;
        case domain::Country::no:
            return DocumentLanguage::nb;
        case domain::Country::fi:
            return language == domain::Language::sv_se ? DocumentLanguage::sv
                                                       : DocumentLanguage::fi;
    }
    return DocumentLanguage::en;
}

documents::InvoiceDocument invoice_document_of(const app::DocumentSources& sources) {
    const domain::Payment& payment = sources.payment;
    const domain::Country country = domain::country_of(payment.invoice_type);
    documents::InvoiceDocument document;
    document.kind = sources.credit_note ? documents::DocumentKind::credit_note
                                        : documents::DocumentKind::invoice;
    document.language = document_language_of(payment.language, country);
    document.country = country;
    document.currency = payment.currency;
    document.seller = seller_of(sources.merchant, country);
    if (sources.authorization) {
        document.buyer = postal_address_of(sources.authorization->shipping_address());
        document.buyer_email = sources.authorization->consumer.email;
    }
    document.receipt_reference =
        sources.transaction.receipt_reference.value_or(sources.transaction.payee_reference);
    document.order_reference = payment.payee_info.payee_reference;
    document.payment_number = payment.number;
    document.transaction_number = sources.transaction.number;
    if (const auto& note = sources.credit_note) {
        document.invoice_number = note->credit_note_number;
        document.credited_invoice_number = note->credited_invoice_number;
        document.issue_date = note->issue_date;
        document.due_date = note->issue_date;
        document.lines = {{sources.transaction.description, note->vat_line.amount}};
        document.vat_summary = {note->vat_line};
        document.total = note->vat_line.amount;
        document.total_vat = note->vat_line.vat_amount;
        return document;
    }
    const domain::Invoice& invoice = sources.invoice;
    document.invoice_number = invoice.invoice_number;
    document.issue_date = invoice.issue_date;
    document.due_date = invoice.due_date;
    for (const domain::ItemDescription& item : invoice.item_descriptions) {
        document.lines.push_back({item.description, item.amount});
    }
    if (document.lines.empty()) {
        document.lines.push_back({sources.transaction.description, sources.transaction.amount});
    }
    document.vat_summary = invoice.vat_summary;
    document.total = sources.transaction.amount;
    document.total_vat = sources.transaction.vat_amount;
    document.payment_reference = invoice.payment_reference;
    if (country == domain::Country::fi && document.seller.iban) {
        // Version 4, with the national reference the invoice prints first (the RF form is
        // printed beside it).
        document.bank_barcode = domain::finnish_bank_barcode(
            *document.seller.iban, invoice.payment_reference,
            domain::BankBarcodeVersion::national_reference, document.total, invoice.due_date);
    }
    return document;
}

}  // namespace faktura::http
