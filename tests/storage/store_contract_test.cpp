// The Store contract, written against the abstract interface and run once per backend in the
// table at the bottom, so every backend is held to the same round trips, conflicts, rollbacks and
// concurrency guarantees.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <latch>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/postgres_store.hpp"
#include "storage/postgres/test_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"
#include "support/storage_builders.hpp"

namespace faktura::storage {
namespace {

using sqlite::SqliteOptions;
using sqlite::SqliteStore;

using support::address_with_only_required_fields;
using support::approved_legal_address_of;
using support::authorization_details_with_every_field;
using support::authorization_details_with_only_required_fields;
using support::callback_attempt_with_every_field;
using support::callback_delivery_with_every_field;
using support::invoice_with_every_field;
using support::merchant_with_every_field;
using support::payer_input_with_every_field;
using support::payer_input_with_only_required_fields;
using support::payer_token_with_every_field;
using support::payment_reference_of;
using support::payment_with_every_field;
using support::payment_with_only_required_fields;
using support::transaction_with_every_field;
using support::transaction_with_only_required_fields;

// One database of one backend, empty when made. open() may be called again after the previous
// store was destroyed, and then opens the same database.
class Backend {
  public:
    virtual ~Backend() = default;
    virtual std::unique_ptr<Store> open() = 0;
    // False when the data lives only as long as its store (SQLite :memory:).
    virtual bool outlives_store() const = 0;
};

struct BackendCase {
    std::string name;
    std::function<std::unique_ptr<Backend>()> make;
    // Why the backend cannot run here, such as a missing database URL; empty when it can.
    std::function<std::string()> skip_reason = [] { return std::string(); };
};

// Names the backend in test output instead of gtest's byte dump.
void PrintTo(const BackendCase& backend, std::ostream* out) { *out << backend.name; }

class SqliteMemoryBackend final : public Backend {
  public:
    std::unique_ptr<Store> open() override { return SqliteStore::open(":memory:"); }
    bool outlives_store() const override { return false; }
};

// A file in a fresh temporary directory, removed with the backend.
class SqliteFileBackend final : public Backend {
  public:
    std::unique_ptr<Store> open() override {
        return SqliteStore::open((directory_.path() / "faktura.db").string());
    }
    bool outlives_store() const override { return true; }

  private:
    support::TemporaryDirectory directory_;
};

// A schema of its own in the database at FAKTURA_TEST_POSTGRES_URL, dropped with the backend.
class PostgresBackend final : public Backend {
  public:
    std::unique_ptr<Store> open() override { return postgres::PostgresStore::open(schema_.url()); }
    bool outlives_store() const override { return true; }

  private:
    postgres::testing::TestSchema schema_;
};

class StoreContract : public ::testing::TestWithParam<BackendCase> {
  protected:
    void SetUp() override {
        const std::string reason = GetParam().skip_reason();
        if (!reason.empty()) GTEST_SKIP() << reason;
    }
};

void write_committing(Store& store, const std::function<void(DbTransaction& db)>& work) {
    store.write([&](DbTransaction& db) {
        work(db);
        return WorkOutcome::commit;
    });
}

std::optional<domain::Payment> find_payment(Store& store, const std::string& id) {
    std::optional<domain::Payment> found;
    store.read([&](DbReader& db) { found = db.find_payment(id); });
    return found;
}

const std::string payee_id = support::guid_numbered(1);

// A payment with `transaction_count` transactions, for the rows that must point at one.
struct PaymentWithTransactions {
    domain::Payment payment;
    std::vector<domain::Transaction> transactions;
};

PaymentWithTransactions insert_payment_with_transactions(Store& store, std::int64_t n,
                                                         int transaction_count) {
    PaymentWithTransactions inserted{payment_with_every_field(n, payee_id), {}};
    for (int t = 0; t < transaction_count; ++t) {
        inserted.transactions.push_back(
            transaction_with_every_field(n * 100 + t, inserted.payment.id));
    }
    write_committing(store, [&](DbTransaction& db) {
        db.insert_payment(inserted.payment);
        for (const domain::Transaction& transaction : inserted.transactions) {
            db.insert_transaction(transaction);
        }
    });
    return inserted;
}

struct WorkFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

TEST_P(StoreContract, MerchantRoundTripsEveryField) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Merchant merchant = merchant_with_every_field(1);
    bool inserted = false;
    write_committing(*store, [&](DbTransaction& db) { inserted = db.insert_merchant(merchant); });
    ASSERT_TRUE(inserted);

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_merchant(merchant.payee_id), merchant);
        EXPECT_EQ(db.find_merchant_by_token_hash(merchant.token_sha256_hex), merchant);
        EXPECT_EQ(db.list_merchants(), std::vector<domain::Merchant>{merchant});
    });
}

TEST_P(StoreContract, InsertMerchantIsFalseWhenPayeeIdOrTokenHashIsTaken) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Merchant first = merchant_with_every_field(1);
    domain::Merchant same_payee_id = merchant_with_every_field(2);
    same_payee_id.payee_id = first.payee_id;
    domain::Merchant same_token_hash = merchant_with_every_field(3);
    same_token_hash.token_sha256_hex = first.token_sha256_hex;

    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_TRUE(db.insert_merchant(first));
        EXPECT_FALSE(db.insert_merchant(same_payee_id));
        EXPECT_FALSE(db.insert_merchant(same_token_hash));
    });
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.list_merchants(), std::vector<domain::Merchant>{first});
    });
}

TEST_P(StoreContract, UpdateMerchantReplacesEveryField) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    domain::Merchant merchant = merchant_with_every_field(1);
    write_committing(*store, [&](DbTransaction& db) { db.insert_merchant(merchant); });

    const domain::Merchant changed{
        .payee_id = merchant.payee_id,
        .name = "Renamed",
        .token_sha256_hex = support::hex64_numbered(42),
        .created_at = domain::Timestamp{7},
        .settings = {},
    };
    write_committing(*store, [&](DbTransaction& db) { db.update_merchant(changed); });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_merchant(merchant.payee_id), changed);
        EXPECT_EQ(db.find_merchant_by_token_hash(merchant.token_sha256_hex), std::nullopt);
    });
}

TEST_P(StoreContract, ListMerchantsReturnsEveryMerchant) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    write_committing(*store, [&](DbTransaction& db) {
        for (int n = 1; n <= 3; ++n) db.insert_merchant(merchant_with_every_field(n));
    });
    store->read([&](DbReader& db) { EXPECT_EQ(db.list_merchants().size(), 3u); });
}

TEST_P(StoreContract, PaymentWithEveryFieldRoundTrips) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_payment(payment.id), payment);
        EXPECT_EQ(db.find_payment_by_front_end_token(payment.front_end_token), payment);
    });
}

TEST_P(StoreContract, PaymentWithOnlyRequiredFieldsRoundTrips) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_only_required_fields(1, payee_id);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });

    EXPECT_EQ(find_payment(*store, payment.id), payment);
}

TEST_P(StoreContract, UpdatePaymentReplacesEveryField) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment full = payment_with_every_field(1, payee_id);
    domain::Payment emptied = payment_with_only_required_fields(2, payee_id);
    emptied.id = full.id;
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(full); });

    write_committing(*store, [&](DbTransaction& db) { db.update_payment(emptied); });
    EXPECT_EQ(find_payment(*store, full.id), emptied);

    write_committing(*store, [&](DbTransaction& db) { db.update_payment(full); });
    EXPECT_EQ(find_payment(*store, full.id), full);
}

TEST_P(StoreContract, FindsComeBackEmptyWhenNothingMatches) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_merchant(merchant_with_every_field(1));
        db.insert_payment(payment_with_every_field(1, payee_id));
    });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_merchant(support::guid_numbered(404)), std::nullopt);
        EXPECT_EQ(db.find_merchant_by_token_hash(support::hex64_numbered(404)), std::nullopt);
        EXPECT_EQ(db.find_payment(support::guid_numbered(404)), std::nullopt);
        EXPECT_EQ(db.find_payment_by_front_end_token(support::hex64_numbered(404)), std::nullopt);
        EXPECT_TRUE(db.list_transactions(support::guid_numbered(404)).empty());
        EXPECT_EQ(db.find_approved_legal_address(support::guid_numbered(404)), std::nullopt);
        EXPECT_EQ(db.find_authorization_details(support::guid_numbered(404)), std::nullopt);
        EXPECT_EQ(db.find_payer_token(support::guid_numbered(404)), std::nullopt);
        EXPECT_EQ(db.find_invoice(support::guid_numbered(404)), std::nullopt);
        EXPECT_EQ(db.find_payer_input(support::guid_numbered(404)), std::nullopt);
        EXPECT_EQ(db.find_setting("no-such-setting"), std::nullopt);
    });
}

TEST_P(StoreContract, EmptyStoreHasNoMerchants) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    store->read([&](DbReader& db) { EXPECT_TRUE(db.list_merchants().empty()); });
}

// failed_lookups counts on its own: updating it leaves failed_attempts alone, and back.
TEST_P(StoreContract, UpdatePaymentStoresFailedLookupsApartFromFailedAttempts) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    domain::Payment payment = payment_with_only_required_fields(1, payee_id);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });
    ASSERT_EQ(find_payment(*store, payment.id)->failed_lookups, 0);

    payment.failed_lookups = 3;
    write_committing(*store, [&](DbTransaction& db) { db.update_payment(payment); });
    EXPECT_EQ(find_payment(*store, payment.id), payment);

    payment.failed_attempts = 1;
    write_committing(*store, [&](DbTransaction& db) { db.update_payment(payment); });
    const auto found = find_payment(*store, payment.id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->failed_lookups, 3);
    EXPECT_EQ(found->failed_attempts, 1);
}

TEST_P(StoreContract, TransactionsRoundTripWithAndWithoutOptionalFields) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    const domain::Transaction full = transaction_with_every_field(1, payment.id);
    const domain::Transaction required = transaction_with_only_required_fields(2, payment.id);
    domain::Transaction failure_without_codes = transaction_with_every_field(3, payment.id);
    failure_without_codes.failure->error_code.reset();
    failure_without_codes.failure->error_description.reset();
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payment(payment);
        db.insert_transaction(full);
        db.insert_transaction(required);
        db.insert_transaction(failure_without_codes);
    });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.list_transactions(payment.id),
                  (std::vector<domain::Transaction>{full, required, failure_without_codes}));
    });
}

TEST_P(StoreContract, CallbackDeliveriesAndAttemptsRoundTrip) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    const domain::Transaction transaction = transaction_with_every_field(1, payment.id);
    const domain::CallbackDelivery full = callback_delivery_with_every_field(transaction, payee_id);
    domain::CallbackDelivery bare = full;
    const domain::Transaction second = transaction_with_only_required_fields(2, payment.id);
    bare.id = bare.transaction_id = second.id;
    bare.state = domain::DeliveryState::pending;
    bare.claim.reset();
    bare.lease_until.reset();
    bare.delivered_at.reset();
    const domain::CallbackAttempt first_attempt = callback_attempt_with_every_field(full.id, 1);
    domain::CallbackAttempt second_attempt = callback_attempt_with_every_field(full.id, 2);
    second_attempt.status.reset();
    second_attempt.manual = false;
    second_attempt.outcome = domain::AttemptOutcome::timed_out;
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payment(payment);
        db.insert_transaction(transaction);
        db.insert_transaction(second);
        db.insert_callback_delivery(full);
        db.insert_callback_delivery(bare);
        db.insert_callback_attempt(second_attempt);
        db.insert_callback_attempt(first_attempt);
    });
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_callback_delivery(full.id), full);
        EXPECT_EQ(db.find_callback_delivery(bare.id), bare);
        EXPECT_EQ(db.list_callback_attempts(full.id),
                  (std::vector<domain::CallbackAttempt>{first_attempt, second_attempt}));
        EXPECT_TRUE(db.list_callback_attempts(bare.id).empty());
        EXPECT_EQ(db.list_callback_deliveries(payment.id).size(), 2u);
        EXPECT_TRUE(db.list_callback_deliveries("no-such-payment").empty());
        EXPECT_EQ(db.list_callback_deliveries_matching(CallbackFilter{
                                                           .payee_id = payee_id,
                                                           .state = domain::DeliveryState::failed,
                                                       })
                      .size(),
                  1u);
        EXPECT_TRUE(
            db.list_callback_deliveries_matching(CallbackFilter{.payee_id = "other"}).empty());
    });
    // One delivery per transaction.
    EXPECT_THROW(write_committing(*store,
                                  [&](DbTransaction& db) {
                                      domain::CallbackDelivery again = full;
                                      again.id = "another-id";
                                      db.insert_callback_delivery(again);
                                  }),
                 StoreError);
}

TEST_P(StoreContract, ClaimableCallbackDeliveriesAreDueUnleasedPendingOnesMostOverdueFirst) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    const domain::Timestamp now{16'000'000'000'000'000};
    std::vector<domain::CallbackDelivery> deliveries;
    const auto make = [&](std::int64_t n, domain::DeliveryState state, std::int64_t due_offset,
                          std::optional<std::int64_t> lease_offset) {
        domain::CallbackDelivery delivery = callback_delivery_with_every_field(
            transaction_with_only_required_fields(n, payment.id), payee_id);
        delivery.state = state;
        delivery.next_attempt_at = domain::Timestamp{now.unix_100ns + due_offset};
        delivery.claim.reset();
        delivery.lease_until.reset();
        if (lease_offset) {
            delivery.claim = "c";
            delivery.lease_until = domain::Timestamp{now.unix_100ns + *lease_offset};
        }
        deliveries.push_back(delivery);
    };
    make(1, domain::DeliveryState::pending, -10, std::nullopt);  // Due: claimable.
    make(2, domain::DeliveryState::pending, -50, std::nullopt);  // More overdue: first.
    make(3, domain::DeliveryState::pending, +10, std::nullopt);  // Not due yet.
    make(4, domain::DeliveryState::pending, -10, +5);            // Leased.
    make(5, domain::DeliveryState::pending, -20, -1);            // Lease expired: claimable.
    make(6, domain::DeliveryState::delivered, -10, std::nullopt);
    make(7, domain::DeliveryState::failed, -10, std::nullopt);
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payment(payment);
        for (const auto& delivery : deliveries) {
            db.insert_transaction(transaction_with_only_required_fields(
                static_cast<std::int64_t>(&delivery - deliveries.data()) + 1, payment.id));
            db.insert_callback_delivery(delivery);
        }
    });
    write_committing(*store, [&](DbTransaction& db) {
        std::vector<std::string> ids;
        for (const auto& delivery : db.list_claimable_callback_deliveries(now, 10))
            ids.push_back(delivery.id);
        EXPECT_EQ(ids,
                  (std::vector<std::string>{deliveries[1].id, deliveries[4].id, deliveries[0].id}));
        EXPECT_EQ(db.list_claimable_callback_deliveries(now, 1).size(), 1u);
        // Claiming one (as the dispatcher does) takes it out of the list.
        domain::CallbackDelivery taken = *db.find_callback_delivery_for_update(deliveries[1].id);
        taken.claim = "mine";
        taken.lease_until = domain::Timestamp{now.unix_100ns + 100};
        db.update_callback_delivery(taken);
        EXPECT_EQ(db.list_claimable_callback_deliveries(now, 10).size(), 2u);
    });
    store->read([&](DbReader& db) {
        // The earliest of each pending row's due time and lease end (whichever is later): the
        // first row; the second is leased now, the fifth's expired lease ended after its due time.
        EXPECT_EQ(db.next_callback_due(), domain::Timestamp{now.unix_100ns - 10});
    });
}

TEST_P(StoreContract, ListTransactionsIsOldestFirstByNumberAndOnlyThePaymentsOwn) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    const domain::Payment other = payment_with_every_field(2, payee_id);
    const auto numbered = [](std::int64_t n, const std::string& payment_id, std::int64_t number) {
        domain::Transaction transaction = transaction_with_every_field(n, payment_id);
        transaction.number = number;
        return transaction;
    };
    const domain::Transaction third = numbered(1, payment.id, 300);
    const domain::Transaction first = numbered(2, payment.id, 100);
    const domain::Transaction of_other = numbered(3, other.id, 200);
    const domain::Transaction second = numbered(4, payment.id, 250);
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payment(payment);
        db.insert_payment(other);
        for (const auto& transaction : {third, first, of_other, second}) {
            db.insert_transaction(transaction);
        }
    });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.list_transactions(payment.id),
                  (std::vector<domain::Transaction>{first, second, third}));
        EXPECT_EQ(db.list_transactions(other.id), std::vector<domain::Transaction>{of_other});
    });
}

TEST_P(StoreContract, UpdateTransactionReplacesEveryField) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    const domain::Transaction initialized = transaction_with_only_required_fields(1, payment.id);
    domain::Transaction failed = transaction_with_every_field(1, payment.id);
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payment(payment);
        db.insert_transaction(initialized);
    });

    write_committing(*store, [&](DbTransaction& db) { db.update_transaction(failed); });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.list_transactions(payment.id), std::vector<domain::Transaction>{failed});
    });
}

TEST_P(StoreContract, NumbersStartAtElevenDigitsAndIncreaseAcrossWrites) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    std::vector<std::int64_t> numbers;
    write_committing(*store, [&](DbTransaction& db) {
        numbers.push_back(db.next_number());
        numbers.push_back(db.next_number());
    });
    write_committing(*store, [&](DbTransaction& db) { numbers.push_back(db.next_number()); });

    EXPECT_EQ(numbers, (std::vector<std::int64_t>{41100000001, 41100000002, 41100000003}));
}

TEST_P(StoreContract, ConcurrentWritersNeverShareANumber) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    constexpr int thread_count = 8;
    constexpr int writes_per_thread = 25;
    std::vector<std::vector<std::int64_t>> numbers(thread_count);
    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            for (int i = 0; i < writes_per_thread; ++i) {
                write_committing(
                    *store, [&](DbTransaction& db) { numbers[t].push_back(db.next_number()); });
            }
        });
    }
    for (std::thread& thread : threads) thread.join();

    std::set<std::int64_t> distinct;
    for (const auto& of_thread : numbers) {
        for (std::size_t i = 1; i < of_thread.size(); ++i) {
            EXPECT_LT(of_thread[i - 1], of_thread[i]) << "a thread's numbers must increase";
        }
        distinct.insert(of_thread.begin(), of_thread.end());
    }
    EXPECT_EQ(distinct.size(), std::size_t{thread_count * writes_per_thread});
}

TEST_P(StoreContract, ApprovedLegalAddressesRoundTripWithAndWithoutCoAddress) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto first = insert_payment_with_transactions(*store, 1, 0);
    const auto second = insert_payment_with_transactions(*store, 2, 0);
    const domain::ApprovedLegalAddress with_co_address =
        approved_legal_address_of(1, first.payment.id);
    domain::ApprovedLegalAddress without_co_address =
        approved_legal_address_of(2, second.payment.id);
    without_co_address.address = address_with_only_required_fields(2);
    write_committing(*store, [&](DbTransaction& db) {
        db.save_approved_legal_address(with_co_address);
        db.save_approved_legal_address(without_co_address);
    });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_approved_legal_address(first.payment.id), with_co_address);
        EXPECT_EQ(db.find_approved_legal_address(second.payment.id), without_co_address);
    });
}

TEST_P(StoreContract, SavingAnApprovedLegalAddressAgainReplacesOnlyThatPaymentsAddress) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto first = insert_payment_with_transactions(*store, 1, 0);
    const auto second = insert_payment_with_transactions(*store, 2, 0);
    const domain::ApprovedLegalAddress earlier = approved_legal_address_of(1, first.payment.id);
    const domain::ApprovedLegalAddress of_second = approved_legal_address_of(2, second.payment.id);
    domain::ApprovedLegalAddress later = approved_legal_address_of(3, first.payment.id);
    later.address = address_with_only_required_fields(3);
    write_committing(*store, [&](DbTransaction& db) {
        db.save_approved_legal_address(earlier);
        db.save_approved_legal_address(of_second);
    });

    write_committing(*store, [&](DbTransaction& db) { db.save_approved_legal_address(later); });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_approved_legal_address(first.payment.id), later);
        EXPECT_EQ(db.find_approved_legal_address(second.payment.id), of_second);
    });
}

TEST_P(StoreContract, PayerInputsRoundTripWithAndWithoutEmail) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto first = insert_payment_with_transactions(*store, 1, 0);
    const auto second = insert_payment_with_transactions(*store, 2, 0);
    const domain::PayerInput with_email = payer_input_with_every_field(1, first.payment.id);
    const domain::PayerInput without_email =
        payer_input_with_only_required_fields(2, second.payment.id);
    write_committing(*store, [&](DbTransaction& db) {
        db.save_payer_input(with_email);
        db.save_payer_input(without_email);
    });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_payer_input(first.payment.id), with_email);
        EXPECT_EQ(db.find_payer_input(second.payment.id), without_email);
    });
}

TEST_P(StoreContract, SavingAPayerInputAgainReplacesOnlyThatPaymentsInput) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto first = insert_payment_with_transactions(*store, 1, 0);
    const auto second = insert_payment_with_transactions(*store, 2, 0);
    const domain::PayerInput earlier = payer_input_with_every_field(1, first.payment.id);
    const domain::PayerInput of_second = payer_input_with_every_field(2, second.payment.id);
    const domain::PayerInput later = payer_input_with_only_required_fields(3, first.payment.id);
    write_committing(*store, [&](DbTransaction& db) {
        db.save_payer_input(earlier);
        db.save_payer_input(of_second);
    });

    write_committing(*store, [&](DbTransaction& db) { db.save_payer_input(later); });
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_payer_input(first.payment.id), later);
        EXPECT_EQ(db.find_payer_input(second.payment.id), of_second);
    });

    // And back: an email that was absent comes back.
    write_committing(*store, [&](DbTransaction& db) { db.save_payer_input(earlier); });
    store->read([&](DbReader& db) { EXPECT_EQ(db.find_payer_input(first.payment.id), earlier); });
}

TEST_P(StoreContract, ASettingKeepsTheFirstValueInsertedUnderItsName) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_TRUE(db.insert_setting_if_absent("csrf_secret", "first"));
        EXPECT_FALSE(db.insert_setting_if_absent("csrf_secret", "second"));
        EXPECT_TRUE(db.insert_setting_if_absent("other", ""));
        EXPECT_EQ(db.find_setting("csrf_secret"), "first");
    });
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_FALSE(db.insert_setting_if_absent("csrf_secret", "third"));
        EXPECT_TRUE(db.insert_setting_if_absent("CSRF_SECRET", "names are exact text"));
    });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_setting("csrf_secret"), "first");
        EXPECT_EQ(db.find_setting("other"), "");
        EXPECT_EQ(db.find_setting("CSRF_SECRET"), "names are exact text");
    });
}

// What server processes starting at once do: each inserts its own candidate, then uses what is
// stored. Exactly one insert wins, and every writer then reads the winner's value.
TEST_P(StoreContract, ConcurrentFirstInsertsOfASettingAgreeOnOneValue) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    constexpr int thread_count = 8;
    std::vector<int> inserted(thread_count, 0);
    std::vector<std::optional<std::string>> used(thread_count);
    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            const auto index = static_cast<std::size_t>(t);
            start.arrive_and_wait();
            write_committing(*store, [&](DbTransaction& db) {
                inserted[index] =
                    db.insert_setting_if_absent("csrf_secret", "candidate-" + std::to_string(t));
            });
            store->read([&](DbReader& db) { used[index] = db.find_setting("csrf_secret"); });
        });
    }
    for (std::thread& thread : threads) thread.join();

    int winners = 0;
    std::string winner_value;
    for (int t = 0; t < thread_count; ++t) {
        if (inserted[static_cast<std::size_t>(t)] != 0) {
            ++winners;
            winner_value = "candidate-" + std::to_string(t);
        }
    }
    ASSERT_EQ(winners, 1);
    for (int t = 0; t < thread_count; ++t) {
        EXPECT_EQ(used[static_cast<std::size_t>(t)], winner_value) << "writer " << t;
    }
}

TEST_P(StoreContract, AuthorizationDetailsRoundTripWithAndWithoutOptionalFields) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto inserted = insert_payment_with_transactions(*store, 1, 4);
    const std::string& payment_id = inserted.payment.id;
    const auto transaction_id = [&](std::size_t index) { return inserted.transactions[index].id; };
    const domain::AuthorizationDetails full =
        authorization_details_with_every_field(1, transaction_id(0), payment_id);
    const domain::AuthorizationDetails required =
        authorization_details_with_only_required_fields(2, transaction_id(1), payment_id);
    domain::AuthorizationDetails billing_without_co_address =
        authorization_details_with_every_field(3, transaction_id(2), payment_id);
    billing_without_co_address.billing_address = address_with_only_required_fields(3);
    billing_without_co_address.legal_address.co_address.reset();
    domain::AuthorizationDetails consumer_full_no_billing =
        authorization_details_with_every_field(4, transaction_id(3), payment_id);
    consumer_full_no_billing.billing_address.reset();
    const std::vector<domain::AuthorizationDetails> all{full, required, billing_without_co_address,
                                                        consumer_full_no_billing};
    write_committing(*store, [&](DbTransaction& db) {
        for (const auto& details : all) db.insert_authorization_details(details);
    });

    store->read([&](DbReader& db) {
        for (const auto& details : all) {
            EXPECT_EQ(db.find_authorization_details(details.transaction_id), details);
        }
    });
}

TEST_P(StoreContract, PayerTokensOfEitherKindRoundTripEveryField) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto inserted = insert_payment_with_transactions(*store, 1, 1);
    const auto token_of = [&](std::int64_t n, domain::PayerTokenKind kind) {
        return payer_token_with_every_field(n, kind, payee_id, inserted.payment.id,
                                            inserted.transactions[0].id);
    };
    const domain::PayerToken payment_token = token_of(1, domain::PayerTokenKind::payment);
    domain::PayerToken recurrence_token = token_of(2, domain::PayerTokenKind::recurrence);
    recurrence_token.is_deleted = false;
    recurrence_token.currency = domain::Currency::sek;
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payer_token(payment_token);
        db.insert_payer_token(recurrence_token);
    });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_payer_token(payment_token.token), payment_token);
        EXPECT_EQ(db.find_payer_token(recurrence_token.token), recurrence_token);
        EXPECT_EQ(db.find_payer_token(support::guid_numbered(7000 + 404)), std::nullopt);
    });
}

TEST_P(StoreContract, UpdatePayerTokenReplacesEveryField) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto inserted = insert_payment_with_transactions(*store, 1, 2);
    const domain::PayerToken original =
        payer_token_with_every_field(1, domain::PayerTokenKind::recurrence, payee_id,
                                     inserted.payment.id, inserted.transactions[0].id);
    const domain::PayerToken changed{
        .token = original.token,
        .kind = domain::PayerTokenKind::payment,
        .payee_id = support::guid_numbered(2),
        .payment_id = support::guid_numbered(3),
        .transaction_id = inserted.transactions[1].id,
        .currency = domain::Currency::nok,
        .invoice_type = domain::InvoiceType::payex_financing_no,
        .created_at = domain::Timestamp{42},
        .is_deleted = false,
        .deleted_at = std::nullopt,
        .deletion_comment = std::nullopt,
    };
    write_committing(*store, [&](DbTransaction& db) { db.insert_payer_token(original); });

    write_committing(*store, [&](DbTransaction& db) { db.update_payer_token(changed); });
    store->read([&](DbReader& db) { EXPECT_EQ(db.find_payer_token(original.token), changed); });

    write_committing(*store, [&](DbTransaction& db) { db.update_payer_token(original); });
    store->read([&](DbReader& db) { EXPECT_EQ(db.find_payer_token(original.token), original); });
}

TEST_P(StoreContract, InvoicesRoundTripEveryReferenceKindWithAndWithoutRfReference) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto inserted = insert_payment_with_transactions(*store, 1, 6);
    std::vector<domain::Invoice> invoices;
    for (const auto kind : {domain::PaymentReferenceKind::kid, domain::PaymentReferenceKind::ocr,
                            domain::PaymentReferenceKind::finnish_reference}) {
        for (const std::optional<std::string>& rf_reference :
             {std::optional<std::string>{}, std::optional<std::string>{"RF18539007547034"}}) {
            const std::size_t index = invoices.size();
            invoices.push_back(invoice_with_every_field(
                static_cast<std::int64_t>(index), inserted.transactions[index].id,
                inserted.payment.id, payment_reference_of(kind, rf_reference)));
        }
    }
    write_committing(*store, [&](DbTransaction& db) {
        for (const domain::Invoice& invoice : invoices) db.insert_invoice(invoice);
    });

    store->read([&](DbReader& db) {
        for (const domain::Invoice& invoice : invoices) {
            EXPECT_EQ(db.find_invoice(invoice.transaction_id), invoice)
                << "invoice " << invoice.invoice_number;
        }
    });
}

TEST_P(StoreContract, CreditNotesRoundTripAndListByNumberPerPayment) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto one = insert_payment_with_transactions(*store, 1, 3);
    const auto other = insert_payment_with_transactions(*store, 2, 1);
    const auto note = [](const PaymentWithTransactions& of, std::size_t reversal,
                         std::int64_t number, std::int32_t rate) {
        return domain::CreditNote{
            .transaction_id = of.transactions[reversal].id,
            .payment_id = of.payment.id,
            .credit_note_number = number,
            .issue_date = domain::CivilDate{2026, 12, static_cast<int>(number % 28) + 1},
            .credited_transaction_id = of.transactions[0].id,
            .credited_invoice_number = 10'000'001,
            .vat_line = {domain::Amount{12'500}, domain::VatRate{rate}, domain::Amount{2'500}},
        };
    };
    const domain::CreditNote later = note(one, 2, 10'000'009, 2500);
    const domain::CreditNote earlier = note(one, 1, 10'000'003, 1200);
    const domain::CreditNote of_other = note(other, 0, 10'000'005, 0);
    write_committing(*store, [&](DbTransaction& db) {
        for (const auto& credit_note : {later, earlier, of_other})
            db.insert_credit_note(credit_note);
    });
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_credit_note(later.transaction_id), later);
        EXPECT_EQ(db.list_credit_notes(one.payment.id),
                  (std::vector<domain::CreditNote>{earlier, later}));
        EXPECT_EQ(db.list_credit_notes(other.payment.id),
                  std::vector<domain::CreditNote>{of_other});
        EXPECT_EQ(db.find_credit_note(one.transactions[0].id), std::nullopt);
    });
    EXPECT_THROW(write_committing(*store, [&](DbTransaction& db) { db.insert_credit_note(later); }),
                 StoreError);
}

TEST_P(StoreContract, InvoicesListByNumberPerPayment) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto inserted = insert_payment_with_transactions(*store, 1, 2);
    const domain::Invoice second = invoice_with_every_field(
        7, inserted.transactions[1].id, inserted.payment.id,
        payment_reference_of(domain::PaymentReferenceKind::ocr, std::nullopt));
    const domain::Invoice first = invoice_with_every_field(
        3, inserted.transactions[0].id, inserted.payment.id,
        payment_reference_of(domain::PaymentReferenceKind::ocr, std::nullopt));
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_invoice(second);
        db.insert_invoice(first);
    });
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.list_invoices(inserted.payment.id),
                  (std::vector<domain::Invoice>{first, second}));
        EXPECT_TRUE(db.list_invoices(support::guid_numbered(77)).empty());
    });
}

// Settlement reads one payee's completed captures and reversals in [from, to), by time.
TEST_P(StoreContract, SettledTransactionsAreThePayeesCompletedCapturesAndReversalsInTheWindow) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment mine = payment_with_every_field(1, payee_id);
    const domain::Payment theirs = payment_with_every_field(2, support::guid_numbered(2));
    const domain::Timestamp from{16'000'000'000'000'000};
    const domain::Timestamp to{16'000'864'000'000'000};
    std::int64_t n = 0;
    const auto transaction = [&](const domain::Payment& of, domain::TransactionType type,
                                 domain::TransactionState state, domain::Timestamp at) {
        domain::Transaction made = transaction_with_only_required_fields(++n, of.id);
        made.type = type;
        made.state = state;
        made.created_at = at;
        made.number = 1000 - n;  // Numbers against time: the order must come from the time.
        return made;
    };
    using enum domain::TransactionType;
    using enum domain::TransactionState;
    const domain::Transaction capture_late =
        transaction(mine, capture, completed, {to.unix_100ns - 1});
    const domain::Transaction capture_early = transaction(mine, capture, completed, from);
    const domain::Transaction reversed =
        transaction(mine, reversal, completed, {from.unix_100ns + 5});
    const std::vector<domain::Transaction> left_out = {
        transaction(mine, capture, completed, {from.unix_100ns - 1}),  // Before the window.
        transaction(mine, capture, completed, to),                     // Its end is excluded.
        transaction(mine, capture, failed, {from.unix_100ns + 7}),
        transaction(mine, authorization, completed, {from.unix_100ns + 8}),
        transaction(mine, cancellation, completed, {from.unix_100ns + 9}),
        transaction(theirs, capture, completed, {from.unix_100ns + 10}),  // Another payee's.
    };
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payment(mine);
        db.insert_payment(theirs);
        for (const auto& made : {capture_late, capture_early, reversed})
            db.insert_transaction(made);
        for (const auto& made : left_out) db.insert_transaction(made);
    });
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.list_settled_transactions(payee_id, from, to),
                  (std::vector<domain::Transaction>{capture_early, reversed, capture_late}));
        EXPECT_TRUE(db.list_settled_transactions(support::guid_numbered(3), from, to).empty());
    });
}

TEST_P(StoreContract, InvoicesRoundTripWithoutLinesAndWithDatesAtTheEdgesOfTheirFields) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto inserted = insert_payment_with_transactions(*store, 1, 2);
    domain::Invoice without_lines =
        invoice_with_every_field(1, inserted.transactions[0].id, inserted.payment.id,
                                 payment_reference_of(domain::PaymentReferenceKind::ocr));
    without_lines.item_descriptions.clear();
    without_lines.vat_summary.clear();
    domain::Invoice edge_dates =
        invoice_with_every_field(2, inserted.transactions[1].id, inserted.payment.id,
                                 payment_reference_of(domain::PaymentReferenceKind::kid));
    edge_dates.issue_date = domain::CivilDate{.year = 999, .month = 12, .day = 31};
    edge_dates.due_date = domain::CivilDate{.year = 9999, .month = 1, .day = 1};
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_invoice(without_lines);
        db.insert_invoice(edge_dates);
    });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_invoice(without_lines.transaction_id), without_lines);
        EXPECT_EQ(db.find_invoice(edge_dates.transaction_id), edge_dates);
    });
}

TEST_P(StoreContract, InsertingPayerDataOrAnInvoiceTwiceIsAStoreError) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const auto inserted = insert_payment_with_transactions(*store, 1, 1);
    const std::string& transaction_id = inserted.transactions[0].id;
    const auto details =
        authorization_details_with_every_field(1, transaction_id, inserted.payment.id);
    const auto token = payer_token_with_every_field(1, domain::PayerTokenKind::payment, payee_id,
                                                    inserted.payment.id, transaction_id);
    const auto invoice =
        invoice_with_every_field(1, transaction_id, inserted.payment.id,
                                 payment_reference_of(domain::PaymentReferenceKind::ocr));
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_authorization_details(details);
        db.insert_payer_token(token);
        db.insert_invoice(invoice);
    });

    EXPECT_THROW(write_committing(
                     *store, [&](DbTransaction& db) { db.insert_authorization_details(details); }),
                 StoreError);
    EXPECT_THROW(write_committing(*store, [&](DbTransaction& db) { db.insert_payer_token(token); }),
                 StoreError);
    EXPECT_THROW(write_committing(*store, [&](DbTransaction& db) { db.insert_invoice(invoice); }),
                 StoreError);
}

TEST_P(StoreContract, InvoiceSequencesStartAtOneAndAreIndependentPerPayee) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const std::string other_payee_id = support::guid_numbered(2);
    std::vector<std::int64_t> of_payee;
    std::vector<std::int64_t> of_other;
    write_committing(*store, [&](DbTransaction& db) {
        of_payee.push_back(db.next_invoice_sequence(payee_id));
        of_payee.push_back(db.next_invoice_sequence(payee_id));
        of_other.push_back(db.next_invoice_sequence(other_payee_id));
    });
    write_committing(*store, [&](DbTransaction& db) {
        of_payee.push_back(db.next_invoice_sequence(payee_id));
        of_other.push_back(db.next_invoice_sequence(other_payee_id));
        db.next_number();  // The shared number sequence is a different series.
        of_payee.push_back(db.next_invoice_sequence(payee_id));
    });

    EXPECT_EQ(of_payee, (std::vector<std::int64_t>{1, 2, 3, 4}));
    EXPECT_EQ(of_other, (std::vector<std::int64_t>{1, 2}));
}

// Enough writers that many share a commit, on two payees: each payee's values must be exactly
// 1..N (all writes commit, so there is no reason for a gap) and increase within every thread.
TEST_P(StoreContract, ConcurrentWritersNeverShareAnInvoiceSequenceValue) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    constexpr int thread_count = 16;
    constexpr int writes_per_thread = 20;
    const std::vector<std::string> payee_ids{payee_id, support::guid_numbered(2)};
    const auto payee_of = [&](int t) { return payee_ids[static_cast<std::size_t>(t % 2)]; };
    std::vector<std::vector<std::int64_t>> values(thread_count);
    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            for (int i = 0; i < writes_per_thread; ++i) {
                write_committing(*store, [&](DbTransaction& db) {
                    values[static_cast<std::size_t>(t)].push_back(
                        db.next_invoice_sequence(payee_of(t)));
                });
            }
        });
    }
    for (std::thread& thread : threads) thread.join();

    for (std::size_t p = 0; p < payee_ids.size(); ++p) {
        std::multiset<std::int64_t> of_payee;
        for (int t = static_cast<int>(p); t < thread_count; t += 2) {
            const auto& of_thread = values[static_cast<std::size_t>(t)];
            for (std::size_t i = 1; i < of_thread.size(); ++i) {
                EXPECT_LT(of_thread[i - 1], of_thread[i]) << "a thread's values must increase";
            }
            of_payee.insert(of_thread.begin(), of_thread.end());
        }
        std::multiset<std::int64_t> one_to_n;
        for (int value = 1; value <= thread_count / 2 * writes_per_thread; ++value) {
            one_to_n.insert(value);
        }
        EXPECT_EQ(of_payee, one_to_n) << "payee " << p;
    }
}

TEST_P(StoreContract, FindPaymentForUpdateReadsThePaymentOrNothing) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });

    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_EQ(db.find_payment_for_update(payment.id), payment);
        EXPECT_EQ(db.find_payment_for_update(support::guid_numbered(404)), std::nullopt);
    });
}

// A payment whose money rules allow `captures` captures of 1: authorized far above that.
domain::Payment payment_to_capture_from(std::int64_t captures) {
    domain::Payment payment = payment_with_only_required_fields(1, payee_id);
    payment.authorized = domain::Amount{captures * 10};
    payment.authorization_completed = true;
    return payment;
}

// The read-decide-update every use case does, from many threads at once: each job reads the
// payment for update, adds 1 to captured and writes it back. A backend that let two jobs read the
// same captured value would lose one of the additions.
TEST_P(StoreContract, ConcurrentReadDecideUpdatesOfOnePaymentLoseNoUpdate) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    constexpr int thread_count = 8;
    constexpr int updates_per_thread = 25;
    const domain::Payment payment = payment_to_capture_from(thread_count * updates_per_thread);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });

    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            for (int i = 0; i < updates_per_thread; ++i) {
                write_committing(*store, [&](DbTransaction& db) {
                    std::optional<domain::Payment> locked = db.find_payment_for_update(payment.id);
                    if (!locked) throw std::logic_error("the payment is gone");
                    locked->captured += domain::Amount{1};
                    db.update_payment(*locked);
                });
            }
        });
    }
    for (std::thread& thread : threads) thread.join();

    EXPECT_EQ(find_payment(*store, payment.id)->captured,
              domain::Amount{thread_count * updates_per_thread});
}

// As above, but each job changes the payment twice and adds a capture transaction between, while
// readers check that captured, the capture count and the transaction list always agree: a read
// sees a job's changes all or none, never half.
TEST_P(StoreContract, ReadsNeverSeeHalfOfAReadDecideUpdate) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    constexpr int writer_count = 4;
    constexpr int reader_count = 2;
    constexpr int updates_per_writer = 25;
    const domain::Payment payment = payment_to_capture_from(writer_count * updates_per_writer);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });

    std::atomic<int> writers_done = 0;
    std::atomic<int> reads = 0;
    std::latch start(writer_count + reader_count);
    std::vector<std::thread> threads;
    for (int w = 0; w < writer_count; ++w) {
        threads.emplace_back([&, w] {
            start.arrive_and_wait();
            for (int i = 0; i < updates_per_writer; ++i) {
                write_committing(*store, [&](DbTransaction& db) {
                    std::optional<domain::Payment> locked = db.find_payment_for_update(payment.id);
                    if (!locked) throw std::logic_error("the payment is gone");
                    locked->captured += domain::Amount{1};
                    db.update_payment(*locked);
                    domain::Transaction capture =
                        transaction_with_only_required_fields(1000 * (w + 1) + i, payment.id);
                    capture.type = domain::TransactionType::capture;
                    capture.number = db.next_number();
                    db.insert_transaction(capture);
                    locked->transaction_counts.captures += 1;
                    db.update_payment(*locked);
                });
            }
            ++writers_done;
        });
    }
    for (int r = 0; r < reader_count; ++r) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            std::int64_t last_seen = 0;
            // One more read after the last write, so every reader also sees the end state.
            for (bool last = false; !last;) {
                last = writers_done == writer_count;
                store->read([&](DbReader& db) {
                    const std::optional<domain::Payment> seen = db.find_payment(payment.id);
                    const std::size_t captures = db.list_transactions(payment.id).size();
                    ASSERT_TRUE(seen.has_value());
                    EXPECT_EQ(seen->captured.minor, seen->transaction_counts.captures);
                    EXPECT_EQ(static_cast<std::size_t>(seen->captured.minor), captures);
                    EXPECT_GE(seen->captured.minor, last_seen) << "a read went back in time";
                    last_seen = seen->captured.minor;
                });
                ++reads;
            }
        });
    }
    for (std::thread& thread : threads) thread.join();

    const std::optional<domain::Payment> final_payment = find_payment(*store, payment.id);
    ASSERT_TRUE(final_payment.has_value());
    EXPECT_EQ(final_payment->captured, domain::Amount{writer_count * updates_per_writer});
    EXPECT_EQ(final_payment->transaction_counts.captures, writer_count * updates_per_writer);
    EXPECT_GT(reads.load(), reader_count);
}

TEST_P(StoreContract, PayeeReferenceCanBeReservedOncePerPayee) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const std::string other_payee_id = support::guid_numbered(2);
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_TRUE(db.reserve_payee_reference(payee_id, "order-1"));
        EXPECT_FALSE(db.reserve_payee_reference(payee_id, "order-1"));
        EXPECT_TRUE(db.reserve_payee_reference(other_payee_id, "order-1"));
        EXPECT_TRUE(db.reserve_payee_reference(payee_id, "order-2"));
    });
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_FALSE(db.reserve_payee_reference(payee_id, "order-1"));
        EXPECT_FALSE(db.reserve_payee_reference(other_payee_id, "order-1"));
        EXPECT_TRUE(db.reserve_payee_reference(payee_id, "ORDER-1")) << "references are exact text";
    });
}

TEST_P(StoreContract, RolledBackWorkLeavesNoTrace) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    const domain::Transaction transaction = transaction_with_every_field(1, payment.id);
    const auto details = authorization_details_with_every_field(1, transaction.id, payment.id);
    const auto token = payer_token_with_every_field(1, domain::PayerTokenKind::payment, payee_id,
                                                    payment.id, transaction.id);
    const auto invoice = invoice_with_every_field(
        1, transaction.id, payment.id, payment_reference_of(domain::PaymentReferenceKind::ocr));
    store->write([&](DbTransaction& db) {
        db.insert_merchant(merchant_with_every_field(1));
        db.insert_payment(payment);
        db.reserve_payee_reference(payee_id, "order-1");
        db.next_number();
        db.insert_transaction(transaction);
        db.save_approved_legal_address(approved_legal_address_of(1, payment.id));
        db.insert_authorization_details(details);
        db.insert_payer_token(token);
        db.insert_invoice(invoice);
        db.next_invoice_sequence(payee_id);
        db.save_payer_input(payer_input_with_every_field(1, payment.id));
        db.insert_setting_if_absent("csrf_secret", "rolled back");
        return WorkOutcome::roll_back;
    });

    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_payment(payment.id), std::nullopt);
        EXPECT_TRUE(db.list_merchants().empty());
        EXPECT_EQ(db.find_approved_legal_address(payment.id), std::nullopt);
        EXPECT_EQ(db.find_authorization_details(transaction.id), std::nullopt);
        EXPECT_EQ(db.find_payer_token(token.token), std::nullopt);
        EXPECT_EQ(db.find_invoice(transaction.id), std::nullopt);
        EXPECT_EQ(db.find_payer_input(payment.id), std::nullopt);
        EXPECT_EQ(db.find_setting("csrf_secret"), std::nullopt);
    });
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_TRUE(db.reserve_payee_reference(payee_id, "order-1"));
    });
}

TEST_P(StoreContract, ThrowingWorkLeavesNoTraceAndItsExceptionReachesTheCaller) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    EXPECT_THROW(store->write([&](DbTransaction& db) -> WorkOutcome {
        db.insert_payment(payment);
        db.reserve_payee_reference(payee_id, "order-1");
        throw WorkFailed("decided to fail");
    }),
                 WorkFailed);

    EXPECT_EQ(find_payment(*store, payment.id), std::nullopt);
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_TRUE(db.reserve_payee_reference(payee_id, "order-1"));
    });
}

TEST_P(StoreContract, DuplicatePaymentIdIsAStoreErrorThatUndoesOnlyItsOwnWork) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    const domain::Payment payment = payment_with_every_field(1, payee_id);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });

    domain::Payment duplicate = payment_with_every_field(2, payee_id);
    duplicate.id = payment.id;
    EXPECT_THROW(write_committing(*store,
                                  [&](DbTransaction& db) {
                                      db.reserve_payee_reference(payee_id, "order-1");
                                      db.insert_payment(duplicate);
                                  }),
                 StoreError);

    EXPECT_EQ(find_payment(*store, payment.id), payment);
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_TRUE(db.reserve_payee_reference(payee_id, "order-1"));
    });
}

// Enough concurrent writers that some share a commit: each job's outcome must hold for itself only.
TEST_P(StoreContract, ConcurrentJobsCommitRollBackOrThrowIndependently) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    constexpr int thread_count = 32;
    enum class Plan { commit, roll_back, throw_exception };
    const auto plan_of = [](int t) { return static_cast<Plan>(t % 3); };
    std::atomic<int> exceptions_caught = 0;
    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            try {
                store->write([&](DbTransaction& db) {
                    db.insert_payment(payment_with_every_field(t, payee_id));
                    db.reserve_payee_reference(payee_id, "ref" + std::to_string(t));
                    switch (plan_of(t)) {
                        case Plan::commit:
                            return WorkOutcome::commit;
                        case Plan::roll_back:
                            return WorkOutcome::roll_back;
                        case Plan::throw_exception:
                            throw WorkFailed("planned");
                    }
                    return WorkOutcome::roll_back;
                });
            } catch (const WorkFailed&) {
                ++exceptions_caught;
            }
        });
    }
    for (std::thread& thread : threads) thread.join();

    int expected_exceptions = 0;
    for (int t = 0; t < thread_count; ++t) {
        const auto found = find_payment(*store, support::guid_numbered(t));
        EXPECT_EQ(found.has_value(), plan_of(t) == Plan::commit) << "payment " << t;
        if (plan_of(t) == Plan::throw_exception) ++expected_exceptions;
    }
    EXPECT_EQ(exceptions_caught.load(), expected_exceptions);
    write_committing(*store, [&](DbTransaction& db) {
        for (int t = 0; t < thread_count; ++t) {
            EXPECT_EQ(db.reserve_payee_reference(payee_id, "ref" + std::to_string(t)),
                      plan_of(t) != Plan::commit)
                << "reference " << t;
        }
    });
}

TEST_P(StoreContract, ConcurrentReservationsOfOneReferenceHaveExactlyOneWinner) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    constexpr int thread_count = 16;
    std::atomic<int> winners = 0;
    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            write_committing(*store, [&](DbTransaction& db) {
                if (db.reserve_payee_reference(payee_id, "contested")) ++winners;
            });
        });
    }
    for (std::thread& thread : threads) thread.join();

    EXPECT_EQ(winners.load(), 1);
}

TEST_P(StoreContract, CommittedWritesSurviveClosingAndReopening) {
    const auto backend = GetParam().make();
    if (!backend->outlives_store()) GTEST_SKIP() << "this database lives only as long as its store";
    const domain::Merchant merchant = merchant_with_every_field(1);
    const domain::Payment payment = payment_with_every_field(1, merchant.payee_id);
    const domain::Transaction transaction = transaction_with_every_field(1, payment.id);
    const auto address = approved_legal_address_of(1, payment.id);
    const auto details = authorization_details_with_every_field(1, transaction.id, payment.id);
    const auto token = payer_token_with_every_field(1, domain::PayerTokenKind::recurrence,
                                                    merchant.payee_id, payment.id, transaction.id);
    const auto invoice = invoice_with_every_field(
        1, transaction.id, payment.id,
        payment_reference_of(domain::PaymentReferenceKind::finnish_reference, "RF18539007547034"));
    const auto payer_input = payer_input_with_every_field(1, payment.id);
    {
        const auto store = backend->open();
        write_committing(*store, [&](DbTransaction& db) {
            db.insert_merchant(merchant);
            db.insert_payment(payment);
            db.insert_transaction(transaction);
            db.reserve_payee_reference(merchant.payee_id, "order-1");
            db.next_number();
            db.save_approved_legal_address(address);
            db.insert_authorization_details(details);
            db.insert_payer_token(token);
            db.insert_invoice(invoice);
            db.next_invoice_sequence(merchant.payee_id);
            db.save_payer_input(payer_input);
            db.insert_setting_if_absent("csrf_secret", "kept");
        });
    }

    const auto store = backend->open();
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_merchant(merchant.payee_id), merchant);
        EXPECT_EQ(db.find_payment(payment.id), payment);
        EXPECT_EQ(db.list_transactions(payment.id), std::vector<domain::Transaction>{transaction});
        EXPECT_EQ(db.find_approved_legal_address(payment.id), address);
        EXPECT_EQ(db.find_authorization_details(transaction.id), details);
        EXPECT_EQ(db.find_payer_token(token.token), token);
        EXPECT_EQ(db.find_invoice(transaction.id), invoice);
        EXPECT_EQ(db.find_payer_input(payment.id), payer_input);
        EXPECT_EQ(db.find_setting("csrf_secret"), "kept");
    });
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_FALSE(db.insert_setting_if_absent("csrf_secret", "after reopening"));
        EXPECT_FALSE(db.reserve_payee_reference(merchant.payee_id, "order-1"));
        EXPECT_EQ(db.next_number(), 41100000002);
        EXPECT_EQ(db.next_invoice_sequence(merchant.payee_id), 2);
    });
}

TEST_P(StoreContract, ReadRethrowsTheWorksException) {
    const auto backend = GetParam().make();
    const auto store = backend->open();
    EXPECT_THROW(store->read([](DbReader&) { throw WorkFailed("from a read"); }), WorkFailed);
    // The store is still usable afterwards.
    store->read([](DbReader& db) { EXPECT_TRUE(db.list_merchants().empty()); });
}

// Every backend that exists in this build. PostgreSQL is an instantiation of its own, so that its
// suite (Postgres/StoreContract) is one ctest test that can require the throw-away server ctest
// starts (tests/storage/CMakeLists.txt) while the SQLite suite needs none; each of its tests gets
// a fresh schema in the database at FAKTURA_TEST_POSTGRES_URL, and it skips when that is unset.
INSTANTIATE_TEST_SUITE_P(
    Backends, StoreContract,
    ::testing::Values(
        BackendCase{"sqlite_memory", [] { return std::make_unique<SqliteMemoryBackend>(); }},
        BackendCase{"sqlite_file", [] { return std::make_unique<SqliteFileBackend>(); }}),
    [](const ::testing::TestParamInfo<BackendCase>& backend) { return backend.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Postgres, StoreContract,
    ::testing::Values(BackendCase{"postgres", [] { return std::make_unique<PostgresBackend>(); },
                                  postgres::testing::postgres_skip_reason}),
    [](const ::testing::TestParamInfo<BackendCase>& backend) { return backend.param.name; });

}  // namespace
}  // namespace faktura::storage
