#include "app/system.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace faktura::app {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// The DRBG's output drawn 4 KiB at a time per thread: one RAND_bytes call (its locks and
// dispatch cost more than the bytes) serves about a hundred ids. Bytes handed out are wiped from
// the buffer at once, so what stays in memory is only what no id has used yet. (Faktura never
// forks: a child would repeat the rest of its parent's buffer.)
class RandomBuffer {
  public:
    RandomBuffer() = default;
    RandomBuffer(const RandomBuffer&) = delete;
    RandomBuffer& operator=(const RandomBuffer&) = delete;
    ~RandomBuffer() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

    void take(unsigned char* out, std::size_t count) {
        if (count > bytes_.size() - used_) refill();
        std::memcpy(out, bytes_.data() + used_, count);
        OPENSSL_cleanse(bytes_.data() + used_, count);
        used_ += count;
    }

  private:
    void refill() {
        if (RAND_bytes(bytes_.data(), static_cast<int>(bytes_.size())) != 1) {
            throw std::runtime_error("the operating system's random source failed");
        }
        used_ = 0;
    }

    std::array<unsigned char, 4096> bytes_{};
    std::size_t used_ = bytes_.size();  // All used: the first take refills.
};

template <std::size_t n>
std::array<unsigned char, n> random_bytes() {
    static_assert(n <= 4096);
    thread_local RandomBuffer buffer;
    std::array<unsigned char, n> bytes{};
    buffer.take(bytes.data(), bytes.size());
    return bytes;
}

std::string to_hex(const unsigned char* data, std::size_t size) {
    std::string text(size * 2, '0');
    for (std::size_t i = 0; i < size; ++i) {
        text[2 * i] = hex_digits[data[i] >> 4];
        text[2 * i + 1] = hex_digits[data[i] & 0x0f];
    }
    return text;
}

// Milliseconds since the Unix epoch, the leading 48 bits of a stored id.
std::uint64_t unix_milliseconds() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

void put_time_prefix(unsigned char* out) {
    const std::uint64_t ms = unix_milliseconds();
    for (int i = 0; i < 6; ++i) out[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
}

}  // namespace

domain::Timestamp SystemClock::now() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return domain::Timestamp{
        std::chrono::duration_cast<std::chrono::duration<std::int64_t, std::ratio<1, 10'000'000>>>(
            since_epoch)
            .count()};
}

// Time-ordered (RFC 9562 version 7: 48 bits of Unix milliseconds, then 74 random bits), so that ids
// created together sit together in every index keyed by them: a batch of creates appends to the
// right edge of the id index instead of dirtying one random page each (decision 0019).
std::string RandomIdGenerator::new_guid() {
    auto bytes = random_bytes<16>();
    put_time_prefix(bytes.data());
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x70);  // Version 7.
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 9562 variant.
    const std::string hex = to_hex(bytes.data(), bytes.size());
    return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
           hex.substr(16, 4) + '-' + hex.substr(20, 12);
}

// 48 bits of Unix milliseconds, then 208 random bits: the secret part alone is stronger than the
// 128 bits a capability URL needs, and the prefix keeps the token index append-mostly. What the
// prefix tells the holder of the link (when the payment was created) the payment says anyway.
std::string RandomIdGenerator::new_front_end_token() {
    auto bytes = random_bytes<32>();
    put_time_prefix(bytes.data());
    return to_hex(bytes.data(), bytes.size());
}

std::string RandomIdGenerator::new_bearer_token() {
    // 192 bits; 48 characters, so it can never be mistaken for a 64-character front-end token.
    const auto bytes = random_bytes<24>();
    return to_hex(bytes.data(), bytes.size());
}

std::string sha256_hex(std::string_view text) {
    // Fetched once: EVP_sha256() makes every digest look the algorithm up again under a lock, and
    // every API request hashes its bearer token.
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (sha256 == nullptr ||
        EVP_Digest(text.data(), text.size(), digest, &length, sha256, nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    return to_hex(digest, length);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest,
             &length) == nullptr) {
        throw std::runtime_error("HMAC-SHA-256 failed");
    }
    return to_hex(digest, length);
}

bool equal_secrets(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace faktura::app
