// `merchant update`'s document details and `faktura report`: the same services and renderers the
// HTTP routes use, on the database directly.
#include "cli/document_commands.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "app/document_service.hpp"
#include "app/merchant_service.hpp"
#include "app/system.hpp"
#include "cli/commands.hpp"
#include "documents/balance_pdf.hpp"
#include "domain/national_id.hpp"
#include "http/document_views.hpp"
#include "storage/sql_spelling.hpp"

namespace faktura::cli {

const DocumentOption document_options[] = {
    {"--country", "The seller's country for its numbers and address: SE, NO or FI"},
    {"--legal-name", "The seller's registered name on invoices (default: the merchant's name)"},
    {"--street-address", "The seller's street address"},
    {"--zip-code", "The seller's zip code"},
    {"--city", "The seller's city"},
    {"--org-number", "Organisation number (SE NNNNNN-NNNN, NO 9 digits, FI Y-tunnus NNNNNNN-N)"},
    {"--vat-number", "VAT number (derived from --org-number when not given)"},
    {"--f-skatt", "Approved for F-tax (Sweden): yes or no"},
    {"--bankgiro", "Swedish bankgiro number"},
    {"--plusgiro", "Swedish plusgiro number"},
    {"--bank-account", "Norwegian bank account number (11 digits)"},
    {"--iban", "IBAN (Finland: printed with the bank barcode)"},
    {"--bic", "BIC of the IBAN's bank"},
    {"--email", "The seller's e-mail address on invoices"},
    {"--phone", "The seller's phone number on invoices"},
    {"--website", "The seller's website on invoices"},
    {"--account-no", "The merchant's account number in settlement files (PayExAccountNo)"},
    {"--sie-account",
     "SIE ledger accounts, name=NNNN[,…]: receivable, sales-25, sales-12, sales-6, sales-0, "
     "vat-25, vat-12, vat-6"},
};
const std::size_t document_option_count = std::size(document_options);

namespace {

void print_problems(const domain::Error& error) {
    for (const auto& problem : error.problems) {
        std::fprintf(stderr, "faktura: %s: %s\n", problem.name.c_str(),
                     problem.description.c_str());
    }
    if (error.problems.empty() && !error.detail.empty()) {
        std::fprintf(stderr, "faktura: %s\n", error.detail.c_str());
    }
}

std::optional<domain::Merchant> find_merchant(storage::Store& store, const std::string& payee_id) {
    std::optional<domain::Merchant> merchant;
    store.read([&](storage::DbReader& db) { merchant = db.find_merchant(payee_id); });
    return merchant;
}

// "receivable=1510,sales-25=3001" onto the accounts; false (and a message) for a bad entry.
bool apply_accounts(const std::string& text, domain::LedgerAccounts& accounts) {
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t comma = text.find(',', at);
        const std::string entry = text.substr(at, comma == std::string::npos ? comma : comma - at);
        at = comma == std::string::npos ? text.size() + 1 : comma + 1;
        if (entry.empty()) continue;
        const std::size_t equals = entry.find('=');
        const std::string name = entry.substr(0, equals);
        std::int32_t number = 0;
        try {
            std::size_t used = 0;
            number = equals == std::string::npos ? 0 : std::stoi(entry.substr(equals + 1), &used);
            if (equals == std::string::npos || used != entry.size() - equals - 1) number = 0;
        } catch (const std::exception&) {
            number = 0;
        }
        std::int32_t* account = nullptr;
        if (name == "receivable") account = &accounts.receivable;
        if (name == "sales-25") account = &accounts.sales_25;
        if (name == "sales-12") account = &accounts.sales_12;
        if (name == "sales-6") account = &accounts.sales_6;
        if (name == "sales-0") account = &accounts.sales_0;
        if (name == "vat-25") account = &accounts.vat_25;
        if (name == "vat-12") account = &accounts.vat_12;
        if (name == "vat-6") account = &accounts.vat_6;
        if (account == nullptr || number < 1000 || number > 9999) {
            std::fprintf(stderr,
                         "faktura: --sie-account: '%s' is not name=NNNN with a known name and a "
                         "four-digit account\n",
                         entry.c_str());
            return false;
        }
        *account = number;
    }
    return true;
}

}  // namespace

int update_document_details(const std::string& database, const std::string& payee_id,
                            const DocumentOptions& given) {
    auto store = open_store(database);
    std::optional<domain::Merchant> merchant = find_merchant(*store, payee_id);
    if (!merchant) {
        std::fprintf(stderr, "faktura: no merchant with payee id %s\n", payee_id.c_str());
        return 1;
    }
    domain::MerchantDocumentDetails details = merchant->document_details;
    const auto set = [&](const char* option, std::optional<std::string>& field) {
        if (auto found = given.find(option); found != given.end()) {
            if (found->second.empty()) {
                field.reset();
            } else {
                field = found->second;
            }
        }
    };
    if (auto country = given.find("--country"); country != given.end()) {
        std::string lower;
        for (const char c : country->second) lower += static_cast<char>(std::tolower(c));
        if (lower.empty()) {
            details.country.reset();
        } else if (auto parsed = storage::from_sql<domain::Country>(lower)) {
            details.country = parsed;
        } else {
            std::fprintf(stderr, "faktura: --country: SE, NO or FI\n");
            return 1;
        }
    }
    set("--legal-name", details.legal_name);
    set("--street-address", details.street_address);
    set("--zip-code", details.zip_code);
    set("--city", details.city);
    set("--org-number", details.organisation_number);
    set("--vat-number", details.vat_number);
    set("--bankgiro", details.bankgiro);
    set("--plusgiro", details.plusgiro);
    set("--bank-account", details.bank_account);
    set("--iban", details.iban);
    set("--bic", details.bic);
    set("--email", details.email);
    set("--phone", details.phone);
    set("--website", details.website);
    set("--account-no", details.account_no);
    // A new organisation number brings its own VAT number unless one is given with it.
    if (given.contains("--org-number") && !given.contains("--vat-number")) {
        details.vat_number.reset();
    }
    if (auto f_skatt = given.find("--f-skatt"); f_skatt != given.end()) {
        if (f_skatt->second != "yes" && f_skatt->second != "no") {
            std::fprintf(stderr, "faktura: --f-skatt: yes or no\n");
            return 1;
        }
        details.f_skatt = f_skatt->second == "yes";
    }
    if (auto accounts = given.find("--sie-account"); accounts != given.end()) {
        if (!apply_accounts(accounts->second, details.ledger_accounts)) return 1;
    }
    app::SystemClock clock;
    app::RandomIdGenerator ids;
    app::MerchantService merchants(*store, clock, ids);
    auto updated = merchants.update_document_details(payee_id, std::move(details));
    if (!updated) {
        print_problems(updated.error());
        return 1;
    }
    const domain::MerchantDocumentDetails& saved = updated->document_details;
    const auto show = [](const std::optional<std::string>& value) {
        return value ? value->c_str() : "(example)";
    };
    std::printf(
        "payeeId: %s\nlegalName: %s\norganisationNumber: %s\nvatNumber: %s\nfSkatt: %s\n"
        "documents: %s\n",
        updated->payee_id.c_str(),
        saved.legal_name ? saved.legal_name->c_str() : updated->name.c_str(),
        show(saved.organisation_number), show(saved.vat_number), saved.f_skatt ? "yes" : "no",
        saved.complete() ? "complete" : "unset details are printed as labelled examples");
    return 0;
}

int report(const ReportOptions& options) {
    const auto from = domain::parse_iso_date(options.from);
    const auto to = domain::parse_iso_date(options.to);
    if (!from || !to) {
        std::fprintf(stderr, "faktura: --from and --to are dates, YYYY-MM-DD\n");
        return 1;
    }
    auto store = open_store(options.database);
    std::optional<domain::Merchant> merchant = find_merchant(*store, options.payee_id);
    if (!merchant) {
        std::fprintf(stderr, "faktura: no merchant with payee id %s\n", options.payee_id.c_str());
        return 1;
    }
    app::DocumentService documents(*store);
    auto settlement = documents.settlement(*merchant, *from, *to);
    if (!settlement) {
        print_problems(settlement.error());
        return 1;
    }
    std::string body;
    if (options.kind == "balance") {
        const auto language = http::document_language_named(options.language);
        if (!language) {
            std::fprintf(stderr, "faktura: --language: sv, nb, fi or en\n");
            return 1;
        }
        if (!options.output && isatty(STDOUT_FILENO) == 1) {
            std::fprintf(stderr, "faktura: the balance report is a PDF: give --output FILE\n");
            return 1;
        }
        body = documents::render_balance_pdf(domain::balance_of(*settlement), *language);
    } else {
        const auto format = http::settlement_format_of(options.format);
        if (!format) {
            std::fprintf(stderr, "faktura: --format: xml, csv or sie4\n");
            return 1;
        }
        body = http::settlement_file(*settlement, *format, *merchant).body;
    }
    if (options.output) {
        std::ofstream file(*options.output, std::ios::binary | std::ios::trunc);
        file.write(body.data(), static_cast<std::streamsize>(body.size()));
        file.close();
        if (!file) {
            std::fprintf(stderr, "faktura: cannot write %s\n", options.output->c_str());
            return 1;
        }
        std::fprintf(stderr, "faktura: wrote %s (%zu transactions, %zu bytes)\n",
                     options.output->c_str(), settlement->transactions.size(), body.size());
        return 0;
    }
    std::fwrite(body.data(), 1, body.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace faktura::cli
