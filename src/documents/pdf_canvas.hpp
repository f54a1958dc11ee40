// A small drawing surface for the documents: an A4 cairo PDF surface writing into a std::string,
// with text in three fonts, right-aligned numbers, lines, filled rectangles, page breaks and the
// document's metadata. Every cairo status is checked; a failure throws std::runtime_error.
//
// Deterministic bytes: the creation and modification dates come from the caller (never the
// clock), and cairo 1.16 writes no trailer /ID. Should a later cairo write one, finish() replaces
// its hex digits with digits derived from the content, same length, so the xref stays valid.
#pragma once

#include <cairo.h>

#include <string>
#include <string_view>

#include "domain/national_id.hpp"

namespace faktura::documents {

enum class Font {
    regular,  // DejaVu Sans.
    bold,     // DejaVu Sans Bold.
    ocr,      // OCR B: reading lines (references, the virtual barcode).
};

enum class Align { left, right, center };

struct PdfMetadata {
    std::string title;
    std::string author;  // The seller (or payee).
    std::string subject;
    domain::CivilDate created;  // Both the creation and modification date, at midnight.
};

struct Colour {
    double red = 0;
    double green = 0;
    double blue = 0;
};

inline constexpr Colour black{0, 0, 0};
inline constexpr Colour grey{0.38, 0.38, 0.38};
inline constexpr Colour light_grey{0.75, 0.75, 0.75};
inline constexpr Colour warning_red{0.72, 0.07, 0.07};

class PdfCanvas {
  public:
    static constexpr double width_pt = 595.276;  // A4: 210 × 297 mm in points.
    static constexpr double height_pt = 841.890;

    explicit PdfCanvas(const PdfMetadata& metadata);
    ~PdfCanvas();
    PdfCanvas(const PdfCanvas&) = delete;
    PdfCanvas& operator=(const PdfCanvas&) = delete;

    // Draws UTF-8 text with its baseline at y; x is the left end, the right end or the centre.
    void text(double x, double y, std::string_view text, Font font, double size_pt,
              Align align = Align::left, Colour colour = black);
    double text_width(std::string_view text, Font font, double size_pt);
    // The text, shortened at a character boundary and ended with "…", so it is at most max_width
    // wide: a long description never runs into the next column.
    std::string fit(std::string_view text, Font font, double size_pt, double max_width_pt);

    // The largest size from size_pt down to min_size_pt (in half points) at which the text is at
    // most max_width wide; min_size_pt when none is (fit() then shortens it).
    double fitting_size(std::string_view text, Font font, double size_pt, double min_size_pt,
                        double max_width_pt);

    void line(double x1, double y1, double x2, double y2, double stroke_pt = 0.5,
              Colour colour = light_grey);
    void fill_rect(double x, double y, double width, double height, Colour colour = black);

    void next_page();
    // Ends the document and returns its bytes; the canvas cannot draw afterwards.
    std::string finish();

  private:
    void select(Font font, double size_pt);
    void check() const;

    std::string bytes_;
    cairo_surface_t* surface_ = nullptr;
    cairo_t* cr_ = nullptr;
    cairo_font_face_t* ocr_face_ = nullptr;  // A user font drawing OCR B's outlines (see .cpp).
};

// Replaces the hex digits of a trailer "/ID [<…><…>]", if any, with digits derived from the rest
// of the document, keeping the length. Exposed for its test.
void make_pdf_id_deterministic(std::string& pdf);

}  // namespace faktura::documents
