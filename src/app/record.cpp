#include "app/record.hpp"

#include <optional>
#include <type_traits>
#include <variant>

#include "domain/callback.hpp"

namespace faktura::app {

void apply_transition(storage::DbTransaction& db, const domain::TransactionTransition& transition,
                      PaymentRow payment_row) {
    // The payment first: the transaction's row refers to it.
    if (payment_row == PaymentRow::insert) db.insert_payment(transition.payment);
    db.insert_transaction(transition.transaction);
    if (transition.details) db.insert_authorization_details(*transition.details);
    for (const domain::PayerToken& token : transition.tokens) db.insert_payer_token(token);
    if (transition.invoice) db.insert_invoice(*transition.invoice);
    if (transition.credit_note) db.insert_credit_note(*transition.credit_note);
    if (payment_row == PaymentRow::update) db.update_payment(transition.payment);
    // The outbox: one delivery per announced transaction, committed with it. Its id is the
    // transaction's, so a second delivery for one transaction cannot exist.
    for (const domain::Event& event : transition.events) {
        std::visit(
            [&](const auto& fact) {
                using Fact = std::decay_t<decltype(fact)>;
                if constexpr (std::is_same_v<Fact, domain::TransactionRecorded>) {
                    if (std::optional<domain::CallbackDelivery> delivery =
                            domain::delivery_for(fact, transition.payment, fact.transaction_id)) {
                        db.insert_callback_delivery(*delivery);
                    }
                }
            },
            event);
    }
}

}  // namespace faktura::app
