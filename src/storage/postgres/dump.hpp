// `faktura export` and `faktura import` on PostgreSQL: every table of storage/dump.hpp's list read
// from one REPEATABLE READ snapshot, or loaded in one transaction (docs/decisions/0021).
#pragma once

#include <iosfwd>
#include <string>

#include "storage/dump.hpp"

namespace faktura::storage::postgres {

// Brings the database at `url` up to date (PostgresStore::migrate), then hands every row of every
// dumped table and the number sequence to `sink`, read in one REPEATABLE READ READ ONLY
// transaction through a cursor (a table is never held in memory whole). Throws StoreError.
void export_dump(const std::string& url, dump::RowSink& sink);

// Brings the database up to date, then loads the dump from `in` in one transaction that holds the
// dumped tables in EXCLUSIVE mode (others may read, not write), committed only when the whole dump
// was read and the counts match. Throws DumpError or StoreError; nothing is written then.
dump::Summary import_dump(const std::string& url, std::istream& in,
                          const dump::ProgressCallback& progress = {});

}  // namespace faktura::storage::postgres
