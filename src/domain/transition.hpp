// What recording one transaction decides — authorization, verification, capture, cancellation,
// reversal, the authorization of a Recur — as one value: the payment after it, the new transaction,
// what hangs off the transaction, and the facts to announce. Pure data; app::apply_transition
// stores all of it in one database transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/invoice.hpp"
#include "domain/payer.hpp"
#include "domain/payment.hpp"

namespace faktura::domain {

// A transaction reached a state that §22 announces to the merchant's callbackUrl: Completed, Failed
// or Initialized. Every recorded transaction is in one of them, so each announces exactly one.
struct TransactionRecorded {
    std::string payment_id;
    std::int64_t payment_number = 0;
    std::string transaction_id;
    std::int64_t transaction_number = 0;
    TransactionType type = TransactionType::authorization;
    TransactionState state = TransactionState::completed;
    Timestamp at;  // The transaction's time: §22's retry offsets count from it.

    bool operator==(const TransactionRecorded&) const = default;
};

// The facts a transition announces; the callback outbox is their one consumer.
using Event = std::variant<TransactionRecorded>;

struct TransactionTransition {
    Payment payment;          // After the transaction.
    Transaction transaction;  // The new one.
    std::vector<Event> events{};
    // Authorizations and verifications: the payer data, and the stored payer tokens it produced.
    std::optional<AuthorizationDetails> details{};
    std::vector<PayerToken> tokens{};
    // Captures: the invoice (the app draws its number, so it attaches it).
    std::optional<Invoice> invoice{};
    // Reversals: the credit note (numbered by the app, as an invoice).
    std::optional<CreditNote> credit_note{};
};

// The event of a transaction just recorded on `payment`.
inline Event recorded_event(const Payment& payment, const Transaction& transaction) {
    return TransactionRecorded{
        payment.id,       payment.number,    transaction.id,        transaction.number,
        transaction.type, transaction.state, transaction.created_at};
}

}  // namespace faktura::domain
