// Tests the seamless-view script: the configuration replaces the template's one placeholder, and
// every string in it is JSON-escaped so that no value can leave its string or the script. The
// expectations are built from whatever template is embedded.
#include <gtest/gtest.h>

#include <string>

#include "pages/pages.hpp"
#include "tests/pages/page_builders.hpp"

namespace faktura::pages {
namespace {

using namespace testing_support;

constexpr std::string_view placeholder = "/*FAKTURA_CONFIG*/null";

// The script the template would give with `json` in place of the placeholder.
std::string expected_script(std::string_view json) {
    const std::optional<Asset> asset = find_asset("px.invoice.client.js");
    std::string script{asset ? asset->body : placeholder};
    script.replace(script.find(placeholder), placeholder.size(), json);
    return script;
}

TEST(ClientScript, TemplateHoldsThePlaceholderOnce) {
    const std::optional<Asset> asset = find_asset("px.invoice.client.js");
    if (!asset) GTEST_SKIP() << "px.invoice.client.js is not in src/pages/assets yet";
    EXPECT_EQ(count_of(asset->body, placeholder), 1U);
}

TEST(ClientScript, PutsTheConfigurationInPlaceOfThePlaceholder) {
    const std::string script = render_client_script(
        ClientScriptConfig{.token = "0123abcd",
                           .flow = PageFlow::authorize,
                           .front_end_origin = "http://127.0.0.1:8080",
                           .page_url = "http://127.0.0.1:8080/invoice/payments/authorize/0123abcd",
                           .host_origins = {"https://shop.example", "http://localhost:3000"},
                           .language = "sv-SE"});
    EXPECT_EQ(
        script,
        expected_script(
            R"({"token":"0123abcd","operation":"authorize","frontEndOrigin":"http://127.0.0.1:8080",)"
            R"("pageUrl":"http://127.0.0.1:8080/invoice/payments/authorize/0123abcd",)"
            R"("hostOrigins":["https://shop.example","http://localhost:3000"],"language":"sv-SE"})"));
    EXPECT_FALSE(contains(script, placeholder));
}

TEST(ClientScript, VerifyHasNoHostOriginsToo) {
    const std::string script = render_client_script(ClientScriptConfig{.token = "t",
                                                                       .flow = PageFlow::verify,
                                                                       .front_end_origin = "",
                                                                       .page_url = "",
                                                                       .host_origins = {},
                                                                       .language = "fi-FI"});
    EXPECT_EQ(script, expected_script(R"({"token":"t","operation":"verify","frontEndOrigin":"",)"
                                      R"("pageUrl":"","hostOrigins":[],"language":"fi-FI"})"));
}

TEST(ClientScript, CarriesThePaymentsInitialPageLanguage) {
    // The script's own texts (iframe title, host-mismatch message) follow it when there is no
    // culture.
    const std::string script = render_client_script(ClientScriptConfig{.token = "t",
                                                                       .flow = PageFlow::authorize,
                                                                       .front_end_origin = "",
                                                                       .page_url = "",
                                                                       .host_origins = {},
                                                                       .language = "nb-NO"});
    EXPECT_TRUE(contains(script, R"(,"hostOrigins":[],"language":"nb-NO"})"));
}

TEST(ClientScript, EscapesEveryStringSoNothingLeavesTheJson) {
    const std::string script = render_client_script(ClientScriptConfig{
        .token = "a\"b\\c",
        .flow = PageFlow::authorize,
        .front_end_origin = "x\u2028y\u2029z",
        .page_url = std::string{"\n\r\t\x01\x7f", 5} + "&'",
        .host_origins = {"https://a.example</script><script>alert(1)</script>", "\xFF"},
        .language = "en-US\"</script>\u2028&"});
    EXPECT_EQ(
        script,
        expected_script(
            R"({"token":"a\"b\\c","operation":"authorize","frontEndOrigin":"x\u2028y\u2029z",)"
            R"("pageUrl":"\n\r\t\u0001\u007f\u0026\u0027",)"
            R"("hostOrigins":["https://a.example\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e",)"
            "\"\uFFFD\"],"
            R"("language":"en-US\"\u003c/script\u003e\u2028\u0026"})"));
    EXPECT_FALSE(contains(script, "</script><script>alert"));
}

}  // namespace
}  // namespace faktura::pages
