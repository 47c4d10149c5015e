#include "scanner/luma_image.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace kindred {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("kindred-luma-" + name)).string();
}

TEST(LumaImageTest, SavedPngLoadsBackPixelForPixel) {
  LumaImage image(7, 5, 0);
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 7; ++x) image.at(x, y) = static_cast<uint8_t>(x * 30 + y);
  std::string path = TempPath("roundtrip.png"), err;
  ASSERT_TRUE(SaveLumaPng(image, path, &err)) << err;
  LumaImage loaded;
  ASSERT_TRUE(LoadLumaImage(path, &loaded, &err)) << err;
  ASSERT_EQ(loaded.width(), 7);
  ASSERT_EQ(loaded.height(), 5);
  EXPECT_EQ(0, std::memcmp(loaded.data(), image.data(), 35));
  std::filesystem::remove(path);
}

TEST(LumaImageTest, AMissingFileIsAnErrorNamingIt) {
  LumaImage image;
  std::string err;
  EXPECT_FALSE(LoadLumaImage("/nonexistent/badge.png", &image, &err));
  EXPECT_NE(err.find("/nonexistent/badge.png"), std::string::npos) << err;
}

TEST(LumaImageTest, GarbageAndTruncatedImagesAreErrors) {
  LumaImage image(1, 1);
  std::string err;
  const uint8_t garbage[] = "definitely not an image";
  EXPECT_FALSE(DecodeLumaImage(garbage, sizeof garbage, &image, &err));
  EXPECT_FALSE(err.empty());
  EXPECT_FALSE(DecodeLumaImage(nullptr, 0, &image, &err));

  LumaImage src(64, 64, 128);
  std::string path = TempPath("trunc.png");
  ASSERT_TRUE(SaveLumaPng(src, path, &err));
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t keep : {size_t{8}, size_t{30}, bytes.size() / 2}) {
    err.clear();
    EXPECT_FALSE(DecodeLumaImage(reinterpret_cast<const uint8_t*>(bytes.data()), keep, &image, &err))
        << "kept " << keep << " bytes";
    EXPECT_FALSE(err.empty());
  }
  std::filesystem::remove(path);
}

TEST(LumaImageTest, CopyFromHonoursTheSourceStride) {
  const uint8_t rows[] = {1, 2, 99, 3, 4, 99};
  LumaImage image;
  image.CopyFrom({rows, 2, 2, 3});
  EXPECT_EQ(image.at(0, 0), 1);
  EXPECT_EQ(image.at(1, 1), 4);
}

}  // namespace
}  // namespace kindred
