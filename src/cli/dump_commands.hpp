// `faktura export` and `faktura import`: a whole database as JSON Lines, to move it from one
// backend to another (docs/decisions/0021-export-import.md). Their options are parsed in
// commands.cpp (the one file that includes CLI11, which is slow to compile).
#pragma once

#include <optional>
#include <string>

namespace faktura::cli {

struct ExportOptions {
    std::string database;
    std::optional<std::string> output;  // Else standard output.
};
// Writes the dump; on a terminal, a progress line on stderr; at the end the counts on stderr.
int export_database(const ExportOptions& options);

struct ImportOptions {
    std::string database;
    std::optional<std::string> input;  // Else standard input (not a terminal).
};
// Loads a dump into a new, empty database: all of it, or (exit code 1, the reason on stderr)
// nothing.
int import_database(const ImportOptions& options);

}  // namespace faktura::cli
