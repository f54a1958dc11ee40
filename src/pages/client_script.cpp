// The seamless-view script (§21.2): the static px.invoice.client.js with one payment's
// configuration put in place of its placeholder. Every string is JSON-escaped so that no value,
// whatever its bytes, can end the string, the script element ("</script>") or the line (U+2028,
// U+2029).
#include <string>
#include <string_view>

#include "pages/pages.hpp"
#include "pages/utf8.hpp"

namespace faktura::pages {
namespace {

// The one spot in the template the configuration replaces: valid JavaScript (null) on its own, so
// the static file still parses.
constexpr std::string_view config_placeholder = "/*FAKTURA_CONFIG*/null";

void append_hex4(std::string& out, char32_t code_point) {
    constexpr std::string_view digits = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) {
        out += digits[(code_point >> static_cast<unsigned>(shift)) & 0xFU];
    }
}

void append_json_string(std::string& out, std::string_view value) {
    out += '"';
    for_each_code_point(value, [&out](std::string_view sequence, char32_t code_point) {
        switch (code_point) {
            case U'"':
                out += "\\\"";
                return;
            case U'\\':
                out += "\\\\";
                return;
            case U'\n':
                out += "\\n";
                return;
            case U'\r':
                out += "\\r";
                return;
            case U'\t':
                out += "\\t";
                return;
            // HTML-significant characters, so the text is safe inside an HTML <script> too.
            case U'<':
            case U'>':
            case U'&':
            case U'\'':
            // Line terminators in JavaScript source before ES2019.
            case 0x2028:
            case 0x2029:
                append_hex4(out, code_point);
                return;
            default:
                break;
        }
        if (code_point < 0x20 || code_point == 0x7f) {
            append_hex4(out, code_point);
        } else {
            out += sequence;  // Valid UTF-8 (invalid bytes arrive as U+FFFD).
        }
    });
    out += '"';
}

std::string config_json(const ClientScriptConfig& config) {
    std::string json = "{\"token\":";
    append_json_string(json, config.token);
    json += ",\"operation\":";
    json += config.flow == PageFlow::verify ? "\"verify\"" : "\"authorize\"";
    json += ",\"frontEndOrigin\":";
    append_json_string(json, config.front_end_origin);
    json += ",\"pageUrl\":";
    append_json_string(json, config.page_url);
    json += ",\"hostOrigins\":[";
    for (std::size_t i = 0; i < config.host_origins.size(); ++i) {
        if (i > 0) json += ',';
        append_json_string(json, config.host_origins[i]);
    }
    json += "],\"language\":";
    append_json_string(json, config.language);
    json += '}';
    return json;
}

}  // namespace

std::string render_client_script(const ClientScriptConfig& config) {
    // Until the template is committed, the script is the configuration alone (still valid
    // JavaScript).
    const std::optional<Asset> asset = find_asset("px.invoice.client.js");
    std::string script{asset ? asset->body : config_placeholder};
    const std::size_t at = script.find(config_placeholder);
    // A template without the placeholder is served as it is; a pages test holds it to the contract.
    if (at != std::string::npos) script.replace(at, config_placeholder.size(), config_json(config));
    return script;
}

}  // namespace faktura::pages
