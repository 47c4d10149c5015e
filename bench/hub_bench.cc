// hub-bench: simulated kiosks syncing through a real PostgreSQL hub on this
// machine (started here, as the tests do, but with fsync on), the hub on one
// core and the kiosks on the other (as on an event, where each kiosk is its
// own Pi and the hub has its machine to itself).
//
//   hub-bench [--seconds S] [--minutes M] [--catch-up N] [--kiosks N] [--flat-kiosks N]
//             [--only PART]
//
// PART is one of idle, scale, flat, catch-up (default: all, in that order).
// The kiosks' SQLite files are in memory (see KioskDir).
//  idle      100 connected kiosks saving nothing for S seconds: the hub's
//            CPU and memory per kiosk, beside the hub with none connected.
//  scale     20, 50 and 100 kiosks each saving one encounter a second (real
//            kiosks save one or two a minute) for S seconds: saved at one
//            kiosk -> applied at each other, p50/p99 (goal at 100: p99
//            under 500 ms), the hub core's use, and from it the saves a
//            second one hub core takes at that many kiosks (--kiosks N:
//            only N).
//  flat      50 kiosks (--flat-kiosks) at one save a second each for M
//            minutes: p99 per one-minute window (goal: the last within 1.2x
//            of the first). 50, not 100: at 100 the simulated kiosks' own
//            work (each applies every other kiosk's saves to its SQLite,
//            about 10,000 rows a second together) keeps their one core 80% busy, and
//            the figure would be this machine's, not the hub's.
//  catch-up  a kiosk back after N changes elsewhere (default 100,000): time
//            to take them (goal: under 5 s), beside the reference: kindred
//            merge of a database holding the same changes.
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

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

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

Attendee Person(int i) {
  Attendee a;
  a.badge_id = fmt::format("P{}", 1000 + i);
  a.name = fmt::format("Person {}", i);
  a.passions = {"jazz", "climbing"};
  return a;
}

std::vector<Attendee> Roster() {
  std::vector<Attendee> roster;
  for (int i = 0; i < kPeople; ++i) roster.push_back(Person(i));
  return roster;
}

// The pids of the hub's server processes (the postmaster and its children).
std::vector<pid_t> HubPids(const std::string& pid_file) {
  std::ifstream in(pid_file);
  long postmaster = 0;
  in >> postmaster;
  std::vector<pid_t> pids;
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
    if (std::stol(name) == postmaster || ppid == postmaster) pids.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return pids;
}

bool Pin(pid_t pid, int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(pid, sizeof set, &set) == 0;
}

// The hub's server processes: CPU seconds and proportional memory (PSS, KB).
struct HubUse {
  double cpu_s = 0;
  long pss_kb = 0;
  int processes = 0;
};
HubUse MeasureHub(const std::string& pid_file) {
  HubUse use;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (pid_t pid : HubPids(pid_file)) {
    const std::string dir = "/proc/" + std::to_string(pid);
    std::ifstream stat(dir + "/stat");
    std::string line;
    std::getline(stat, line);
    const size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string skip;
    for (int i = 0; i < 11; ++i) rest >> skip;
    long utime = 0, stime = 0;
    rest >> utime >> stime;
    use.cpu_s += (utime + stime) / tick;
    std::ifstream smaps(dir + "/smaps_rollup");
    while (std::getline(smaps, line))
      if (line.rfind("Pss:", 0) == 0) use.pss_kb += std::stol(line.substr(4));
    ++use.processes;
  }
  return use;
}

double ThisProcessCpu() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

// The hub under test: PostgreSQL 15 with TLS on 127.0.0.1, fsync on,
// pinned to CPU 0 (the bench runs on CPU 1).
struct TheHub {
  test::PgServer pg;
  std::string pid_file;
  bool pinned = false;

  bool Start(std::string* err) {
    pg.set_tls(true);
    pg.set_extra_options("-c fsync=on -c max_connections=140");
    if (!pg.Start(err)) return false;
    auto admin = Hub::Connect(pg.AdminUrl(), {.check_schema = false}, err);
    if (!admin || !admin->Init({pg.Address(), test::ReadFile(pg.RootCert()), ""}, err)) return false;
    pid_file = pg.dir() + "/data/postmaster.pid";
    if (std::thread::hardware_concurrency() >= 2) {
      pinned = true;
      for (pid_t pid : HubPids(pid_file)) pinned = Pin(pid, 0) && pinned;
      pinned = Pin(0, 1) && pinned;  // this thread, and every thread it starts
    }
    return true;
  }
  // A kiosk's URL: its own role over verified TLS, as `hub add-kiosk` gives.
  std::string KioskUrl(const std::string& name, const std::string& dir) {
    std::string password, url, e;
    auto admin = Hub::Connect(pg.AdminUrl(), {}, &e);
    if (!admin || !admin->AddMember(MemberKind::kKiosk, name, &password, &e) ||
        !InstallHubBundle({name, kKioskRolePrefix + name, pg.Address(), password, test::ReadFile(pg.RootCert())},
                          dir + "/etc-" + name, "", &url, &e))
      std::fprintf(stderr, "hub-bench: %s\n", e.c_str());
    return url;
  }
};

// One arrival: when the encounter was saved elsewhere, and how long it took.
struct Arrival {
  double saved_s;  // since the run's start
  double latency_ms;
};

// Where the simulated kiosks' files go: in memory (/dev/shm) when there is
// one. Each real kiosk has its own SD card; a hundred kiosks' fsyncs on this
// machine's one disk would measure the disk, not the hub (whose files stay on
// disk, with fsync on).
std::string KioskDir() {
  char tmpl[] = "/dev/shm/kindred-hub-bench-XXXXXX";
  if (const char* dir = mkdtemp(tmpl)) return dir;
  return test::MakeTempDir();
}

// `n` simulated kiosks: each its own SQLite file with the roster, its own
// member role, and its own sync thread (HubSync, as the kiosk app runs it).
class Fleet {
 public:
  Fleet(TheHub& hub, const std::string& tag, int n) : n_(n), dir_(KioskDir()) {
    std::string err;
    const std::vector<Attendee> roster = Roster();
    for (int k = 0; k < n; ++k) {
      auto db = EventDb::Open(Path(k), &err);
      EventDb::UpsertCounts counts;
      if (!db || !db->UpsertAttendees(roster, &counts, &err)) {
        std::fprintf(stderr, "hub-bench: %s\n", err.c_str());
        std::exit(1);
      }
    }
    for (int k = 0; k < n; ++k) {
      const std::string me = fmt::format("{}-kiosk-{}", tag, k);
      names_.push_back(me);
      auto sync = std::make_unique<HubSync>(Path(k), hub.KioskUrl(me, dir_), me);
      sync->set_on_pulled([this, me](const EventDb::PulledRows& rows) { OnPulled(me, rows); });
      if (!sync->Start(&err)) {
        std::fprintf(stderr, "hub-bench: %s\n", err.c_str());
        std::exit(1);
      }
      syncs_.push_back(std::move(sync));
    }
    // Every kiosk online with nothing left to send (the rosters settled).
    const auto deadline = Clock::now() + std::chrono::seconds(120);
    while (Clock::now() < deadline) {
      bool settled = true;
      for (const auto& s : syncs_) {
        const SyncState st = s->state();
        settled = settled && st.online && st.waiting == 0;
      }
      if (settled) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  ~Fleet() {
    syncs_.clear();
    std::filesystem::remove_all(dir_);
  }

  // Saves `per_kiosk` encounters a second at each kiosk (spread evenly) for
  // `seconds`, then waits (at most 30 s) for every kiosk to have every other's.
  void Run(double per_kiosk, int seconds) {
    std::string err;
    std::vector<std::unique_ptr<EventDb>> dbs;
    for (int k = 0; k < n_; ++k) dbs.push_back(EventDb::Open(Path(k), &err));
    std::mt19937 rng(static_cast<unsigned>(n_ * 7919 + seconds));
    const double interval_s = 1.0 / (per_kiosk * n_);
    const long total = static_cast<long>(per_kiosk * n_ * seconds);
    start_ = Clock::now();
    for (long i = 0; i < total; ++i) {
      std::this_thread::sleep_until(start_ + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(i * interval_s)));
      const int k = static_cast<int>(i % n_);
      Encounter enc;
      const int a = static_cast<int>(rng() % kPeople);
      enc.a_id = Person(a).badge_id;
      enc.b_id = Person((a + 1 + static_cast<int>(rng() % (kPeople - 1))) % kPeople).badge_id;
      enc.kiosk_id = names_[k];
      enc.shared = {"jazz"};
      enc.id = NewUuid();
      {
        std::lock_guard<std::mutex> lock(mu_);
        saved_[enc.id] = Clock::now();
      }
      if (dbs[k]->SaveEncounter(&enc, -1, &err)) ++saves_;
      syncs_[k]->Nudge();
    }
    wrote_s_ = Seconds(Clock::now() - start_);
    const long expected = saves_ * (n_ - 1);
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (arrivals() < expected && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    done_s_ = Seconds(Clock::now() - start_);
  }

  long saves() const { return saves_; }
  long arrivals() {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<long>(arrivals_.size());
  }
  long expected() const { return saves_ * (n_ - 1); }
  double wrote_s() const { return wrote_s_; }
  double done_s() const { return done_s_; }
  // Latencies of the encounters saved in [from_s, to_s) of the run.
  std::vector<double> Latencies(double from_s = 0, double to_s = 1e18) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<double> out;
    for (const Arrival& a : arrivals_)
      if (a.saved_s >= from_s && a.saved_s < to_s) out.push_back(a.latency_ms);
    return out;
  }

 private:
  std::string Path(int k) const { return fmt::format("{}/k{}.db", dir_, k); }
  void OnPulled(const std::string& me, const EventDb::PulledRows& rows) {
    const auto now = Clock::now();
    std::lock_guard<std::mutex> lock(mu_);
    for (const EventDb::SyncRow& row : rows.encounter) {
      if (row[5] == me) continue;
      auto it = saved_.find(row[0]);
      if (it == saved_.end()) continue;
      arrivals_.push_back({Seconds(it->second - start_), std::chrono::duration<double, std::milli>(now - it->second).count()});
    }
  }

  const int n_;
  const std::string dir_;
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<HubSync>> syncs_;
  std::mutex mu_;
  std::map<std::string, Clock::time_point> saved_;
  std::vector<Arrival> arrivals_;
  Clock::time_point start_;
  std::atomic<long> saves_{0};
  double wrote_s_ = 0, done_s_ = 0;
};

void Idle(TheHub& hub, int seconds) {
  constexpr int kKiosks = 100;
  std::this_thread::sleep_for(std::chrono::seconds(2));
  HubUse a = MeasureHub(hub.pid_file);
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  HubUse b = MeasureHub(hub.pid_file);
  const double alone_cpu = 100 * (b.cpu_s - a.cpu_s) / seconds;
  const double alone_mb = b.pss_kb / 1024.0;
  Fleet fleet(hub, "idle", kKiosks);
  std::this_thread::sleep_for(std::chrono::seconds(6));  // past the first reports
  a = MeasureHub(hub.pid_file);
  const double bench_before = ThisProcessCpu();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  b = MeasureHub(hub.pid_file);
  const double cpu = 100 * (b.cpu_s - a.cpu_s) / seconds;
  const double kiosks_cpu = 100 * (ThisProcessCpu() - bench_before) / seconds;
  std::printf("idle: %d connected kiosks saving nothing, %d s: hub %.2f%% of its core, %.1f MB (PSS, %d processes); "
              "per kiosk %.3f%% of a core and %.2f MB; reference, the hub with no kiosk: %.2f%%, %.1f MB "
              "(the %d kiosks' side: %.1f%% of the other core)\n",
              kKiosks, seconds, cpu, b.pss_kb / 1024.0, b.processes, (cpu - alone_cpu) / kKiosks,
              (b.pss_kb / 1024.0 - alone_mb) / kKiosks, alone_cpu, alone_mb, kKiosks, kiosks_cpu);
  std::fflush(stdout);
}

void Scale(TheHub& hub, int seconds, const std::vector<int>& sizes) {
  for (int n : sizes) {
    Fleet fleet(hub, fmt::format("scale{}", n), n);
    const HubUse before = MeasureHub(hub.pid_file);
    const double bench_before = ThisProcessCpu();
    fleet.Run(1.0, seconds);
    const HubUse after = MeasureHub(hub.pid_file);
    const double core = (after.cpu_s - before.cpu_s) / fleet.done_s();
    const double rate = fleet.saves() / fleet.wrote_s();
    const std::vector<double> lat = fleet.Latencies();
    std::printf("scale: %3d kiosks, 1 save/s each for %d s (%ld saves, %.1f/s): saved at one kiosk -> applied at "
                "each other p50 %.0f ms, p99 %.0f ms, max %.0f ms (%ld of %ld arrivals%s); hub %.0f%% of its core, "
                "%.0f MB (PSS), so one hub core takes about %.0f saves/s at %d kiosks; the kiosks' side %.0f%% of the "
                "other core\n",
                n, seconds, fleet.saves(), rate, Percentile(lat, 0.5), Percentile(lat, 0.99),
                lat.empty() ? 0.0 : *std::max_element(lat.begin(), lat.end()), fleet.arrivals(), fleet.expected(),
                n == 100 ? "; goal p99 < 500 ms" : "", 100 * core, after.pss_kb / 1024.0,
                core > 0 ? rate / core : 0.0, n, 100 * (ThisProcessCpu() - bench_before) / fleet.done_s());
    std::fflush(stdout);
  }
}

void Flat(TheHub& hub, int minutes, int kiosks) {
  const int kKiosks = kiosks;
  Fleet fleet(hub, "flat", kKiosks);
  const HubUse before = MeasureHub(hub.pid_file);
  fleet.Run(1.0, minutes * 60);
  const HubUse after = MeasureHub(hub.pid_file);
  std::printf("flat: %d kiosks, 1 save/s each for %d min (%ld saves, %ld of %ld arrivals), hub %.0f%% of its core, "
              "%.0f MB (PSS) at the end; p99 per minute (ms):",
              kKiosks, minutes, fleet.saves(), fleet.arrivals(), fleet.expected(),
              100 * (after.cpu_s - before.cpu_s) / fleet.done_s(), after.pss_kb / 1024.0);
  double first = 0, last = 0;
  for (int m = 0; m < minutes; ++m) {
    const double p99 = Percentile(fleet.Latencies(m * 60.0, (m + 1) * 60.0), 0.99);
    std::printf(" %.0f", p99);
    if (m == 0) first = p99;
    last = p99;
  }
  std::printf("; the last minute %.2fx the first (goal: at most 1.2x)\n", first > 0 ? last / first : 0.0);
  std::fflush(stdout);
}

void CatchUp(TheHub& hub, int changes) {
  std::string err;
  const std::string dir = test::MakeTempDir();
  const std::vector<Attendee> roster = Roster();
  auto a = EventDb::Open(dir + "/a.db", &err);
  auto b = EventDb::Open(dir + "/b.db", &err);
  EventDb::UpsertCounts counts;
  a->UpsertAttendees(roster, &counts, &err);
  b->UpsertAttendees(roster, &counts, &err);
  const std::string url_a = hub.KioskUrl("catch-up-a", dir), url_b = hub.KioskUrl("catch-up-b", dir);
  // B has been in sync before it went away.
  {
    auto h = Hub::Connect(url_b, {}, &err);
    b->EnableHubOutbox(url_b, &err);
    h->Exchange(*b, nullptr, nullptr, &err);
  }
  a->EnableHubOutbox(url_a, &err);
  std::mt19937 rng(5);
  for (int i = 0; i < changes; ++i) {
    Encounter enc;
    const int x = static_cast<int>(rng() % kPeople);
    enc.a_id = Person(x).badge_id;
    enc.b_id = Person((x + 1 + static_cast<int>(rng() % (kPeople - 1))) % kPeople).badge_id;
    enc.kiosk_id = "catch-up-a";
    a->SaveEncounter(&enc, -1, &err);
  }
  // A sends all of them before B comes back.
  {
    auto h = Hub::Connect(url_a, {}, &err);
    if (!h || !h->Exchange(*a, nullptr, nullptr, &err)) std::fprintf(stderr, "hub-bench: %s\n", err.c_str());
  }
  int64_t target = 0, before_b = 0;
  a->CountEncounters(&target, &err);
  b->CountEncounters(&before_b, &err);
  // Back: B connects and takes what it missed, as its sync thread would.
  const auto t0 = Clock::now();
  {
    auto h = Hub::Connect(url_b, {}, &err);
    if (!h || !h->Exchange(*b, nullptr, nullptr, &err)) std::fprintf(stderr, "hub-bench: %s\n", err.c_str());
  }
  const double caught_s = Seconds(Clock::now() - t0);
  int64_t have = 0;
  b->CountEncounters(&have, &err);
  // The reference: kindred merge of A's database into a copy of B's from before.
  auto c = EventDb::Open(dir + "/c.db", &err);
  c->UpsertAttendees(roster, &counts, &err);
  a.reset();
  const auto t1 = Clock::now();
  EventDb::MergeCounts merged;
  c->MergeFrom(dir + "/a.db", &merged, &err);
  const double merge_s = Seconds(Clock::now() - t1);
  std::printf("catch-up: a kiosk back after %d changes elsewhere took them in %.2f s (%lld of %lld encounters; goal "
              "< 5 s); reference, kindred merge of a database holding them: %.2f s\n",
              changes, caught_s, static_cast<long long>(have), static_cast<long long>(target), merge_s);
  std::fflush(stdout);
  std::filesystem::remove_all(dir);
}

int Main(int argc, char** argv) {
  int seconds = 60, minutes = 10, catch_up = 100000;
  std::vector<int> sizes = {20, 50, 100};
  int flat_kiosks = 50;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--seconds" && has_value) {
      seconds = std::atoi(argv[++i]);
    } else if (arg == "--minutes" && has_value) {
      minutes = std::atoi(argv[++i]);
    } else if (arg == "--catch-up" && has_value) {
      catch_up = std::atoi(argv[++i]);
    } else if (arg == "--kiosks" && has_value) {
      sizes = {std::atoi(argv[++i])};
    } else if (arg == "--flat-kiosks" && has_value) {
      flat_kiosks = std::atoi(argv[++i]);
    } else if (arg == "--only" && has_value) {
      only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: hub-bench [--seconds S] [--minutes M] [--catch-up N] [--kiosks N] [--flat-kiosks N] [--only idle|scale|flat|catch-up]\n");
      return 2;
    }
  }
  TheHub hub;
  std::string err;
  if (!hub.Start(&err)) {
    std::fprintf(stderr, "hub-bench: %s\n", err.c_str());
    return 1;
  }
  std::printf("hub-bench: PostgreSQL with fsync on, TLS on 127.0.0.1, each kiosk its own role; %s; %u cores\n",
              hub.pinned ? "the hub pinned to CPU 0, the kiosks to CPU 1" : "not pinned (one core)",
              std::thread::hardware_concurrency());
  std::fflush(stdout);
  if (only.empty() || only == "idle") Idle(hub, seconds);
  if (only.empty() || only == "scale") Scale(hub, seconds, sizes);
  if (only.empty() || only == "flat") Flat(hub, minutes, flat_kiosks);
  if (only.empty() || only == "catch-up") CatchUp(hub, catch_up);
  return 0;
}

}  // namespace
}  // namespace kindred

int main(int argc, char** argv) { return kindred::Main(argc, argv); }
