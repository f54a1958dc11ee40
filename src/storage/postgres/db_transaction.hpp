// PostgresDbTransaction: the DbTransaction (and DbReader) interface over one pooled connection,
// its statements built from the row descriptors (storage/rows/). No transaction control: the
// caller (PostgresStore) has already begun the transaction it runs in.
#pragma once

#include "storage/postgres/connection.hpp"
#include "storage/postgres/number_reserve.hpp"
#include "storage/store.hpp"

namespace faktura::storage::postgres {

// Not thread-safe, like the connection it borrows; lives no longer than one write job or read.
class PostgresDbTransaction final : public DbTransaction {
  public:
    // `numbers` is the store's reserve; a read has none, and must not call next_number.
    explicit PostgresDbTransaction(Connection& connection, NumberReserve* numbers = nullptr)
        : connection_(connection), numbers_(numbers) {}

    std::optional<domain::Merchant> find_merchant(std::string_view payee_id) override;
    std::optional<domain::Merchant> find_merchant_by_token_hash(
        std::string_view token_sha256_hex) override;
    std::vector<domain::Merchant> list_merchants() override;

    std::optional<domain::Payment> find_payment(std::string_view payment_id) override;
    std::optional<domain::Payment> find_payment_by_front_end_token(
        std::string_view front_end_token) override;

    std::vector<domain::Transaction> list_transactions(std::string_view payment_id) override;

    std::optional<domain::ApprovedLegalAddress> find_approved_legal_address(
        std::string_view payment_id) override;
    std::optional<domain::AuthorizationDetails> find_authorization_details(
        std::string_view transaction_id) override;
    std::optional<domain::PayerToken> find_payer_token(std::string_view token) override;
    std::optional<domain::Invoice> find_invoice(std::string_view transaction_id) override;
    std::vector<domain::Invoice> list_invoices(std::string_view payment_id) override;
    std::optional<domain::CreditNote> find_credit_note(std::string_view transaction_id) override;
    std::vector<domain::CreditNote> list_credit_notes(std::string_view payment_id) override;
    std::vector<domain::Transaction> list_settled_transactions(std::string_view payee_id,
                                                               domain::Timestamp from,
                                                               domain::Timestamp to) override;
    std::optional<domain::PayerInput> find_payer_input(std::string_view payment_id) override;
    std::optional<std::string> find_setting(std::string_view name) override;
    std::optional<domain::CallbackDelivery> find_callback_delivery(std::string_view id) override;
    std::vector<domain::CallbackDelivery> list_callback_deliveries(
        std::string_view payment_id) override;
    std::vector<domain::CallbackDelivery> list_callback_deliveries_matching(
        const CallbackFilter& filter) override;
    std::vector<domain::CallbackAttempt> list_callback_attempts(
        std::string_view delivery_id) override;
    std::optional<domain::Timestamp> next_callback_due() override;

    bool insert_merchant(const domain::Merchant& merchant) override;
    // Throws std::logic_error when no merchant has this payee id: updating what was never
    // inserted is a bug in the caller.
    void update_merchant(const domain::Merchant& merchant) override;

    // SELECT … FOR UPDATE: another write of the payment waits for this transaction's end.
    std::optional<domain::Payment> find_payment_for_update(std::string_view payment_id) override;
    void insert_payment(const domain::Payment& payment) override;
    // Throws std::logic_error when no payment has this id.
    void update_payment(const domain::Payment& payment) override;

    // The payment must exist (a foreign key); otherwise StoreError.
    void insert_transaction(const domain::Transaction& transaction) override;
    // Throws std::logic_error when no transaction has this id.
    void update_transaction(const domain::Transaction& transaction) override;

    bool reserve_payee_reference(std::string_view payee_id,
                                 std::string_view payee_reference) override;

    // From the store's reserve (NumberReserve), outside this transaction. Throws std::logic_error
    // in a read.
    std::int64_t next_number() override;

    // The payment must exist (a foreign key); otherwise StoreError.
    void save_approved_legal_address(const domain::ApprovedLegalAddress& address) override;
    // The transaction must exist (a foreign key), and have no details yet; otherwise StoreError.
    void insert_authorization_details(const domain::AuthorizationDetails& details) override;
    // A token that exists already is a StoreError.
    void insert_payer_token(const domain::PayerToken& token) override;
    // Throws std::logic_error when no payer token has this token.
    void update_payer_token(const domain::PayerToken& token) override;
    // The transaction must exist (a foreign key), and have no invoice yet; otherwise StoreError.
    // Throws std::logic_error for a date outside years 0–9999 (a bug in the caller).
    void insert_invoice(const domain::Invoice& invoice) override;
    void insert_credit_note(const domain::CreditNote& note) override;

    std::int64_t next_invoice_sequence(std::string_view payee_id) override;

    // The transaction must exist (a foreign key); otherwise StoreError.
    void insert_callback_delivery(const domain::CallbackDelivery& delivery) override;
    // Throws std::logic_error when no delivery has this id.
    void update_callback_delivery(const domain::CallbackDelivery& delivery) override;
    std::vector<domain::CallbackDelivery> list_claimable_callback_deliveries(
        domain::Timestamp now, std::int32_t limit) override;  // FOR UPDATE SKIP LOCKED.
    // SELECT … FOR UPDATE, as find_payment_for_update.
    std::optional<domain::CallbackDelivery> find_callback_delivery_for_update(
        std::string_view id) override;
    void insert_callback_attempt(const domain::CallbackAttempt& attempt) override;

    // The payment must exist (a foreign key); otherwise StoreError.
    void save_payer_input(const domain::PayerInput& input) override;
    bool insert_setting_if_absent(std::string_view name, std::string_view value) override;

  private:
    Connection& connection_;
    NumberReserve* numbers_;
};

}  // namespace faktura::storage::postgres
