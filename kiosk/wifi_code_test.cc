#include "kiosk/wifi_code.h"

#include <gtest/gtest.h>

#include "scanner/decoder.h"

namespace kindred {
namespace {

TEST(WifiCodeTest, NamesThePasswordAndEscapesWhatTheFormatReserves) {
  EXPECT_EQ(WifiQrText("Spring Mixer", "bees4ever"), "WIFI:T:WPA;S:Spring Mixer;P:bees4ever;;");
  EXPECT_EQ(WifiQrText("Café;Guest", "a:b,c\\d\"e"), "WIFI:T:WPA;S:Café\\;Guest;P:a\\:b\\,c\\\\d\\\"e;;");
}

TEST(WifiCodeTest, AnOpenNetworkHasNoPassword) {
  EXPECT_EQ(WifiQrText("Venue Guest", ""), "WIFI:T:nopass;S:Venue Guest;;");
}

TEST(WifiCodeTest, TheCodeReadsBackAsTheSameText) {
  const std::string text = WifiQrText("会場 Wi-Fi", "pässwörd;1");
  LumaImage image;
  std::string err;
  ASSERT_TRUE(RenderQrCode(text, 4, &image, &err)) << err;
  const std::vector<DecodedCode> codes = DecodeCodes(image.view(), {});
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, text);
}

}  // namespace
}  // namespace kindred
