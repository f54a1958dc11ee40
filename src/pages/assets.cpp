// find_asset over the files compiled into the binary (embedded_assets.hpp). Names are matched
// exactly, so no path ("../x", "a/b") can reach anything but the table.
#include "pages/embedded_assets.hpp"
#include "pages/pages.hpp"

namespace faktura::pages {

std::optional<Asset> find_asset(std::string_view name) {
    for (const EmbeddedAsset& asset : embedded_assets()) {
        if (asset.name == name) {
            // The generated arrays hold the file's bytes; char and unsigned char may alias.
            const auto* bytes = reinterpret_cast<const char*>(asset.data);
            return Asset{asset.content_type, std::string_view{bytes, asset.size}};
        }
    }
    return std::nullopt;
}

}  // namespace faktura::pages
