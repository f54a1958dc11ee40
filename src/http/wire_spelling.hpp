// The wire spelling of every enum, sub-resource, transaction kind and operation rel: one switch
// without a default per enum (wire_spelling.cpp), so a new enumerator without a spelling fails the
// build (-Wswitch -Werror). Nowhere else in http/ turns these into text. Reading is derived from
// writing: from_wire walks the enumerators, case-insensitively (§3.3).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/callback.hpp"
#include "domain/operations.hpp"
#include "domain/payer.hpp"
#include "domain/payment.hpp"
#include "domain/payment_reference.hpp"
#include "http/message.hpp"
#include "http/resource.hpp"

namespace faktura::http {

// An out-of-range value (a bug) gets the empty spelling, which ends from_wire's walk.
std::string_view to_wire(domain::PaymentOperation value);
std::string_view to_wire(domain::PaymentState value);
std::string_view to_wire(domain::Currency value);
std::string_view to_wire(domain::InvoiceType value);
std::string_view to_wire(domain::Language value);
std::string_view to_wire(domain::Country value);          // ISO 3166-1 alpha-2.
std::string_view to_wire(domain::TransactionType value);  // transaction_kind(value).wire_type
std::string_view to_wire(domain::TransactionState value);
std::string_view to_wire(domain::PaymentReferenceKind value);
std::string_view to_wire(domain::PayerTokenKind value);  // `type` of a token in …/paid.
std::string_view to_wire(domain::DeliveryState value);   // GET …/callbacks (Faktura).
std::string_view to_wire(domain::AttemptOutcome value);  // Ditto.
std::string_view to_wire(domain::OperationRel value);    // operation_spelling(value).rel
std::string_view to_wire(SubResource value);             // sub_resource_names(value).path

// The value spelled `text` in any case, or nullopt. Relies on the enumerators being 0, 1, 2, …
// (none of these enums sets explicit values), as storage's from_sql does.
template <typename Enum>
std::optional<Enum> from_wire(std::string_view text) {
    for (int index = 0;; ++index) {
        const auto value = static_cast<Enum>(index);
        const std::string_view spelling = to_wire(value);
        if (spelling.empty()) return std::nullopt;
        if (iequals(spelling, text)) return value;
    }
}

// "FinancingConsumer, Verify, Recur": every spelling in enumerator order, for problem texts.
template <typename Enum>
std::string allowed_values() {
    std::string text;
    for (int index = 0;; ++index) {
        const std::string_view spelling = to_wire(static_cast<Enum>(index));
        if (spelling.empty()) return text;
        if (!text.empty()) text += ", ";
        text += spelling;
    }
}

// The names of one kind of transaction, wherever the API spells them.
struct TransactionKindNames {
    SubResource list;            // The sub-resource that lists them.
    std::string_view path;       // "captures": …/{payment}/captures and …/captures/{tx}.
    std::string_view list_key;   // "captureList" in the list body.
    std::string_view item_key;   // "capture": the typed wrapper's key.
    std::string_view wire_type;  // "Capture": the transaction's `type`.
    std::string_view activity;   // "Capture": the activity's default `name` (§17.3).
};
TransactionKindNames transaction_kind(domain::TransactionType type);

// The transaction type a list sub-resource holds; nullopt for `transactions` (all of them) and for
// the sub-resources that are no list.
std::optional<domain::TransactionType> transaction_type_of(SubResource list);
// Whether the sub-resource is a list of transactions (`transactions` or one kind's list).
bool lists_transactions(SubResource sub_resource);

struct SubResourceNames {
    std::string_view path;  // Lower case, as in the recorded links (C-5): "payeeinfo".
    std::string_view key;   // Property name in the payment object and its own body: "payeeInfo".
    std::string_view list_key;  // "transactionList"; empty for the sub-resources that are no list.
};
SubResourceNames sub_resource_names(SubResource sub_resource);

struct OperationSpelling {
    std::string_view rel;           // "create-capture".
    std::string_view method;        // "POST".
    std::string_view content_type;  // Empty: none (the payer-view redirects).
};
OperationSpelling operation_spelling(domain::OperationRel rel);

}  // namespace faktura::http
