#include "http/encode_transaction.hpp"

#include <cstdio>

#include "http/wire_spelling.hpp"

namespace faktura::http {

using domain::TransactionState;
using domain::TransactionType;

namespace {

std::string transaction_path(const domain::Transaction& transaction) {
    return payment_path(transaction.payment_id) + "/transactions/" + transaction.id;
}

// The transaction object of §4.5.
void write_transaction(JsonWriter& out, const domain::Transaction& transaction) {
    const std::string path = transaction_path(transaction);
    out.begin_object()
        .field("id", path)
        .field("created", domain::format_timestamp(transaction.created_at))
        .field("updated", domain::format_timestamp(transaction.updated_at))
        .field("type", to_wire(transaction.type))
        .field("state", to_wire(transaction.state))
        .field("number", transaction.number)
        .field("amount", transaction.amount.minor)
        .field("vatAmount", transaction.vat_amount.minor)
        .field("description", transaction.description)
        .field("payeeReference", transaction.payee_reference)
        .optional_field("receiptReference", transaction.receipt_reference);
    if (transaction.failure) {
        out.optional_field("failedReason", transaction.failure->reason)
            .optional_field("failedActivityName", transaction.failure->activity_name)
            .optional_field("failedErrorCode", transaction.failure->error_code)
            .optional_field("failedErrorDescription", transaction.failure->error_description);
    }
    out.field("isOperational", transaction.is_operational);
    if (transaction.reconciliation_number) {
        out.field("reconciliationNumber", *transaction.reconciliation_number);
    }
    if (transaction.state == TransactionState::failed) out.link("activities", path + "/activities");
    out.key("operations").begin_array().end_array();
    out.end_object();
}

std::string format_civil_date(const domain::CivilDate& date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
    return text;
}

// Faktura's addition to a capture: the invoice it produced (README, "Faktura additions").
void write_invoice_summary(JsonWriter& out, const domain::Invoice& invoice) {
    out.key("invoice")
        .begin_object()
        .field("invoiceNumber", invoice.invoice_number)
        .field("invoiceDate", format_civil_date(invoice.issue_date))
        .field("dueDate", format_civil_date(invoice.due_date))
        .field("paymentReferenceType", to_wire(invoice.payment_reference.kind))
        .field("paymentReference", invoice.payment_reference.reference)
        .optional_field("rfReference", invoice.payment_reference.rf_reference)
        .end_object();
}

const domain::Invoice* find_invoice_of(const std::vector<domain::Invoice>* invoices,
                                       std::string_view transaction_id) {
    if (invoices == nullptr) return nullptr;
    for (const domain::Invoice& invoice : *invoices) {
        if (invoice.transaction_id == transaction_id) return &invoice;
    }
    return nullptr;
}

// One element of an authorizationList / captureList / …: the typed wrapper around the transaction.
void write_typed_transaction(JsonWriter& out, const domain::Payment& payment,
                             const domain::Transaction& transaction,
                             const std::vector<domain::Invoice>* invoices) {
    const std::string base_path = payment_path(payment.id);
    out.begin_object();
    switch (transaction.type) {
        case TransactionType::authorization:
            out.link("shippingAddress", base_path + "/shippingaddress");
            out.link("legalAddress", base_path + "/legaladdress");
            break;
        case TransactionType::verification:
            out.link("legalAddress", base_path + "/legaladdress");
            break;
        case TransactionType::capture:
            out.link("itemDescriptions",
                     base_path + "/transactions/" + transaction.id + "/itemdescriptions");
            break;
        case TransactionType::cancellation:
        case TransactionType::reversal:
            break;
    }
    out.field("id", base_path + "/" + std::string(transaction_kind(transaction.type).path) + "/" +
                        transaction.id);
    const bool carries_tokens = transaction.type == TransactionType::authorization ||
                                transaction.type == TransactionType::verification;
    if (carries_tokens && transaction.state == TransactionState::completed) {
        out.optional_field("paymentToken", payment.payment_token)
            .optional_field("recurrenceToken", payment.recurrence_token);
    }
    out.key("transaction");
    write_transaction(out, transaction);
    if (const domain::Invoice* invoice = find_invoice_of(invoices, transaction.id)) {
        write_invoice_summary(out, *invoice);
    }
    out.end_object();
}

}  // namespace

void write_transaction_list(JsonWriter& out, const PaymentDocument& document, SubResource list) {
    const std::optional<TransactionType> type = transaction_type_of(list);
    out.key(sub_resource_names(list).list_key).begin_array();
    for (const domain::Transaction& transaction : document.transactions) {
        if (!type) {
            write_transaction(out, transaction);
        } else if (transaction.type == *type) {
            write_typed_transaction(out, document.payment, transaction, document.invoices);
        }
    }
    out.end_array();
}

std::optional<std::string> encode_transaction_item(const PaymentDocument& document,
                                                   SubResource list,
                                                   std::string_view transaction_id) {
    if (!lists_transactions(list)) return std::nullopt;
    const std::optional<TransactionType> type = transaction_type_of(list);
    for (const domain::Transaction& transaction : document.transactions) {
        if (transaction.id != transaction_id || (type && transaction.type != *type)) continue;
        JsonWriter out;
        out.begin_object().field("payment", payment_path(document.payment.id));
        if (!type) {
            out.key("transaction");
            write_transaction(out, transaction);
        } else {
            out.key(transaction_kind(*type).item_key);
            write_typed_transaction(out, document.payment, transaction, document.invoices);
        }
        out.end_object();
        return out.take();
    }
    return std::nullopt;
}

std::optional<std::string> encode_activities(const PaymentDocument& document,
                                             std::string_view transaction_id) {
    for (const domain::Transaction& transaction : document.transactions) {
        if (transaction.id != transaction_id) continue;
        const std::string path =
            payment_path(document.payment.id) + "/transactions/" + transaction.id;
        std::string_view name = transaction_kind(transaction.type).activity;
        if (transaction.failure && !transaction.failure->activity_name.empty()) {
            name = transaction.failure->activity_name;
        }
        JsonWriter out;
        out.begin_object().field("transaction", path);
        out.key("activities").begin_object().field("id", path + "/activities");
        out.key("activityList").begin_array().begin_object();
        out.field("name", name)
            .field("state", to_wire(transaction.state))
            .field("created", domain::format_timestamp(transaction.created_at))
            .field("updated", domain::format_timestamp(transaction.updated_at));
        if (transaction.failure) {
            out.optional_field("errorCode", transaction.failure->error_code)
                .optional_field("errorDescription", transaction.failure->error_description);
        }
        out.end_object().end_array().end_object().end_object();
        return out.take();
    }
    return std::nullopt;
}

std::string encode_item_descriptions(const domain::Invoice& invoice) {
    const std::string path =
        payment_path(invoice.payment_id) + "/transactions/" + invoice.transaction_id;
    JsonWriter out;
    out.begin_object().field("transaction", path);
    out.key("itemDescriptions").begin_object().field("id", path + "/itemdescriptions");
    out.key("itemDescriptionList").begin_array();
    for (const domain::ItemDescription& item : invoice.item_descriptions) {
        out.begin_object()
            .field("amount", item.amount.minor)
            .field("description", item.description)
            .end_object();
    }
    out.end_array().end_object().end_object();
    return out.take();
}

}  // namespace faktura::http
