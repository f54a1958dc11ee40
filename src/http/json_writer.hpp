// A streaming JSON writer for responses: keys come out in the order they are written (the recorded
// key order is part of the contract, spec §3.3), numbers keep their literal form, and every string
// is escaped and made valid UTF-8. Never fails; misuse (a value without a key inside an object) is
// a bug.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace faktura::http {

class JsonWriter {
  public:
    JsonWriter() : out_(2048, '\0') {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);
    JsonWriter& string(std::string_view text);
    JsonWriter& integer(std::int64_t number);
    JsonWriter& boolean(bool value);
    JsonWriter& null();
    // A number literal that is already valid JSON (e.g. a stored metadata decimal "3.1").
    JsonWriter& raw_number(std::string_view literal);

    // Shorthands for a key followed by its value.
    JsonWriter& field(std::string_view name, std::string_view text) {
        return key(name).string(text);
    }
    JsonWriter& field(std::string_view name, const char* text) { return key(name).string(text); }
    JsonWriter& field(std::string_view name, std::int64_t number) {
        return key(name).integer(number);
    }
    JsonWriter& field(std::string_view name, bool value) { return key(name).boolean(value); }
    // The field only when `text` holds a non-empty string: unset fields are omitted (C-3).
    JsonWriter& optional_field(std::string_view name, const std::optional<std::string>& text);
    // {"id": "<href>"}: the link objects of the payment resource.
    JsonWriter& link(std::string_view name, std::string_view href);

    std::string take() {
        out_.resize(used_);
        used_ = 0;
        return std::move(out_);
    }
    std::string_view text() const { return {out_.data(), used_}; }

  private:
    void before_value();
    void write_escaped(std::string_view text);
    // Room for `size` more bytes at the end of the text, which now includes them.
    char* extend(std::size_t size) {
        if (out_.size() - used_ < size) grow(size);
        char* const at = out_.data() + used_;
        used_ += size;
        return at;
    }
    void grow(std::size_t size);
    void put(char c) { *extend(1) = c; }
    void put(std::string_view text);

    // The text is out_[0, used_); the rest of out_ is room to write into without a check per byte
    // or std::string's bookkeeping per append (a response is some hundred small writes).
    std::string out_;
    std::size_t used_ = 0;
    // Per open object or array, one bit (the innermost lowest): whether it has an element yet.
    std::uint64_t has_elements_ = 0;
    int depth_ = 0;
    bool after_key_ = false;
};

}  // namespace faktura::http
