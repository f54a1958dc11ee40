// Standard Webhooks signing with OpenSSL: the secret's base64 is checked strictly here before
// EVP_DecodeBlock sees it (which would skip whitespace and count padding as data), and HMAC-SHA256
// is one call to HMAC().
#include "outbound/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace faktura::outbound {
namespace {

bool is_base64_character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

// Standard base64 with padding; nullopt for anything else, including the empty string.
std::optional<std::vector<unsigned char>> decode_base64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    std::size_t padding = 0;
    while (padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
    const std::string_view data = text.substr(0, text.size() - padding);
    if (!std::all_of(data.begin(), data.end(), is_base64_character)) return std::nullopt;
    std::vector<unsigned char> decoded(text.size() / 4 * 3);
    const int length =
        EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(text.data()),
                        static_cast<int>(text.size()));
    // EVP_DecodeBlock reports whole groups of three bytes, the padding's zero bytes included.
    if (length < 0 || static_cast<std::size_t>(length) != decoded.size()) return std::nullopt;
    decoded.resize(decoded.size() - padding);
    return decoded;
}

std::string encode_base64(const unsigned char* data, std::size_t size) {
    std::string encoded((size + 2) / 3 * 4 + 1, '\0');  // EVP_EncodeBlock adds a NUL.
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), data,
                                       static_cast<int>(size));
    encoded.resize(static_cast<std::size_t>(length));
    return encoded;
}

}  // namespace

std::optional<std::vector<unsigned char>> decode_webhook_secret(std::string_view secret) {
    if (!secret.starts_with(webhook_secret_prefix)) return std::nullopt;
    auto key = decode_base64(secret.substr(webhook_secret_prefix.size()));
    if (!key || key->empty()) return std::nullopt;
    return key;
}

bool is_valid_webhook_secret(std::string_view secret) {
    return decode_webhook_secret(secret).has_value();
}

std::string webhook_signature(std::string_view secret, std::string_view id,
                              std::int64_t timestamp_seconds, std::string_view body) {
    const std::optional<std::vector<unsigned char>> key = decode_webhook_secret(secret);
    if (!key) throw std::invalid_argument("not a webhook secret (whsec_ and base64)");
    std::string message;
    message.reserve(id.size() + 22 + body.size());
    message.append(id).append(".").append(std::to_string(timestamp_seconds)).append(".");
    message.append(body);

    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int mac_length = 0;
    if (HMAC(EVP_sha256(), key->data(), static_cast<int>(key->size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
             &mac_length) == nullptr) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return "v1," + encode_base64(mac.data(), mac_length);
}

std::string webhook_signature_header(const std::vector<std::string>& secrets, std::string_view id,
                                     std::int64_t timestamp_seconds, std::string_view body) {
    std::string header;
    for (const std::string& secret : secrets) {
        if (!is_valid_webhook_secret(secret)) continue;
        if (!header.empty()) header += ' ';
        header += webhook_signature(secret, id, timestamp_seconds, body);
    }
    return header;
}

}  // namespace faktura::outbound
