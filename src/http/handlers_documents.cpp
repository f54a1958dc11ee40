// Request → service call → Response for the merchant's documents: the invoice copy of a capture
// (§14.7) and the credit note of a reversal as PDF, and one merchant's settlement for a period
// (§26, Faktura additions) as the transaction list (XML, CSV, SIE 4I) or the balance report (PDF).
// Documents hold personal data: never cached.
#include <optional>
#include <string>

#include "documents/balance_pdf.hpp"
#include "documents/invoice_pdf.hpp"
#include "domain/national_id.hpp"
#include "http/document_views.hpp"
#include "http/handlers.hpp"

namespace faktura::http {
namespace {

using domain::ErrorCode;

Response document_response(std::string content_type, std::string disposition, std::string body) {
    Response response;
    response.set_header("Content-Type", std::move(content_type));
    response.set_header("Content-Disposition", std::move(disposition));
    response.set_header("Cache-Control", "no-store");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.body = std::move(body);
    return response;
}

Response pdf_of(const app::DocumentSources& sources) {
    const documents::InvoiceDocument document = invoice_document_of(sources);
    const std::string name = std::string(sources.credit_note ? "credit-note-" : "invoice-") +
                             std::to_string(document.invoice_number) + ".pdf";
    return document_response("application/pdf", "inline; filename=\"" + name + "\"",
                             documents::render_invoice_pdf(document));
}

struct Period {
    domain::CivilDate from;
    domain::CivilDate to;
};

// from and to, both required; every problem named at once.
std::optional<Period> period_of(const RequestContext& context,
                                std::vector<domain::FieldProblem>& problems) {
    std::optional<domain::CivilDate> dates[2];
    const char* names[2] = {"from", "to"};
    for (int i = 0; i < 2; ++i) {
        const std::optional<std::string> value = context.query_value(names[i]);
        if (!value || value->empty()) {
            problems.push_back({names[i], "Required: a date, YYYY-MM-DD."});
        } else if (!(dates[i] = domain::parse_iso_date(*value))) {
            problems.push_back({names[i], "Must be a date, YYYY-MM-DD."});
        }
    }
    if (!dates[0] || !dates[1]) return std::nullopt;
    return Period{*dates[0], *dates[1]};
}

Response invalid(const RequestContext& context, std::vector<domain::FieldProblem> problems) {
    return context.fail(domain::Error{ErrorCode::request_invalid, "Invalid query parameters.",
                                      std::move(problems)});
}

std::string period_name(const Period& period) {
    const auto digits = [](domain::CivilDate date) {
        return std::to_string(date.year * 10000 + date.month * 100 + date.day);
    };
    return digits(period.from) + "-" + digits(period.to);
}

}  // namespace

Response handle_get_invoice_copy(RequestContext& context) {
    auto sources =
        context.documents.invoice(*context.caller, context.payment_id, context.transaction_id);
    if (!sources) return context.fail(sources.error());
    return pdf_of(*sources);
}

Response handle_get_credit_note(RequestContext& context) {
    auto sources =
        context.documents.credit_note(*context.caller, context.payment_id, context.transaction_id);
    if (!sources) return context.fail(sources.error());
    return pdf_of(*sources);
}

Response handle_get_settlement_transactions(RequestContext& context) {
    std::vector<domain::FieldProblem> problems;
    const std::optional<Period> period = period_of(context, problems);
    const std::optional<SettlementFormat> format =
        settlement_format_of(context.query_value("format").value_or("xml"));
    if (!format) problems.push_back({"format", "One of xml, csv, sie4."});
    if (!problems.empty()) return invalid(context, std::move(problems));
    const domain::Merchant& merchant = *context.caller->merchant;
    auto report = context.documents.settlement(merchant, period->from, period->to);
    if (!report) return context.fail(report.error());
    SettlementFile file = settlement_file(*report, *format, merchant);
    return document_response(
        std::move(file.content_type),
        "attachment; filename=\"transactions-" + period_name(*period) + "." + file.extension + "\"",
        std::move(file.body));
}

Response handle_get_settlement_balance(RequestContext& context) {
    std::vector<domain::FieldProblem> problems;
    const std::optional<Period> period = period_of(context, problems);
    const std::optional<documents::DocumentLanguage> chosen =
        document_language_named(context.query_value("language").value_or("en"));
    if (!chosen) problems.push_back({"language", "One of sv, nb, fi, en."});
    if (!problems.empty()) return invalid(context, std::move(problems));
    auto report = context.documents.settlement(*context.caller->merchant, period->from, period->to);
    if (!report) return context.fail(report.error());
    return document_response("application/pdf",
                             "inline; filename=\"balance-" + period_name(*period) + ".pdf\"",
                             documents::render_balance_pdf(domain::balance_of(*report), *chosen));
}

}  // namespace faktura::http
