#include "app/record.hpp"

namespace faktura::app {

void apply_transition(storage::DbTransaction& db, const domain::TransactionTransition& transition,
                      PaymentRow payment_row) {
    // The payment first: the transaction's row refers to it.
    if (payment_row == PaymentRow::insert) db.insert_payment(transition.payment);
    db.insert_transaction(transition.transaction);
    if (transition.details) db.insert_authorization_details(*transition.details);
    for (const domain::PayerToken& token : transition.tokens) db.insert_payer_token(token);
    if (transition.invoice) db.insert_invoice(*transition.invoice);
    if (payment_row == PaymentRow::update) db.update_payment(transition.payment);
}

}  // namespace faktura::app
