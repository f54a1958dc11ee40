// Tests the assets compiled into the binary: each file of src/pages/assets/ is found byte for byte
// with the content type of its extension, and nothing else is.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "pages/embedded_assets.hpp"
#include "pages/pages.hpp"

namespace faktura::pages {
namespace {

const std::filesystem::path assets_dir =
    std::filesystem::path{FAKTURA_SOURCE_DIR} / "src/pages/assets";

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in{path, std::ios::binary};
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

TEST(FindAsset, ServesEveryFileOfTheAssetsFolderByteForByte) {
    std::size_t files = 0;
    if (std::filesystem::exists(assets_dir)) {
        for (const auto& entry : std::filesystem::directory_iterator{assets_dir}) {
            const std::string name = entry.path().filename().string();
            if (!entry.is_regular_file() || name.starts_with(".")) continue;
            ++files;
            const std::optional<Asset> asset = find_asset(name);
            ASSERT_TRUE(asset) << name << " is not embedded; re-run the build";
            EXPECT_EQ(asset->body, read_file(entry.path())) << name;
        }
    }
    EXPECT_EQ(embedded_assets().size(), files);
}

TEST(FindAsset, ContentTypeFollowsTheExtension) {
    for (const EmbeddedAsset& asset : embedded_assets()) {
        const std::string_view name = asset.name;
        std::string_view expected = "application/octet-stream";
        if (name.ends_with(".css")) expected = "text/css; charset=utf-8";
        if (name.ends_with(".js")) expected = "application/javascript; charset=utf-8";
        if (name.ends_with(".svg")) expected = "image/svg+xml";
        if (name.ends_with(".png")) expected = "image/png";
        EXPECT_EQ(asset.content_type, expected) << name;
    }
}

TEST(FindAsset, FindsNothingElse) {
    EXPECT_FALSE(find_asset(""));
    EXPECT_FALSE(find_asset("missing.css"));
    EXPECT_FALSE(find_asset("../pages.hpp"));
    EXPECT_FALSE(find_asset("/faktura.css"));
    EXPECT_FALSE(find_asset("FAKTURA.CSS"));
}

}  // namespace
}  // namespace faktura::pages
