// SqliteStore: the writer thread that group-commits every caller's write job, the syncer that makes
// its commits durable, and the reader pool. Rules kept here: a write() returns only after the WAL
// holding its COMMIT has been fsync'd; a read() returns only after everything it could see is
// durable; one failing job rolls back only its own SAVEPOINT. Between batches the writer tops up
// its reserve of numbers (number_reserve.hpp).
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

// Makes a new file's directory entry durable (fsync on its directory); a failure is only reported.
void sync_directory_of(const std::string& path) {
    std::string directory = std::filesystem::path(path).parent_path().string();
    if (directory.empty()) directory = ".";
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        std::fprintf(stderr, "faktura: warning: cannot sync directory %s: %s\n", directory.c_str(),
                     std::system_category().message(errno).c_str());
    }
    if (fd >= 0) ::close(fd);
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

    // A committed batch waiting for the fsync that makes it durable, and a reader waiting for
    // everything it saw to be durable.
    struct Committed {
        std::uint64_t commit = 0;  // Its number in visible_commits_.
        std::vector<Job*> jobs;
    };
    struct DurableWaiter {
        std::uint64_t commit = 0;
        runtime::Event* done = nullptr;
    };

    void run_writer();
    bool begin_batch(std::span<Job* const> jobs);
    bool run_jobs(std::span<Job* const> jobs, std::size_t first);
    bool commit_batch(std::span<Job* const> jobs);
    void fail_jobs(std::span<Job* const> jobs, const StoreError& error);
    // Answers the jobs of a finished batch: through the syncer when pipelined, else at once.
    void finish_jobs(const std::vector<Job*>& jobs);
    // The pipelined commit (files only): the writer commits with synchronous = NORMAL, which makes
    // the batch visible at once, and hands it here; the syncer fdatasyncs the WAL (one call for
    // every batch committed meanwhile) and only then answers the batch's callers. So the writer
    // runs the next batch while the disk flushes the last one.
    void run_syncer();
    void hand_to_syncer(std::uint64_t commit, std::vector<Job*> jobs);
    void stop_syncer();
    // In read(), after its transaction ended: waits until every commit it could have seen is
    // durable, so no answer shows what a crash could still take back.
    void wait_until_durable(std::uint64_t commit);
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
    std::int64_t wal_frames_seen_ = 0;     // The writer's own: the WAL's size at its last commit,
    std::int64_t next_checkpoint_at_ = 0;  // and the size at which it asks for the next round.
    // Held while a checkpoint runs (SQLite runs one at a time and answers a second SQLITE_BUSY):
    // the writer's own copies take turns with the checkpointer's rounds.
    std::mutex checkpoint_running_;
    std::thread checkpointer_;

    // The syncer (pipelined_ only). visible_commits_ counts the writer's COMMITs, raised just
    // before each (so a reader that saw a commit reads a number at least its own);
    // durable_commits_ is the highest whose WAL frames are on disk.
    const bool pipelined_;
    int wal_fd_ = -1;
    std::atomic<std::uint64_t> visible_commits_{0};
    std::atomic<std::uint64_t> durable_commits_{0};
    std::atomic<bool> sync_failed_{false};  // Once an fsync failed, nothing is acknowledged.
    // Nothing handed over is waiting for or in an fsync: the writer commits its open transaction.
    // (One syncer: with a second, an fsync could start sooner, but the writer would commit whenever
    // one is free, in half-size batches, and a COMMIT costs ~20 WAL frames: measured slower, 0019.)
    std::atomic<bool> syncer_idle_{false};
    mutable std::mutex sync_mutex_;  // Guards the members down to syncer_.
    std::condition_variable sync_wanted_;
    std::vector<Committed> to_sync_;
    std::vector<DurableWaiter> durable_waiters_;
    bool stopping_syncer_ = false;
    std::string sync_error_;
    std::atomic<std::uint64_t> syncs_{0};
    std::thread syncer_;

    std::thread writer_;  // Last: it starts once every member above is ready.
};

SqliteStore::Impl::Impl(const std::string& path, SqliteOptions options)
    : path_(path),
      options_(options),
      batch_jobs_max_(std::max<std::size_t>(options.batch_jobs_max, 1)),
      readers_max_(std::max<std::size_t>(options.readers_max, 1)),
      single_connection_(is_private_database(path)),
      numbers_(options.numbers_per_reservation),
      next_checkpoint_at_(options.checkpoint_pages),
      pipelined_(!single_connection_) {
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
    // FULL while migrating: each step is fsync'd by SQLite itself.
    connection.execute("PRAGMA synchronous = FULL");
    connection.execute("PRAGMA foreign_keys = ON");
    // Every job runs in a SAVEPOINT, and SQLite keeps the pages a savepoint changes in a
    // sub-journal, a temporary file past 64 KiB: a batch of captures wrote each page there too
    // (66 → 22 KB written per request of the lifecycle load, writer CPU -25 %).
    connection.execute("PRAGMA temp_store = MEMORY");
    sqlite::migrate(connection);
    if (pipelined_) {
        // NORMAL: a COMMIT writes the WAL and is visible at once, and the syncer fsyncs the WAL
        // before any caller is answered (run_syncer). Checkpoints still fsync the WAL before and
        // the database after copying. The WAL exists now (migrate read the database); its
        // directory entry is made durable once, as SQLite does at a WAL's first sync.
        const char* database_file = sqlite3_db_filename(connection.handle(), "main");
        const std::string wal_path = std::string(database_file ? database_file : "") + "-wal";
        wal_fd_ = ::open(wal_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (wal_fd_ < 0) {
            throw StoreError("sqlite: cannot open " + wal_path +
                             " to sync it: " + std::system_category().message(errno));
        }
        sync_directory_of(wal_path);
        connection.execute("PRAGMA synchronous = NORMAL");
    }
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
    if (pipelined_) syncer_ = std::thread([this] { run_syncer(); });
    writer_ = std::thread([this] { run_writer(); });
}

void SqliteStore::Impl::hand_to_syncer(std::uint64_t commit, std::vector<Job*> jobs) {
    {
        const std::lock_guard lock(sync_mutex_);
        to_sync_.push_back(Committed{commit, std::move(jobs)});
    }
    sync_wanted_.notify_one();
}

void SqliteStore::Impl::run_syncer() {
    pthread_setname_np(pthread_self(), "faktura-sync");
    std::vector<Committed> taken;
    std::vector<DurableWaiter> woken;
    for (;;) {
        {
            std::unique_lock lock(sync_mutex_);
            syncer_idle_.store(true, std::memory_order_release);
            if (to_sync_.empty() && !stopping_syncer_) {
                // Tell the writer, which may hold jobs in an open transaction until now. Taking
                // its mutex orders this with its check of the flag: no wake-up is lost.
                lock.unlock();
                { const std::lock_guard writer_lock(queue_mutex_); }
                queue_changed_.notify_one();
                lock.lock();
            }
            sync_wanted_.wait(lock, [this] { return !to_sync_.empty() || stopping_syncer_; });
            syncer_idle_.store(false, std::memory_order_release);
            // Stopping syncs what was handed over first: every caller waiting gets its answer.
            if (to_sync_.empty()) return;
            taken.swap(to_sync_);
        }
        // One fdatasync covers every commit written before it: all of `taken`, maybe more.
        const int error = options_.sync_wal ? options_.sync_wal(wal_fd_)
                                            : (::fdatasync(wal_fd_) == 0 ? 0 : errno);
        std::uint64_t highest = 0;
        for (const Committed& committed : taken) highest = std::max(highest, committed.commit);
        if (error != 0) {
            // After a failed fsync the kernel may have dropped the dirty pages: what was written
            // is neither known durable nor retried. Refuse every later write (health says why);
            // a restart recovers from whatever the WAL on disk holds.
            const std::string cause =
                "syncing the WAL failed (" + std::system_category().message(error) + ")";
            const std::string message =
                "sqlite: " + cause +
                ": this write may not survive a crash and was not acknowledged";
            {
                const std::lock_guard lock(sync_mutex_);
                if (sync_error_.empty()) {
                    sync_error_ = cause + ": the server acknowledges no more writes; restart it";
                }
            }
            sync_failed_.store(true, std::memory_order_release);
            std::fprintf(stderr, "faktura: %s\n", message.c_str());
            for (Committed& committed : taken) {
                for (Job* job : committed.jobs) {
                    job->error = std::make_exception_ptr(StoreError(message));
                }
            }
        }
        syncs_.fetch_add(1, std::memory_order_relaxed);
        {
            const std::lock_guard lock(sync_mutex_);
            // A failed sync makes nothing durable, and no later one can be trusted (the kernel
            // reports a lost write once): every waiter is woken to fail.
            if (error == 0 && highest > durable_commits_.load(std::memory_order_relaxed)) {
                durable_commits_.store(highest, std::memory_order_release);
            }
            const std::uint64_t durable = durable_commits_.load(std::memory_order_relaxed);
            const bool failed = sync_failed_.load(std::memory_order_relaxed);
            const auto still_waiting =
                std::partition(durable_waiters_.begin(), durable_waiters_.end(),
                               [durable, failed](const DurableWaiter& waiter) {
                                   return !failed && waiter.commit > durable;
                               });
            woken.assign(still_waiting, durable_waiters_.end());
            durable_waiters_.erase(still_waiting, durable_waiters_.end());
        }
        // After notify a job's or waiter's owner may return and destroy it: touch none afterwards.
        for (Committed& committed : taken) {
            for (Job* job : committed.jobs) job->done.notify();
        }
        for (const DurableWaiter& waiter : woken) waiter.done->notify();
        taken.clear();
        woken.clear();
    }
}

void SqliteStore::Impl::stop_syncer() {
    if (!syncer_.joinable()) return;
    {
        const std::lock_guard lock(sync_mutex_);
        stopping_syncer_ = true;
    }
    sync_wanted_.notify_one();
    syncer_.join();
}

void SqliteStore::Impl::wait_until_durable(std::uint64_t commit) {
    if (durable_commits_.load(std::memory_order_acquire) >= commit) return;  // No write pending.
    runtime::Event durable;
    bool waiting = false;
    {
        const std::lock_guard lock(sync_mutex_);
        if (durable_commits_.load(std::memory_order_relaxed) < commit &&
            !sync_failed_.load(std::memory_order_relaxed)) {
            durable_waiters_.push_back(DurableWaiter{commit, &durable});
            waiting = true;
        }
    }
    if (waiting) durable.wait();
    if (durable_commits_.load(std::memory_order_acquire) < commit) {
        throw StoreError(
            "sqlite: syncing the WAL failed: what this read saw may not survive a crash");
    }
}

void SqliteStore::Impl::on_wal_grown(int pages) {
    const auto frames = static_cast<std::int64_t>(pages);
    // One round per checkpoint_pages of growth: while a round runs the WAL keeps growing past the
    // mark, and asking again at every commit would start round after round, each with its two
    // fsyncs, before the writer could start the WAL over.
    if (frames < wal_frames_seen_) next_checkpoint_at_ = options_.checkpoint_pages;  // Restarted.
    wal_frames_seen_ = frames;
    if (frames >= next_checkpoint_at_) {
        next_checkpoint_at_ = frames + options_.checkpoint_pages;
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
            // goes with the next one. It fsyncs the WAL before and the database after copying
            // (synchronous FULL or NORMAL alike), so the WAL restarts only over pages already safe.
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
    stop_syncer();
    stop_checkpointer();
    // After the last batch, so no job can still take one of the numbers given back.
    numbers_.give_back(*writer_connection_);
    if (wal_fd_ >= 0) {
        // Closing the last connection checkpoints (and fsyncs) whatever the WAL still holds.
        writer_connection_.reset();
        ::close(wal_fd_);
    }
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
    std::vector<Job*> taken;
    taken.reserve(std::min<std::size_t>(batch_jobs_max_, 1024));
    // The jobs run inside the open transaction, not yet committed. While the syncer is busy with
    // the last commit, newly queued jobs join this transaction instead of each batch paying its own
    // COMMIT (~20 WAL frames whatever its size): they would wait for the syncer anyway.
    std::vector<Job*> open_jobs;
    bool open = false;
    for (;;) {
        bool stopping = false;
        {
            std::unique_lock lock(queue_mutex_);
            queue_changed_.wait(lock, [&] {
                return !queue_.empty() || stopping_ ||
                       (open && syncer_idle_.load(std::memory_order_acquire));
            });
            stopping = stopping_;
            // Stopping drains the queue first: every caller already waiting gets its answer.
            if (queue_.empty() && !open) return;
            const auto taken_count = static_cast<std::ptrdiff_t>(
                std::min(queue_.size(), batch_jobs_max_ - open_jobs.size()));
            taken.assign(queue_.begin(), queue_.begin() + taken_count);
            queue_.erase(queue_.begin(), queue_.begin() + taken_count);
        }
        std::unique_lock<std::mutex> single_connection_lock;
        if (single_connection_) single_connection_lock = std::unique_lock(single_connection_mutex_);
        // The writer thread's entry point: whatever escapes a batch (out of memory while
        // building an error text) fails that batch's callers instead of ending the thread and
        // leaving every later caller waiting forever.
        try {
            // Each job is in exactly one of `taken` and `open_jobs` at any time, so the handler
            // below answers every one once.
            if (!taken.empty()) {
                if (!open) open = begin_batch(taken);  // open_jobs is empty while none is open.
                if (!open) {
                    finish_jobs(taken);
                    taken.clear();
                } else {
                    const std::size_t first = open_jobs.size();
                    open_jobs.insert(open_jobs.end(), taken.begin(), taken.end());
                    taken.clear();
                    open = run_jobs(open_jobs, first);
                    if (!open) {
                        finish_jobs(open_jobs);
                        open_jobs.clear();
                    }
                }
            }
            if (open && (stopping || !pipelined_ || open_jobs.size() >= batch_jobs_max_ ||
                         syncer_idle_.load(std::memory_order_acquire))) {
                const bool committed = commit_batch(open_jobs);
                open = false;
                if (committed) {
                    const std::lock_guard lock(queue_mutex_);
                    ++commits_;
                    jobs_committed_ += open_jobs.size();
                }
                finish_jobs(open_jobs);
                open_jobs.clear();
                single_connection_lock = {};
                finish_checkpoint();
            }
        } catch (...) {
            writer_connection_->roll_back_quietly();
            open = false;
            open_jobs.insert(open_jobs.end(), taken.begin(), taken.end());
            for (Job* job : open_jobs) job->error = std::current_exception();
            finish_jobs(open_jobs);
            open_jobs.clear();
            taken.clear();
        }
    }
}

void SqliteStore::Impl::finish_jobs(const std::vector<Job*>& jobs) {
    if (jobs.empty()) return;
    if (pipelined_) {
        // Even a failed batch goes through the syncer: readers may wait for its number.
        hand_to_syncer(visible_commits_.load(std::memory_order_relaxed), jobs);
    } else {
        // After notify a job's owner may return and destroy it: touch no job afterwards.
        for (Job* job : jobs) job->done.notify();
    }
}

void SqliteStore::Impl::fail_jobs(std::span<Job* const> jobs, const StoreError& error) {
    writer_connection_->roll_back_quietly();
    const std::string message =
        std::string(
            "sqlite: the batch holding this write was rolled back, nothing of it was "
            "saved: ") +
        error.what();
    // One exception object per job: the callers rethrow them on their own threads at once.
    for (Job* job : jobs) job->error = std::make_exception_ptr(StoreError(message));
}

// Tops up the numbers and opens the IMMEDIATE transaction the next jobs run in. When it cannot,
// every one of `jobs` carries a StoreError.
bool SqliteStore::Impl::begin_batch(std::span<Job* const> jobs) {
    Connection& connection = *writer_connection_;
    // Refused before any work runs: a failed fsync, a deleted file (commit_batch checks again).
    if (auto problem = health()) {
        fail_jobs(jobs, StoreError("sqlite: " + *problem));
        return false;
    }
    // Two numbers per job cover a Recur (its payment and its authorization); a transaction that
    // wants more (jobs that join it later) draws the rest inside it.
    numbers_.top_up(connection, 2 * static_cast<std::int64_t>(jobs.size()));
    try {
        connection.statement(begin_immediate_sql).run();
    } catch (const StoreError& error) {
        fail_jobs(jobs, error);
        return false;
    }
    return true;
}

// Runs jobs[first..] each in its own SAVEPOINT of the open transaction. Returns whether the
// transaction is still open; when it is not, every one of `jobs` carries a StoreError.
//
// Every job gets the StoreError, not only those that asked to commit: a job that rolled back or
// threw may have decided so from an earlier job's changes that are now gone (the payee reference
// another job of this batch had reserved), so its answer is no longer true either.
bool SqliteStore::Impl::run_jobs(std::span<Job* const> jobs, std::size_t first) {
    Connection& connection = *writer_connection_;
    SqliteDbTransaction db(connection, &numbers_);
    for (Job* job : jobs.subspan(first)) {
        WorkOutcome outcome = WorkOutcome::roll_back;
        try {
            connection.statement(savepoint_sql).run();
        } catch (const StoreError& error) {
            fail_jobs(jobs, error);
            return false;
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
            fail_jobs(jobs, StoreError(cause));
            return false;
        }
        try {
            if (outcome == WorkOutcome::commit && !job->error) {
                connection.statement(release_sql).run();
            } else {
                connection.statement(rollback_to_sql).run();
                connection.statement(release_sql).run();
            }
        } catch (const StoreError& error) {
            fail_jobs(jobs, error);
            return false;
        }
    }
    return true;
}

// Commits the open transaction. Returns whether the COMMIT succeeded; when it did not, every one
// of `jobs` carries a StoreError.
bool SqliteStore::Impl::commit_batch(std::span<Job* const> jobs) {
    Connection& connection = *writer_connection_;
    // The last moment to notice that the file is no longer the one opened: committing into an
    // unlinked file would acknowledge writes that no restart will find.
    if (auto problem = health()) {
        fail_jobs(jobs, StoreError("sqlite: " + *problem));
        return false;
    }
    // Raised before the COMMIT makes the batch visible: a reader that sees it reads this number
    // (or a higher one) afterwards and waits for its sync.
    if (pipelined_) visible_commits_.fetch_add(1, std::memory_order_seq_cst);
    try {
        connection.statement(commit_sql).run();
    } catch (const StoreError& error) {
        fail_jobs(jobs, error);
        return false;
    }
    return true;
}

std::optional<std::string> SqliteStore::Impl::health() const {
    if (read_only_) return "the database " + path_ + " is read-only: every write would fail";
    if (sync_failed_.load(std::memory_order_acquire)) {
        const std::lock_guard lock(sync_mutex_);
        return sync_error_;
    }
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
    if (single_connection_) {
        const ReadingOnThisThread reading(this);
        const std::lock_guard lock(single_connection_mutex_);
        run_read(*writer_connection_, work);
        return;
    }
    {
        // Only around the work: the wait below may suspend this fiber, and the next one on this
        // thread is not inside this read.
        const ReadingOnThisThread reading(this);
        std::unique_ptr<Connection> connection = acquire_reader();
        // Return the connection however the work ends; the class below is the exception path.
        struct Lease {
            Impl& store;
            std::unique_ptr<Connection>& connection;
            ~Lease() { store.release_reader(std::move(connection)); }
        } lease{*this, connection};
        run_read(*connection, work);
    }
    if (!pipelined_) return;
    // Read after the snapshot was taken: at least the number of every commit the work saw.
    const std::uint64_t seen = visible_commits_.load(std::memory_order_seq_cst);
    if (durable_commits_.load(std::memory_order_acquire) >= seen) return;
    const auto wait = [](void* self, std::uint64_t commit) {
        static_cast<Impl*>(self)->wait_until_durable(commit);
    };
    if (!DeferredDurability::owe(this, seen, wait)) wait_until_durable(seen);
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
                      .checkpoints = checkpoints_.load(std::memory_order_relaxed),
                      .syncs = syncs_.load(std::memory_order_relaxed)};
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
