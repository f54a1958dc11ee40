#include "reports/sie4.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "domain/capture.hpp"
#include "reports/format.hpp"

namespace faktura::reports {
namespace {

// The Unicode code point of each CP437 byte 0x80–0xFF.
constexpr std::array<std::uint16_t, 128> cp437_upper_half{
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF,
    0x00EE, 0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA,
    0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557,
    0x255D, 0x255C, 0x255B, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559,
    0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4,
    0x221E, 0x03C6, 0x03B5, 0x2229, 0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

// Decodes one UTF-8 character at `at`, advancing it; nothing for a malformed sequence (then `at`
// has moved past the bad byte).
std::optional<std::uint32_t> next_code_point(std::string_view text, std::size_t& at) {
    const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at++);
    if (lead < 0x80) return lead;
    std::size_t continuation = 0;
    std::uint32_t code_point = 0;
    std::uint32_t smallest = 0;
    if ((lead & 0xE0) == 0xC0) {
        continuation = 1;
        code_point = lead & 0x1Fu;
        smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        continuation = 2;
        code_point = lead & 0x0Fu;
        smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        continuation = 3;
        code_point = lead & 0x07u;
        smallest = 0x10000;
    } else {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < continuation; ++i) {
        if (at >= text.size() || (byte(at) & 0xC0) != 0x80) return std::nullopt;
        code_point = (code_point << 6) | (byte(at++) & 0x3Fu);
    }
    if (code_point < smallest || code_point > 0x10FFFF) return std::nullopt;  // Overlong or beyond.
    return code_point;
}

// A SIE string field: quoted, with '"' and '\' escaped by a backslash and control characters
// (which would end or break the line) as spaces. Still UTF-8; the whole file is converted at the
// end.
std::string quoted(std::string_view text) {
    std::string field = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            field.push_back('\\');
            field.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            field.push_back(' ');
        } else {
            field.push_back(c);
        }
    }
    field.push_back('"');
    return field;
}

enum class AccountRole { receivable, sales_25, sales_12, sales_6, sales_0, vat_25, vat_12, vat_6 };

// The BAS names of the default accounts, given to whatever number the merchant configured.
std::string_view account_name(AccountRole role) {
    switch (role) {
        case AccountRole::receivable:
            return "Kundfordringar";
        case AccountRole::sales_25:
            return "Försäljning inom Sverige, 25 % moms";
        case AccountRole::sales_12:
            return "Försäljning inom Sverige, 12 % moms";
        case AccountRole::sales_6:
            return "Försäljning inom Sverige, 6 % moms";
        case AccountRole::sales_0:
            return "Försäljning inom Sverige, momsfri";
        case AccountRole::vat_25:
            return "Utgående moms på försäljning inom Sverige, 25 %";
        case AccountRole::vat_12:
            return "Utgående moms på försäljning inom Sverige, 12 %";
        case AccountRole::vat_6:
            return "Utgående moms på försäljning inom Sverige, 6 %";
    }
    return {};
}

std::int32_t account_of(const domain::LedgerAccounts& accounts, AccountRole role) {
    switch (role) {
        case AccountRole::receivable:
            return accounts.receivable;
        case AccountRole::sales_25:
            return accounts.sales_25;
        case AccountRole::sales_12:
            return accounts.sales_12;
        case AccountRole::sales_6:
            return accounts.sales_6;
        case AccountRole::sales_0:
            return accounts.sales_0;
        case AccountRole::vat_25:
            return accounts.vat_25;
        case AccountRole::vat_12:
            return accounts.vat_12;
        case AccountRole::vat_6:
            return accounts.vat_6;
    }
    return 0;
}

AccountRole sales_role(domain::VatRate rate) {
    switch (rate.hundredths_of_percent) {
        case 2500:
            return AccountRole::sales_25;
        case 1200:
            return AccountRole::sales_12;
        case 600:
            return AccountRole::sales_6;
        default:
            return AccountRole::sales_0;
    }
}

AccountRole vat_role(domain::VatRate rate) {
    switch (rate.hundredths_of_percent) {
        case 1200:
            return AccountRole::vat_12;
        case 600:
            return AccountRole::vat_6;
        default:
            return AccountRole::vat_25;  // The general output VAT account for any other rate.
    }
}

struct Row {
    AccountRole role;
    domain::Amount amount;  // Debit positive, credit negative.
};

// Adds to the row of the role, keeping the first-seen order (receivable, sales, VAT).
void book(std::vector<Row>& rows, AccountRole role, domain::Amount amount) {
    for (Row& row : rows) {
        if (row.role == role) {
            row.amount += amount;
            return;
        }
    }
    rows.push_back(Row{role, amount});
}

std::vector<Row> rows_of(const domain::SettlementTransaction& transaction) {
    // Booked as a capture; a reversal flips every sign below.
    std::vector<Row> rows;
    book(rows, AccountRole::receivable, transaction.amount);
    domain::Amount lines_amount;
    domain::Amount lines_vat;
    std::vector<Row> vat_rows;
    for (const domain::VatSummaryLine& line : transaction.vat_lines) {
        book(rows, sales_role(line.vat_percent),
             domain::Amount{} - (line.amount - line.vat_amount));
        if (!line.vat_amount.is_zero()) {
            book(vat_rows, vat_role(line.vat_percent), domain::Amount{} - line.vat_amount);
        }
        lines_amount += line.amount;
        lines_vat += line.vat_amount;
    }
    // Whatever the VAT lines do not explain still has to be booked for the voucher to balance.
    const domain::Amount rest_vat = transaction.vat_amount - lines_vat;
    const domain::Amount rest_net = (transaction.amount - lines_amount) - rest_vat;
    if (!rest_net.is_zero()) book(rows, AccountRole::sales_0, domain::Amount{} - rest_net);
    if (!rest_vat.is_zero()) book(vat_rows, AccountRole::vat_25, domain::Amount{} - rest_vat);
    for (const Row& row : vat_rows) book(rows, row.role, row.amount);

    std::vector<Row> booked;
    for (const Row& row : rows) {
        if (row.amount.is_zero()) continue;
        const bool reversal = transaction.kind == domain::SettlementKind::reversal;
        booked.push_back(Row{row.role, reversal ? domain::Amount{} - row.amount : row.amount});
    }
    return booked;
}

std::string voucher_text(const domain::SettlementTransaction& transaction) {
    switch (transaction.kind) {
        case domain::SettlementKind::capture: {
            std::string text = "Försäljning";
            if (transaction.invoice_number) {
                text += ", faktura " + std::to_string(*transaction.invoice_number);
            }
            return text + ", order " + transaction.order_id + ", transaktion " +
                   std::to_string(transaction.number);
        }
        case domain::SettlementKind::reversal:
            return "Kreditering, order " + transaction.order_id + ", transaktion " +
                   std::to_string(transaction.number);
    }
    return {};
}

}  // namespace

std::string utf8_to_cp437(std::string_view text) {
    std::string bytes;
    bytes.reserve(text.size());
    std::size_t at = 0;
    while (at < text.size()) {
        const std::optional<std::uint32_t> code_point = next_code_point(text, at);
        if (!code_point) {
            bytes.push_back('?');
        } else if (*code_point < 0x80) {
            bytes.push_back(static_cast<char>(*code_point));
        } else {
            char byte = '?';
            for (std::size_t i = 0; i < cp437_upper_half.size(); ++i) {
                if (cp437_upper_half[i] == *code_point) {
                    byte = static_cast<char>(0x80 + i);
                    break;
                }
            }
            bytes.push_back(byte);
        }
    }
    return bytes;
}

std::string render_sie4(const domain::SettlementReport& report, const Sie4Options& options) {
    std::string vouchers;
    std::vector<AccountRole> roles_used;
    std::int64_t voucher_number = 0;
    for (const domain::SettlementTransaction& transaction : report.transactions) {
        if (transaction.currency != domain::Currency::sek) continue;
        const std::vector<Row> rows = rows_of(transaction);
        vouchers += "#VER \"\" " + std::to_string(++voucher_number) + " " +
                    format_compact_date(
                        domain::local_date_of(domain::Country::se, transaction.created_at)) +
                    " " + quoted(voucher_text(transaction)) + "\r\n{\r\n";
        for (const Row& row : rows) {
            vouchers += "#TRANS " + std::to_string(account_of(report.accounts, row.role)) + " {} " +
                        format_decimal(row.amount) + "\r\n";
            bool seen = false;
            for (const AccountRole role : roles_used) seen = seen || role == row.role;
            if (!seen) roles_used.push_back(row.role);
        }
        vouchers += "}\r\n";
    }

    std::string sie = "#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n";
    sie += "#PROGRAM " + quoted("Faktura") + " " + quoted(options.program_version) + "\r\n";
    sie += "#GEN " + format_compact_date(options.generated_on) + "\r\n";
    sie += "#FNAMN " + quoted(report.payee_name) + "\r\n";
    if (options.organisation_number) sie += "#ORGNR " + *options.organisation_number + "\r\n";
    sie += "#RAR 0 " + format_compact_date(report.from) + " " + format_compact_date(report.to) +
           "\r\n";
    // In the accounts' order, each number once (two roles may share one account).
    std::vector<std::pair<std::int32_t, AccountRole>> accounts;
    for (const AccountRole role : roles_used) {
        const std::int32_t number = account_of(report.accounts, role);
        bool listed = false;
        for (const auto& account : accounts) listed = listed || account.first == number;
        if (!listed) accounts.emplace_back(number, role);
    }
    std::sort(accounts.begin(), accounts.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [number, role] : accounts) {
        sie += "#KONTO " + std::to_string(number) + " " + quoted(account_name(role)) + "\r\n";
    }
    sie += "#VALUTA SEK\r\n";
    sie += vouchers;
    return utf8_to_cp437(sie);
}

}  // namespace faktura::reports
