// The settlement as a SIE 4I file (SIE-Gruppen's format 4, import of vouchers), which Swedish
// ledgers read: one #VER per SEK capture and reversal on the merchant's accounts
// (domain::LedgerAccounts), in code page 437 ("#FORMAT PC8") as the format requires. Pure: the
// caller supplies today's date, because a renderer reads no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/national_id.hpp"
#include "domain/settlement.hpp"

namespace faktura::reports {

struct Sie4Options {
    domain::CivilDate generated_on;                  // #GEN: the date the file is made.
    std::string program_version = "1";               // #PROGRAM "Faktura" "<version>".
    std::optional<std::string> organisation_number;  // #ORGNR "556036-0793", when the payee set it.
};

// Header (#FLAGGA 0, #FORMAT PC8, #SIETYP 4, #PROGRAM, #GEN, #FNAMN, #ORGNR, #RAR 0 = the report
// period, since Faktura does not know the merchant's fiscal year; #KONTO with its BAS name for
// every account the vouchers use; #VALUTA SEK), then one voucher per transaction, numbered 1, 2, …
// in the report's order and dated with its Swedish local date:
//   capture:  debit receivable (amount); credit sales per VAT rate (amount − VAT); credit output
//             VAT per rate (VAT). Rates other than 25, 12 and 6 % book their sales on sales_0 and
//             any VAT on vat_25. A reversal books the same rows with the opposite signs.
// Every voucher sums to zero, also when the VAT lines do not add up to the totals (the remainder
// goes to sales_0 and vat_25). Only SEK transactions are booked: a Swedish ledger is kept in SEK
// and SIE 4I has no currency per row, and Faktura knows no exchange rate to convert NOK or EUR, so
// those rows are left out of this file (the XML and CSV lists hold them). Lines end in CRLF.
std::string render_sie4(const domain::SettlementReport& report, const Sie4Options& options);

// UTF-8 → code page 437: every character CP437 has becomes its byte; any other character, and each
// malformed sequence (a stray byte, a cut or overlong sequence), becomes one '?'. ASCII (control
// characters included) is unchanged.
std::string utf8_to_cp437(std::string_view text);

}  // namespace faktura::reports
