// The dump format: the ordered table list (flags found in the row descriptors), the JSON Lines
// writer and the checking reader. Boost.JSON parses and writes each line; nothing here knows SQL.
#include "storage/dump.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <istream>
#include <limits>
#include <optional>
#include <ostream>
#include <tuple>
#include <type_traits>
#include <unordered_map>

#include "storage/rows/approved_legal_address_row.hpp"
#include "storage/rows/authorization_details_row.hpp"
#include "storage/rows/callback_row.hpp"
#include "storage/rows/credit_note_row.hpp"
#include "storage/rows/invoice_row.hpp"
#include "storage/rows/merchant_row.hpp"
#include "storage/rows/payer_input_row.hpp"
#include "storage/rows/payer_token_row.hpp"
#include "storage/rows/payment_row.hpp"
#include "storage/rows/transaction_row.hpp"
#include "storage/store.hpp"

namespace faktura::storage::dump {
namespace {

namespace json = boost::json;

// ---- The flag columns of a row descriptor: its bool fields ----

// Declared first: the tuple overload recurses into groups (as in rows/column.hpp).
template <typename Row, typename Access, typename Columns>
void add_flags(const rows::Group<Access, Columns>& group, const std::string& prefix,
               std::vector<std::string>& flags);
template <typename Row, typename Access, typename Columns>
void add_flags(const rows::OptionalGroup<Access, Columns>& group, const std::string& prefix,
               std::vector<std::string>& flags);

template <typename Row, typename Access>
void add_flags(const rows::Column<Access>& column, const std::string& prefix,
               std::vector<std::string>& flags) {
    using Field = std::remove_cvref_t<std::invoke_result_t<const Access&, Row&>>;
    if constexpr (std::is_same_v<Field, bool> || std::is_same_v<Field, std::optional<bool>>) {
        flags.push_back(prefix + std::string(column.name));
    }
}
template <typename Row, typename Access, typename Codec>
void add_flags(const rows::ColumnWith<Access, Codec>&, const std::string&,
               std::vector<std::string>&) {}  // Text a codec computed.
template <typename Row, typename... Columns>
void add_flags(const std::tuple<Columns...>& columns, const std::string& prefix,
               std::vector<std::string>& flags) {
    std::apply([&](const auto&... each) { (add_flags<Row>(each, prefix, flags), ...); }, columns);
}
template <typename Row, typename Access, typename Columns>
void add_flags(const rows::Group<Access, Columns>& group, const std::string& prefix,
               std::vector<std::string>& flags) {
    using Sub = std::remove_cvref_t<std::invoke_result_t<const Access&, Row&>>;
    add_flags<Sub>(group.columns, prefix + std::string(group.prefix), flags);
}
template <typename Row, typename Access, typename Columns>
void add_flags(const rows::OptionalGroup<Access, Columns>& group, const std::string& prefix,
               std::vector<std::string>& flags) {
    using Sub = typename std::remove_cvref_t<std::invoke_result_t<const Access&, Row&>>::value_type;
    add_flags<Sub>(group.columns, prefix + std::string(group.prefix), flags);
}

template <typename Descriptor>
Table described(const Descriptor& descriptor, std::vector<std::string_view> order_by) {
    Table table{descriptor.name, std::move(order_by), {}};
    add_flags<typename Descriptor::row_type>(descriptor.columns, "", table.flags);
    return table;
}

std::vector<Table> make_tables() {
    std::vector<Table> list;
    list.push_back(described(rows::merchant_table, {"payee_id"}));
    list.push_back(described(rows::payment_table, {"number"}));
    list.push_back(described(rows::transaction_table, {"number"}));
    list.push_back(Table{"payee_references", {"payee_id", "payee_reference"}, {}});
    list.push_back(described(rows::approved_legal_address_table, {"payment_id"}));
    list.push_back(described(rows::authorization_details_table, {"transaction_id"}));
    list.push_back(described(rows::payer_token_table, {"token"}));
    list.push_back(described(rows::invoice_table, {"transaction_id"}));
    list.push_back(described(rows::credit_note_table, {"transaction_id"}));
    list.push_back(Table{"invoice_sequences", {"payee_id"}, {}});
    list.push_back(described(rows::payer_input_table, {"payment_id"}));
    list.push_back(Table{"settings", {"name"}, {}, /*replaces_target_rows=*/true});
    list.push_back(described(rows::callback_delivery_table, {"id"}));
    list.push_back(described(rows::callback_attempt_table, {"delivery_id", "number"}));
    return list;
}

// The columns whose values come from the number sequence: an import raises it above them all.
bool is_numbered(std::string_view table, std::string_view column) {
    return column == "number" && (table == "payments" || table == "transactions");
}

const char* type_name(ColumnType type) {
    switch (type) {
        case ColumnType::integer:
            return "an integer";
        case ColumnType::flag:
            return "true or false";
        case ColumnType::text:
            return "a string";
    }
    return "?";
}

const char* json_kind(const json::value& value) {
    switch (value.kind()) {
        case json::kind::null:
            return "null";
        case json::kind::bool_:
            return "a boolean";
        case json::kind::int64:
        case json::kind::uint64:
            return "an integer";
        case json::kind::double_:
            return "a fractional number";
        case json::kind::string:
            return "a string";
        case json::kind::array:
            return "an array";
        case json::kind::object:
            return "an object";
    }
    return "?";
}

json::value to_json(const Value& value) {
    if (const auto* integer = std::get_if<std::int64_t>(&value)) return json::value(*integer);
    if (const auto* flag = std::get_if<bool>(&value)) return json::value(*flag);
    if (const auto* text = std::get_if<std::string>(&value)) return json::value(*text);
    return json::value(nullptr);
}

}  // namespace

bool Table::is_flag(std::string_view column) const {
    return std::find(flags.begin(), flags.end(), column) != flags.end();
}

std::span<const Table> tables() {
    static const std::vector<Table> list = make_tables();
    return list;
}

// ---- Writing ----

JsonLinesWriter::JsonLinesWriter(std::ostream& out, std::string_view backend,
                                 ProgressCallback progress)
    : out_(out), progress_(std::move(progress)) {
    json::object header;
    header["faktura_dump"] = format_version;
    header["schema"] = schema_version;
    header["backend"] = backend;
    write_line(json::serialize(header));
}

void JsonLinesWriter::write_line(const std::string& line) {
    out_.write(line.data(), static_cast<std::streamsize>(line.size()));
    out_.put('\n');
    if (!out_) throw DumpError("cannot write the dump (is the disk full, or the reader gone?)");
}

void JsonLinesWriter::begin_table(const Table& table, std::vector<Column> columns) {
    const std::span<const Table> all = tables();
    if (next_table_ >= all.size() || all[next_table_].name != table.name) {
        throw std::logic_error("dump: the backend wrote table " + std::string(table.name) +
                               " out of the order of dump::tables()");
    }
    table_ = &all[next_table_];
    ++next_table_;
    columns_ = std::move(columns);
    row_prefix_ = "{\"table\":" + json::serialize(json::value(table.name)) + ",\"row\":";
    summary_.counts.emplace_back(std::string(table.name), 0);
    if (progress_) {
        progress_(Progress{table.name, next_table_ - 1, all.size(), 0, summary_.rows});
    }
}

void JsonLinesWriter::row(std::span<const Value> values) {
    if (table_ == nullptr || values.size() != columns_.size()) {
        throw std::logic_error("dump: a row without its table, or of another length");
    }
    json::object object;
    object.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) object[columns_[i].name] = to_json(values[i]);
    line_ = row_prefix_;
    line_ += json::serialize(object);
    line_ += '}';
    write_line(line_);
    std::uint64_t& table_rows = summary_.counts.back().second;
    ++table_rows;
    ++summary_.rows;
    if (progress_) {
        progress_(
            Progress{table_->name, next_table_ - 1, tables().size(), table_rows, summary_.rows});
    }
}

void JsonLinesWriter::sequence(std::string_view name, std::int64_t next) {
    json::object line;
    line["sequence"] = name;
    line["next"] = next;
    write_line(json::serialize(line));
    if (name == number_sequence) summary_.next_number = next;
    sequence_written_ = true;
}

Summary JsonLinesWriter::finish() {
    if (next_table_ != tables().size() || !sequence_written_) {
        throw std::logic_error("dump: finish() before every table and the sequence were written");
    }
    json::object counts;
    for (const auto& [name, count] : summary_.counts) counts[name] = count;
    json::object line;
    line["end"] = true;
    line["counts"] = std::move(counts);
    write_line(json::serialize(line));
    out_.flush();
    if (!out_) throw DumpError("cannot write the dump (is the disk full, or the reader gone?)");
    return summary_;
}

// ---- Reading ----

namespace {

// One table's columns in the target, and where each name goes in a row's values.
struct TargetTable {
    std::vector<Column> columns;
    std::unordered_map<std::string, std::size_t> positions;
};

class Loader {
  public:
    Loader(RowTarget& target, const ProgressCallback& progress)
        : target_(target),
          progress_(progress),
          all_(tables()),
          targets_(all_.size()),
          counts_(all_.size(), 0) {}

    Summary run(std::istream& in);

  private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw DumpError("line " + std::to_string(line_number_) + ": " + problem);
    }

    void read_header(std::istream& in);
    void refuse_data_in_target();
    void read_row(const json::object& line);
    void read_sequence(const json::object& line);
    void read_end(const json::object& line);
    TargetTable& target_table(std::size_t index);
    void expect_members(const json::object& line, std::initializer_list<std::string_view> names);

    RowTarget& target_;
    const ProgressCallback& progress_;
    std::span<const Table> all_;
    std::vector<std::optional<TargetTable>> targets_;
    std::vector<std::uint64_t> counts_;
    std::uint64_t rows_ = 0;
    std::size_t line_number_ = 0;
    std::size_t current_table_ = 0;
    std::optional<std::int64_t> next_number_;
    std::int64_t highest_number_ = 0;
    bool ended_ = false;
    Summary summary_;
    std::vector<Value> values_;
    std::vector<bool> given_;
};

bool next_line(std::istream& in, std::string& line) {
    if (!std::getline(in, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

void Loader::expect_members(const json::object& line,
                            std::initializer_list<std::string_view> names) {
    for (const auto& member : line) {
        if (std::find(names.begin(), names.end(), member.key()) == names.end()) {
            fail("unexpected member \"" + std::string(member.key()) + "\"");
        }
    }
    for (const std::string_view name : names) {
        if (!line.contains(name)) fail("the line lacks its \"" + std::string(name) + "\" member");
    }
}

void Loader::read_header(std::istream& in) {
    std::string text;
    line_number_ = 1;
    if (!next_line(in, text)) fail("the dump is empty: no header line");
    boost::system::error_code error;
    const json::value parsed = json::parse(text, error);
    const json::object* header = error ? nullptr : parsed.if_object();
    const json::value* format = header != nullptr ? header->if_contains("faktura_dump") : nullptr;
    if (format == nullptr) {
        fail("not a faktura dump (the first line must be {\"faktura_dump\":" +
             std::to_string(format_version) + ",…})");
    }
    if (!format->is_int64() || format->get_int64() != format_version) {
        fail("dump format " + json::serialize(*format) + "; this faktura reads format " +
             std::to_string(format_version));
    }
    const json::value* schema = header->if_contains("schema");
    if (schema == nullptr || !schema->is_int64() || schema->get_int64() != schema_version) {
        fail("the dump holds schema " + (schema != nullptr ? json::serialize(*schema) : "?") +
             ", this faktura schema " + std::to_string(schema_version) +
             ": import with the version of faktura that exported it");
    }
}

void Loader::refuse_data_in_target() {
    std::string held;
    for (const Table& table : all_) {
        if (table.replaces_target_rows) continue;
        const std::uint64_t count = target_.row_count(table);
        if (count == 0) continue;
        if (!held.empty()) held += ", ";
        held += std::string(table.name) + ": " + std::to_string(count);
    }
    if (!held.empty()) {
        throw DumpError("the database holds data already (rows in " + held +
                        "); import only into a new, empty database");
    }
    for (const Table& table : all_) {
        if (table.replaces_target_rows) target_.remove_rows(table);
    }
}

TargetTable& Loader::target_table(std::size_t index) {
    std::optional<TargetTable>& cached = targets_[index];
    if (!cached) {
        cached.emplace();
        cached->columns = target_.columns(all_[index]);
        for (std::size_t i = 0; i < cached->columns.size(); ++i) {
            cached->positions.emplace(cached->columns[i].name, i);
        }
    }
    return *cached;
}

void Loader::read_row(const json::object& line) {
    expect_members(line, {"table", "row"});
    const json::string* name = line.at("table").if_string();
    if (name == nullptr) fail("\"table\" must be a string");
    const auto found = std::find_if(all_.begin(), all_.end(),
                                    [&](const Table& table) { return table.name == *name; });
    if (found == all_.end()) {
        fail("unknown table \"" + std::string(*name) + "\"" +
             (*name == sequence_table ? " (the sequence has a line of its own)" : ""));
    }
    const auto index = static_cast<std::size_t>(found - all_.begin());
    if (index < current_table_) {
        fail("a row of " + std::string(found->name) + " after the rows of " +
             std::string(all_[current_table_].name) +
             ": the tables must come in the dump's order, parents first");
    }
    current_table_ = index;
    const Table& table = *found;
    const json::object* row = line.at("row").if_object();
    if (row == nullptr) fail("\"row\" must be an object");

    TargetTable& columns = target_table(index);
    values_.assign(columns.columns.size(), Value{});
    given_.assign(columns.columns.size(), false);
    for (const auto& member : *row) {
        const std::string key(member.key());
        const auto position = columns.positions.find(key);
        if (position == columns.positions.end()) {
            fail(std::string(table.name) + " has no column \"" + key + "\"");
        }
        const Column& column = columns.columns[position->second];
        const json::value& value = member.value();
        Value& out = values_[position->second];
        given_[position->second] = true;
        const auto wrong = [&] {
            fail(std::string(table.name) + "." + column.name + " must be " +
                 type_name(column.type) + (column.nullable ? " or null" : "") + ", not " +
                 json_kind(value));
        };
        if (value.is_null()) {
            if (!column.nullable) wrong();
            continue;
        }
        switch (column.type) {
            case ColumnType::integer:
                if (!value.is_int64()) wrong();
                out = value.get_int64();
                if (is_numbered(table.name, column.name)) {
                    highest_number_ = std::max(highest_number_, value.get_int64());
                }
                break;
            case ColumnType::flag:
                if (!value.is_bool()) wrong();
                out = value.get_bool();
                break;
            case ColumnType::text:
                if (!value.is_string()) wrong();
                out = std::string(value.get_string());
                break;
        }
    }
    for (std::size_t i = 0; i < given_.size(); ++i) {
        if (!given_[i]) {
            fail("the " + std::string(table.name) + " row lacks column \"" +
                 columns.columns[i].name + "\"");
        }
    }
    try {
        target_.insert(table, values_);
    } catch (const StoreError& error) {
        fail(std::string(table.name) + " row refused by the database: " + error.what());
    }
    ++counts_[index];
    ++rows_;
    if (progress_) progress_(Progress{table.name, index, all_.size(), counts_[index], rows_});
}

void Loader::read_sequence(const json::object& line) {
    expect_members(line, {"sequence", "next"});
    const json::string* name = line.at("sequence").if_string();
    if (name == nullptr || *name != number_sequence) {
        fail("unknown sequence " + json::serialize(line.at("sequence")));
    }
    if (next_number_) fail("a second sequence line for \"number\"");
    const json::value& next = line.at("next");
    if (!next.is_int64()) fail("\"next\" must be an integer, not " + std::string(json_kind(next)));
    next_number_ = next.get_int64();
}

void Loader::read_end(const json::object& line) {
    expect_members(line, {"end", "counts"});
    if (line.at("end") != json::value(true)) fail("\"end\" must be true");
    const json::object* counts = line.at("counts").if_object();
    if (counts == nullptr) fail("\"counts\" must be an object");
    for (const auto& member : *counts) {
        const auto found = std::find_if(all_.begin(), all_.end(), [&](const Table& table) {
            return table.name == member.key();
        });
        if (found == all_.end())
            fail("a count of unknown table \"" + std::string(member.key()) + "\"");
    }
    for (std::size_t i = 0; i < all_.size(); ++i) {
        const std::string name(all_[i].name);
        const json::value* count = counts->if_contains(name);
        if (count == nullptr) fail("the end line lacks the count of " + name);
        if (!count->is_int64() || count->get_int64() < 0)
            fail("the count of " + name + " must be a whole number");
        const auto expected = static_cast<std::uint64_t>(count->get_int64());
        if (expected != counts_[i]) {
            fail("the end line counts " + std::to_string(expected) + " rows of " + name +
                 ", the dump holds " + std::to_string(counts_[i]) + ": lines are missing");
        }
    }
    if (!next_number_) fail("the dump has no sequence line for \"number\"");
    // Above every imported number even if the sequence line lagged behind them.
    std::int64_t at_least = *next_number_;
    if (highest_number_ < std::numeric_limits<std::int64_t>::max()) {
        at_least = std::max(at_least, highest_number_ + 1);
    }
    target_.raise_sequence(number_sequence, at_least);
    for (std::size_t i = 0; i < all_.size(); ++i) {
        const std::uint64_t held = target_.row_count(all_[i]);
        if (held != counts_[i]) {
            fail("after the import " + std::string(all_[i].name) + " holds " +
                 std::to_string(held) + " rows, the dump " + std::to_string(counts_[i]));
        }
        summary_.counts.emplace_back(std::string(all_[i].name), counts_[i]);
    }
    summary_.rows = rows_;
    summary_.next_number = target_.sequence_value(number_sequence);
    ended_ = true;
}

Summary Loader::run(std::istream& in) {
    read_header(in);
    refuse_data_in_target();
    std::string text;
    while (next_line(in, text)) {
        ++line_number_;
        if (ended_) fail("more after the end line");
        boost::system::error_code error;
        const json::value parsed = json::parse(text, error);
        if (error) fail("not JSON (" + error.message() + ")");
        const json::object* line = parsed.if_object();
        if (line == nullptr) fail("not a JSON object");
        if (line->contains("table")) {
            read_row(*line);
        } else if (line->contains("sequence")) {
            read_sequence(*line);
        } else if (line->contains("end")) {
            read_end(*line);
        } else {
            fail("neither a row, the sequence nor the end line");
        }
    }
    if (in.bad())
        throw DumpError("cannot read the dump after line " + std::to_string(line_number_));
    if (!ended_) {
        throw DumpError("the dump ends after line " + std::to_string(line_number_) +
                        " without its end line: it is truncated");
    }
    return summary_;
}

}  // namespace

Summary load(std::istream& in, RowTarget& target, const ProgressCallback& progress) {
    Loader loader(target, progress);
    return loader.run(in);
}

}  // namespace faktura::storage::dump
