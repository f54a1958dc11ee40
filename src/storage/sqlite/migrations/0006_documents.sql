-- Migration 6: what invoice documents need — the merchants' document details (seller, legal block,
-- payment details, ledger accounts) and the credit note of each reversal. Released migrations are
-- never edited.

ALTER TABLE merchants ADD COLUMN document_details TEXT NOT NULL DEFAULT '{}';

-- A reversal's credit note: its own number from the payee's invoice series (invoice_sequences), and
-- the capture whose invoice it credits.
CREATE TABLE credit_notes (
    transaction_id           TEXT    NOT NULL PRIMARY KEY REFERENCES transactions (id),
    payment_id               TEXT    NOT NULL,
    credit_note_number       INTEGER NOT NULL,
    issue_date               TEXT    NOT NULL CHECK (issue_date GLOB
                                 '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    credited_transaction_id  TEXT    NOT NULL REFERENCES transactions (id),
    credited_invoice_number  INTEGER NOT NULL,
    amount                   INTEGER NOT NULL,
    vat_percent              INTEGER NOT NULL,
    vat_amount               INTEGER NOT NULL
) STRICT;

CREATE INDEX credit_notes_by_payment_id ON credit_notes (payment_id);

-- The settlement files list one payee's completed captures and reversals by time.
CREATE INDEX transactions_by_created_at ON transactions (created_at);
