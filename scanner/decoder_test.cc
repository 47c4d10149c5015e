#include "scanner/decoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace kindred {
namespace {

// Pastes `code` onto a larger grey canvas at (x, y), like a badge in a frame.
LumaImage Frame(int w, int h, const std::vector<std::pair<const LumaImage*, PointI>>& codes) {
  LumaImage frame(w, h, 200);
  for (const auto& [code, at] : codes)
    for (int y = 0; y < code->height(); ++y)
      for (int x = 0; x < code->width(); ++x) frame.at(at.x + x, at.y + y) = code->data()[y * code->width() + x];
  return frame;
}

TEST(DecoderTest, ReadsAGeneratedBadgeExactly) {
  LumaImage code;
  std::string err;
  ASSERT_TRUE(RenderQrCode("K-1001", 4, &code, &err)) << err;
  std::vector<DecodedCode> found = DecodeCodes(code.view(), {});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "K-1001");
  EXPECT_EQ(found[0].format, "QRCode");
}

TEST(DecoderTest, NamesFromEveryScriptSurviveAsUtf8) {
  for (std::string text : {"José Ørsted", "Παπαδόπουλος", "Иванова", "李雷", "MECARD:N:李,雷;;"}) {
    LumaImage code;
    std::string err;
    ASSERT_TRUE(RenderQrCode(text, 3, &code, &err)) << err;
    std::vector<DecodedCode> found = DecodeCodes(code.view(), {});
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].text, text);
  }
}

TEST(DecoderTest, FindsTwoBadgesInOneFrameWithTheirCorners) {
  LumaImage a, b;
  std::string err;
  ASSERT_TRUE(RenderQrCode("A1", 4, &a, &err));
  ASSERT_TRUE(RenderQrCode("B2", 4, &b, &err));
  LumaImage frame = Frame(640, 480, {{&a, {40, 100}}, {&b, {380, 120}}});
  std::vector<DecodedCode> found = DecodeCodes(frame.view(), {});
  ASSERT_EQ(found.size(), 2u);
  for (const DecodedCode& c : found) {
    int min_x = std::min({c.corners[0].x, c.corners[1].x, c.corners[2].x, c.corners[3].x});
    if (c.text == "A1") EXPECT_LT(min_x, 200);
    else EXPECT_GT(min_x, 300);
  }
}

TEST(DecoderTest, NothingIsFoundInAnEmptyOrBlankFrame) {
  EXPECT_TRUE(DecodeCodes({}, {}).empty());
  EXPECT_TRUE(DecodeCodes({nullptr, 640, 480, 640}, {}).empty());
  LumaImage blank(640, 480, 128);
  EXPECT_TRUE(DecodeCodes(blank.view(), {}).empty());
  LumaView bad_stride = blank.view();
  bad_stride.stride = 10;
  EXPECT_TRUE(DecodeCodes(bad_stride, {}).empty());
}

TEST(DecoderTest, OnlyTheChosenFormatsAreRead) {
  LumaImage code;
  std::string err;
  ASSERT_TRUE(RenderQrCode("K-1", 4, &code, &err));
  DecoderOptions aztec_only;
  aztec_only.formats = kAztec;
  EXPECT_TRUE(DecodeCodes(code.view(), aztec_only).empty());
}

TEST(DecoderTest, ParsesFormatLists) {
  uint32_t f = 0;
  std::string err;
  ASSERT_TRUE(ParseCodeFormats("qr, Aztec,datamatrix,PDF417", &f, &err)) << err;
  EXPECT_EQ(f, kQrCode | kAztec | kDataMatrix | kPdf417);
  EXPECT_FALSE(ParseCodeFormats("qr,ean13", &f, &err));
  EXPECT_NE(err.find("ean13"), std::string::npos);
  EXPECT_FALSE(ParseCodeFormats("", &f, &err));
}

TEST(DecoderTest, ATooLongPayloadIsAnErrorNotACrash) {
  LumaImage code;
  std::string err;
  EXPECT_FALSE(RenderQrCode(std::string(8000, 'x'), 2, &code, &err));
  EXPECT_FALSE(err.empty());
}

std::string ReadText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Real photographs of printed codes (glare, tilt, blur, fabric): every one is
// read, byte-exact, and nothing is read from photos without a code.
TEST(DecoderPhotoTest, ReadsEveryRealPhotoAndNothingFromPhotosWithoutACode) {
  const std::filesystem::path root = std::filesystem::path(KINDRED_SHARED_DATA) / "qr-photos";
  if (!std::filesystem::exists(root)) GTEST_SKIP() << "shared/data is absent";
  int with_code = 0, read = 0, without_code = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".png") continue;
    std::filesystem::path txt = entry.path();
    txt.replace_extension(".txt");
    LumaImage image;
    std::string err;
    ASSERT_TRUE(LoadLumaImage(entry.path().string(), &image, &err)) << err;
    std::vector<DecodedCode> codes = DecodeCodes(image.view(), {});
    if (!std::filesystem::exists(txt)) {
      ++without_code;
      EXPECT_TRUE(codes.empty()) << "false read in " << entry.path() << ": " << codes[0].text;
      continue;
    }
    ++with_code;
    const std::string expected = ReadText(txt);
    bool found = std::any_of(codes.begin(), codes.end(), [&](const DecodedCode& c) { return c.text == expected; });
    read += found;
    EXPECT_TRUE(found) << "missed " << entry.path();
  }
  EXPECT_EQ(with_code, 88);
  EXPECT_EQ(without_code, 25);
  EXPECT_EQ(read, with_code);
}

TEST(DecoderTest, FindsALightCodeOnADarkBadge) {
  LumaImage code;
  std::string err;
  ASSERT_TRUE(RenderQrCode("K-INVERTED", 4, &code, &err));
  for (int y = 0; y < code.height(); ++y)
    for (int x = 0; x < code.width(); ++x) code.at(x, y) = static_cast<uint8_t>(255 - code.at(x, y));
  LumaImage frame = Frame(480, 360, {{&code, {100, 80}}});
  std::vector<DecodedCode> found = DecodeCodes(frame.view(), {});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "K-INVERTED");
  DecoderOptions quick;
  quick.thorough = false;
  EXPECT_TRUE(DecodeCodes(frame.view(), quick).empty()) << "only the extra passes read it";
}

}  // namespace
}  // namespace kindred
