#include "domain/settlement.hpp"

#include <map>
#include <utility>

namespace faktura::domain {
namespace {

template <typename Sums>
void add_to(Sums& sums, const SettlementTransaction& transaction) {
    switch (transaction.kind) {
        case SettlementKind::capture:
            sums.debits += 1;
            sums.captured += transaction.amount;
            sums.net += transaction.amount;
            sums.vat += transaction.vat_amount;
            return;
        case SettlementKind::reversal:
            sums.credits += 1;
            sums.reversed += transaction.amount;
            sums.net -= transaction.amount;
            sums.vat -= transaction.vat_amount;
            return;
    }
}

}  // namespace

BalanceReport balance_of(const SettlementReport& report) {
    BalanceReport balance{.accounting_no = report.accounting_no,
                          .payee_id = report.payee_id,
                          .payee_name = report.payee_name,
                          .from = report.from,
                          .to = report.to,
                          .lines = {},
                          .totals = {}};
    // Ordered maps give the documented order: the enumerators' order, currency first.
    std::map<std::pair<Currency, InvoiceType>, BalanceLine> lines;
    std::map<Currency, BalanceCurrencyTotal> totals;
    for (const SettlementTransaction& transaction : report.transactions) {
        auto [line, line_is_new] =
            lines.try_emplace({transaction.currency, transaction.invoice_type});
        if (line_is_new) {
            line->second.currency = transaction.currency;
            line->second.invoice_type = transaction.invoice_type;
        }
        add_to(line->second, transaction);
        auto [total, total_is_new] = totals.try_emplace(transaction.currency);
        if (total_is_new) total->second.currency = transaction.currency;
        add_to(total->second, transaction);
    }
    for (auto& [key, line] : lines) balance.lines.push_back(std::move(line));
    for (auto& [currency, total] : totals) balance.totals.push_back(std::move(total));
    return balance;
}

std::string_view service_name(InvoiceType type) {
    switch (type) {
        case InvoiceType::payex_financing_se:
            return "PayEx Faktura SE";
        case InvoiceType::payex_financing_no:
            return "PayEx Faktura NO";
        case InvoiceType::payex_financing_fi:
            return "PayEx Faktura FI";
    }
    return "PayEx Faktura";
}

}  // namespace faktura::domain
