// Identifiers that count up, so every run of a test sees the same GUIDs and tokens. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>

#include "app/system.hpp"

namespace faktura::testing {

class CountingIds final : public app::IdGenerator {
  public:
    std::string new_guid() override {
        char text[40];
        std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012llu",
                      static_cast<unsigned long long>(++next_));
        return text;
    }
    // 64 hex characters (§3.4).
    std::string new_front_end_token() override {
        char text[17];
        std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(++next_));
        return std::string(48, 'a') + text;
    }
    std::string new_bearer_token() override {
        return "bearer-token-" + std::to_string(++next_) + "-xxxxxxxx";
    }

  private:
    std::atomic<std::uint64_t> next_{0};
};

}  // namespace faktura::testing
