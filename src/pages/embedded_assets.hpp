// The table of files compiled from src/pages/assets/ by embed_assets.cmake (internal to pages/).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace faktura::pages {

struct EmbeddedAsset {
    std::string_view name;          // File name, e.g. "faktura.css".
    std::string_view content_type;  // From the extension, e.g. "text/css; charset=utf-8".
    const unsigned char* data;      // Static storage; never null.
    std::size_t size;               // Bytes.
};

// Sorted by name; empty while the folder is.
std::span<const EmbeddedAsset> embedded_assets();

}  // namespace faktura::pages
