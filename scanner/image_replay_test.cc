#include "scanner/image_replay.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "scanner/decoder.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

TEST(ImageReplayTest, ReplaysAFolderInNameOrderLikeACamera) {
  const test::TempDir tmp;
  std::string dir = tmp.path(), err;
  for (const char* id : {"B2", "A1"}) {
    LumaImage code;
    ASSERT_TRUE(RenderQrCode(id, 4, &code, &err));
    ASSERT_TRUE(SaveLumaPng(code, dir + "/" + id + ".png", &err));
  }
  auto replay = ImageReplay::Open({dir}, 30, 200, &err);
  ASSERT_TRUE(replay) << err;
  EXPECT_EQ(replay->size(), 2u);
  LumaImage frame;
  uint64_t seq = 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  ASSERT_TRUE(replay->TakeLatest(&frame, &seq));
  EXPECT_FALSE(replay->TakeLatest(&frame, &seq)) << "no new frame until the next tick";
  EXPECT_EQ(DecodeCodes(frame.view(), {}).at(0).text, "A1") << "A1.png comes first";
  std::this_thread::sleep_for(std::chrono::milliseconds(220));
  ASSERT_TRUE(replay->TakeLatest(&frame, &seq));
  EXPECT_EQ(DecodeCodes(frame.view(), {}).at(0).text, "B2");
  std::filesystem::remove_all(dir);
}

TEST(ImageReplayTest, MissingOrBrokenImagesAreErrors) {
  std::string err;
  EXPECT_FALSE(ImageReplay::Open({"/nonexistent.png"}, 30, 100, &err));
  EXPECT_NE(err.find("/nonexistent.png"), std::string::npos);
  const test::TempDir tmp;
  const std::string dir = tmp.path();
  EXPECT_FALSE(ImageReplay::Open({dir}, 30, 100, &err));
  EXPECT_EQ(err, "no images to replay");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kindred
