// The documents' texts. The legal terms stay in the seller's own language where the law names them:
// "Godkänd för F-skatt" (Swedish mervärdesskattelag), "Foretaksregisteret" and "MVA" (Norwegian
// foretaksregisterloven and bokføringsforskriften); other languages add a translation.
#include "documents/document_texts.hpp"

#include <array>
#include <cstddef>
#include <stdexcept>

namespace faktura::documents {
namespace {

struct Entry {
    Label key;  // Checked against the position below, so a row cannot slip.
    std::string_view sv;
    std::string_view nb;
    std::string_view fi;
    std::string_view en;
};

constexpr std::array entries{
    Entry{Label::invoice_title, "Faktura", "Faktura", "Lasku", "Invoice"},
    Entry{Label::credit_note_title, "Kreditfaktura", "Kreditnota", "Hyvityslasku", "Credit note"},
    Entry{Label::invoice_number, "Fakturanummer", "Fakturanummer", "Laskun numero",
          "Invoice number"},
    Entry{Label::credit_note_number, "Kreditfakturanummer", "Kreditnotanummer",
          "Hyvityslaskun numero", "Credit note number"},
    Entry{Label::issue_date, "Fakturadatum", "Fakturadato", "Laskun päivämäärä", "Invoice date"},
    Entry{Label::due_date, "Förfallodag", "Forfallsdato", "Eräpäivä", "Due date"},
    Entry{Label::credits_invoice, "Krediterar faktura {number}", "Krediterer faktura {number}",
          "Hyvittää laskun {number}", "Credits invoice {number}"},
    Entry{Label::receipt_reference, "Kvittoreferens", "Kvitteringsreferanse", "Kuittiviite",
          "Receipt reference"},
    Entry{Label::order_reference, "Orderreferens", "Ordrereferanse", "Tilausviite",
          "Order reference"},
    Entry{Label::payment_number, "Betalningsnummer", "Betalingsnummer", "Maksun numero",
          "Payment number"},
    Entry{Label::issuer, "Fakturautfärdare", "Fakturautsteder", "Laskun myöntäjä", "Issuer"},
    Entry{Label::seller, "Säljare", "Selger", "Myyjä", "Seller"},
    Entry{Label::buyer, "Köpare", "Kjøper", "Ostaja", "Buyer"},
    Entry{Label::email, "E-post", "E-post", "Sähköposti", "E-mail"},
    Entry{Label::phone, "Telefon", "Telefon", "Puhelin", "Phone"},
    Entry{Label::page_of, "Sida {page} av {pages}", "Side {page} av {pages}", "Sivu {page}/{pages}",
          "Page {page} of {pages}"},
    Entry{Label::example_notice, "Exempeluppgifter — sandlåda", "Eksempelopplysninger — sandkasse",
          "Esimerkkitiedot — testiympäristö", "Example details — sandbox"},
    Entry{Label::organisation_number_se, "Organisationsnummer", "Organisasjonsnummer",
          "Organisaationumero", "Organisation number"},
    Entry{Label::vat_number_se, "Momsregistreringsnummer", "MVA-nummer", "ALV-numero",
          "VAT number"},
    Entry{Label::f_skatt, "Godkänd för F-skatt", "Godkänd för F-skatt (godkjent for F-skatt)",
          "Godkänd för F-skatt (hyväksytty F-verolle)", "Godkänd för F-skatt (approved for F-tax)"},
    Entry{Label::organisation_number_no, "Org.nr.", "Org.nr.", "Org.nr.", "Org.nr."},
    Entry{Label::business_register_no, "Foretaksregisteret", "Foretaksregisteret",
          "Foretaksregisteret", "Foretaksregisteret"},
    Entry{Label::organisation_number_fi, "FO-nummer (Y-tunnus)", "Foretaks-ID (Y-tunnus)",
          "Y-tunnus", "Business ID (Y-tunnus)"},
    Entry{Label::vat_number_fi, "Momsnummer (ALV-numero)", "MVA-nummer (ALV-numero)", "ALV-numero",
          "VAT number (ALV-numero)"},
    Entry{Label::description, "Beskrivning", "Beskrivelse", "Kuvaus", "Description"},
    Entry{Label::amount, "Belopp", "Beløp", "Summa", "Amount"},
    Entry{Label::vat_rate, "Momssats", "MVA-sats", "ALV-kanta", "VAT rate"},
    Entry{Label::vat_base, "Belopp exkl. moms", "Beløp ekskl. MVA", "Veroton summa",
          "Amount excl. VAT"},
    Entry{Label::vat, "Moms", "MVA", "ALV", "VAT"},
    Entry{Label::total_vat, "Varav moms", "Herav MVA", "Josta ALV", "Of which VAT"},
    Entry{Label::to_pay, "Att betala", "Å betale", "Maksettava", "Amount due"},
    Entry{Label::to_credit, "Att kreditera", "Å kreditere", "Hyvitettävä", "Amount credited"},
    Entry{Label::payment_heading, "Betalningsuppgifter", "Betalingsinformasjon", "Maksutiedot",
          "Payment details"},
    Entry{Label::ocr_number, "OCR-nummer", "OCR-nummer", "OCR-viite", "OCR number"},
    Entry{Label::bankgiro, "Bankgiro", "Bankgiro", "Bankgiro", "Bankgiro"},
    Entry{Label::plusgiro, "Plusgiro", "Plusgiro", "Plusgiro", "Plusgiro"},
    Entry{Label::kid, "KID", "KID", "KID", "KID"},
    Entry{Label::account_number, "Kontonummer", "Kontonummer", "Tilinumero", "Account number"},
    Entry{Label::fi_reference, "Referensnummer", "Referansenummer", "Viitenumero",
          "Reference number"},
    Entry{Label::rf_reference, "RF-referens", "RF-referanse", "RF-viite", "RF reference"},
    Entry{Label::iban, "Mottagarens konto (IBAN)", "Mottakers konto (IBAN)",
          "Saajan tilinumero (IBAN)", "Payee's account (IBAN)"},
    Entry{Label::bic, "BIC", "BIC", "BIC", "BIC"},
    Entry{Label::virtual_barcode, "Virtuell streckkod", "Virtuell strekkode", "Virtuaaliviivakoodi",
          "Virtual barcode"},
    Entry{Label::balance_title, "Balansrapport", "Saldorapport", "Saldoraportti", "Balance report"},
    Entry{Label::payee, "Betalningsmottagare", "Betalingsmottaker", "Maksunsaaja", "Payee"},
    Entry{Label::payee_id, "Mottagar-id", "Mottaker-ID", "Maksunsaajan tunnus", "Payee ID"},
    Entry{Label::accounting_number, "Redovisningsnummer", "Regnskapsnummer", "Tilitysnumero",
          "Accounting number"},
    Entry{Label::period, "Period", "Periode", "Ajanjakso", "Period"},
    Entry{Label::service, "Tjänst", "Tjeneste", "Palvelu", "Service"},
    Entry{Label::debits, "Debiteringar", "Debiteringer", "Veloitukset", "Debits"},
    Entry{Label::credits, "Krediteringar", "Krediteringer", "Hyvitykset", "Credits"},
    Entry{Label::captured, "Debiterat", "Debitert", "Veloitettu", "Captured"},
    Entry{Label::reversed, "Krediterat", "Kreditert", "Hyvitetty", "Reversed"},
    Entry{Label::net, "Netto", "Netto", "Netto", "Net"},
    Entry{Label::currency_total, "Summa {currency}", "Sum {currency}", "Yhteensä {currency}",
          "Total {currency}"},
    Entry{Label::no_transactions, "Inga transaktioner under perioden.",
          "Ingen transaksjoner i perioden.", "Ei tapahtumia ajanjaksolla.",
          "No transactions in the period."},
};

constexpr bool table_in_order() {
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (static_cast<std::size_t>(entries[i].key) != i) return false;
    }
    return entries.size() == static_cast<std::size_t>(Label::no_transactions) + 1;
}
static_assert(table_in_order(), "document_texts: one row per Label, in declaration order");

}  // namespace

std::string_view text(Label label, DocumentLanguage language) {
    const Entry& entry = entries.at(static_cast<std::size_t>(label));
    switch (language) {
        case DocumentLanguage::sv:
            return entry.sv;
        case DocumentLanguage::nb:
            return entry.nb;
        case DocumentLanguage::fi:
            return entry.fi;
        case DocumentLanguage::en:
            return entry.en;
    }
    throw std::logic_error("document_texts: unknown language");
}

std::string fill(std::string_view text,
                 const std::vector<std::pair<std::string_view, std::string>>& slots) {
    std::string out(text);
    for (const auto& [slot, value] : slots) {
        for (std::size_t at = out.find(slot); at != std::string::npos;
             at = out.find(slot, at + value.size())) {
            out.replace(at, slot.size(), value);
        }
    }
    return out;
}

}  // namespace faktura::documents
