// The value types of the row descriptors, bound to and read from PostgreSQL statements.
#include "storage/postgres/column_values.hpp"

#include <stdexcept>

namespace faktura::storage::postgres {
namespace {

// ISO 8601 'YYYY-MM-DD'.
std::string iso_date(const domain::CivilDate& date) {
    if (date.year < 0 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1 ||
        date.day > 31) {
        throw std::logic_error("invoice date out of range: " + std::to_string(date.year) + "-" +
                               std::to_string(date.month) + "-" + std::to_string(date.day));
    }
    const auto digits = [](int value, std::size_t width) {
        std::string text = std::to_string(value);
        return std::string(width - text.size(), '0') + text;
    };
    return digits(date.year, 4) + "-" + digits(date.month, 2) + "-" + digits(date.day, 2);
}

}  // namespace

void bind_value(Statement& statement, int parameter, const std::string& value) {
    statement.bind_text(parameter, value);
}

void bind_value(Statement& statement, int parameter, const std::optional<std::string>& value) {
    statement.bind_optional_text(parameter, value);
}

void bind_value(Statement& statement, int parameter, std::int64_t value) {
    statement.bind_int64(parameter, value);
}

void bind_value(Statement& statement, int parameter, const std::optional<std::int64_t>& value) {
    statement.bind_optional_int64(parameter, value);
}

void bind_value(Statement& statement, int parameter, std::int32_t value) {
    statement.bind_int64(parameter, value);
}

void bind_value(Statement& statement, int parameter, bool value) {
    statement.bind_bool(parameter, value);
}

void bind_value(Statement& statement, int parameter, domain::Amount value) {
    statement.bind_int64(parameter, value.minor);
}

void bind_value(Statement& statement, int parameter, domain::Timestamp value) {
    statement.bind_int64(parameter, value.unix_100ns);
}

void bind_value(Statement& statement, int parameter,
                const std::optional<domain::Timestamp>& value) {
    if (value) {
        statement.bind_int64(parameter, value->unix_100ns);
    } else {
        statement.bind_null(parameter);
    }
}

void bind_value(Statement& statement, int parameter, const domain::CivilDate& value) {
    statement.bind_text_copy(parameter, iso_date(value));
}

void read_value(const Statement& row, int column, std::string_view, std::string& value) {
    value = row.text(column);
}

void read_value(const Statement& row, int column, std::string_view,
                std::optional<std::string>& value) {
    value = row.optional_text(column);
}

void read_value(const Statement& row, int column, std::string_view, std::int64_t& value) {
    value = row.int64(column);
}

void read_value(const Statement& row, int column, std::string_view,
                std::optional<std::int64_t>& value) {
    value = row.optional_int64(column);
}

void read_value(const Statement& row, int column, std::string_view, std::int32_t& value) {
    value = row.int32(column);
}

void read_value(const Statement& row, int column, std::string_view, bool& value) {
    value = row.boolean(column);
}

void read_value(const Statement& row, int column, std::string_view, domain::Amount& value) {
    value = domain::Amount{row.int64(column)};
}

void read_value(const Statement& row, int column, std::string_view, domain::Timestamp& value) {
    value = domain::Timestamp{row.int64(column)};
}

void read_value(const Statement& row, int column, std::string_view,
                std::optional<domain::Timestamp>& value) {
    if (row.is_null(column)) {
        value.reset();
    } else {
        value = domain::Timestamp{row.int64(column)};
    }
}

void read_value(const Statement& row, int column, std::string_view name, domain::CivilDate& value) {
    const std::string_view text = row.text_view(column);
    const auto number = [&](std::size_t position, std::size_t width) {
        int digits = 0;
        for (std::size_t i = position; i < position + width; ++i) {
            if (text[i] < '0' || text[i] > '9') return -1;
            digits = digits * 10 + (text[i] - '0');
        }
        return digits;
    };
    // The column's CHECK already demands this shape; a row that escaped it is reported, not read.
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || number(0, 4) < 0 ||
        number(5, 2) < 0 || number(8, 2) < 0) {
        row.fail_on_content("'" + std::string(text) + "' in column " + std::string(name) +
                            " is not a YYYY-MM-DD date");
    }
    value = domain::CivilDate{.year = number(0, 4), .month = number(5, 2), .day = number(8, 2)};
}

}  // namespace faktura::storage::postgres
