// `faktura export` and `faktura import` on a SQLite file: every table of storage/dump.hpp's list
// read from one snapshot, or loaded in one IMMEDIATE transaction (docs/decisions/0021).
#pragma once

#include <iosfwd>
#include <string>

#include "storage/dump.hpp"

namespace faktura::storage::sqlite {

// Brings the database at `path` up to date (as SqliteStore::open does), then hands every row of
// every dumped table and the number sequence to `sink`, all read in one read transaction: one
// snapshot, while a server may go on writing. Throws StoreError.
void export_dump(const std::string& path, dump::RowSink& sink);

// Creates or brings the database at `path` up to date, then loads the dump from `in` in one
// IMMEDIATE transaction (dump::load checks it), committed only when the whole dump was read and
// the counts match: a failure leaves the database as it was. Throws DumpError or StoreError.
dump::Summary import_dump(const std::string& path, std::istream& in,
                          const dump::ProgressCallback& progress = {});

}  // namespace faktura::storage::sqlite
