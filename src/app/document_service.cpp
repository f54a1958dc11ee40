// DocumentService: reads what a document prints, checking ownership exactly as every payment route
// does, so another merchant learns nothing from a document it may not have.
#include "app/document_service.hpp"

#include <map>
#include <string>
#include <utility>

#include "domain/capture.hpp"

namespace faktura::app {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

DocumentService::DocumentService(storage::Store& store) : store_(store) {}

namespace {

std::optional<Error> check_owner(const Caller& caller, const domain::Payment& payment) {
    if (!caller.is_merchant()) return Error{ErrorCode::front_end_token_not_allowed, {}, {}};
    if (caller.merchant->payee_id != payment.payee_id) {
        return Error{ErrorCode::payment_of_other_payee, {}, {}};
    }
    return std::nullopt;
}

// The payment's completed authorization (the buyer of every invoice), else its latest attempt.
const domain::Transaction* authorization_of(const std::vector<domain::Transaction>& transactions) {
    const domain::Transaction* found = nullptr;
    for (const domain::Transaction& transaction : transactions) {
        if (transaction.type != domain::TransactionType::authorization) continue;
        if (found == nullptr || found->state != domain::TransactionState::completed) {
            found = &transaction;
        }
    }
    return found;
}

}  // namespace

Result<DocumentSources> DocumentService::sources(const Caller& caller, std::string_view payment_id,
                                                 std::string_view transaction_id,
                                                 domain::TransactionType type) {
    std::optional<domain::Payment> payment;
    std::optional<DocumentSources> found;
    bool missing = false;
    store_.read([&](storage::DbReader& db) {
        payment = db.find_payment(payment_id);
        if (!payment || check_owner(caller, *payment)) return;
        const std::vector<domain::Transaction> transactions = db.list_transactions(payment->id);
        const domain::Transaction* transaction = nullptr;
        for (const domain::Transaction& candidate : transactions) {
            if (candidate.id == transaction_id && candidate.type == type &&
                candidate.state == domain::TransactionState::completed) {
                transaction = &candidate;
            }
        }
        std::optional<domain::CreditNote> note;
        std::optional<domain::Invoice> invoice;
        if (transaction != nullptr && type == domain::TransactionType::capture) {
            invoice = db.find_invoice(transaction->id);
        } else if (transaction != nullptr) {
            note = db.find_credit_note(transaction->id);
            if (note) invoice = db.find_invoice(note->credited_transaction_id);
        }
        auto merchant = db.find_merchant(payment->payee_id);
        if (transaction == nullptr || !invoice || !merchant) {
            missing = true;
            return;
        }
        DocumentSources sources{std::move(*merchant), *payment,        *transaction,
                                std::move(*invoice),  std::move(note), std::nullopt};
        if (const domain::Transaction* authorization = authorization_of(transactions)) {
            sources.authorization = db.find_authorization_details(authorization->id);
        }
        found = std::move(sources);
    });
    if (!payment) return Error{ErrorCode::payment_not_found, {}, {}};
    if (auto denied = check_owner(caller, *payment)) return std::move(*denied);
    if (missing || !found) return Error{ErrorCode::resource_not_found, {}, {}};
    return std::move(*found);
}

Result<DocumentSources> DocumentService::invoice(const Caller& caller, std::string_view payment_id,
                                                 std::string_view capture_id) {
    return sources(caller, payment_id, capture_id, domain::TransactionType::capture);
}

Result<DocumentSources> DocumentService::credit_note(const Caller& caller,
                                                     std::string_view payment_id,
                                                     std::string_view reversal_id) {
    return sources(caller, payment_id, reversal_id, domain::TransactionType::reversal);
}

Result<domain::SettlementReport> DocumentService::settlement(const domain::Merchant& merchant,
                                                             domain::CivilDate from,
                                                             domain::CivilDate to) {
    constexpr std::int32_t period_days_max = 366;
    if (to < from || domain::add_days(from, period_days_max) <= to) {
        return Error{ErrorCode::request_invalid,
                     "The period must start on or before its end and span at most 366 days.",
                     {{"to", "Must be on or after from, at most 366 days later."}}};
    }
    domain::SettlementReport report;
    report.payee_id = merchant.payee_id;
    report.payee_name = merchant.document_details.legal_name.value_or(merchant.name);
    report.account_no = merchant.document_details.account_no.value_or("");
    report.from = from;
    report.to = to;
    report.accounts = merchant.document_details.ledger_accounts;
    const auto yyyymmdd = [](domain::CivilDate date) {
        return std::to_string(date.year * 10000 + date.month * 100 + date.day);
    };
    report.accounting_no = "R" + yyyymmdd(from) + "-" + yyyymmdd(to);
    store_.read([&](storage::DbReader& db) {
        const std::vector<domain::Transaction> settled =
            db.list_settled_transactions(merchant.payee_id, domain::utc_midnight_of(from),
                                         domain::utc_midnight_of(domain::add_days(to, 1)));
        std::map<std::string, domain::Payment> payments;
        std::map<std::string, std::vector<domain::Transaction>> transactions_of;
        for (const domain::Transaction& transaction : settled) {
            auto payment = payments.find(transaction.payment_id);
            if (payment == payments.end()) {
                auto loaded = db.find_payment(transaction.payment_id);
                if (!loaded) continue;  // Cannot happen: transactions reference their payment.
                payment = payments.emplace(transaction.payment_id, std::move(*loaded)).first;
                transactions_of[transaction.payment_id] = db.list_transactions(payment->second.id);
            }
            const domain::Payment& owner = payment->second;
            domain::SettlementTransaction row;
            row.kind = transaction.type == domain::TransactionType::capture
                           ? domain::SettlementKind::capture
                           : domain::SettlementKind::reversal;
            row.transaction_id = transaction.id;
            row.number = transaction.number;
            row.reconciliation_number = transaction.reconciliation_number.value_or(
                domain::reconciliation_number_of(transaction.created_at));
            row.order_id = transaction.payee_reference;
            row.created_at = transaction.created_at;
            row.amount = transaction.amount;
            row.vat_amount = transaction.vat_amount;
            row.currency = owner.currency;
            row.invoice_type = owner.invoice_type;
            row.description = transaction.description;
            row.product_category = owner.payee_info.product_category;
            row.payment_id = owner.id;
            row.payment_number = owner.number;
            const std::vector<domain::Transaction>& all = transactions_of[owner.id];
            if (row.kind == domain::SettlementKind::capture) {
                if (auto invoice = db.find_invoice(transaction.id)) {
                    row.invoice_number = invoice->invoice_number;
                    row.vat_lines = invoice->vat_summary;
                }
                if (const domain::Transaction* authorization = authorization_of(all)) {
                    row.referenced_transaction_number = authorization->number;
                }
            } else if (auto note = db.find_credit_note(transaction.id)) {
                row.vat_lines = {note->vat_line};
                for (const domain::Transaction& capture : all) {
                    if (capture.id == note->credited_transaction_id) {
                        row.referenced_transaction_number = capture.number;
                    }
                }
            }
            if (row.vat_lines.empty()) {
                row.vat_lines = {
                    domain::VatSummaryLine{row.amount, domain::VatRate{0}, row.vat_amount}};
            }
            report.transactions.push_back(std::move(row));
        }
    });
    return report;
}

}  // namespace faktura::app
