// Nothing acknowledged is ever lost: a writer killed at random points, a full
// disk and a read-only disk, each in a real separate process.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "storage/event_db.h"
#include "tests/support/scale.h"
#include "tests/support/test_support.h"

namespace kindred::test {
namespace {

class DurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    db_ = dir_ + "/event.db";
    std::string err;
    auto db = EventDb::Open(db_, &err);
    ASSERT_TRUE(db) << err;
    std::vector<Attendee> people(50);
    for (int i = 0; i < 50; ++i) {
      char id[16];  // not "P" + to_string(): GCC 12 warns falsely (PR 105651)
      std::snprintf(id, sizeof id, "P%d", 100 + i);
      people[i].badge_id.assign(id);
      people[i].name.assign("Person");
    }
    EventDb::UpsertCounts c;
    ASSERT_TRUE(db->UpsertAttendees(people, &c, &err)) << err;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Every ID in `acked` is in the database, and the database is intact.
  void ExpectIntactWith(const std::set<std::string>& acked) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
    sqlite3_finalize(st);
    std::set<std::string> stored;
    sqlite3_prepare_v2(raw, "SELECT id FROM encounter", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) stored.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(raw);
    size_t missing = 0;
    for (const std::string& id : acked) missing += stored.count(id) == 0;
    EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged encounters";
  }

  static void AddAcks(const std::string& out, std::set<std::string>* acked) {
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
      if (line.size() == 36) acked->insert(line);  // a torn last line was never acknowledged
  }

  std::string dir_, db_;
};

TEST_F(DurabilityTest, AWriterKilledAtRandomPointsLosesNothingAcknowledged) {
  std::set<std::string> acked;
  std::mt19937 rng(20261122);
  int kills = 0;
  // Until 10,000 saves were acknowledged: on a slow or busy machine (the
  // sanitizer build beside other tests) each round saves fewer, so there
  // are more rounds, not fewer saves.
  const size_t saves = 10000 / kSampleDivisor;
  for (int round = 0; round < 2000 && acked.size() < saves; ++round) {
    int out_pipe[2];
    ASSERT_EQ(pipe(out_pipe), 0);
    pid_t pid = fork();
    if (pid == 0) {
      dup2(out_pipe[1], 1);
      close(out_pipe[0]);
      std::string bin = Bin("storage-stress"), seed = std::to_string(round);
      execl(bin.c_str(), bin.c_str(), "write", db_.c_str(), "10000", seed.c_str(), nullptr);
      _exit(127);
    }
    close(out_pipe[1]);
    // Kill somewhere in the middle of the stream of saves.
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 250));
    kill(pid, SIGKILL);
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = read(out_pipe[0], buf, sizeof buf)) > 0;) out.append(buf, n);
    close(out_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    kills += WIFSIGNALED(status);
    AddAcks(out, &acked);
    ExpectIntactWith(acked);
    if (HasFailure()) break;
  }
  EXPECT_GE(kills, 10) << "the writer must really have been killed mid-stream";
  EXPECT_GE(acked.size(), saves);
  std::printf("%d kills, %zu acknowledged encounters, all present\n", kills, acked.size());
}

TEST_F(DurabilityTest, AFullDiskGivesAClearErrorAndLosesNothing) {
  RunResult r = RunCommand({Bin("storage-stress"), "fill", db_}, {}, 120);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not saved"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("full"), std::string::npos) << "names the likely cause: " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  std::set<std::string> acked;
  AddAcks(r.out, &acked);
  EXPECT_GT(acked.size(), 0u);
  ExpectIntactWith(acked);
  // With room again, saving works.
  r = RunCommand({Bin("storage-stress"), "write", db_, "5"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(DurabilityTest, AReadOnlyDiskGivesAClearErrorAndLosesNothing) {
  RunResult first = RunCommand({Bin("storage-stress"), "write", db_, "20"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::set<std::string> acked;
  AddAcks(first.out, &acked);
  // A read-only remount, as a Raspberry Pi does to a failing SD card, in a
  // private mount namespace (needs root or user namespaces).
  std::string script = "mount --bind " + dir_ + " " + dir_ + " && mount -o remount,bind,ro " + dir_ + " && exec " +
                       Bin("storage-stress") + " write " + db_ + " 5";
  RunResult r = RunCommand({"/usr/bin/unshare", "-m", "--propagation", "private", "/bin/sh", "-c", script});
  if (r.err.find("storage-stress") == std::string::npos && r.exit_code != 0)
    GTEST_SKIP() << "cannot make a read-only mount here: " << r.err;
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "nothing may be acknowledged on a read-only disk";
  ExpectIntactWith(acked);
}

}  // namespace
}  // namespace kindred::test
