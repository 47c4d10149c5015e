#include "scanner/abort_guard.h"

#include <gtest/gtest.h>

#include <ZXing/ReadBarcode.h>

#include <cstdlib>

#include "scanner/decoder.h"
#include "tests/camera_sim.h"

namespace kindred {
namespace {

TEST(AbortGuardTest, AnAbortInsideIsAFailedCallAndTheProcessGoesOn) {
  int after = 0;
  EXPECT_FALSE(RunAbortGuarded([&] {
    std::abort();
    after = 1;
  }));
  EXPECT_EQ(after, 0);
  EXPECT_TRUE(RunAbortGuarded([&] { after = 2; }));
  EXPECT_EQ(after, 2);
  // Again, and nested: each guard catches its own.
  bool inner = true;
  EXPECT_TRUE(RunAbortGuarded([&] { inner = RunAbortGuarded([] { std::abort(); }); }));
  EXPECT_FALSE(inner);
  EXPECT_FALSE(RunAbortGuarded([] { std::abort(); }));
}

TEST(AbortGuardDeathTest, AnAbortOutsideAGuardStillEndsTheProcess) {
  RunAbortGuarded([] {});
  EXPECT_DEATH(std::abort(), "");
}

// A webcam's frame of a badge being brought in (tests/camera_sim.h) on which
// ZXing 1.4's QR detector, with its default hints, fails an assertion
// (zxing-cpp #855, #1154): caught, and Kindred's passes over the same frame
// end normally.
TEST(AbortGuardTest, TheFrameThatFailsZxingsAssertionIsNoCode) {
  const std::vector<test::BadgeCode> codes = test::MakeBadgeCodes(20, 2026);
  test::BadgeStream stream(test::UvcWebcam(), codes[6], test::Condition::kHallLight, 1000 + 17 * 6);
  test::SimFrame f;
  for (int i = 0; i <= 4; ++i) ASSERT_TRUE(stream.Next(&f));
  const LumaView v = f.image.view();
  bool raw_returned = RunAbortGuarded([&] {
    ZXing::ReadBarcodes(ZXing::ImageView(v.data, v.width, v.height, ZXing::ImageFormat::Lum), ZXing::DecodeHints());
  });
  if (raw_returned) GTEST_SKIP() << "this ZXing does not fail its assertion on the frame (built without assertions?)";
  DecoderOptions all;
  all.formats = kQrCode | kAztec | kDataMatrix | kPdf417;
  for (DecodePass pass : {DecodePass::kZxing, DecodePass::kOtherBinarizer, DecodePass::kDoubleSize,
                          DecodePass::kInverted, DecodePass::kZbar})
    for (const DecodedCode& c : DecodeWithPass(v, all, pass)) EXPECT_EQ(c.text, codes[6].payload);
  EXPECT_TRUE(RunAbortGuarded([] {})) << "the guard still works after catching ZXing's abort";
}

}  // namespace
}  // namespace kindred
