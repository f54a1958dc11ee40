// SqliteStore: the writer thread that group-commits every caller's write job, and the reader pool.
// Rule kept here: a write() returns only after the COMMIT holding its changes has been fsync'd, and
// one failing job rolls back only its own SAVEPOINT. Between batches the writer tops up its reserve
// of numbers (number_reserve.hpp).
#include "storage/sqlite/sqlite_store.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <semaphore>
#include <span>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#include "runtime/fiber.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/db_transaction.hpp"
#include "storage/sqlite/number_reserve.hpp"
#include "storage/sqlite/schema.hpp"

namespace faktura::storage::sqlite {
namespace {

using WriteWork = std::function<WorkOutcome(DbTransaction& db)>;
using ReadWork = std::function<void(DbReader& db)>;

// Transaction control, prepared once per connection like every other statement.
constexpr std::string_view begin_immediate_sql = "BEGIN IMMEDIATE";
constexpr std::string_view begin_deferred_sql = "BEGIN";
constexpr std::string_view commit_sql = "COMMIT";
constexpr std::string_view savepoint_sql = "SAVEPOINT job";
constexpr std::string_view release_sql = "RELEASE job";
constexpr std::string_view rollback_to_sql = "ROLLBACK TO job";

bool is_private_database(const std::string& path) {
    return path.empty() || path == ":memory:" ||
           (path.starts_with("file:") && path.find("mode=memory") != std::string::npos);
}

// Which file a path names: device and inode.
struct FileIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const FileIdentity&) const = default;
};

std::optional<FileIdentity> identity_of(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return std::nullopt;
    return FileIdentity{status.st_dev, status.st_ino};
}

// A new database file is readable by its owner only: it holds national ids and payer tokens.
// SQLite gives the -wal and -shm files the database file's permissions. An existing file keeps
// its mode; a group- or world-readable one is reported once.
void create_private_file(const std::string& path) {
    if (is_private_database(path) || path.starts_with("file:")) return;
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
        return;
    }
    struct stat status {};
    if (::stat(path.c_str(), &status) == 0 && (status.st_mode & 0077) != 0) {
        std::fprintf(
            stderr,
            "faktura: warning: %s is readable by others (mode %03o); it holds national ids "
            "and payer tokens: chmod 600 it\n",
            path.c_str(), static_cast<unsigned>(status.st_mode & 0777));
    }
}

void create_parent_directory(const std::string& path) {
    if (is_private_database(path) || path.starts_with("file:")) return;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) return;
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
        throw StoreError("sqlite: cannot create directory " + parent.string() + ": " +
                         error.message());
    }
}

// The message of a captured exception, for the log text of the StoreError that replaces it.
std::string description_of(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& exception) {
        return exception.what();
    } catch (...) {  // Only describes; the caller still fails the whole batch.
        return "an exception that is not a std::exception";
    }
}

// Rolls back a read transaction on every exit path, including an exception from the work. A read
// changes nothing, so rolling back and committing end it alike.
class ReadTransaction {
  public:
    explicit ReadTransaction(Connection& connection) : connection_(connection) {
        connection_.statement(begin_deferred_sql).run();
    }
    ~ReadTransaction() { connection_.roll_back_quietly(); }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

  private:
    Connection& connection_;
};

// The store whose read() work is running on this thread, if any: a write() or read() from inside
// that work would wait for the connection or lock the outer read holds.
thread_local const void* store_reading_on_this_thread = nullptr;

class ReadingOnThisThread {
  public:
    explicit ReadingOnThisThread(const void* store) : previous_(store_reading_on_this_thread) {
        store_reading_on_this_thread = store;
    }
    ~ReadingOnThisThread() { store_reading_on_this_thread = previous_; }
    ReadingOnThisThread(const ReadingOnThisThread&) = delete;
    ReadingOnThisThread& operator=(const ReadingOnThisThread&) = delete;

  private:
    const void* previous_;
};

void run_read(Connection& connection, const ReadWork& work) {
    const ReadTransaction transaction(connection);
    SqliteDbTransaction db(connection);
    work(db);
}

}  // namespace

class SqliteStore::Impl {
  public:
    Impl(const std::string& path, SqliteOptions options);
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void write(const WriteWork& work);
    void read(const ReadWork& work);
    Statistics statistics() const;
    std::optional<std::string> health() const;

  private:
    // One caller's write, living on the caller's stack until `done` is notified. The caller
    // waits on it as runtime::Event waits: a request's fiber is suspended (its io thread serves
    // others), any other thread blocks.
    struct Job {
        const WriteWork* work;
        std::exception_ptr error;  // Set when the work threw or the batch failed.
        runtime::Event done{};
    };

    void run_writer();
    bool run_batch(std::span<Job* const> batch);
    // After each commit, on the writer thread: the WAL now holds `pages` frames.
    void on_wal_grown(int pages);
    void run_checkpointer();
    // On the writer thread between batches: copies what was committed since the checkpointer's
    // last full copy (a few batches), after which the next transaction restarts the WAL.
    void finish_checkpoint();
    void copy_wal_on_writer();  // A PASSIVE checkpoint on the writer's connection.
    void stop_checkpointer();
    void refuse_nested_call(const char* what) const;

    std::unique_ptr<Connection> open_reader();
    std::unique_ptr<Connection> acquire_reader();
    void release_reader(std::unique_ptr<Connection> connection);

    const std::string path_;
    const SqliteOptions options_;
    const std::size_t batch_jobs_max_;  // options_.batch_jobs_max, at least 1.
    const std::size_t readers_max_;     // options_.readers_max, at least 1.
    // A private in-memory database exists only inside its one connection, so the writer's
    // batches and all reads take turns on it under single_connection_mutex_.
    const bool single_connection_;
    // The database file as opened (files only): a path that later names another file, or none,
    // means it was deleted or replaced under the running server.
    std::optional<FileIdentity> file_identity_;
    bool read_only_ = false;
    std::mutex single_connection_mutex_;
    std::unique_ptr<Connection> writer_connection_;  // Used only by the writer thread once started.
    NumberReserve numbers_;                          // Likewise.

    mutable std::mutex queue_mutex_;  // Guards the members down to writer_.
    std::condition_variable queue_changed_;
    std::vector<Job*> queue_;
    bool stopping_ = false;
    std::uint64_t commits_ = 0;
    std::uint64_t jobs_committed_ = 0;

    std::mutex readers_mutex_;  // Guards idle_readers_ and readers_open_.
    std::condition_variable reader_released_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;
    std::size_t readers_open_ = 0;

    // The background checkpoint (files only): the writer asks for one when the WAL has grown by
    // options_.checkpoint_pages; the checkpointer copies the WAL into the database on its own
    // connection while the writer goes on committing.
    std::mutex checkpoint_mutex_;  // Guards the three below.
    std::condition_variable checkpoint_wanted_;
    bool checkpoint_due_ = false;
    bool stopping_checkpoints_ = false;
    std::atomic<std::uint64_t> checkpoints_{0};
    std::atomic<bool> checkpoint_caught_up_{false};  // Set by the checkpointer, for the writer.
    // Held while a checkpoint runs (SQLite runs one at a time and answers a second SQLITE_BUSY):
    // the writer's own copies take turns with the checkpointer's rounds.
    std::mutex checkpoint_running_;
    std::thread checkpointer_;

    std::thread writer_;  // Last: it starts once every member above is ready.
};

SqliteStore::Impl::Impl(const std::string& path, SqliteOptions options)
    : path_(path),
      options_(options),
      batch_jobs_max_(std::max<std::size_t>(options.batch_jobs_max, 1)),
      readers_max_(std::max<std::size_t>(options.readers_max, 1)),
      single_connection_(is_private_database(path)),
      numbers_(options.numbers_per_reservation) {
    create_parent_directory(path_);
    create_private_file(path_);
    writer_connection_ = std::make_unique<Connection>(path_, options_.busy_timeout);
    Connection& connection = *writer_connection_;
    if (!single_connection_ && !path_.starts_with("file:")) file_identity_ = identity_of(path_);
    // SQLite opens a file it may not write read-only without saying so; every write would fail.
    read_only_ = sqlite3_db_readonly(connection.handle(), "main") == 1;
    const std::string journal_mode = connection.query_text("PRAGMA journal_mode = WAL");
    // An in-memory database keeps its journal in memory and has no use for WAL.
    if (journal_mode != "wal" && !(single_connection_ && journal_mode == "memory")) {
        throw StoreError("sqlite: " + path_ + " cannot use write-ahead logging (journal_mode is '" +
                         journal_mode + "'); is it on a network file system?");
    }
    // FULL: in WAL mode the WAL is fsync'd at every commit, so an acknowledged write survives a
    // power cut. NORMAL would skip that fsync and could lose the last commits.
    connection.execute("PRAGMA synchronous = FULL");
    connection.execute("PRAGMA foreign_keys = ON");
    sqlite::migrate(connection);
    if (options_.database_size_max_bytes > 0) {
        // After migrating: a limit below the schema's own size would refuse the migrations. SQLite
        // never sets the limit below the pages already in use.
        const auto page_size =
            static_cast<std::uint64_t>(connection.query_int64("PRAGMA page_size"));
        const std::uint64_t pages_max =
            std::max<std::uint64_t>(options_.database_size_max_bytes / page_size, 1);
        connection.query_text("PRAGMA max_page_count = " + std::to_string(pages_max));
    }
    if (!single_connection_ && options_.checkpoint_pages > 0) {
        // The hook replaces SQLite's own checkpoint after a commit (wal_autocheckpoint), which
        // would copy the WAL into the database on the writer's thread, between a batch's COMMIT and
        // its answers: ~1000 pages every few dozen batches here.
        sqlite3_wal_hook(
            connection.handle(),
            [](void* self, sqlite3*, const char*, int pages) {
                static_cast<Impl*>(self)->on_wal_grown(pages);
                return SQLITE_OK;
            },
            this);
        checkpointer_ = std::thread([this] { run_checkpointer(); });
    }
    writer_ = std::thread([this] { run_writer(); });
}

void SqliteStore::Impl::on_wal_grown(int pages) {
    const auto frames = static_cast<std::int64_t>(pages);
    if (frames >= options_.checkpoint_pages) {
        {
            const std::lock_guard lock(checkpoint_mutex_);
            checkpoint_due_ = true;
        }
        checkpoint_wanted_.notify_one();
    }
    // The checkpointer cannot keep up (a loaded machine), or a long read holds an old snapshot:
    // the writer waits for the checkpointer's round to end and copies the rest itself, after which
    // its next transaction starts the WAL over. The WAL stays bounded; writes slow down instead.
    if (frames >= options_.wal_pages_max) {
        const std::lock_guard running(checkpoint_running_);
        copy_wal_on_writer();
    }
}

void SqliteStore::Impl::copy_wal_on_writer() {
    int log_frames = 0;
    int copied_frames = 0;
    if (sqlite3_wal_checkpoint_v2(writer_connection_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                  &log_frames, &copied_frames) == SQLITE_OK) {
        checkpoints_.fetch_add(1, std::memory_order_relaxed);
    }
}

void SqliteStore::Impl::finish_checkpoint() {
    // Never waits: while a round runs, the flag stays for the next gap between batches.
    if (!checkpoint_caught_up_.load(std::memory_order_acquire)) return;
    std::unique_lock running(checkpoint_running_, std::try_to_lock);
    if (!running.owns_lock()) return;
    checkpoint_caught_up_.store(false, std::memory_order_relaxed);
    copy_wal_on_writer();
}

void SqliteStore::Impl::run_checkpointer() {
    pthread_setname_np(pthread_self(), "faktura-ckpt");
    std::unique_ptr<Connection> connection;
    for (;;) {
        {
            std::unique_lock lock(checkpoint_mutex_);
            checkpoint_wanted_.wait(lock,
                                    [this] { return checkpoint_due_ || stopping_checkpoints_; });
            if (stopping_checkpoints_) return;
            checkpoint_due_ = false;
        }
        try {
            if (!connection) {
                connection = std::make_unique<Connection>(path_, options_.busy_timeout);
            }
            // The connection finds the WAL when it reads the database; without a read first, the
            // checkpoint finds none and copies nothing.
            connection->query_text("PRAGMA journal_mode");
            // PASSIVE: copies every frame no reader still needs, waiting for no one; what is left
            // goes with the next one. With synchronous = FULL it fsyncs the WAL before and the
            // database after copying, so the WAL restarts only over pages already safe.
            int log_frames = 0;
            int copied_frames = 0;
            int status = SQLITE_OK;
            {
                const std::lock_guard running(checkpoint_running_);
                status = sqlite3_wal_checkpoint_v2(connection->handle(), nullptr,
                                                   SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                                   &copied_frames);
            }
            if (status == SQLITE_OK) {
                checkpoints_.fetch_add(1, std::memory_order_relaxed);
                // What the writer had committed is in the database: the writer copies the few
                // frames committed since, between two batches, so that its next transaction
                // starts the WAL over instead of growing the file.
                checkpoint_caught_up_.store(true, std::memory_order_release);
            } else if (status != SQLITE_BUSY) {
                std::fprintf(stderr, "faktura: sqlite: the background checkpoint failed: %s\n",
                             sqlite3_errmsg(connection->handle()));
            }
        } catch (const std::exception& error) {  // A thread entry point: log, try next time.
            std::fprintf(stderr, "faktura: sqlite: the background checkpoint failed: %s\n",
                         error.what());
            connection.reset();
        }
    }
}

void SqliteStore::Impl::stop_checkpointer() {
    if (!checkpointer_.joinable()) return;
    {
        const std::lock_guard lock(checkpoint_mutex_);
        stopping_checkpoints_ = true;
    }
    checkpoint_wanted_.notify_one();
    checkpointer_.join();
}

SqliteStore::Impl::~Impl() {
    {
        const std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_changed_.notify_one();
    writer_.join();
    stop_checkpointer();
    // After the last batch, so no job can still take one of the numbers given back.
    numbers_.give_back(*writer_connection_);
}

void SqliteStore::Impl::refuse_nested_call(const char* what) const {
    if (std::this_thread::get_id() == writer_.get_id()) {
        throw std::logic_error(std::string(what) +
                               " called from inside write() work: it would wait on itself");
    }
    if (store_reading_on_this_thread == this) {
        throw std::logic_error(std::string(what) +
                               " called from inside read() work: it would wait on itself");
    }
}

void SqliteStore::Impl::write(const WriteWork& work) {
    refuse_nested_call("write()");
    Job job{&work, nullptr};
    {
        const std::lock_guard lock(queue_mutex_);
        if (stopping_) throw StoreError("sqlite: the store is closing; the write was not run");
        queue_.push_back(&job);
    }
    queue_changed_.notify_one();
    job.done.wait();
    if (job.error) std::rethrow_exception(job.error);
}

void SqliteStore::Impl::run_writer() {
    // Named for top -H and debuggers (at most 15 characters).
    pthread_setname_np(pthread_self(), "faktura-commit");
    std::vector<Job*> batch;
    batch.reserve(std::min<std::size_t>(batch_jobs_max_, 1024));
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_changed_.wait(lock, [this] { return !queue_.empty() || stopping_; });
            // Stopping drains the queue first: every caller already waiting gets its answer.
            if (queue_.empty()) return;
            const auto taken =
                static_cast<std::ptrdiff_t>(std::min(queue_.size(), batch_jobs_max_));
            batch.assign(queue_.begin(), queue_.begin() + taken);
            queue_.erase(queue_.begin(), queue_.begin() + taken);
        }
        bool committed = false;
        // The writer thread's entry point: whatever escapes a batch (out of memory while
        // building an error text) fails that batch's callers instead of ending the thread and
        // leaving every later caller waiting forever.
        try {
            committed = run_batch(batch);
        } catch (...) {
            std::unique_lock<std::mutex> single_connection_lock;
            if (single_connection_) {
                single_connection_lock = std::unique_lock(single_connection_mutex_);
            }
            writer_connection_->roll_back_quietly();
            for (Job* job : batch) job->error = std::current_exception();
        }
        if (committed) {
            const std::lock_guard lock(queue_mutex_);
            ++commits_;
            jobs_committed_ += batch.size();
        }
        // After notify a job's owner may return and destroy it: touch no job afterwards.
        for (Job* job : batch) job->done.notify();
        finish_checkpoint();
    }
}

// Runs every job in its own SAVEPOINT inside one IMMEDIATE transaction and commits once. Returns
// whether the COMMIT succeeded; when it did not, every job carries a StoreError.
bool SqliteStore::Impl::run_batch(std::span<Job* const> batch) {
    std::unique_lock<std::mutex> single_connection_lock;
    if (single_connection_) single_connection_lock = std::unique_lock(single_connection_mutex_);
    Connection& connection = *writer_connection_;
    // Two numbers per job cover a Recur (its payment and its authorization); a batch that wants
    // more draws the rest inside its transaction.
    numbers_.top_up(connection, 2 * static_cast<std::int64_t>(batch.size()));

    // Every job gets the StoreError, not only those that asked to commit: a job that rolled back
    // or threw may have decided so from an earlier job's changes that are now gone (the payee
    // reference another job of this batch had reserved), so its answer is no longer true either.
    const auto fail_batch = [&](const StoreError& error) {
        connection.roll_back_quietly();
        const std::string message =
            std::string(
                "sqlite: the batch holding this write was rolled back, nothing of it was "
                "saved: ") +
            error.what();
        // One exception object per job: the callers rethrow them on their own threads at once.
        for (Job* job : batch) job->error = std::make_exception_ptr(StoreError(message));
        return false;
    };

    try {
        connection.statement(begin_immediate_sql).run();
    } catch (const StoreError& error) {
        return fail_batch(error);
    }
    SqliteDbTransaction db(connection, &numbers_);
    for (Job* job : batch) {
        WorkOutcome outcome = WorkOutcome::roll_back;
        try {
            connection.statement(savepoint_sql).run();
        } catch (const StoreError& error) {
            return fail_batch(error);
        }
        // The caller's work may throw anything; the exception belongs to the caller's thread and
        // travels there, while this job's changes are undone below.
        try {
            outcome = (*job->work)(db);
        } catch (...) {
            job->error = std::current_exception();
        }
        // SQLite rolls back the whole transaction by itself after some errors (disk full, I/O
        // error, out of memory), taking the earlier jobs' savepoints with it.
        if (connection.is_autocommit()) {
            std::string cause = "SQLite rolled back the transaction during a write job";
            if (job->error) cause += " that failed with: " + description_of(job->error);
            return fail_batch(StoreError(cause));
        }
        try {
            if (outcome == WorkOutcome::commit && !job->error) {
                connection.statement(release_sql).run();
            } else {
                connection.statement(rollback_to_sql).run();
                connection.statement(release_sql).run();
            }
        } catch (const StoreError& error) {
            return fail_batch(error);
        }
    }
    // The last moment to notice that the file is no longer the one opened: committing into an
    // unlinked file would acknowledge writes that no restart will find.
    if (auto problem = health()) return fail_batch(StoreError("sqlite: " + *problem));
    try {
        connection.statement(commit_sql).run();
    } catch (const StoreError& error) {
        return fail_batch(error);
    }
    return true;
}

std::optional<std::string> SqliteStore::Impl::health() const {
    if (read_only_) return "the database " + path_ + " is read-only: every write would fail";
    if (!file_identity_) return std::nullopt;
    const std::optional<FileIdentity> now = identity_of(path_);
    if (!now) return "the database file " + path_ + " was deleted while the server ran";
    if (*now != *file_identity_) {
        return "the database file " + path_ + " was replaced by another file while the server ran";
    }
    return std::nullopt;
}

void SqliteStore::Impl::read(const ReadWork& work) {
    refuse_nested_call("read()");
    const ReadingOnThisThread reading(this);
    if (single_connection_) {
        const std::lock_guard lock(single_connection_mutex_);
        run_read(*writer_connection_, work);
        return;
    }
    std::unique_ptr<Connection> connection = acquire_reader();
    // Return the connection however the work ends; the class below is the exception path.
    struct Lease {
        Impl& store;
        std::unique_ptr<Connection>& connection;
        ~Lease() { store.release_reader(std::move(connection)); }
    } lease{*this, connection};
    run_read(*connection, work);
}

std::unique_ptr<Connection> SqliteStore::Impl::open_reader() {
    auto connection = std::make_unique<Connection>(path_, options_.busy_timeout);
    // A reader never writes; query_only turns a bug that tries into an error.
    connection->execute("PRAGMA query_only = ON");
    return connection;
}

std::unique_ptr<Connection> SqliteStore::Impl::acquire_reader() {
    {
        std::unique_lock lock(readers_mutex_);
        reader_released_.wait(
            lock, [&] { return !idle_readers_.empty() || readers_open_ < readers_max_; });
        if (!idle_readers_.empty()) {
            std::unique_ptr<Connection> connection = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return connection;
        }
        ++readers_open_;  // Claimed now; opened below without holding the lock.
    }
    try {
        return open_reader();
    } catch (const StoreError&) {
        {
            const std::lock_guard lock(readers_mutex_);
            --readers_open_;
        }
        reader_released_.notify_one();
        throw;
    }
}

void SqliteStore::Impl::release_reader(std::unique_ptr<Connection> connection) {
    {
        const std::lock_guard lock(readers_mutex_);
        // A connection stuck inside a transaction would give the next reader a stale snapshot
        // or fail its BEGIN: close it instead of pooling it.
        if (connection->is_autocommit()) {
            idle_readers_.push_back(std::move(connection));
        } else {
            --readers_open_;
        }
    }
    reader_released_.notify_one();
}

SqliteStore::Statistics SqliteStore::Impl::statistics() const {
    const std::lock_guard lock(queue_mutex_);
    return Statistics{.commits = commits_,
                      .jobs = jobs_committed_,
                      .jobs_waiting = queue_.size(),
                      .number_reservations = numbers_.reservations(),
                      .checkpoints = checkpoints_.load(std::memory_order_relaxed)};
}

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, SqliteOptions options) {
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::make_unique<Impl>(path, options)));
}

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteStore::~SqliteStore() = default;

void SqliteStore::write(const std::function<WorkOutcome(DbTransaction& db)>& work) {
    impl_->write(work);
}

void SqliteStore::read(const std::function<void(DbReader& db)>& work) { impl_->read(work); }

SqliteStore::Statistics SqliteStore::statistics() const { return impl_->statistics(); }

std::optional<std::string> SqliteStore::health() { return impl_->health(); }

}  // namespace faktura::storage::sqlite
