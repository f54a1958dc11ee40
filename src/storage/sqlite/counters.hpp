// The small tables written with hand-made SQL instead of a row descriptor: the payee references
// in use, the number sequence, each payee's invoice number series and the server-wide settings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite::counters {

// False when the payee used the reference before (the primary key decides).
bool reserve_payee_reference(Connection& connection, std::string_view payee_id,
                             std::string_view payee_reference);

// Takes `count` numbers from the shared 'number' sequence in the open transaction and returns the
// first. Starts at `floor` or above, whichever is higher of it and the row, so a process never
// takes a number below one it handed out before (its own drawn numbers may have been rolled back
// into the row).
std::int64_t advance_number_sequence(Connection& connection, std::int64_t floor,
                                     std::int64_t count);

// Puts the sequence back to `next` if it still stands at `end` (nobody took numbers after this
// process's last reservation). True if it did.
bool give_back_numbers(Connection& connection, std::int64_t next, std::int64_t end);

// The payee's next invoice number, 1, 2, 3, …: gapless and transactional, never reserved ahead.
std::int64_t next_invoice_sequence(Connection& connection, std::string_view payee_id);

std::optional<std::string> find_setting(Connection& connection, std::string_view name);
// False, keeping the first value, when the name has a value already.
bool insert_setting_if_absent(Connection& connection, std::string_view name,
                              std::string_view value);

}  // namespace faktura::storage::sqlite::counters
