// storage-stress: a writer for durability tests, run as its own process so a
// test can kill it or starve it of disk.
//
//   storage-stress write DB COUNT [SEED]   save COUNT encounters
//   storage-stress fill DB                 save until the file may grow no more
//
// Each encounter is acknowledged on stdout (its ID, one per line, unbuffered)
// only after SaveEncounter returned true: after that it must survive anything.
// A failed save prints one line on stderr and exits 1.
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "storage/event_db.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: storage-stress write DB COUNT [SEED] | fill DB\n");
    return 2;
  }
  const std::string mode = argv[1], path = argv[2];
  std::string err;
  auto db = kindred::EventDb::Open(path, &err);
  if (!db) {
    std::fprintf(stderr, "storage-stress: %s\n", err.c_str());
    return 1;
  }
  std::vector<kindred::Attendee> people;
  if (!db->LoadAttendees(&people, &err) || people.size() < 2) {
    std::fprintf(stderr, "storage-stress: the database needs a roster of at least 2\n");
    return 1;
  }
  long count = mode == "write" && argc > 3 ? std::atol(argv[3]) : 1'000'000;
  std::mt19937 rng(argc > 4 ? std::atoi(argv[4]) : getpid());
  std::string note;
  if (mode == "fill") {
    // The file may grow 64 KiB more; writes past that fail with EFBIG, as on a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec) + std::filesystem::file_size(path + "-wal", ec);
    rlimit limit{static_cast<rlim_t>(size + 64 * 1024), static_cast<rlim_t>(size + 64 * 1024)};
    setrlimit(RLIMIT_FSIZE, &limit);
    note.assign(2000, 'n');
  }
  for (long i = 0; i < count; ++i) {
    kindred::Encounter e;
    size_t a = rng() % people.size(), b = rng() % people.size();
    if (a == b) b = (b + 1) % people.size();
    e.a_id = people[a].badge_id;
    e.b_id = people[b].badge_id;
    e.note = note;
    e.kiosk_id = "stress";
    if (!db->SaveEncounter(&e, 0, &err)) {
      std::fprintf(stderr, "storage-stress: %s\n", err.c_str());
      return 1;
    }
    std::string ack = e.id + "\n";
    if (write(1, ack.data(), ack.size()) != static_cast<ssize_t>(ack.size())) return 1;
  }
  return 0;
}
