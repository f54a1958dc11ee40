// The balance report: a heading with the payee and the period, then one table per currency (a row
// per service, then the currency's totals). Tables are kept whole; one that does not fit on the
// page starts the next, so the page count is known before drawing "Page 1 of N".
#include "documents/balance_pdf.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "documents/document_texts.hpp"
#include "documents/money_text.hpp"
#include "documents/pdf_canvas.hpp"
#include "domain/settlement.hpp"

namespace faktura::documents {
namespace {

constexpr double left = 50;
constexpr double right = PdfCanvas::width_pt - 50;
constexpr double content_bottom = 770;
constexpr double first_top = 170;
constexpr double next_top = 100;
constexpr double row_height = 15;

// The table's columns: the service at the left, then right-aligned numbers ending at these x.
constexpr double service_right = 138;  // "PayEx Faktura SE" in bold fits.
constexpr std::array<double, 6> number_right{200, 268, 340, 410, 478, right};

// The room a column's heading has: from the previous column's right edge to its own.
double heading_room(std::size_t column) {
    return number_right[column] - (column == 0 ? service_right : number_right[column - 1]) - 4;
}

struct Row {
    std::string service;
    std::int64_t debits = 0;
    std::int64_t credits = 0;
    domain::Amount captured;
    domain::Amount reversed;
    domain::Amount net;
    domain::Amount vat;
};

struct Table {
    domain::Currency currency = domain::Currency::sek;
    std::vector<Row> rows;
    Row total;
    int page = 0;
    double top = 0;

    double height() const { return 22 + 18 + row_height * static_cast<double>(rows.size()) + 22; }
};

std::vector<Table> tables_of(const domain::BalanceReport& report, DocumentLanguage language) {
    std::vector<Table> tables;
    for (const domain::BalanceCurrencyTotal& total : report.totals) {
        Table table;
        table.currency = total.currency;
        for (const domain::BalanceLine& line : report.lines) {
            if (line.currency != total.currency) continue;
            table.rows.push_back(Row{std::string(domain::service_name(line.invoice_type)),
                                     line.debits, line.credits, line.captured, line.reversed,
                                     line.net, line.vat});
        }
        table.total = Row{fill(text(Label::currency_total, language),
                               {{"{currency}", std::string(currency_code(total.currency))}}),
                          total.debits,
                          total.credits,
                          total.captured,
                          total.reversed,
                          total.net,
                          total.vat};
        tables.push_back(std::move(table));
    }
    return tables;
}

class BalanceRenderer {
  public:
    BalanceRenderer(const domain::BalanceReport& report, DocumentLanguage language)
        : r_(report),
          language_(language),
          canvas_(PdfMetadata{
              std::string(text(Label::balance_title, language)) + " " + report.accounting_no,
              report.payee_name, "Swedbank Pay", report.to}) {}

    std::string render() {
        std::vector<Table> tables = tables_of(r_, language_);
        int pages = 1;
        double y = first_top;
        for (Table& table : tables) {
            if (y + table.height() > content_bottom && y > next_top) {
                ++pages;
                y = next_top;
            }
            table.page = pages - 1;
            table.top = y;
            y += table.height() + 16;
        }
        for (int page = 0; page < pages; ++page) {
            if (page > 0) canvas_.next_page();
            draw_header(page == 0);
            draw_footer(page, pages);
            for (const Table& table : tables) {
                if (table.page == page) draw_table(table);
            }
        }
        if (tables.empty()) {
            canvas_.text(left, first_top + 14, t(Label::no_transactions), Font::regular, 10);
        }
        return canvas_.finish();
    }

  private:
    std::string_view t(Label label) const { return text(label, language_); }

    void draw_header(bool first) {
        canvas_.text(left, 70, t(Label::balance_title), Font::bold, first ? 20 : 12);
        canvas_.text(right, 70, canvas_.fit(r_.payee_name, Font::bold, 11, 250), Font::bold, 11,
                     Align::right);
        if (!first) {
            canvas_.line(left, 80, right, 80);
            return;
        }
        const std::string period =
            format_date(r_.from, language_) + " – " + format_date(r_.to, language_);
        const std::array<std::pair<Label, std::string>, 4> facts{{
            {Label::payee, r_.payee_name},
            {Label::payee_id, r_.payee_id},
            {Label::accounting_number, r_.accounting_no},
            {Label::period, period},
        }};
        double y = 100;
        for (const auto& [label, value] : facts) {
            canvas_.text(left, y, t(label), Font::regular, 9, Align::left, grey);
            canvas_.text(left + 130, y, canvas_.fit(value, Font::regular, 9, right - left - 130),
                         Font::regular, 9);
            y += 13;
        }
        canvas_.line(left, 150, right, 150);
    }

    void draw_footer(int page, int pages) {
        canvas_.line(left, 790, right, 790);
        canvas_.text(left, 803,
                     canvas_.fit(r_.payee_name + "   ·   " + r_.accounting_no, Font::regular, 8,
                                 right - left - 90),
                     Font::regular, 8, Align::left, grey);
        canvas_.text(right, 803,
                     fill(t(Label::page_of), {{"{page}", std::to_string(page + 1)},
                                              {"{pages}", std::to_string(pages)}}),
                     Font::regular, 8, Align::right, grey);
    }

    void draw_row(const Row& row, double baseline, Font font) {
        canvas_.text(left, baseline, canvas_.fit(row.service, font, 9, service_right - left), font,
                     9);
        const std::array<std::string, 6> cells{
            format_count(row.debits, language_),    format_count(row.credits, language_),
            format_number(row.captured, language_), format_number(row.reversed, language_),
            format_number(row.net, language_),      format_number(row.vat, language_)};
        for (std::size_t i = 0; i < cells.size(); ++i) {
            // A figure is never cut: a wide one is set smaller until it fits its column.
            double size = 9;
            while (size > 5 && canvas_.text_width(cells[i], font, size) > heading_room(i)) {
                size -= 0.5;
            }
            canvas_.text(number_right[i], baseline, cells[i], font, size, Align::right);
        }
    }

    void draw_table(const Table& table) {
        double y = table.top;
        canvas_.text(left, y + 16, currency_code(table.currency), Font::bold, 12);
        y += 22;
        const std::array<Label, 6> headings{Label::debits,   Label::credits, Label::captured,
                                            Label::reversed, Label::net,     Label::vat};
        canvas_.text(left, y + 12, t(Label::service), Font::bold, 8);
        for (std::size_t i = 0; i < headings.size(); ++i) {
            canvas_.text(number_right[i], y + 12,
                         canvas_.fit(t(headings[i]), Font::bold, 7.5, heading_room(i)), Font::bold,
                         7.5, Align::right);
        }
        canvas_.line(left, y + 17, right, y + 17, 0.8, grey);
        y += 18;
        for (const Row& row : table.rows) {
            draw_row(row, y + 11, Font::regular);
            y += row_height;
        }
        canvas_.line(left, y + 4, right, y + 4, 0.8, grey);
        draw_row(table.total, y + 17, Font::bold);
    }

    const domain::BalanceReport& r_;
    DocumentLanguage language_;
    PdfCanvas canvas_;
};

}  // namespace

std::string render_balance_pdf(const domain::BalanceReport& report, DocumentLanguage language) {
    return BalanceRenderer(report, language).render();
}

}  // namespace faktura::documents
