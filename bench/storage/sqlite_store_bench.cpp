// SqliteStore on a temporary file: create-payment and capture writes through write() from 1 and 16
// threads (the group commit effect) and find_payment through read(). CPU time is the whole
// process's, so it includes the writer thread's work per row.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "storage/sqlite/sqlite_store.hpp"
#include "support/storage_builders.hpp"

namespace faktura::storage {
namespace {

using sqlite::SqliteOptions;
using sqlite::SqliteStore;

// Shared by the threads of one benchmark run; made in Setup, destroyed in Teardown.
std::unique_ptr<support::TemporaryDirectory> directory;
std::unique_ptr<SqliteStore> store;
std::atomic<std::int64_t> payments_inserted = 0;

const std::string payee_id = support::guid_numbered(1);

void open_store(const benchmark::State&) {
    directory = std::make_unique<support::TemporaryDirectory>();
    store = SqliteStore::open((directory->path() / "faktura.db").string());
    payments_inserted = 0;
}

// No file, so no fsync: what is left is the CPU cost of SQLite, the row mapping and the hand-over
// to the writer thread.
void open_memory_store(const benchmark::State&) {
    store = SqliteStore::open(":memory:");
    payments_inserted = 0;
}

// As the two above, but every write draws its number by updating the sequence row, as before
// numbers were reserved in blocks (docs/decisions/0010-numbers.md): the price of that row.
void open_store_drawing_in_each_write(const benchmark::State&) {
    directory = std::make_unique<support::TemporaryDirectory>();
    store = SqliteStore::open((directory->path() / "faktura.db").string(),
                              {.numbers_per_reservation = 0});
    payments_inserted = 0;
}

void open_memory_store_drawing_in_each_write(const benchmark::State&) {
    store = SqliteStore::open(":memory:", {.numbers_per_reservation = 0});
    payments_inserted = 0;
}

void close_store(const benchmark::State&) {
    store.reset();
    directory.reset();
}

// The shape of a create-payment request: a number, a payee reference and the payment row.
void create_payment(std::int64_t n) {
    domain::Payment payment = support::payment_with_every_field(n, payee_id);
    store->write([&](DbTransaction& db) {
        payment.number = db.next_number();
        if (!db.reserve_payee_reference(payee_id, payment.payee_info.payee_reference)) {
            return WorkOutcome::roll_back;
        }
        db.insert_payment(payment);
        return WorkOutcome::commit;
    });
}

void BM_CreatePayment(benchmark::State& state) {
    for (auto _ : state) create_payment(++payments_inserted);
    state.SetItemsProcessed(state.iterations());
    if (state.thread_index() == 0) {
        const SqliteStore::Statistics statistics = store->statistics();
        state.counters["jobs_per_commit"] =
            statistics.commits == 0
                ? 0.0
                : static_cast<double>(statistics.jobs) / static_cast<double>(statistics.commits);
    }
}
BENCHMARK(BM_CreatePayment)
    ->Setup(open_store)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(16)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// The group commit's cap on jobs per batch (SqliteOptions::batch_jobs_max) with 64 writers, as
// many as the HTTP benchmark's connections: where throughput stops growing with the cap is where
// the default belongs (docs/decisions/0019-event-driven-request-path.md).
void open_store_with_batch_cap(const benchmark::State& state) {
    directory = std::make_unique<support::TemporaryDirectory>();
    store = SqliteStore::open((directory->path() / "faktura.db").string(),
                              {.batch_jobs_max = static_cast<std::size_t>(state.range(0))});
    payments_inserted = 0;
}

void BM_CreatePaymentBatchCap(benchmark::State& state) { BM_CreatePayment(state); }
BENCHMARK(BM_CreatePaymentBatchCap)
    ->Setup(open_store_with_batch_cap)
    ->Teardown(close_store)
    ->Arg(1)
    ->Arg(4)
    ->Arg(16)
    ->Arg(64)
    ->Arg(256)
    ->Threads(64)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

void BM_CreatePaymentInMemory(benchmark::State& state) { BM_CreatePayment(state); }
BENCHMARK(BM_CreatePaymentInMemory)
    ->Setup(open_memory_store)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(16)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

void BM_CreatePaymentDrawingInEachWrite(benchmark::State& state) { BM_CreatePayment(state); }
BENCHMARK(BM_CreatePaymentDrawingInEachWrite)
    ->Setup(open_store_drawing_in_each_write)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(16)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

void BM_CreatePaymentInMemoryDrawingInEachWrite(benchmark::State& state) {
    BM_CreatePayment(state);
}
BENCHMARK(BM_CreatePaymentInMemoryDrawingInEachWrite)
    ->Setup(open_memory_store_drawing_in_each_write)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(16)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// The shape of a capture: a number, the capture transaction, the payee's next invoice number and
// the invoice row (JSON lines, ISO dates), all on one payment.
void open_store_with_one_payment(const benchmark::State& state) {
    open_store(state);
    create_payment(1);
}

void BM_CaptureWithInvoice(benchmark::State& state) {
    const std::string payment_id = support::guid_numbered(1);
    for (auto _ : state) {
        const std::int64_t n = ++payments_inserted;
        domain::Transaction capture = support::transaction_with_every_field(n, payment_id);
        domain::Invoice invoice = support::invoice_with_every_field(
            n, capture.id, payment_id,
            support::payment_reference_of(domain::PaymentReferenceKind::ocr));
        store->write([&](DbTransaction& db) {
            capture.number = db.next_number();
            db.insert_transaction(capture);
            invoice.invoice_number = db.next_invoice_sequence(payee_id);
            db.insert_invoice(invoice);
            return WorkOutcome::commit;
        });
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CaptureWithInvoice)
    ->Setup(open_store_with_one_payment)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(16)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

constexpr std::int64_t payments_to_find = 1000;

void open_store_with_payments(const benchmark::State& state) {
    open_store(state);
    for (std::int64_t n = 1; n <= payments_to_find; ++n) create_payment(n);
}

void BM_FindPayment(benchmark::State& state) {
    std::int64_t n = state.thread_index();
    for (auto _ : state) {
        const std::string id = support::guid_numbered(n++ % payments_to_find + 1);
        std::optional<domain::Payment> found;
        store->read([&](DbReader& db) { found = db.find_payment(id); });
        benchmark::DoNotOptimize(found);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindPayment)
    ->Setup(open_store_with_payments)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
}  // namespace faktura::storage
