// The storage interface: all that app/ sees of the database. Backends (storage/sqlite, later
// storage/postgres) implement it; a 2xx may only be sent after Store::write has returned.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/callback.hpp"
#include "domain/invoice.hpp"
#include "domain/merchant.hpp"
#include "domain/payer.hpp"
#include "domain/payment.hpp"
#include "runtime/fiber.hpp"

namespace faktura::storage {

// Broken infrastructure (database unreachable, disk full, corrupt file). Never an expected outcome.
class StoreError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Which callback deliveries to list: empty optionals match all.
struct CallbackFilter {
    std::optional<std::string> payee_id{};
    std::optional<domain::DeliveryState> state{};
    std::int32_t limit = 100;
};

// Reads. Every find_ may come back empty; nothing here changes the database.
class DbReader {
  public:
    virtual ~DbReader() = default;

    virtual std::optional<domain::Merchant> find_merchant(std::string_view payee_id) = 0;
    virtual std::optional<domain::Merchant> find_merchant_by_token_hash(
        std::string_view token_sha256_hex) = 0;
    virtual std::vector<domain::Merchant> list_merchants() = 0;

    virtual std::optional<domain::Payment> find_payment(std::string_view payment_id) = 0;
    virtual std::optional<domain::Payment> find_payment_by_front_end_token(
        std::string_view front_end_token) = 0;

    // Every transaction of the payment, oldest first (by number).
    virtual std::vector<domain::Transaction> list_transactions(std::string_view payment_id) = 0;

    virtual std::optional<domain::ApprovedLegalAddress> find_approved_legal_address(
        std::string_view payment_id) = 0;
    // The payer data of an authorization or verification transaction.
    virtual std::optional<domain::AuthorizationDetails> find_authorization_details(
        std::string_view transaction_id) = 0;
    virtual std::optional<domain::PayerToken> find_payer_token(std::string_view token) = 0;
    // The invoice produced by a capture transaction.
    virtual std::optional<domain::Invoice> find_invoice(std::string_view transaction_id) = 0;
    // The payment's invoices, by invoice number.
    virtual std::vector<domain::Invoice> list_invoices(std::string_view payment_id) = 0;
    // The credit note produced by a reversal transaction, and a payment's, by number.
    virtual std::optional<domain::CreditNote> find_credit_note(std::string_view transaction_id) = 0;
    virtual std::vector<domain::CreditNote> list_credit_notes(std::string_view payment_id) = 0;
    // Settlement (§26): the completed captures and reversals of the payee's payments recorded in
    // [from, to), oldest first.
    virtual std::vector<domain::Transaction> list_settled_transactions(std::string_view payee_id,
                                                                       domain::Timestamp from,
                                                                       domain::Timestamp to) = 0;
    // What the payer typed in step 1 of the hosted page for this payment, if anything yet.
    virtual std::optional<domain::PayerInput> find_payer_input(std::string_view payment_id) = 0;

    // The callback outbox (spec §22).
    virtual std::optional<domain::CallbackDelivery> find_callback_delivery(std::string_view id) = 0;
    // The payment's deliveries, oldest first.
    virtual std::vector<domain::CallbackDelivery> list_callback_deliveries(
        std::string_view payment_id) = 0;
    // Every payee's (or one's) deliveries, newest first, at most filter.limit.
    virtual std::vector<domain::CallbackDelivery> list_callback_deliveries_matching(
        const CallbackFilter& filter) = 0;
    // A delivery's attempts, first first.
    virtual std::vector<domain::CallbackAttempt> list_callback_attempts(
        std::string_view delivery_id) = 0;
    // The earliest time a pending delivery becomes claimable (its due time, or its lease's end
    // when that is later); empty when nothing is pending.
    virtual std::optional<domain::Timestamp> next_callback_due() = 0;

    // A server-wide setting shared by every server process (such as the secret that signs the
    // hosted pages' CSRF tokens); empty until some process has inserted it.
    virtual std::optional<std::string> find_setting(std::string_view name) = 0;
};

// Reads and writes inside one database transaction. Methods throw StoreError on database failure;
// expected conflicts are return values.
class DbTransaction : public DbReader {
  public:
    // False if a merchant with this payee id or token hash exists already.
    virtual bool insert_merchant(const domain::Merchant& merchant) = 0;
    virtual void update_merchant(const domain::Merchant& merchant) = 0;

    // Reads the payment and holds it against concurrent writers until the DbTransaction ends
    // (PostgreSQL: SELECT … FOR UPDATE); every read-decide-update of a payment uses it.
    virtual std::optional<domain::Payment> find_payment_for_update(std::string_view payment_id) = 0;
    virtual void insert_payment(const domain::Payment& payment) = 0;
    virtual void update_payment(const domain::Payment& payment) = 0;

    virtual void insert_transaction(const domain::Transaction& transaction) = 0;
    virtual void update_transaction(const domain::Transaction& transaction) = 0;

    // Marks payee_reference as used by payee_id. False if any payment or transaction of that payee
    // used it before (spec §25); backed by a unique index, so concurrent duplicates cannot both
    // win.
    virtual bool reserve_payee_reference(std::string_view payee_id,
                                         std::string_view payee_reference) = 0;

    // The next value of the one sequence shared by payment and transaction numbers (spec §3.4).
    // Unique, and increasing within one server process, but not gapless: a backend may reserve
    // numbers ahead, and one taken by a write that rolled back or reserved by a process that
    // stopped is skipped. Two calls in one write give n and n + 1 unless another process took
    // numbers in between (docs/decisions/0010-numbers.md).
    virtual std::int64_t next_number() = 0;

    // Inserts or replaces the payment's approved legal address (the latest lookup wins, §11.1).
    virtual void save_approved_legal_address(const domain::ApprovedLegalAddress& address) = 0;
    virtual void insert_authorization_details(const domain::AuthorizationDetails& details) = 0;
    virtual void insert_payer_token(const domain::PayerToken& token) = 0;
    virtual void update_payer_token(const domain::PayerToken& token) = 0;
    virtual void insert_invoice(const domain::Invoice& invoice) = 0;
    virtual void insert_credit_note(const domain::CreditNote& note) = 0;

    // The next value of the payee's own invoice number series: 1, 2, 3, … per payee_id. Gapless:
    // drawn inside the write, so a write that rolls back gives its value back.
    virtual std::int64_t next_invoice_sequence(std::string_view payee_id) = 0;

    // The outbox. A second delivery for one transaction is a StoreError (unique by transaction).
    virtual void insert_callback_delivery(const domain::CallbackDelivery& delivery) = 0;
    virtual void update_callback_delivery(const domain::CallbackDelivery& delivery) = 0;
    // Deliveries a dispatcher may claim at `now` (domain::is_claimable), the most overdue first,
    // held against other writers like find_payment_for_update (PostgreSQL: FOR UPDATE SKIP LOCKED,
    // so two dispatchers get different rows).
    virtual std::vector<domain::CallbackDelivery> list_claimable_callback_deliveries(
        domain::Timestamp now, std::int32_t limit) = 0;
    // Reads the delivery and holds it, as find_payment_for_update does a payment.
    virtual std::optional<domain::CallbackDelivery> find_callback_delivery_for_update(
        std::string_view id) = 0;
    virtual void insert_callback_attempt(const domain::CallbackAttempt& attempt) = 0;

    // Inserts or replaces the payer input of its payment: one per payment, the latest wins.
    virtual void save_payer_input(const domain::PayerInput& input) = 0;

    // Stores `value` under `name` unless a value is there already. True if it inserted; false if it
    // kept the existing value, so processes starting at once can each insert a candidate and then
    // all use the one value find_setting returns.
    virtual bool insert_setting_if_absent(std::string_view name, std::string_view value) = 0;
};

enum class WorkOutcome { commit, roll_back };

// A backend may show a commit to readers before it is durable (SQLite's pipelined commit: the
// fsync follows the COMMIT). Nothing a reader saw may reach a client before it is durable, but the
// wait need not come at each read: inside this scope (on its fiber, or thread) reads record what
// they owe, and settle() waits once, just before the caller answers. A request that reads and then
// writes owes nothing by then — its write returned durable, and durability comes in commit order.
// The HTTP router opens one per request and settles it before answering. Scopes nest: one left
// unsettled (an exception on the way out) hands what it owes to the scope around it; the
// destructor itself never waits.
class DeferredDurability {
  public:
    using Wait = void (*)(void* owner, std::uint64_t position);

    DeferredDurability();
    ~DeferredDurability();
    DeferredDurability(const DeferredDurability&) = delete;
    DeferredDurability& operator=(const DeferredDurability&) = delete;

    // Waits until what the reads in this scope saw is durable; afterwards nothing is owed. Throws
    // StoreError when that cannot be known any more (a failed fsync).
    void settle();

    // For backends: records that the caller saw data durable only once `wait(owner, position)`
    // returns. Returns false outside any scope: the caller then waits itself.
    static bool owe(void* owner, std::uint64_t position, Wait wait);

  private:
    void* previous_;
    void* owner_ = nullptr;
    std::uint64_t position_ = 0;
    Wait wait_ = nullptr;
};

inline DeferredDurability::DeferredDurability() : previous_(runtime::fiber_local_slot()) {
    runtime::fiber_local_slot() = this;
}

inline DeferredDurability::~DeferredDurability() {
    runtime::fiber_local_slot() = previous_;
    auto* const outer = static_cast<DeferredDurability*>(previous_);
    if (wait_ == nullptr || outer == nullptr) return;
    if (outer->wait_ != nullptr && outer->owner_ != owner_) return;  // Two stores: not nested so.
    if (outer->wait_ == nullptr || position_ > outer->position_) outer->position_ = position_;
    outer->owner_ = owner_;
    outer->wait_ = wait_;
}

inline void DeferredDurability::settle() {
    if (wait_ == nullptr) return;
    const Wait wait = std::exchange(wait_, nullptr);
    wait(owner_, position_);
}

inline bool DeferredDurability::owe(void* owner, std::uint64_t position, Wait wait) {
    auto* const scope = static_cast<DeferredDurability*>(runtime::fiber_local_slot());
    if (scope == nullptr) return false;
    if (scope->wait_ != nullptr && scope->owner_ != owner) scope->settle();  // Another store.
    if (scope->wait_ == nullptr || position > scope->position_) scope->position_ = position;
    scope->owner_ = owner;
    scope->wait_ = wait;
    return true;
}

class Store {
  public:
    virtual ~Store() = default;

    // Runs `work` in a database transaction. Returns once its changes are durable (committed and
    // fsync'd), or rolled back when `work` returns roll_back or throws (the exception is rethrown
    // here). `work` may run on another thread, together with other requests' work in one commit,
    // and may be run again if the backend must retry; it must not block and must only touch `db`
    // and its own captures. Throws StoreError when the database fails.
    virtual void write(const std::function<WorkOutcome(DbTransaction& db)>& work) = 0;

    // Runs `work` against a consistent snapshot of committed data, and returns once all of that
    // is durable — or, inside a DeferredDurability scope, leaves that wait to the scope.
    virtual void read(const std::function<void(DbReader& db)>& work) = 0;

    // Why the store cannot take writes now — its database file deleted or replaced under the
    // running server, or opened read-only — or nullopt when it can. Cheap (a stat): for /health.
    virtual std::optional<std::string> health() = 0;
};

}  // namespace faktura::storage
