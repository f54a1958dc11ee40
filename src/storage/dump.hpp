// A whole database as JSON Lines, the same for every backend, so `faktura export` on one backend
// and `faktura import` on another move the data between them
// (docs/decisions/0021-export-import.md). Backend-neutral: the format, the ordered list of tables,
// the writer of an export and the reader that checks a dump line by line and hands its rows to a
// backend's RowTarget. The backends read and write their own tables (storage/sqlite/dump.hpp,
// storage/postgres/dump.hpp).
//
//   {"faktura_dump":1,"schema":6,"backend":"sqlite"}
//   {"table":"merchants","row":{"payee_id":"…","name":"…","created_at":15900000000000001,…}}
//   …                                   (every row of every table, tables in tables() order)
//   {"sequence":"number","next":41100000123}
//   {"end":true,"counts":{"merchants":1,"payments":2,…}}
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace faktura::storage::dump {

// The version of the line format itself ("faktura_dump"), raised when a reader of the old one would
// misread the new.
inline constexpr std::int64_t format_version = 1;

// The tables and columns a dump holds: those SQLite's migrations 1–6 and PostgreSQL's migration 1
// leave. A migration that changes a dumped table raises it, on both backends at once; an import
// refuses a dump of another schema (export and import with the same faktura).
inline constexpr std::int64_t schema_version = 6;

// The table the number sequence lives in on both backends: not dumped as rows but as the sequence
// line, since a new database has its own row there already.
inline constexpr std::string_view sequence_table = "sequences";
// The one sequence: payment and transaction numbers (docs/decisions/0010-numbers.md).
inline constexpr std::string_view number_sequence = "number";

// A dump that cannot be imported (malformed, truncated, another schema), or a target that may not
// take one (it holds data already, its counts disagree). The message names the line.
class DumpError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A column's JSON type: an integer number, true/false, or a string. SQLite keeps flags as INTEGER
// 0/1 and PostgreSQL as boolean; both come out as true/false.
enum class ColumnType { integer, flag, text };

struct Column {
    std::string name;
    ColumnType type = ColumnType::text;
    bool nullable = false;
};

// One table of the dump, in the order the tables are written and loaded: parents before the rows
// that refer to them.
struct Table {
    std::string_view name;
    // The columns that order its rows (the primary key), so two exports of the same data are the
    // same file on either backend; text compares byte by byte.
    std::vector<std::string_view> order_by;
    // Its flag columns (the row descriptors' bool fields), which SQLite stores as 0/1.
    std::vector<std::string> flags;
    // A new database may have rows here already (a server started once on it inserts its CSRF
    // secret in settings): the dump's rows replace them instead of the import being refused.
    bool replaces_target_rows = false;

    bool is_flag(std::string_view column) const;
};

// Every dumped table, parents first. Every table of either schema is here but the sequence table
// and the migration bookkeeping (a test holds both schemas to it).
std::span<const Table> tables();

// One column's value; monostate is NULL.
using Value = std::variant<std::monostate, std::int64_t, bool, std::string>;

// Where the work stands, for a progress line: the table being written or read, its position in
// tables() (0-based), its rows so far and the rows of every table so far.
struct Progress {
    std::string_view table;
    std::size_t table_index = 0;
    std::size_t table_count = 0;
    std::uint64_t table_rows = 0;
    std::uint64_t rows = 0;
};
using ProgressCallback = std::function<void(const Progress&)>;

// What a finished export or import counted: rows per table, in tables() order.
struct Summary {
    std::vector<std::pair<std::string, std::uint64_t>> counts;
    std::uint64_t rows = 0;
    std::int64_t next_number = 0;  // The sequence line's value (import: as the target has it now).
};

// What a backend's export hands its rows to: each table of tables() in order, then the sequence.
class RowSink {
  public:
    virtual ~RowSink() = default;
    // `columns` in the order row() gives the values.
    virtual void begin_table(const Table& table, std::vector<Column> columns) = 0;
    virtual void row(std::span<const Value> values) = 0;
    virtual void sequence(std::string_view name, std::int64_t next) = 0;
};

// Writes a dump to `out`: the header at once, a line per row, the sequence, and the end line with
// the counts at finish(). Throws DumpError when `out` fails (a full disk), std::logic_error when
// the backend skips a table or hands them out of order.
class JsonLinesWriter final : public RowSink {
  public:
    JsonLinesWriter(std::ostream& out, std::string_view backend, ProgressCallback progress = {});

    void begin_table(const Table& table, std::vector<Column> columns) override;
    void row(std::span<const Value> values) override;
    void sequence(std::string_view name, std::int64_t next) override;
    // Writes the end line and flushes; after every table and the sequence.
    Summary finish();

  private:
    void write_line(const std::string& line);

    std::ostream& out_;
    ProgressCallback progress_;
    std::size_t next_table_ = 0;  // The position in tables() the next begin_table must have.
    const Table* table_ = nullptr;
    std::vector<Column> columns_;
    std::string row_prefix_;  // {"table":"…","row":
    Summary summary_;
    bool sequence_written_ = false;
    std::string line_;
};

// A backend's database inside the one transaction an import runs in. Every method throws
// StoreError when the database fails.
class RowTarget {
  public:
    virtual ~RowTarget() = default;
    // The table's columns in the database, in its order.
    virtual std::vector<Column> columns(const Table& table) = 0;
    virtual std::uint64_t row_count(const Table& table) = 0;
    virtual void remove_rows(const Table& table) = 0;
    // `values` in the order of columns(table), each of its column's type (or NULL where nullable).
    virtual void insert(const Table& table, std::span<const Value> values) = 0;
    // Moves the sequence's next value up to `at_least`, never down.
    virtual void raise_sequence(std::string_view name, std::int64_t at_least) = 0;
    virtual std::int64_t sequence_value(std::string_view name) = 0;
};

// Reads a dump from `in` into `target`: refuses a target that holds rows already (but in the tables
// that replace them), checks each line as it comes (JSON, known table and columns, each value of
// its column's type), inserts its row, raises the number sequence above the dump's value and every
// imported number, and at the end line compares its counts with the rows read and with the
// target's tables. Throws DumpError naming the line (a StoreError from the target gets the line
// too); the caller then rolls the transaction back, so nothing is written.
Summary load(std::istream& in, RowTarget& target, const ProgressCallback& progress = {});

}  // namespace faktura::storage::dump
