// PostgresStore: a pool of threads, each owning one connection, that run the callers' reads and
// writes while the callers wait through runtime::Event (a fiber suspends, its io thread serves
// others; a plain thread blocks). Rules kept here: a write is BEGIN … COMMIT on one connection and
// is run again only after PostgreSQL rolled it back (40001, 40P01); a lost connection fails the
// call it was serving and is replaced on its next use; nothing is committed that a statement of
// the work failed in.
#include "storage/postgres/postgres_store.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "runtime/fiber.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/db_transaction.hpp"
#include "storage/postgres/number_reserve.hpp"
#include "storage/postgres/schema.hpp"

namespace faktura::storage::postgres {
namespace {

using WriteWork = std::function<WorkOutcome(DbTransaction& db)>;
using ReadWork = std::function<void(DbReader& db)>;

// Explicit, so a server whose default_transaction_isolation differs changes nothing here.
constexpr std::string_view begin_write_sql = "BEGIN ISOLATION LEVEL READ COMMITTED";
constexpr std::string_view begin_read_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
constexpr std::string_view commit_sql = "COMMIT";
constexpr std::string_view rollback_sql = "ROLLBACK";
constexpr std::string_view probe_sql = "SELECT 1";

// How long a successful call vouches for the server in health().
constexpr std::chrono::seconds health_fresh_for{1};

// The store whose pool thread this is, if any: its work calling write() or read() of the same
// store would wait for a pool thread while holding one.
thread_local const void* store_of_this_thread = nullptr;

std::string description_of(const std::exception_ptr& error) {
    if (!error) return "";
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& exception) {
        return exception.what();
    } catch (...) {  // Only describes.
        return "an exception that is not a std::exception";
    }
}

// 1, 2, 4, 8, 16 ms after the 1st, 2nd, … failed try, capped there, each a random time between
// half of that and all of it, so writes that collided do not collide again in step.
void back_off(int attempt) {
    thread_local std::minstd_rand random{std::random_device{}()};
    const int shift = std::clamp(attempt - 1, 0, 4);
    const std::chrono::microseconds most{1000 << shift};
    std::uniform_int_distribution<std::int64_t> pick(most.count() / 2, most.count());
    std::this_thread::sleep_for(std::chrono::microseconds{pick(random)});
}

}  // namespace

class PostgresStore::Impl {
  public:
    Impl(const std::string& url, PostgresOptions options, std::unique_ptr<Connection> first);
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void write(const WriteWork& work);
    void read(const ReadWork& work);
    std::optional<std::string> health();
    Statistics statistics() const;

  private:
    // One call, on the caller's stack until `done` is notified.
    struct Job {
        const WriteWork* write = nullptr;
        const ReadWork* read = nullptr;  // Neither: a health probe.
        std::exception_ptr error;
        runtime::Event done{};
    };

    void submit(Job& job);
    void serve(std::unique_ptr<Connection> connection);
    void run_job(std::unique_ptr<Connection>& connection, Job& job);
    void run_write(std::unique_ptr<Connection>& connection, const WriteWork& work);
    void run_read(std::unique_ptr<Connection>& connection, const ReadWork& work);
    Connection& connected(std::unique_ptr<Connection>& connection);
    // After a failure: a connection that is gone is dropped (the next job opens a new one) and
    // health() reports why.
    void drop_if_broken(std::unique_ptr<Connection>& connection, std::string_view why);
    void record_contact(std::optional<std::string> problem);
    void refuse_nested_call(const char* what) const;

    const std::string url_;
    const PostgresOptions options_;
    NumberReserve numbers_;

    std::mutex queue_mutex_;  // Guards queue_ and stopping_.
    std::condition_variable queue_changed_;
    std::deque<Job*> queue_;
    bool stopping_ = false;

    std::mutex health_mutex_;  // Guards the three below.
    std::optional<std::string> problem_;
    std::chrono::steady_clock::time_point last_contact_{};
    bool probing_ = false;

    std::atomic<std::uint64_t> writes_{0};
    std::atomic<std::uint64_t> retries_{0};
    std::atomic<std::uint64_t> connects_{0};

    std::vector<std::thread> threads_;  // Last: they start once every member above is ready.
};

PostgresStore::Impl::Impl(const std::string& url, PostgresOptions options,
                          std::unique_ptr<Connection> first)
    : url_(url), options_(options), numbers_(url, options.numbers_per_reservation) {
    const std::size_t count = std::max<std::size_t>(options.connections, 1);
    connects_.store(1, std::memory_order_relaxed);
    record_contact(std::nullopt);
    threads_.reserve(count);
    // The connection that migrated goes to the first thread; the others connect on first use.
    threads_.emplace_back(
        [this, connection = std::move(first)]() mutable { serve(std::move(connection)); });
    for (std::size_t i = 1; i < count; ++i) threads_.emplace_back([this] { serve(nullptr); });
}

PostgresStore::Impl::~Impl() {
    {
        const std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_changed_.notify_all();
    for (std::thread& thread : threads_) thread.join();
    // After the last write, so no call can still take one of the numbers given back.
    numbers_.give_back();
}

void PostgresStore::Impl::refuse_nested_call(const char* what) const {
    if (store_of_this_thread == this) {
        throw std::logic_error(std::string(what) +
                               " called from inside the work of a write() or read() of the same "
                               "store: it would wait for a connection while holding one");
    }
}

void PostgresStore::Impl::submit(Job& job) {
    {
        const std::lock_guard lock(queue_mutex_);
        if (stopping_) throw StoreError("postgres: the store is closing; the call was not run");
        queue_.push_back(&job);
    }
    queue_changed_.notify_one();
    job.done.wait();
    if (job.error) std::rethrow_exception(job.error);
}

void PostgresStore::Impl::write(const WriteWork& work) {
    refuse_nested_call("write()");
    Job job;
    job.write = &work;
    submit(job);
}

void PostgresStore::Impl::read(const ReadWork& work) {
    refuse_nested_call("read()");
    Job job;
    job.read = &work;
    submit(job);
}

void PostgresStore::Impl::serve(std::unique_ptr<Connection> connection) {
    // Named for top -H and debuggers (at most 15 characters).
    pthread_setname_np(pthread_self(), "faktura-pg");
    store_of_this_thread = this;
    for (;;) {
        Job* job = nullptr;
        {
            std::unique_lock lock(queue_mutex_);
            // Stopping drains the queue first: every caller already waiting gets its answer.
            queue_changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
            if (queue_.empty()) return;
            job = queue_.front();
            queue_.pop_front();
        }
        run_job(connection, *job);
        // After notify the job's owner may return and destroy it: touch it no more.
        job->done.notify();
    }
}

void PostgresStore::Impl::run_job(std::unique_ptr<Connection>& connection, Job& job) {
    // The pool thread's entry point for the caller's work: whatever escapes goes to the caller.
    try {
        if (job.write != nullptr) {
            try {
                run_write(connection, *job.write);
            } catch (...) {
                writes_.fetch_add(1, std::memory_order_relaxed);
                throw;
            }
            writes_.fetch_add(1, std::memory_order_relaxed);
        } else if (job.read != nullptr) {
            run_read(connection, *job.read);
        } else {
            Connection& open = connected(connection);
            try {
                open.execute(probe_sql);
            } catch (const StoreError& error) {
                drop_if_broken(connection, error.what());
                throw;
            }
        }
    } catch (...) {
        job.error = std::current_exception();
    }
    // The server answered (even if with an error of the work's making) unless the connection is
    // gone, which drop_if_broken recorded.
    if (connection) record_contact(std::nullopt);
}

Connection& PostgresStore::Impl::connected(std::unique_ptr<Connection>& connection) {
    if (connection && connection->is_broken()) connection.reset();
    if (!connection) {
        try {
            connection = std::make_unique<Connection>(url_);
        } catch (const StoreError& error) {
            record_contact(error.what());
            throw;
        }
        connects_.fetch_add(1, std::memory_order_relaxed);
    }
    return *connection;
}

void PostgresStore::Impl::drop_if_broken(std::unique_ptr<Connection>& connection,
                                         std::string_view why) {
    if (!connection || !connection->is_broken()) return;
    connection.reset();
    record_contact(std::string(why));
}

void PostgresStore::Impl::record_contact(std::optional<std::string> problem) {
    const std::lock_guard lock(health_mutex_);
    problem_ = std::move(problem);
    last_contact_ = std::chrono::steady_clock::now();
}

void PostgresStore::Impl::run_write(std::unique_ptr<Connection>& connection,
                                    const WriteWork& work) {
    const int attempts = std::max(options_.write_attempts_max, 1);
    for (int attempt = 1;; ++attempt) {
        Connection& open = connected(connection);
        open.forget_failure();
        try {
            open.execute(begin_write_sql);
        } catch (const StoreError& error) {
            drop_if_broken(connection, error.what());
            throw;
        }
        PostgresDbTransaction db(open, &numbers_);
        WorkOutcome outcome = WorkOutcome::roll_back;
        std::exception_ptr work_error;
        // The caller's work may throw anything; it travels to the caller's thread once this
        // transaction is rolled back.
        try {
            outcome = work(db);
        } catch (...) {
            work_error = std::current_exception();
        }
        if (open.is_broken()) {
            const std::string cause = description_of(work_error);
            drop_if_broken(connection, cause);
            throw StoreError(
                "postgres: the connection was lost during the write; nothing of it was saved" +
                (cause.empty() ? std::string() : ": " + cause));
        }
        // Every statement after a failed one fails too, and COMMIT would only roll back: a failed
        // transaction is never reported as saved, even when the work went on past its error.
        const bool failed = open.in_failed_transaction();
        if (failed && is_retryable(open.last_sqlstate())) {
            open.roll_back_quietly();
            if (attempt < attempts) {
                retries_.fetch_add(1, std::memory_order_relaxed);
                back_off(attempt);
                continue;
            }
            throw StoreError("postgres: the write was rolled back by the server " +
                             std::to_string(attempts) +
                             " times (serialization failure or deadlock), nothing of it was "
                             "saved; the last time: " +
                             description_of(work_error));
        }
        if (work_error) {
            open.roll_back_quietly();
            drop_if_broken(connection, description_of(work_error));
            std::rethrow_exception(work_error);
        }
        if (outcome == WorkOutcome::roll_back || failed) {
            try {
                open.execute(rollback_sql);
            } catch (const StoreError& error) {
                drop_if_broken(connection, error.what());
                throw;
            }
            if (failed) {
                throw StoreError(
                    "postgres: a statement of the write failed and the work went on; nothing of "
                    "it was saved");
            }
            return;
        }
        try {
            open.execute(commit_sql);
        } catch (const PostgresError& error) {
            if (open.is_broken()) {
                drop_if_broken(connection, error.what());
                throw StoreError(
                    "postgres: the connection was lost at COMMIT; the server may or may not have "
                    "saved the write: " +
                    std::string(error.what()));
            }
            open.roll_back_quietly();
            if (is_retryable(error.sqlstate()) && attempt < attempts) {
                retries_.fetch_add(1, std::memory_order_relaxed);
                back_off(attempt);
                continue;
            }
            throw;
        }
        return;
    }
}

void PostgresStore::Impl::run_read(std::unique_ptr<Connection>& connection, const ReadWork& work) {
    Connection& open = connected(connection);
    try {
        open.execute(begin_read_sql);
        PostgresDbTransaction db(open);
        work(db);
        // A read changed nothing: ending it either way is the same.
        open.execute(commit_sql);
    } catch (...) {
        open.roll_back_quietly();
        drop_if_broken(connection, description_of(std::current_exception()));
        throw;
    }
}

std::optional<std::string> PostgresStore::Impl::health() {
    {
        const std::lock_guard lock(health_mutex_);
        const bool fresh = std::chrono::steady_clock::now() - last_contact_ < health_fresh_for;
        // One probe at a time; from a pool thread none (it would wait for a pool thread).
        if (fresh || probing_ || store_of_this_thread == this) return problem_;
        probing_ = true;
    }
    Job job;
    try {
        submit(job);
    } catch (const StoreError&) {
        // Recorded by the pool thread (or the store is closing, which is no news for health).
    }
    const std::lock_guard lock(health_mutex_);
    probing_ = false;
    return problem_;
}

PostgresStore::Statistics PostgresStore::Impl::statistics() const {
    return Statistics{.writes = writes_.load(std::memory_order_relaxed),
                      .retries = retries_.load(std::memory_order_relaxed),
                      .connects = connects_.load(std::memory_order_relaxed),
                      .number_reservations = numbers_.reservations()};
}

std::unique_ptr<PostgresStore> PostgresStore::open(const std::string& url,
                                                   PostgresOptions options) {
    auto connection = std::make_unique<Connection>(url);
    postgres::migrate(*connection);
    return std::unique_ptr<PostgresStore>(
        new PostgresStore(std::make_unique<Impl>(url, options, std::move(connection))));
}

void PostgresStore::migrate(const std::string& url) {
    Connection connection(url);
    postgres::migrate(connection);
}

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PostgresStore::~PostgresStore() = default;

void PostgresStore::write(const std::function<WorkOutcome(DbTransaction& db)>& work) {
    impl_->write(work);
}

void PostgresStore::read(const std::function<void(DbReader& db)>& work) { impl_->read(work); }

std::optional<std::string> PostgresStore::health() { return impl_->health(); }

PostgresStore::Statistics PostgresStore::statistics() const { return impl_->statistics(); }

}  // namespace faktura::storage::postgres
