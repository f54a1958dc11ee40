// The cairo PDF surface behind every document. Fonts come from fontconfig through cairo's toy API
// ("DejaVu Sans", "OCR B"). OCR B is drawn through a user font: cairo 1.16 cannot embed the
// CFF-based OCRB.otf of Debian's fonts-ocr-b (the font object is referenced but never written,
// and readers see no text), so the user font draws OCR B's own glyph outlines and cairo embeds
// it as a Type 3 font, with a ToUnicode map, so the reading lines still extract as text.
#include "documents/pdf_canvas.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace faktura::documents {
namespace {

constexpr const char* text_family = "DejaVu Sans";
constexpr const char* ocr_family = "OCR B";

void throw_if_failed(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error(std::string("pdf: ") + what + ": " +
                                 cairo_status_to_string(status));
    }
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// OCR B at 1 unit per em, unhinted: the user font's glyph space.
cairo_scaled_font_t* create_ocr_b_scaled_font() {
    cairo_font_face_t* face =
        cairo_toy_font_face_create(ocr_family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_matrix_t identity;
    cairo_matrix_init_identity(&identity);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_scaled_font_t* font = cairo_scaled_font_create(face, &identity, &identity, options);
    cairo_font_options_destroy(options);
    cairo_font_face_destroy(face);
    return font;
}

cairo_status_t ocr_init(cairo_scaled_font_t*, cairo_t*, cairo_font_extents_t* extents) {
    cairo_scaled_font_t* font = create_ocr_b_scaled_font();
    cairo_scaled_font_extents(font, extents);
    const cairo_status_t status = cairo_scaled_font_status(font);
    cairo_scaled_font_destroy(font);
    return status;
}

cairo_status_t ocr_render_glyph(cairo_scaled_font_t*, unsigned long glyph, cairo_t* cr,
                                cairo_text_extents_t* extents) {
    cairo_scaled_font_t* font = create_ocr_b_scaled_font();
    cairo_set_scaled_font(cr, font);
    cairo_glyph_t one{glyph, 0, 0};
    cairo_scaled_font_glyph_extents(font, &one, 1, extents);
    cairo_glyph_path(cr, &one, 1);
    cairo_fill(cr);
    const cairo_status_t status = cairo_scaled_font_status(font);
    cairo_scaled_font_destroy(font);
    return status != CAIRO_STATUS_SUCCESS ? status : cairo_status(cr);
}

std::string utf8_of(unsigned long code_point) {
    std::string out;
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xC0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        out += static_cast<char>(0xE0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code_point >> 18));
        out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
    return out;
}

cairo_status_t ocr_unicode_to_glyph(cairo_scaled_font_t*, unsigned long code_point,
                                    unsigned long* glyph) {
    cairo_scaled_font_t* font = create_ocr_b_scaled_font();
    const std::string utf8 = utf8_of(code_point);
    cairo_glyph_t* glyphs = nullptr;
    int count = 0;
    const cairo_status_t status =
        cairo_scaled_font_text_to_glyphs(font, 0, 0, utf8.data(), static_cast<int>(utf8.size()),
                                         &glyphs, &count, nullptr, nullptr, nullptr);
    if (status == CAIRO_STATUS_SUCCESS && count > 0) *glyph = glyphs[0].index;
    cairo_glyph_free(glyphs);
    cairo_scaled_font_destroy(font);
    return status;
}

std::string pdf_date(domain::CivilDate date) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02dT00:00:00", date.year, date.month,
                  date.day);
    return buffer.data();
}

// The number of bytes of the UTF-8 character starting with lead.
std::size_t utf8_length(unsigned char lead) {
    if (lead >= 0xF0) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

}  // namespace

PdfCanvas::PdfCanvas(const PdfMetadata& metadata) {
    surface_ = cairo_pdf_surface_create_for_stream(append_to_string, &bytes_, width_pt, height_pt);
    throw_if_failed(cairo_surface_status(surface_), "create surface");
    const std::string date = pdf_date(metadata.created);
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, metadata.title.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_AUTHOR, metadata.author.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_SUBJECT, metadata.subject.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "Faktura");
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
    throw_if_failed(cairo_surface_status(surface_), "metadata");

    ocr_face_ = cairo_user_font_face_create();
    cairo_user_font_face_set_init_func(ocr_face_, ocr_init);
    cairo_user_font_face_set_render_glyph_func(ocr_face_, ocr_render_glyph);
    cairo_user_font_face_set_unicode_to_glyph_func(ocr_face_, ocr_unicode_to_glyph);
    throw_if_failed(cairo_font_face_status(ocr_face_), "OCR B font");

    cr_ = cairo_create(surface_);
    check();
}

PdfCanvas::~PdfCanvas() {
    if (cr_ != nullptr) cairo_destroy(cr_);
    if (ocr_face_ != nullptr) cairo_font_face_destroy(ocr_face_);
    if (surface_ != nullptr) cairo_surface_destroy(surface_);
}

void PdfCanvas::check() const { throw_if_failed(cairo_status(cr_), "draw"); }

void PdfCanvas::select(Font font, double size_pt) {
    if (font == Font::ocr) {
        cairo_set_font_face(cr_, ocr_face_);
    } else {
        cairo_select_font_face(
            cr_, text_family, CAIRO_FONT_SLANT_NORMAL,
            font == Font::bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    }
    cairo_set_font_size(cr_, size_pt);
    check();
}

double PdfCanvas::text_width(std::string_view text, Font font, double size_pt) {
    select(font, size_pt);
    const std::string copy(text);  // cairo wants a terminated string.
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, copy.c_str(), &extents);
    check();
    return extents.x_advance;
}

void PdfCanvas::text(double x, double y, std::string_view text, Font font, double size_pt,
                     Align align, Colour colour) {
    if (text.empty()) return;
    double left = x;
    if (align != Align::left) {
        const double width = text_width(text, font, size_pt);
        left = align == Align::right ? x - width : x - width / 2;
    }
    select(font, size_pt);
    const std::string copy(text);
    cairo_set_source_rgb(cr_, colour.red, colour.green, colour.blue);
    cairo_move_to(cr_, left, y);
    cairo_show_text(cr_, copy.c_str());
    check();
}

std::string PdfCanvas::fit(std::string_view text, Font font, double size_pt, double max_width_pt) {
    if (text_width(text, font, size_pt) <= max_width_pt) return std::string(text);
    // Character boundaries, then the longest prefix that fits with the ellipsis.
    std::string prefix;
    std::string best = "…";
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length =
            std::min(utf8_length(static_cast<unsigned char>(text[at])), text.size() - at);
        prefix.append(text.substr(at, length));
        at += length;
        const std::string candidate = prefix + "…";
        if (text_width(candidate, font, size_pt) > max_width_pt) break;
        best = candidate;
    }
    return best;
}

double PdfCanvas::fitting_size(std::string_view text, Font font, double size_pt, double min_size_pt,
                               double max_width_pt) {
    double size = size_pt;
    while (size > min_size_pt && text_width(text, font, size) > max_width_pt) size -= 0.5;
    return std::max(size, min_size_pt);
}

void PdfCanvas::line(double x1, double y1, double x2, double y2, double stroke_pt, Colour colour) {
    cairo_set_source_rgb(cr_, colour.red, colour.green, colour.blue);
    cairo_set_line_width(cr_, stroke_pt);
    cairo_move_to(cr_, x1, y1);
    cairo_line_to(cr_, x2, y2);
    cairo_stroke(cr_);
    check();
}

void PdfCanvas::fill_rect(double x, double y, double width, double height, Colour colour) {
    cairo_set_source_rgb(cr_, colour.red, colour.green, colour.blue);
    cairo_rectangle(cr_, x, y, width, height);
    cairo_fill(cr_);
    check();
}

void PdfCanvas::next_page() {
    cairo_show_page(cr_);
    check();
}

std::string PdfCanvas::finish() {
    cairo_destroy(cr_);
    cr_ = nullptr;
    cairo_surface_finish(surface_);
    throw_if_failed(cairo_surface_status(surface_), "finish");
    std::string out = std::move(bytes_);
    make_pdf_id_deterministic(out);
    return out;
}

void make_pdf_id_deterministic(std::string& pdf) {
    const std::size_t trailer = pdf.rfind("trailer");
    if (trailer == std::string::npos) return;
    const std::size_t id = pdf.find("/ID", trailer);
    if (id == std::string::npos) return;
    // FNV-1a over everything before the trailer: the content decides the identifier.
    std::uint64_t hash = 14695981039346656037ULL;
    for (std::size_t i = 0; i < trailer; ++i) {
        hash = (hash ^ static_cast<unsigned char>(pdf[i])) * 1099511628211ULL;
    }
    constexpr std::string_view hex = "0123456789ABCDEF";
    const std::size_t end = pdf.find(']', id);
    bool inside = false;
    std::size_t digit = 0;
    for (std::size_t i = id; i < end && i < pdf.size(); ++i) {
        if (pdf[i] == '<') {
            inside = true;
            digit = 0;
        } else if (pdf[i] == '>') {
            inside = false;
        } else if (inside) {
            pdf[i] = hex[(hash >> ((digit % 16) * 4)) & 0xF];
            ++digit;
        }
    }
}

}  // namespace faktura::documents
