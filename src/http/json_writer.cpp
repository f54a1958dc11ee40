#include "http/json_writer.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace faktura::http {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not valid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80) return 0;
    }
    // Reject overlong forms, surrogates and code points above U+10FFFF.
    const unsigned char second = byte(i + 1);
    if (lead == 0xe0 && second < 0xa0) return 0;
    if (lead == 0xed && second > 0x9f) return 0;
    if (lead == 0xf0 && second < 0x90) return 0;
    if (lead == 0xf4 && second > 0x8f) return 0;
    return length;
}

}  // namespace

// Nesting deeper than the bits of has_elements_ would be a bug: responses are a handful deep.
constexpr int depth_max = 64;

void JsonWriter::grow(std::size_t size) { out_.resize(std::max(out_.size() * 2, used_ + size)); }

void JsonWriter::put(std::string_view text) {
    if (!text.empty()) std::memcpy(extend(text.size()), text.data(), text.size());
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (depth_ > 0) {
        if ((has_elements_ & 1) != 0) put(',');
        has_elements_ |= 1;
    }
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    assert(depth_ < depth_max);
    put('{');
    has_elements_ <<= 1;
    ++depth_;
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    assert(depth_ > 0 && !after_key_);
    has_elements_ >>= 1;
    --depth_;
    put('}');
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    assert(depth_ < depth_max);
    put('[');
    has_elements_ <<= 1;
    ++depth_;
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    assert(depth_ > 0 && !after_key_);
    has_elements_ >>= 1;
    --depth_;
    put(']');
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    assert(!after_key_);
    before_value();
    write_escaped(name);
    put(':');
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    before_value();
    write_escaped(text);
    return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t number) {
    before_value();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    put(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
    before_value();
    put(value ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    put("null");
    return *this;
}

JsonWriter& JsonWriter::raw_number(std::string_view literal) {
    before_value();
    put(literal);
    return *this;
}

JsonWriter& JsonWriter::optional_field(std::string_view name,
                                       const std::optional<std::string>& text) {
    if (text && !text->empty()) field(name, *text);
    return *this;
}

JsonWriter& JsonWriter::link(std::string_view name, std::string_view href) {
    key(name).begin_object().field("id", href).end_object();
    return *this;
}

namespace {

// The two-character escape JSON has for `c` (RFC 8259 §7), or "" when it has none.
std::string_view short_escape_of(unsigned char c) {
    if (c == '"') return "\\\"";
    if (c == '\\') return "\\\\";
    if (c == '\n') return "\\n";
    if (c == '\r') return "\\r";
    if (c == '\t') return "\\t";
    if (c == '\b') return "\\b";
    if (c == '\f') return "\\f";
    return {};
}

// Printable ASCII other than '"' and '\\': copied as it is. Every key and almost every value (ids,
// hrefs, dates, enum spellings) is only such bytes.
constexpr std::array<bool, 256> plain_bytes = [] {
    std::array<bool, 256> plain{};
    for (std::size_t c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
}();

// Whether the eight bytes at `bytes` are all plain, by whole-word arithmetic: no byte below 0x20,
// none from 0x80 up, none '"' or '\\'.
bool all_plain(const char* bytes) {
    constexpr std::uint64_t ones = 0x0101010101010101;
    constexpr std::uint64_t highs = 0x8080808080808080;
    std::uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    // A byte's high bit after `byte - n` (while the byte itself is below 0x80) means byte < n.
    const std::uint64_t below_space = (word - ones * 0x20) & ~word & highs;
    const auto zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const std::uint64_t quote = zero_byte(word ^ (ones * '"'));
    const std::uint64_t backslash = zero_byte(word ^ (ones * '\\'));
    return ((word & highs) | below_space | quote | backslash) == 0;
}

#if defined(__SSE2__)
// Whether the sixteen bytes at `bytes` are all plain, in four vector instructions: as signed bytes,
// every byte from 0x80 up is negative, so one "less than 0x20" finds those and the control
// characters alike.
bool all_plain16(const char* bytes) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('"')),
                                                      _mm_cmpeq_epi8(block, _mm_set1_epi8('\\'))),
                                         _mm_cmplt_epi8(block, _mm_set1_epi8(0x20)));
    return _mm_movemask_epi8(special) == 0;
}
#endif

// Whether every byte of `text` is plain: sixteen at a time where the CPU has SSE2 (every x86-64),
// else eight, and the last few by one more block that overlaps the one before.
bool all_plain(std::string_view text) {
    const char* const bytes = text.data();
    const std::size_t size = text.size();
#if defined(__SSE2__)
    if (size >= 16) {
        std::size_t i = 0;
        for (; i + 16 <= size; i += 16) {
            if (!all_plain16(bytes + i)) return false;
        }
        return i == size || all_plain16(bytes + size - 16);
    }
#endif
    if (size < 8) {
        for (std::size_t i = 0; i < size; ++i) {
            if (!plain_bytes[static_cast<unsigned char>(bytes[i])]) return false;
        }
        return true;
    }
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        if (!all_plain(bytes + i)) return false;
    }
    return i == size || all_plain(bytes + size - 8);
}

}  // namespace

void JsonWriter::write_escaped(std::string_view text) {
    if (all_plain(text)) {
        // Nearly every key and value: the quotes and the text in one step.
        char* const into = extend(text.size() + 2);
        into[0] = '"';
        if (!text.empty()) std::memcpy(into + 1, text.data(), text.size());
        into[text.size() + 1] = '"';
        return;
    }
    put('"');
    std::size_t i = 0;
    while (i < text.size()) {
        // A run of plain bytes goes in with one append, not a byte at a time; the run is found
        // eight bytes at a time while they last.
        std::size_t run_end = i;
        while (run_end + 8 <= text.size() && all_plain(text.data() + run_end)) run_end += 8;
        while (run_end < text.size() && plain_bytes[static_cast<unsigned char>(text[run_end])]) {
            ++run_end;
        }
        if (run_end != i) {
            put(text.substr(i, run_end - i));
            i = run_end;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (const std::string_view escape = short_escape_of(c); !escape.empty()) {
            put(escape);
            ++i;
            continue;
        }
        if (c < 0x20) {
            put("\\u00");
            put(hex_digits[c >> 4]);
            put(hex_digits[c & 0x0f]);
            ++i;
            continue;
        }
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            put("\xef\xbf\xbd");  // U+FFFD: bytes that are not UTF-8 (e.g. from a header).
            ++i;
            continue;
        }
        put(text.substr(i, length));
        i += length;
    }
    put('"');
}

}  // namespace faktura::http
