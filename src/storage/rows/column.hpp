// The vocabulary of the row descriptors in this folder. A table is a tuple of columns, each naming
// its SQL column and reaching the field of the domain struct it holds; a backend derives its column
// list, its binds and its reads from that one tuple. Backend-neutral: no SQL dialect, no library.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace faktura::storage::rows {

// A column holding one field as it is. `access` takes the row, const or not, and returns a
// reference to the field (`[](auto& p) -> auto& { return p.payer_reference; }`), so one lambda
// serves the write and the read. The backend knows how to store each field type.
template <typename Access>
struct Column {
    std::string_view name;
    Access access;
};

// A column stored as text that `Codec` computes from the field: `Codec::encode(field) → string`
// and `Codec::decode(string_view) → field`, such as the JSON columns of json_columns.hpp.
template <typename Access, typename Codec>
struct ColumnWith {
    std::string_view name;
    Access access;
    Codec codec;
};

// The columns of a sub-struct reached through `access` (an address), each named `prefix` followed
// by the sub-struct's own column name, so one list serves "legal_" and "billing_".
template <typename Access, typename Columns>
struct Group {
    std::string_view prefix;
    Access access;
    Columns columns;
};

// A group whose sub-struct is a std::optional: every column is NULL when it is absent, and it is
// read back as present exactly when its first column is not NULL (the table's CHECK keeps them
// together).
template <typename Access, typename Columns>
struct OptionalGroup {
    std::string_view prefix;
    Access access;
    Columns columns;
};

// One table: its name, the domain struct a row is, and its columns in the table's order. The
// first column is the key that update and upsert match on.
template <typename Row, typename Columns>
struct Table {
    using row_type = Row;
    std::string_view name;
    Columns columns;
};

template <typename Access>
constexpr Column<Access> column(std::string_view name, Access access) {
    return {name, access};
}

template <typename Access, typename Codec>
constexpr ColumnWith<Access, Codec> column_with(std::string_view name, Access access, Codec codec) {
    return {name, access, codec};
}

template <typename Access, typename... Columns>
constexpr Group<Access, std::tuple<Columns...>> group(std::string_view prefix, Access access,
                                                      std::tuple<Columns...> columns) {
    return {prefix, access, columns};
}

template <typename Access, typename... Columns>
constexpr OptionalGroup<Access, std::tuple<Columns...>> optional_group(
    std::string_view prefix, Access access, std::tuple<Columns...> columns) {
    return {prefix, access, columns};
}

template <typename Row, typename... Columns>
constexpr Table<Row, std::tuple<Columns...>> table(std::string_view name, Columns... columns) {
    return {name, std::tuple<Columns...>{columns...}};
}

// ---- What the backends derive ----

template <typename Access>
constexpr std::size_t column_count(const Column<Access>&) {
    return 1;
}
template <typename Access, typename Codec>
constexpr std::size_t column_count(const ColumnWith<Access, Codec>&) {
    return 1;
}
template <typename... Columns>
constexpr std::size_t column_count(const std::tuple<Columns...>& columns) {
    return std::apply(
        [](const auto&... each) { return (std::size_t{0} + ... + column_count(each)); }, columns);
}
template <typename Access, typename Columns>
constexpr std::size_t column_count(const Group<Access, Columns>& group) {
    return column_count(group.columns);
}
template <typename Access, typename Columns>
constexpr std::size_t column_count(const OptionalGroup<Access, Columns>& group) {
    return column_count(group.columns);
}
template <typename Row, typename Columns>
constexpr std::size_t column_count(const Table<Row, Columns>& table) {
    return column_count(table.columns);
}

namespace detail {

// Declared first: the tuple overload recurses into groups, and lookup inside this namespace does
// not find overloads declared after it.
template <typename Access, typename Columns>
void append_names(const Group<Access, Columns>& group, std::string_view prefix,
                  std::vector<std::string>& names);
template <typename Access, typename Columns>
void append_names(const OptionalGroup<Access, Columns>& group, std::string_view prefix,
                  std::vector<std::string>& names);

template <typename Access>
void append_names(const Column<Access>& column, std::string_view prefix,
                  std::vector<std::string>& names) {
    names.push_back(std::string(prefix) + std::string(column.name));
}
template <typename Access, typename Codec>
void append_names(const ColumnWith<Access, Codec>& column, std::string_view prefix,
                  std::vector<std::string>& names) {
    names.push_back(std::string(prefix) + std::string(column.name));
}
template <typename... Columns>
void append_names(const std::tuple<Columns...>& columns, std::string_view prefix,
                  std::vector<std::string>& names) {
    std::apply([&](const auto&... each) { (append_names(each, prefix, names), ...); }, columns);
}
template <typename Access, typename Columns>
void append_names(const Group<Access, Columns>& group, std::string_view prefix,
                  std::vector<std::string>& names) {
    append_names(group.columns, std::string(prefix) + std::string(group.prefix), names);
}
template <typename Access, typename Columns>
void append_names(const OptionalGroup<Access, Columns>& group, std::string_view prefix,
                  std::vector<std::string>& names) {
    append_names(group.columns, std::string(prefix) + std::string(group.prefix), names);
}

}  // namespace detail

// The table's column names in order, prefixes applied: the list the SQL statements are built from
// and the schema-drift test compares with the database.
template <typename Row, typename Columns>
std::vector<std::string> column_names(const Table<Row, Columns>& table) {
    std::vector<std::string> names;
    names.reserve(column_count(table));
    detail::append_names(table.columns, "", names);
    return names;
}

// Hands a row's values to `sink` in column order: sink.value(field) for a plain column,
// sink.text(std::string) for one a codec computed (the sink must copy it, the string is a
// temporary), and sink.null() for each column of an absent optional group.
template <typename Row, typename... Columns, typename Sink>
void write_columns(const Row& row, const std::tuple<Columns...>& columns, Sink& sink);

template <typename Row, typename Access, typename Sink>
void write_column(const Row& row, const Column<Access>& column, Sink& sink) {
    sink.value(column.access(row));
}
template <typename Row, typename Access, typename Codec, typename Sink>
void write_column(const Row& row, const ColumnWith<Access, Codec>& column, Sink& sink) {
    sink.text(column.codec.encode(column.access(row)));
}
template <typename Row, typename Access, typename Columns, typename Sink>
void write_column(const Row& row, const Group<Access, Columns>& group, Sink& sink) {
    write_columns(group.access(row), group.columns, sink);
}
template <typename Row, typename Access, typename Columns, typename Sink>
void write_column(const Row& row, const OptionalGroup<Access, Columns>& group, Sink& sink) {
    const auto& optional = group.access(row);
    if (optional) {
        write_columns(*optional, group.columns, sink);
        return;
    }
    for (std::size_t i = 0; i < column_count(group.columns); ++i) sink.null();
}

template <typename Row, typename... Columns, typename Sink>
void write_columns(const Row& row, const std::tuple<Columns...>& columns, Sink& sink) {
    std::apply([&](const auto&... each) { (write_column(row, each, sink), ...); }, columns);
}

// Fills a row from `source` in column order: source.value(field) for a plain column,
// source.text() → std::string_view for one a codec decodes, and source.is_null() and
// source.skip(n) for an optional group. The codecs may throw ColumnContentError.
template <typename Row, typename... Columns, typename Source>
void read_columns(Row& row, const std::tuple<Columns...>& columns, Source& source);

template <typename Row, typename Access, typename Source>
void read_column(Row& row, const Column<Access>& column, Source& source) {
    source.value(column.access(row));
}
template <typename Row, typename Access, typename Codec, typename Source>
void read_column(Row& row, const ColumnWith<Access, Codec>& column, Source& source) {
    column.access(row) = column.codec.decode(source.text());
}
template <typename Row, typename Access, typename Columns, typename Source>
void read_column(Row& row, const Group<Access, Columns>& group, Source& source) {
    read_columns(group.access(row), group.columns, source);
}
template <typename Row, typename Access, typename Columns, typename Source>
void read_column(Row& row, const OptionalGroup<Access, Columns>& group, Source& source) {
    auto& optional = group.access(row);
    if (source.is_null()) {
        optional.reset();
        source.skip(column_count(group.columns));
        return;
    }
    read_columns(optional.emplace(), group.columns, source);
}

template <typename Row, typename... Columns, typename Source>
void read_columns(Row& row, const std::tuple<Columns...>& columns, Source& source) {
    std::apply([&](const auto&... each) { (read_column(row, each, source), ...); }, columns);
}

}  // namespace faktura::storage::rows
