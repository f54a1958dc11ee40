// SqliteStore: the Store over one SQLite file (WAL), the embedded default backend. Writes from all
// threads are group-committed by one writer thread (one fsync per batch, a SAVEPOINT per request);
// reads run on a small pool of reader connections. See docs/decisions/0003-sqlite-group-commit.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "storage/store.hpp"

namespace faktura::storage::sqlite {

struct SqliteOptions {
    // How long a statement waits for a lock another process holds (a second server, the CLI)
    // before failing with StoreError.
    std::chrono::milliseconds busy_timeout{5000};
    // Most write jobs one commit (one fsync) carries; the rest wait for the next commit.
    std::size_t batch_jobs_max = 256;
    // Most reader connections open at once; further concurrent reads wait for a free one.
    std::size_t readers_max = 8;
    // Largest the database file may grow (rounded down to whole pages); 0 means no limit. A write
    // that would pass it fails with StoreError ("database or disk is full"), as on a full disk.
    std::uint64_t database_size_max_bytes = 0;
    // How many payment and transaction numbers the writer reserves in one durable step of its own,
    // to hand out from memory (docs/decisions/0010-numbers.md). 0 draws each number inside its
    // write instead, which updates the one sequence row in every write that draws one.
    std::int64_t numbers_per_reservation = 1000;
    // Files only. When a commit leaves this many pages in the WAL, a background thread copies them
    // into the database (a PASSIVE checkpoint on its own connection) while the writer goes on; 0
    // leaves it to SQLite's own checkpoint on the writer's thread after a commit.
    std::int64_t checkpoint_pages = 4000;
    // If the WAL still grows to this many pages (the checkpointer falls behind, or a long read
    // holds an old snapshot), the writer checkpoints itself after its commit: 64 MiB at most.
    std::int64_t wal_pages_max = 16384;
    // Files only: how the WAL is made durable after a commit — fdatasync(2) on it when empty.
    // Returns 0 or an errno value. Tests put in a slow or a failing one.
    std::function<int(int fd)> sync_wal{};
};

// Thread-safe: write() and read() may be called from any number of threads at once, but never from
// inside the work of another write() or read() (that would wait on itself; it throws
// std::logic_error where it can tell). Destroying the store finishes the writes already queued and
// must not race with calls still in progress.
class SqliteStore final : public Store {
  public:
    // Opens the database at `path`, creating the file and its missing parent directories, and
    // applies missing schema migrations. ":memory:" (or an empty path, or a "file:" URI with
    // mode=memory) opens a private in-memory database: then one connection serves the writer and
    // the readers in turn, so reads and batches take turns instead of overlapping. Throws
    // StoreError when the file cannot be opened, is not a database, cannot use WAL, or has a
    // schema newer than this program knows.
    static std::unique_ptr<SqliteStore> open(const std::string& path, SqliteOptions options = {});

    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    void write(const std::function<WorkOutcome(DbTransaction& db)>& work) override;
    void read(const std::function<void(DbReader& db)>& work) override;
    // The database file (created 0600: it holds national ids and payer tokens) is the one opened:
    // the same device and inode. Every batch checks it before its COMMIT, so nothing is
    // acknowledged into a file that was deleted or replaced meanwhile.
    std::optional<std::string> health() override;

    // Counters for logs, tests and benchmarks; jobs / commits is the mean batch size.
    struct Statistics {
        std::uint64_t commits = 0;     // Batches committed.
        std::uint64_t jobs = 0;        // write() calls whose batch committed, in any outcome.
        std::size_t jobs_waiting = 0;  // Queued now, not yet taken by the writer.
        std::uint64_t number_reservations = 0;  // Blocks of numbers reserved (each one fsync).
        std::uint64_t checkpoints = 0;          // Checkpoints run by the store (not by SQLite).
        std::uint64_t syncs = 0;  // fdatasync calls on the WAL, each covering one or more commits.
    };
    Statistics statistics() const;

  private:
    class Impl;
    explicit SqliteStore(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> impl_;
};

}  // namespace faktura::storage::sqlite
