// What the document subcommands do: `merchant update`'s document details (--org-number, --iban,
// …) and `report transactions|balance`. Their options are parsed in commands.cpp (the one file that
// includes CLI11, which is slow to compile).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace faktura::cli {

// The document options given to `merchant update`, by option name ("--org-number" → value; ""
// clears it). "--sie-account" holds "name=NNNN,name=NNNN" (names: receivable, sales-25, sales-12,
// sales-6, sales-0, vat-25, vat-12, vat-6).
using DocumentOptions = std::map<std::string, std::string>;

// The option names DocumentOptions may hold, with their help texts, for commands.cpp.
struct DocumentOption {
    const char* name;
    const char* help;
};
extern const DocumentOption document_options[];
extern const std::size_t document_option_count;

// Applies `given` to the merchant's document details and stores them, validated (exit code 1 and
// every problem on stderr when a value is not valid).
int update_document_details(const std::string& database, const std::string& payee_id,
                            const DocumentOptions& given);

struct ReportOptions {
    std::string database;
    std::string kind;  // "transactions" or "balance".
    std::string payee_id;
    std::string from;  // YYYY-MM-DD
    std::string to;
    std::string format = "xml";         // transactions: xml, csv or sie4.
    std::string language = "en";        // balance: sv, nb, fi or en.
    std::optional<std::string> output;  // Else standard output (not a terminal for a PDF).
};
int report(const ReportOptions& options);

}  // namespace faktura::cli
