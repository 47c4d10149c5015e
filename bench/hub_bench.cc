// hub-bench: several simulated kiosks syncing through a real PostgreSQL hub
// on this machine (started here, as the tests do).
//   hub-bench [SECONDS] [CATCH_UP_CHANGES]   (defaults 60 and 10000)
// 1. 5 and then 20 kiosks, each saving 10 encounters a second for SECONDS:
//    time from saved at one kiosk to applied at each other kiosk, p50/p99
//    (goal: p99 under 2 s); the hub's CPU and memory meanwhile. Each twice
//    in the same run: as kiosks connect now (each its own role under the
//    row rules, over TLS on 127.0.0.1 with the certificate verified), and
//    the reference, as before (one role the rules do not bind, over the
//    Unix socket, no TLS).
// 2. A kiosk back after CATCH_UP_CHANGES changes elsewhere: time to catch
//    up (goal: under 5 s), beside the reference: kindred merge of a database
//    holding the same changes.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include <fmt/core.h>

#include "storage/event_db.h"
#include "sync/hub.h"
#include "sync/hub_bundle.h"
#include "sync/hub_sync.h"
#include "tests/pg_server.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kPeople = 300;

Attendee Person(int i) {
  Attendee a;
  a.badge_id = fmt::format("P{}", 1000 + i);
  a.name = fmt::format("Person {}", i);
  a.passions = {"jazz", "climbing"};
  return a;
}

// The hub's server processes: CPU seconds and proportional memory (PSS, KB).
struct HubUse {
  double cpu_s = 0;
  long pss_kb = 0;
};
HubUse MeasureHub(const std::string& pid_file) {
  HubUse use;
  std::ifstream in(pid_file);
  long postmaster = 0;
  in >> postmaster;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string state;
    long ppid = 0;
    rest >> state >> ppid;
    if (std::stol(name) != postmaster && ppid != postmaster) continue;
    std::string skip;
    for (int i = 0; i < 9; ++i) rest >> skip;
    long utime = 0, stime = 0;
    rest >> utime >> stime;
    use.cpu_s += (utime + stime) / tick;
    std::ifstream smaps(entry.path() / "smaps_rollup");
    while (std::getline(smaps, line))
      if (line.rfind("Pss:", 0) == 0) use.pss_kb += std::stol(line.substr(4));
  }
  return use;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

struct Run {
  std::mutex mu;
  std::map<std::string, Clock::time_point> saved;
  std::vector<double> latency_ms;
  std::atomic<long> arrivals{0};
};

int Main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
  const int catch_up = argc > 2 ? std::atoi(argv[2]) : 10000;
  test::PgServer pg;
  pg.set_tls(true);
  std::string err;
  if (!pg.Start(&err)) {
    std::fprintf(stderr, "hub-bench: %s\n", err.c_str());
    return 1;
  }
  {
    auto admin = Hub::Connect(pg.AdminUrl(), {.check_schema = false}, &err);
    if (!admin || !admin->Init({pg.Address(), test::ReadFile(pg.RootCert()), ""}, &err)) {
      std::fprintf(stderr, "hub-bench: %s\n", err.c_str());
      return 1;
    }
  }
  const std::string pid_file = pg.dir() + "/data/postmaster.pid";
  // A kiosk's URL: its own role over verified TLS, or (the reference) the
  // admin's socket, as one shared role without TLS or row rules was.
  auto kiosk_url = [&](bool own_roles, const std::string& name, const std::string& dir) {
    if (!own_roles) return pg.AdminUrl();
    std::string password, url, e;
    auto admin = Hub::Connect(pg.AdminUrl(), {}, &e);
    if (!admin || !admin->AddMember(MemberKind::kKiosk, name, &password, &e) ||
        !InstallHubBundle({name, kKioskRolePrefix + name, pg.Address(), password, test::ReadFile(pg.RootCert())},
                          dir + "/etc-" + name, "", &url, &e))
      std::fprintf(stderr, "hub-bench: %s\n", e.c_str());
    return url;
  };
  std::printf("hub-bench: %d s of 10 encounters a second per kiosk, %d people, %u cores\n", seconds, kPeople,
              std::thread::hardware_concurrency());
  int round = 0;
  for (int kiosks : {5, 20})
  for (bool own_roles : {true, false}) {
    ++round;
    const std::string dir = test::MakeTempDir();
    std::vector<Attendee> roster;
    for (int i = 0; i < kPeople; ++i) roster.push_back(Person(i));
    auto path = [&](int k) { return fmt::format("{}/k{}.db", dir, k); };
    for (int k = 0; k < kiosks; ++k) {
      auto db = EventDb::Open(path(k), &err);
      EventDb::UpsertCounts counts;
      if (!db || !db->UpsertAttendees(roster, &counts, &err)) {
        std::fprintf(stderr, "hub-bench: %s\n", err.c_str());
        return 1;
      }
    }
    Run run;
    std::vector<std::unique_ptr<HubSync>> syncs;
    for (int k = 0; k < kiosks; ++k) {
      const std::string me = fmt::format("r{}-kiosk-{}", round, k);
      syncs.push_back(std::make_unique<HubSync>(path(k), kiosk_url(own_roles, me, dir), me));
      syncs.back()->set_on_pulled([&run, me](const EventDb::PulledRows& rows) {
        const auto now = Clock::now();
        std::lock_guard<std::mutex> lock(run.mu);
        for (const EventDb::SyncRow& row : rows.encounter) {
          if (row[5] == me) continue;
          auto it = run.saved.find(row[0]);
          if (it == run.saved.end()) continue;
          run.latency_ms.push_back(std::chrono::duration<double, std::milli>(now - it->second).count());
          ++run.arrivals;
        }
      });
      if (!syncs.back()->Start(&err)) {
        std::fprintf(stderr, "hub-bench: %s\n", err.c_str());
        return 1;
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(3));  // the rosters settle
    const HubUse before = MeasureHub(pid_file);
    const auto start = Clock::now();
    std::atomic<long> saves{0};
    std::vector<std::thread> writers;
    for (int k = 0; k < kiosks; ++k) {
      writers.emplace_back([&, k] {
        std::string e;
        auto db = EventDb::Open(path(k), &e);
        std::mt19937 rng(k * 7919 + round);
        const std::string me = fmt::format("r{}-kiosk-{}", round, k);
        auto next = Clock::now();
        for (int i = 0; i < seconds * 10; ++i) {
          std::this_thread::sleep_until(next);
          next += std::chrono::milliseconds(100);
          Encounter enc;
          const int a = static_cast<int>(rng() % kPeople);
          enc.a_id = Person(a).badge_id;
          enc.b_id = Person((a + 1 + static_cast<int>(rng() % (kPeople - 1))) % kPeople).badge_id;
          enc.kiosk_id = me;
          enc.shared = {"jazz"};
          enc.id = NewUuid();
          {
            std::lock_guard<std::mutex> lock(run.mu);
            run.saved[enc.id] = Clock::now();
          }
          if (db->SaveEncounter(&enc, -1, &e)) ++saves;
          syncs[k]->Nudge();
        }
      });
    }
    for (std::thread& w : writers) w.join();
    const double wrote_s = std::chrono::duration<double>(Clock::now() - start).count();
    const long expected = saves * (kiosks - 1);
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (run.arrivals < expected && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const double total_s = std::chrono::duration<double>(Clock::now() - start).count();
    const HubUse after = MeasureHub(pid_file);
    std::vector<double> lat;
    {
      std::lock_guard<std::mutex> lock(run.mu);
      lat = run.latency_ms;
    }
    std::printf("%2d kiosks, %s: %ld encounters saved in %.0f s; saved at one kiosk -> applied at another: "
                "p50 %.0f ms, p99 %.0f ms, max %.0f ms (%ld of %ld arrivals; goal p99 < 2000 ms); "
                "hub CPU %.0f%% of one core, hub memory %.0f MB (PSS)\n",
                kiosks, own_roles ? "own roles, verified TLS" : "reference: one role, socket, no TLS", saves.load(), wrote_s, Percentile(lat, 0.5), Percentile(lat, 0.99),
                lat.empty() ? 0.0 : *std::max_element(lat.begin(), lat.end()), run.arrivals.load(), expected,
                100 * (after.cpu_s - before.cpu_s) / total_s, after.pss_kb / 1024.0);
    std::fflush(stdout);
    syncs.clear();
    std::filesystem::remove_all(dir);
  }

  // Catch-up: kiosk B is away while kiosk A saves `catch_up` encounters.
  {
    const std::string dir = test::MakeTempDir();
    std::vector<Attendee> roster;
    for (int i = 0; i < kPeople; ++i) roster.push_back(Person(i));
    auto a = EventDb::Open(dir + "/a.db", &err);
    auto b = EventDb::Open(dir + "/b.db", &err);
    EventDb::UpsertCounts counts;
    a->UpsertAttendees(roster, &counts, &err);
    b->UpsertAttendees(roster, &counts, &err);
    const std::string url_a = kiosk_url(true, "catch-up-a", dir), url_b = kiosk_url(true, "catch-up-b", dir);
    HubSync sync_a(dir + "/a.db", url_a, "catch-up-a");
    sync_a.Start(&err);
    // B has been in sync before it went away.
    {
      auto hub = Hub::Connect(url_b, {}, &err);
      b->EnableHubOutbox(url_b, &err);
      hub->Exchange(*b, nullptr, nullptr, &err);
    }
    int64_t before_b = 0;
    b->CountEncounters(&before_b, &err);
    std::mt19937 rng(5);
    for (int i = 0; i < catch_up; ++i) {
      Encounter enc;
      const int x = static_cast<int>(rng() % kPeople);
      enc.a_id = Person(x).badge_id;
      enc.b_id = Person((x + 1 + static_cast<int>(rng() % (kPeople - 1))) % kPeople).badge_id;
      enc.kiosk_id = "catch-up-a";
      a->SaveEncounter(&enc, -1, &err);
    }
    sync_a.Nudge();
    while (sync_a.state().waiting > 0 || !sync_a.state().online) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    int64_t target = 0;
    a->CountEncounters(&target, &err);
    // Back: B connects and pulls what it missed.
    const auto t0 = Clock::now();
    {
      auto hub = Hub::Connect(url_b, {}, &err);
      EventDb::PulledRows rows;
      bool more = true;
      while (more && hub->Pull(*b, 5000, &rows, &more, &err)) {
      }
    }
    const double caught_s = std::chrono::duration<double>(Clock::now() - t0).count();
    int64_t have = 0;
    b->CountEncounters(&have, &err);
    // The reference: kindred merge of A's database into a copy of B's from before.
    auto c = EventDb::Open(dir + "/c.db", &err);
    c->UpsertAttendees(roster, &counts, &err);
    a.reset();
    const auto t1 = Clock::now();
    EventDb::MergeCounts merged;
    c->MergeFrom(dir + "/a.db", &merged, &err);
    const double merge_s = std::chrono::duration<double>(Clock::now() - t1).count();
    std::printf("a kiosk back after %d changes elsewhere: caught up in %.2f s (%lld of %lld encounters; goal "
                "< 5 s); reference, kindred merge of a database holding them: %.2f s\n",
                catch_up, caught_s, static_cast<long long>(have), static_cast<long long>(target), merge_s);
    sync_a.Stop();
    std::filesystem::remove_all(dir);
  }
  return 0;
}

}  // namespace
}  // namespace kindred

int main(int argc, char** argv) { return kindred::Main(argc, argv); }
