// A streaming JSON writer for responses: keys come out in the order they are written (the recorded
// key order is part of the contract, spec §3.3), numbers keep their literal form, and every string
// is escaped and made valid UTF-8. Never fails; misuse (a value without a key inside an object) is
// a bug.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faktura::http {

class JsonWriter {
  public:
    JsonWriter() { out_.reserve(2048); }

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

    std::string take() { return std::move(out_); }
    const std::string& text() const { return out_; }

  private:
    void before_value();
    void write_escaped(std::string_view text);

    std::string out_;
    std::vector<bool> has_elements_;  // One flag per open object or array.
    bool after_key_ = false;
};

}  // namespace faktura::http
