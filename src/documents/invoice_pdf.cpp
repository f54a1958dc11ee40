// The invoice and credit note layout. A plan first places every item line, the VAT summary and the
// payment block on a page (fixed row heights, so the page count is known before drawing "Page 1
// of N"); then each page is drawn: the full header on the first, a compact one on the others, the
// footer with the seller's legal block and the page number on all.
#include "documents/invoice_pdf.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "documents/code128.hpp"
#include "documents/document_texts.hpp"
#include "documents/money_text.hpp"
#include "documents/pdf_canvas.hpp"
#include "domain/business_identity.hpp"

namespace faktura::documents {
namespace {

using domain::Amount;

// The page, in points from the top left.
constexpr double left = 50;
constexpr double right = PdfCanvas::width_pt - 50;
constexpr double content_bottom = 760;  // Nothing but the footer below.
constexpr double first_table_top = 285;
constexpr double next_table_top = 100;
constexpr double table_header_height = 20;
constexpr double row_height = 15;
constexpr double block_gap = 18;
constexpr double amount_column_width = 120;  // The right-aligned amount at the right edge.
constexpr double barcode_module_pt = 0.96;   // 0.34 mm: exactly 4 pixels at 300 dpi.
constexpr double barcode_height_pt = 36;     // 12.7 mm; Finanssiala asks for at least 10 mm.

struct Plan {
    std::vector<int> line_page;
    std::vector<double> line_y;  // The top of each line's row.
    int summary_page = 0;
    double summary_y = 0;
    bool has_payment = false;
    int payment_page = 0;
    double payment_y = 0;
    int pages = 1;
};

class InvoiceRenderer {
  public:
    explicit InvoiceRenderer(const InvoiceDocument& document)
        : d_(document), language_(document.language), canvas_(metadata(document)) {}

    std::string render() {
        const Plan plan = make_plan();
        for (int page = 0; page < plan.pages; ++page) {
            if (page > 0) canvas_.next_page();
            draw_notice();
            if (page == 0) {
                draw_first_header();
            } else {
                draw_compact_header();
            }
            draw_footer(page, plan.pages);
            bool table_started = false;
            for (std::size_t i = 0; i < d_.lines.size(); ++i) {
                if (plan.line_page[i] != page) continue;
                if (!table_started) {
                    draw_table_header(plan.line_y[i] - table_header_height);
                    table_started = true;
                }
                draw_line(d_.lines[i], plan.line_y[i]);
            }
            if (d_.lines.empty() && page == 0) draw_table_header(first_table_top);
            if (plan.summary_page == page) draw_summary(plan.summary_y);
            if (plan.has_payment && plan.payment_page == page) draw_payment(plan.payment_y);
        }
        return canvas_.finish();
    }

  private:
    static PdfMetadata metadata(const InvoiceDocument& document) {
        const Label title = document.kind == DocumentKind::invoice ? Label::invoice_title
                                                                   : Label::credit_note_title;
        return PdfMetadata{std::string(text(title, document.language)) + " " +
                               std::to_string(document.invoice_number),
                           document.seller.legal_name, document.issuer, document.issue_date};
    }

    bool credit() const { return d_.kind == DocumentKind::credit_note; }
    std::string_view t(Label label) const { return text(label, language_); }
    // Amounts as printed: a credit note's are negative.
    std::string money(Amount amount) const {
        return format_amount(credit() ? Amount{-amount.minor} : amount, d_.currency, language_);
    }
    std::string title() const {
        return std::string(t(credit() ? Label::credit_note_title : Label::invoice_title));
    }

    // The payment block's rows: label and value, and whether the value is a reading line.
    struct PaymentRow {
        std::string label;
        std::string value;
        bool ocr = false;
    };

    std::vector<PaymentRow> payment_rows() const {
        std::vector<PaymentRow> rows;
        if (d_.payment_reference) {
            const domain::PaymentReference& reference = *d_.payment_reference;
            switch (reference.kind) {
                case domain::PaymentReferenceKind::ocr:
                    rows.push_back({std::string(t(Label::ocr_number)), reference.reference, true});
                    break;
                case domain::PaymentReferenceKind::kid:
                    rows.push_back({std::string(t(Label::kid)), reference.reference, true});
                    break;
                case domain::PaymentReferenceKind::finnish_reference:
                    rows.push_back({std::string(t(Label::fi_reference)),
                                    domain::format_finnish_reference_grouped(reference.reference),
                                    true});
                    if (reference.rf_reference) {
                        rows.push_back({std::string(t(Label::rf_reference)),
                                        domain::format_rf_grouped(*reference.rf_reference), true});
                    }
                    break;
            }
        }
        const Seller& seller = d_.seller;
        if (seller.bankgiro) rows.push_back({std::string(t(Label::bankgiro)), *seller.bankgiro});
        if (seller.plusgiro) rows.push_back({std::string(t(Label::plusgiro)), *seller.plusgiro});
        if (seller.bank_account) {
            rows.push_back({std::string(t(Label::account_number)), *seller.bank_account});
        }
        if (seller.iban) {
            rows.push_back(
                {std::string(t(Label::iban)), domain::format_iban_grouped(*seller.iban)});
        }
        if (seller.bic) rows.push_back({std::string(t(Label::bic)), *seller.bic});
        rows.push_back({std::string(t(Label::due_date)), format_date(d_.due_date, language_)});
        rows.push_back({std::string(t(Label::to_pay)), money(d_.total)});
        return rows;
    }

    double summary_height() const {
        return table_header_height + row_height * static_cast<double>(d_.vat_summary.size()) + 8 +
               row_height + 22;
    }

    double payment_height() const {
        double height = 26 + 16 * static_cast<double>(payment_rows().size());
        if (d_.bank_barcode) height += 12 + barcode_height_pt + 22;
        return height;
    }

    Plan make_plan() const {
        Plan plan;
        int page = 0;
        double y = first_table_top + table_header_height;
        for (std::size_t i = 0; i < d_.lines.size(); ++i) {
            if (y + row_height > content_bottom) {
                ++page;
                y = next_table_top + table_header_height;
            }
            plan.line_page.push_back(page);
            plan.line_y.push_back(y);
            y += row_height;
        }
        // Each block after the lines, on a new page when it does not fit.
        auto place = [&](double height, int& block_page, double& block_y) {
            y += block_gap;
            if (y + height > content_bottom) {
                ++page;
                y = next_table_top;
            }
            block_page = page;
            block_y = y;
            y += height;
        };
        place(summary_height(), plan.summary_page, plan.summary_y);
        plan.has_payment = d_.kind == DocumentKind::invoice;
        if (plan.has_payment) place(payment_height(), plan.payment_page, plan.payment_y);
        plan.pages = page + 1;
        return plan;
    }

    void draw_notice() {
        if (!d_.seller.example) return;
        canvas_.text(PdfCanvas::width_pt / 2, 32, t(Label::example_notice), Font::bold, 10,
                     Align::center, warning_red);
    }

    // A label in grey at x and its value right-aligned at the right margin, never overlapping.
    void fact(double y, std::string_view label, std::string_view value) {
        constexpr double x = 330;
        canvas_.text(x, y, label, Font::regular, 9, Align::left, grey);
        const double room = right - x - canvas_.text_width(label, Font::regular, 9) - 8;
        canvas_.text(right, y, canvas_.fit(value, Font::regular, 9, room), Font::regular, 9,
                     Align::right);
    }

    // Address lines from y down; returns the y after the last.
    double address(const PostalAddress& a, double y, double width, bool with_name) {
        std::vector<std::string> lines;
        if (with_name) lines.push_back(a.name);
        if (a.co_address) lines.push_back(*a.co_address);
        lines.push_back(a.street_address);
        lines.push_back(a.zip_code + " " + a.city);
        for (const std::string& line : lines) {
            canvas_.text(left, y, canvas_.fit(line, Font::regular, 9, width), Font::regular, 9);
            y += 12;
        }
        return y;
    }

    void draw_first_header() {
        constexpr double seller_width = 265;
        const Seller& seller = d_.seller;
        // The legal name is set smaller before it is ever shortened.
        const double name_size =
            canvas_.fitting_size(seller.legal_name, Font::bold, 14, 9, seller_width);
        canvas_.text(left, 70, canvas_.fit(seller.legal_name, Font::bold, name_size, seller_width),
                     Font::bold, name_size);
        double y = address(seller.address, 86, seller_width, false);
        auto contact = [&](std::string_view label, const std::optional<std::string>& value) {
            if (!value) return;
            const std::string line = label.empty() ? *value : std::string(label) + " " + *value;
            canvas_.text(left, y, canvas_.fit(line, Font::regular, 9, seller_width), Font::regular,
                         9, Align::left, grey);
            y += 12;
        };
        contact(t(Label::phone), seller.phone);
        contact(t(Label::email), seller.email);
        contact("", seller.website);

        canvas_.text(right, 72, title(), Font::bold, 22, Align::right);
        double fy = 98;
        const Label number = credit() ? Label::credit_note_number : Label::invoice_number;
        fact(fy, t(number), std::to_string(d_.invoice_number));
        fy += 13;
        fact(fy, t(Label::issue_date), format_date(d_.issue_date, language_));
        fy += 13;
        if (credit()) {
            if (d_.credited_invoice_number) {
                const std::string credits =
                    fill(t(Label::credits_invoice),
                         {{"{number}", std::to_string(*d_.credited_invoice_number)}});
                canvas_.text(330, fy, canvas_.fit(credits, Font::bold, 9, right - 330), Font::bold,
                             9);
                fy += 13;
            }
        } else {
            fact(fy, t(Label::due_date), format_date(d_.due_date, language_));
            fy += 13;
        }
        fact(fy, t(Label::receipt_reference), d_.receipt_reference);
        fy += 13;
        fact(fy, t(Label::order_reference), d_.order_reference);
        fy += 13;
        fact(fy, t(Label::payment_number), std::to_string(d_.payment_number));

        constexpr double buyer_width = 265;
        double by = std::max(y + 10, 182.0);
        canvas_.text(left, by, t(Label::buyer), Font::regular, 8, Align::left, grey);
        by += 14;
        const double buyer_size =
            canvas_.fitting_size(d_.buyer.name, Font::bold, 10, 7.5, buyer_width);
        canvas_.text(left, by, canvas_.fit(d_.buyer.name, Font::bold, buyer_size, buyer_width),
                     Font::bold, buyer_size);
        by = address(d_.buyer, by + 13, buyer_width, false);
        if (d_.buyer_email) {
            canvas_.text(left, by, canvas_.fit(*d_.buyer_email, Font::regular, 9, buyer_width),
                         Font::regular, 9);
        }

        const std::string issuer_line = std::string(t(Label::issuer)) + ": " + d_.issuer +
                                        "   ·   " + std::string(t(Label::seller)) + ": " +
                                        seller.legal_name;
        canvas_.text(left, 266, canvas_.fit(issuer_line, Font::regular, 9, right - left),
                     Font::regular, 9, Align::left, grey);
    }

    void draw_compact_header() {
        const std::string heading = title() + " " + std::to_string(d_.invoice_number);
        const double heading_width = canvas_.text_width(heading, Font::bold, 11);
        canvas_.text(
            left, 62,
            canvas_.fit(d_.seller.legal_name, Font::bold, 11, right - left - heading_width - 20),
            Font::bold, 11);
        canvas_.text(right, 62, heading, Font::bold, 11, Align::right);
        const std::string date =
            std::string(t(Label::issue_date)) + " " + format_date(d_.issue_date, language_);
        canvas_.text(right, 76, date, Font::regular, 8, Align::right, grey);
        canvas_.line(left, 84, right, 84);
    }

    std::vector<std::string> legal_block() const {
        const Seller& seller = d_.seller;
        std::vector<std::string> parts;
        auto add = [&](Label label, const std::string& value) {
            if (!value.empty()) parts.push_back(std::string(t(label)) + " " + value);
        };
        switch (d_.country) {
            case domain::Country::se:
                add(Label::organisation_number_se, seller.organisation_number);
                add(Label::vat_number_se, seller.vat_number);
                if (seller.f_skatt) parts.emplace_back(t(Label::f_skatt));
                break;
            case domain::Country::no:
                // "Org.nr. 923609016 MVA": the VAT number is the organisation number with MVA.
                add(Label::organisation_number_no,
                    seller.vat_number.empty() ? seller.organisation_number : seller.vat_number);
                if (seller.registered_in_business_register) {
                    parts.emplace_back(t(Label::business_register_no));
                }
                break;
            case domain::Country::fi:
                add(Label::organisation_number_fi, seller.organisation_number);
                add(Label::vat_number_fi, seller.vat_number);
                break;
        }
        return parts;
    }

    void draw_footer(int page, int pages) {
        canvas_.line(left, 770, right, 770);
        const Seller& seller = d_.seller;
        const PostalAddress& a = seller.address;
        constexpr double width = right - left - 80;
        constexpr std::string_view separator = "   ·   ";
        // The seller, then its legal block, wrapped between parts (never cut).
        std::vector<std::string> lines{seller.legal_name + std::string(separator) +
                                       a.street_address + ", " + a.zip_code + " " + a.city};
        std::string legal;
        for (const std::string& part : legal_block()) {
            const std::string longer = legal.empty() ? part : legal + std::string(separator) + part;
            if (!legal.empty() && canvas_.text_width(longer, Font::regular, 8) > width) {
                lines.push_back(legal);
                legal = part;
            } else {
                legal = longer;
            }
        }
        if (!legal.empty()) lines.push_back(legal);
        double y = 782;
        for (const std::string& line : lines) {
            canvas_.text(left, y, canvas_.fit(line, Font::regular, 8, width), Font::regular, 8,
                         Align::left, grey);
            y += 11;
        }
        const std::string number = fill(t(Label::page_of), {{"{page}", std::to_string(page + 1)},
                                                            {"{pages}", std::to_string(pages)}});
        canvas_.text(right, 782, number, Font::regular, 8, Align::right, grey);
        if (seller.example) {
            canvas_.text(left, y, t(Label::example_notice), Font::bold, 8, Align::left,
                         warning_red);
        }
    }

    void draw_table_header(double top) {
        canvas_.text(left, top + 12, t(Label::description), Font::bold, 9);
        canvas_.text(right, top + 12, t(Label::amount), Font::bold, 9, Align::right);
        canvas_.line(left, top + 17, right, top + 17, 0.8, grey);
    }

    void draw_line(const DocumentLine& line, double top) {
        constexpr double width = right - left - amount_column_width;
        canvas_.text(left, top + 11, canvas_.fit(line.description, Font::regular, 9, width),
                     Font::regular, 9);
        canvas_.text(right, top + 11, money(line.amount), Font::regular, 9, Align::right);
    }

    void draw_summary(double top) {
        constexpr double base_x = 350;
        constexpr double vat_x = 450;
        // A block that starts a page sits under the compact header's rule already.
        if (top > next_table_top) canvas_.line(left, top, right, top, 0.8, grey);
        canvas_.text(left, top + 13, t(Label::vat_rate), Font::bold, 8.5);
        canvas_.text(base_x, top + 13, t(Label::vat_base), Font::bold, 8.5, Align::right);
        canvas_.text(vat_x, top + 13, t(Label::vat), Font::bold, 8.5, Align::right);
        canvas_.text(right, top + 13, t(Label::amount), Font::bold, 8.5, Align::right);
        double y = top + table_header_height;
        for (const domain::VatSummaryLine& line : d_.vat_summary) {
            canvas_.text(left, y + 11, format_vat_rate(line.vat_percent, language_), Font::regular,
                         9);
            canvas_.text(base_x, y + 11, money(line.amount - line.vat_amount), Font::regular, 9,
                         Align::right);
            canvas_.text(vat_x, y + 11, money(line.vat_amount), Font::regular, 9, Align::right);
            canvas_.text(right, y + 11, money(line.amount), Font::regular, 9, Align::right);
            y += row_height;
        }
        y += 8;
        canvas_.line(300, y, right, y);
        canvas_.text(300, y + 12, t(Label::total_vat), Font::regular, 9);
        canvas_.text(right, y + 12, money(d_.total_vat), Font::regular, 9, Align::right);
        y += row_height;
        const std::string_view total_label = t(credit() ? Label::to_credit : Label::to_pay);
        canvas_.text(300, y + 16, total_label, Font::bold, 12);
        canvas_.text(right, y + 16, money(d_.total), Font::bold, 12, Align::right);
    }

    void draw_payment(double top) {
        constexpr double value_x = 210;
        // A block that starts a page sits under the compact header's rule already.
        if (top > next_table_top) canvas_.line(left, top, right, top, 0.8, grey);
        canvas_.text(left, top + 16, t(Label::payment_heading), Font::bold, 11);
        double y = top + 26;
        for (const PaymentRow& row : payment_rows()) {
            canvas_.text(left, y + 11, canvas_.fit(row.label, Font::regular, 9, value_x - left - 8),
                         Font::regular, 9, Align::left, grey);
            const Font font = row.ocr ? Font::ocr : Font::regular;
            const double size = row.ocr ? 11 : 10;
            canvas_.text(value_x, y + 11, canvas_.fit(row.value, font, size, right - value_x), font,
                         size);
            y += 16;
        }
        if (d_.bank_barcode) draw_bank_barcode(*d_.bank_barcode, y + 12);
    }

    void draw_bank_barcode(const std::string& digits, double top) {
        const std::vector<bool> modules = code128_modules(digits);
        constexpr double x0 = left + 10;  // Inside the margin: the quiet zone stays white.
        for (std::size_t i = 0; i < modules.size();) {
            if (!modules[i]) {
                ++i;
                continue;
            }
            std::size_t run = i;
            while (run < modules.size() && modules[run]) ++run;
            canvas_.fill_rect(x0 + static_cast<double>(i) * barcode_module_pt, top,
                              static_cast<double>(run - i) * barcode_module_pt, barcode_height_pt);
            i = run;
        }
        const std::string label = std::string(t(Label::virtual_barcode)) + ":";
        const double baseline = top + barcode_height_pt + 16;
        canvas_.text(x0, baseline, label, Font::regular, 9);
        const double digits_x = x0 + canvas_.text_width(label, Font::regular, 9) + 6;
        const double room = right - digits_x;
        const double size = std::min(10.0, room / canvas_.text_width(digits, Font::ocr, 1.0));
        canvas_.text(digits_x, baseline, digits, Font::ocr, size);
    }

    const InvoiceDocument& d_;
    DocumentLanguage language_;
    PdfCanvas canvas_;
};

}  // namespace

std::string render_invoice_pdf(const InvoiceDocument& document) {
    return InvoiceRenderer(document).render();
}

}  // namespace faktura::documents
