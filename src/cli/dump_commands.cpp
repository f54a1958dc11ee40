// `faktura export` and `faktura import`: which backend's dump functions a --database names, the
// files or standard streams they use, the progress line on a terminal and the closing counts.
#include "cli/dump_commands.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string_view>

#include "storage/dump.hpp"
#include "storage/postgres/dump.hpp"
#include "storage/sqlite/dump.hpp"

namespace faktura::cli {
namespace {

namespace dump = storage::dump;

constexpr std::string_view sqlite_prefix = "sqlite:";

enum class Backend { sqlite, postgres };

Backend backend_of(std::string_view database) {
    if (database.starts_with(sqlite_prefix)) return Backend::sqlite;
    if (database.starts_with("postgresql://") || database.starts_with("postgres://")) {
        return Backend::postgres;
    }
    throw std::invalid_argument(
        "--database must be sqlite:PATH or postgresql://[USER@]HOST[:PORT]/DATABASE[?PARAMETERS]");
}

// Where the work stands, redrawn in place on stderr when it is a terminal (at most ten times a
// second, and whenever the table changes); nothing otherwise, so a log stays clean.
class ProgressLine {
  public:
    ProgressLine(const char* verb, bool wanted)
        : verb_(verb), shown_(wanted && isatty(STDERR_FILENO) == 1) {}
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    void update(const dump::Progress& progress) {
        if (!shown_) return;
        const auto now = std::chrono::steady_clock::now();
        if (drawn_ && progress.table_index == table_index_ &&
            now - drawn_at_ < std::chrono::milliseconds{100}) {
            return;
        }
        drawn_ = true;
        drawn_at_ = now;
        table_index_ = progress.table_index;
        // \033[K clears what a longer earlier line left to the right.
        std::fprintf(stderr, "\rfaktura: %s %.*s (table %zu of %zu): %llu row%s, %llu in all\033[K",
                     verb_, static_cast<int>(progress.table.size()), progress.table.data(),
                     progress.table_index + 1, progress.table_count,
                     static_cast<unsigned long long>(progress.table_rows),
                     progress.table_rows == 1 ? "" : "s",
                     static_cast<unsigned long long>(progress.rows));
        std::fflush(stderr);
    }

    // Before anything else goes to stderr.
    void clear() {
        if (!drawn_) return;
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        drawn_ = false;
    }

  private:
    const char* verb_;
    bool shown_;
    bool drawn_ = false;
    std::size_t table_index_ = 0;
    std::chrono::steady_clock::time_point drawn_at_{};
};

// `faktura export | faktura import` on a terminal: both would redraw the one line, so the export
// leaves it to the import when its output is a pipe.
bool is_pipe(int fd) {
    struct stat status {};
    return fstat(fd, &status) == 0 && S_ISFIFO(status.st_mode);
}

// The dump holds national ids, addresses and payer tokens: a file it creates is 0600, as the SQLite
// database is.
void create_private_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    }
    ::close(fd);
}

}  // namespace

int export_database(const ExportOptions& options) {
    const Backend backend = backend_of(options.database);
    // The standard streams need not stay in step with stdio: only stderr is written through it.
    std::ios_base::sync_with_stdio(false);
    std::ofstream file;
    std::ostream* out = &std::cout;
    if (options.output) {
        create_private_file(*options.output);
        file.open(*options.output, std::ios::binary | std::ios::trunc);
        if (!file) throw std::runtime_error("cannot open " + *options.output + " to write");
        out = &file;
    }
    ProgressLine progress("exporting", options.output.has_value() || !is_pipe(STDOUT_FILENO));
    dump::Summary summary;
    try {
        dump::JsonLinesWriter writer(*out, backend == Backend::sqlite ? "sqlite" : "postgres",
                                     [&](const dump::Progress& at) { progress.update(at); });
        if (backend == Backend::sqlite) {
            storage::sqlite::export_dump(options.database.substr(sqlite_prefix.size()), writer);
        } else {
            storage::postgres::export_dump(options.database, writer);
        }
        summary = writer.finish();
    } catch (...) {
        progress.clear();
        // A dump without its end line would be refused anyway; a file of one is not left behind.
        if (options.output) {
            file.close();
            std::remove(options.output->c_str());
        }
        throw;
    }
    progress.clear();
    // Through a pipe the import's progress line may stand on the terminal: start afresh.
    if (isatty(STDERR_FILENO) == 1) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "faktura: exported %llu rows of %zu tables (next number %lld)\n",
                 static_cast<unsigned long long>(summary.rows), summary.counts.size(),
                 static_cast<long long>(summary.next_number));
    return 0;
}

int import_database(const ImportOptions& options) {
    const Backend backend = backend_of(options.database);
    std::ios_base::sync_with_stdio(false);
    std::ifstream file;
    std::istream* in = &std::cin;
    if (options.input) {
        file.open(*options.input, std::ios::binary);
        if (!file) {
            throw std::runtime_error("cannot open " + *options.input + ": " + std::strerror(errno));
        }
        in = &file;
    } else if (isatty(STDIN_FILENO) == 1) {
        throw std::invalid_argument(
            "standard input is a terminal: give the dump with --input FILE or < FILE");
    }
    ProgressLine progress("importing", true);
    dump::Summary summary;
    try {
        const auto on_progress = [&](const dump::Progress& at) { progress.update(at); };
        if (backend == Backend::sqlite) {
            summary = storage::sqlite::import_dump(options.database.substr(sqlite_prefix.size()),
                                                   *in, on_progress);
        } else {
            summary = storage::postgres::import_dump(options.database, *in, on_progress);
        }
    } catch (const std::exception& error) {
        progress.clear();
        // The import's one transaction was rolled back: say so with the reason.
        throw std::runtime_error(std::string("nothing imported: ") + error.what());
    }
    progress.clear();
    std::fprintf(stderr,
                 "faktura: imported %llu rows in %zu tables; counts match (next number %lld)\n",
                 static_cast<unsigned long long>(summary.rows), summary.counts.size(),
                 static_cast<long long>(summary.next_number));
    return 0;
}

}  // namespace faktura::cli
