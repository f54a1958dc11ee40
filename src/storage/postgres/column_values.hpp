// How PostgreSQL stores each value type of the row descriptors (storage/rows/): a bind_value and a
// read_value per type, and the sink and source that walk a descriptor over one statement. The same
// values as SQLite's (storage/sqlite/column_values.hpp): enums are their sql_spelling.hpp text,
// amounts and timestamps bigint, dates 'YYYY-MM-DD' text; flags are boolean.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "domain/amount.hpp"
#include "domain/national_id.hpp"
#include "domain/time.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/sql_spelling.hpp"

namespace faktura::storage::postgres {

// Parameters are numbered from 1. Text is bound without a copy, so the value must outlive the
// statement's execution (a field of the row being written, or a spelling).
void bind_value(Statement& statement, int parameter, const std::string& value);
void bind_value(Statement& statement, int parameter, const std::optional<std::string>& value);
void bind_value(Statement& statement, int parameter, std::int64_t value);
void bind_value(Statement& statement, int parameter, const std::optional<std::int64_t>& value);
void bind_value(Statement& statement, int parameter, std::int32_t value);
void bind_value(Statement& statement, int parameter, bool value);
void bind_value(Statement& statement, int parameter, domain::Amount value);
void bind_value(Statement& statement, int parameter, domain::Timestamp value);
void bind_value(Statement& statement, int parameter, const std::optional<domain::Timestamp>& value);
// Throws std::logic_error for a date outside years 0–9999 or an impossible month or day: the
// domain's date arithmetic cannot produce one, so it is a bug, not bad input.
void bind_value(Statement& statement, int parameter, const domain::CivilDate& value);

template <typename Enum>
requires std::is_enum_v<Enum>
void bind_value(Statement& statement, int parameter, Enum value) {
    statement.bind_text(parameter, to_sql(value));
}

// Columns are numbered from 0; `name` is the column's, for the error about content that cannot be
// read (StoreError).
void read_value(const Statement& row, int column, std::string_view name, std::string& value);
void read_value(const Statement& row, int column, std::string_view name,
                std::optional<std::string>& value);
void read_value(const Statement& row, int column, std::string_view name, std::int64_t& value);
void read_value(const Statement& row, int column, std::string_view name,
                std::optional<std::int64_t>& value);
void read_value(const Statement& row, int column, std::string_view name, std::int32_t& value);
void read_value(const Statement& row, int column, std::string_view name, bool& value);
void read_value(const Statement& row, int column, std::string_view name, domain::Amount& value);
void read_value(const Statement& row, int column, std::string_view name, domain::Timestamp& value);
void read_value(const Statement& row, int column, std::string_view name,
                std::optional<domain::Timestamp>& value);
void read_value(const Statement& row, int column, std::string_view name, domain::CivilDate& value);

template <typename Enum>
requires std::is_enum_v<Enum>
void read_value(const Statement& row, int column, std::string_view name, Enum& value) {
    const std::string_view text = row.text_view(column);
    const std::optional<Enum> parsed = from_sql<Enum>(text);
    if (!parsed) {
        row.fail_on_content("unknown value '" + std::string(text) + "' in column " +
                            std::string(name));
    }
    value = *parsed;
}

// Binds a row's values to parameters 1, 2, 3, … in the order rows::write_columns gives them.
class StatementSink {
  public:
    explicit StatementSink(Statement& statement) : statement_(statement) {}

    template <typename Value>
    void value(const Value& field) {
        bind_value(statement_, next_parameter_++, field);
    }
    void text(const std::string& computed) {
        statement_.bind_text_copy(next_parameter_++, computed);
    }
    void null() { statement_.bind_null(next_parameter_++); }

  private:
    Statement& statement_;
    int next_parameter_ = 1;
};

// Reads a result row's columns 0, 1, 2, … in the order rows::read_columns asks for them; `names`
// are the columns' names in that order, for error texts.
class StatementSource {
  public:
    StatementSource(const Statement& row, std::span<const std::string> names)
        : row_(row), names_(names) {}

    template <typename Value>
    void value(Value& field) {
        read_value(row_, next_column_, name(), field);
        ++next_column_;
    }
    // Valid until the next step.
    std::string_view text() { return row_.text_view(next_column_++); }
    bool is_null() const { return row_.is_null(next_column_); }
    void skip(std::size_t columns) { next_column_ += static_cast<int>(columns); }

  private:
    std::string_view name() const {
        const auto index = static_cast<std::size_t>(next_column_);
        return index < names_.size() ? std::string_view(names_[index]) : std::string_view("?");
    }

    const Statement& row_;
    std::span<const std::string> names_;
    int next_column_ = 0;
};

}  // namespace faktura::storage::postgres
