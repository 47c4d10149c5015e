#include "kiosk/organiser.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/file.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

// Export offers the sticks the kernel has mounted under the USB roots, and
// not any writable folder there (#30: /mnt/backup made by hand is no stick).
TEST(ExportTargetsTest, OnlyMountedBlockDevicesAreSticks) {
  const test::TempDir tmp;
  const std::string media = tmp.file("media"), mnt = tmp.file("mnt");
  for (const std::string& d : {media + "/pi/MY STICK", media + "/pi/not-mounted", mnt + "/backup", mnt + "/share",
                               mnt + "/CARD"})
    std::filesystem::create_directories(d);
  std::string err;
  ASSERT_TRUE(WriteFileAtomically(tmp.file("mounts"),
                                  "/dev/mmcblk0p2 / ext4 rw,noatime 0 0\n"
                                  "/dev/sda1 " + media + "/pi/MY\\040STICK vfat rw,nosuid,nodev 0 0\n"
                                  "//nas/share " + mnt + "/share cifs rw 0 0\n"
                                  "/dev/sdb1 " + mnt + "/CARD exfat rw 0 0\n",
                                  &err))
      << err;
  EXPECT_EQ(FindExportTargets({media, mnt}, tmp.file("mounts")),
            (std::vector<std::string>{media + "/pi/MY STICK", mnt + "/CARD"}));
  EXPECT_TRUE(FindExportTargets({media, mnt}, tmp.file("no-such-file")).empty());
}

}  // namespace
}  // namespace kindred
