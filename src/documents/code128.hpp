// Code 128 for the Finnish bank barcode (Finanssiala's "Pankkiviivakoodi", 54 digits in subset C),
// encoded by zint; the caller draws the modules itself (no zint bitmap or file output).
#pragma once

#include <string_view>
#include <vector>

namespace faktura::documents {

// The symbol's modules left to right, true for a bar, without quiet zones: start code, data,
// check character and stop code. Throws std::runtime_error when zint rejects the data.
std::vector<bool> code128_modules(std::string_view data);

}  // namespace faktura::documents
