// The SQL spelling of every enum the store persists: one table (a switch) per enum, and nowhere
// else in the program turns these enums into SQL text. Backend-neutral, so every backend stores the
// same words. The spellings are stored data: never change one, add a new one (and a migration if
// old rows must change).
#pragma once

#include <optional>
#include <string_view>

#include "domain/callback.hpp"
#include "domain/merchant.hpp"
#include "domain/payer.hpp"
#include "domain/payment.hpp"
#include "domain/payment_reference.hpp"

namespace faktura::storage {

// Each table is a switch without a default, so a new enumerator without a spelling fails the build
// (-Wswitch). An out-of-range value (a bug) gets the empty spelling, which no column accepts.
constexpr std::string_view to_sql(domain::PaymentOperation value) {
    switch (value) {
        case domain::PaymentOperation::financing_consumer:
            return "financing_consumer";
        case domain::PaymentOperation::verify:
            return "verify";
        case domain::PaymentOperation::recur:
            return "recur";
    }
    return {};
}

constexpr std::string_view to_sql(domain::PaymentState value) {
    switch (value) {
        case domain::PaymentState::ready:
            return "ready";
        case domain::PaymentState::pending:
            return "pending";
        case domain::PaymentState::failed:
            return "failed";
        case domain::PaymentState::aborted:
            return "aborted";
    }
    return {};
}

constexpr std::string_view to_sql(domain::InvoiceType value) {
    switch (value) {
        case domain::InvoiceType::payex_financing_se:
            return "payex_financing_se";
        case domain::InvoiceType::payex_financing_no:
            return "payex_financing_no";
        case domain::InvoiceType::payex_financing_fi:
            return "payex_financing_fi";
    }
    return {};
}

constexpr std::string_view to_sql(domain::Currency value) {
    switch (value) {
        case domain::Currency::sek:
            return "sek";
        case domain::Currency::nok:
            return "nok";
        case domain::Currency::eur:
            return "eur";
    }
    return {};
}

constexpr std::string_view to_sql(domain::Language value) {
    switch (value) {
        case domain::Language::sv_se:
            return "sv_se";
        case domain::Language::nb_no:
            return "nb_no";
        case domain::Language::en_us:
            return "en_us";
    }
    return {};
}

constexpr std::string_view to_sql(domain::TransactionType value) {
    switch (value) {
        case domain::TransactionType::authorization:
            return "authorization";
        case domain::TransactionType::capture:
            return "capture";
        case domain::TransactionType::cancellation:
            return "cancellation";
        case domain::TransactionType::reversal:
            return "reversal";
        case domain::TransactionType::verification:
            return "verification";
    }
    return {};
}

constexpr std::string_view to_sql(domain::TransactionState value) {
    switch (value) {
        case domain::TransactionState::initialized:
            return "initialized";
        case domain::TransactionState::completed:
            return "completed";
        case domain::TransactionState::failed:
            return "failed";
    }
    return {};
}

constexpr std::string_view to_sql(domain::DeliveryState value) {
    switch (value) {
        case domain::DeliveryState::pending:
            return "pending";
        case domain::DeliveryState::delivered:
            return "delivered";
        case domain::DeliveryState::failed:
            return "failed";
    }
    return {};
}

constexpr std::string_view to_sql(domain::AttemptOutcome value) {
    switch (value) {
        case domain::AttemptOutcome::delivered:
            return "delivered";
        case domain::AttemptOutcome::rejected:
            return "rejected";
        case domain::AttemptOutcome::timed_out:
            return "timed_out";
        case domain::AttemptOutcome::refused:
            return "refused";
        case domain::AttemptOutcome::unreachable:
            return "unreachable";
    }
    return {};
}

// Inside the payments.metadata JSON column.
constexpr std::string_view to_sql(domain::MetadataValue::Kind value) {
    switch (value) {
        case domain::MetadataValue::Kind::string:
            return "string";
        case domain::MetadataValue::Kind::integer:
            return "integer";
        case domain::MetadataValue::Kind::decimal:
            return "decimal";
        case domain::MetadataValue::Kind::boolean:
            return "boolean";
    }
    return {};
}

constexpr std::string_view to_sql(domain::KidAlgorithm value) {
    switch (value) {
        case domain::KidAlgorithm::mod10:
            return "mod10";
        case domain::KidAlgorithm::mod11:
            return "mod11";
    }
    return {};
}

constexpr std::string_view to_sql(domain::SettlementOption value) {
    switch (value) {
        case domain::SettlementOption::a:
            return "a";
        case domain::SettlementOption::b:
            return "b";
    }
    return {};
}

constexpr std::string_view to_sql(domain::Country value) {
    switch (value) {
        case domain::Country::se:
            return "se";
        case domain::Country::no:
            return "no";
        case domain::Country::fi:
            return "fi";
    }
    return {};
}

constexpr std::string_view to_sql(domain::PayerTokenKind value) {
    switch (value) {
        case domain::PayerTokenKind::payment:
            return "payment";
        case domain::PayerTokenKind::recurrence:
            return "recurrence";
    }
    return {};
}

constexpr std::string_view to_sql(domain::PaymentReferenceKind value) {
    switch (value) {
        case domain::PaymentReferenceKind::kid:
            return "kid";
        case domain::PaymentReferenceKind::ocr:
            return "ocr";
        case domain::PaymentReferenceKind::finnish_reference:
            return "finnish_reference";
    }
    return {};
}

// The reverse of to_sql, derived from it so the spelling is written once. Relies on the enumerators
// being 0, 1, 2, … (none of these enums sets explicit values), so walking up from 0 meets every
// one before the first value without a spelling. Empty when `text` is no known spelling.
template <typename Enum>
constexpr std::optional<Enum> from_sql(std::string_view text) {
    for (int index = 0;; ++index) {
        const auto value = static_cast<Enum>(index);
        const std::string_view spelling = to_sql(value);
        if (spelling.empty()) return std::nullopt;
        if (spelling == text) return value;
    }
}

}  // namespace faktura::storage
