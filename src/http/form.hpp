// The URL-form codec of the hosted pages: application/x-www-form-urlencoded bodies in, and
// percent-encoded query values out (RFC 3986 unreserved characters kept as they are).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace faktura::http {

// The fields of a form in the order sent; a name may repeat.
using FormFields = std::vector<std::pair<std::string, std::string>>;

// '&'-separated pairs, '+' for spaces, percent-escapes; an invalid escape is kept as sent.
FormFields parse_form(std::string_view body);

// The value of the first field named exactly `name`, or "" when there is none.
std::string form_value(const FormFields& fields, std::string_view name);

std::string percent_encode(std::string_view text);

}  // namespace faktura::http
