#include "sync/hub_sync.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "common/utc_time.h"

namespace kindred {

namespace {

// Rounds while online: at once when this kiosk saved something or the hub
// says something changed (LISTEN/NOTIFY; every change to a synced table
// notifies), but at most one per kMinGapMs, so a busy event costs the hub a
// few rounds a second per kiosk whatever the number of kiosks; and one every
// kIdleRoundMs when nothing happens (the connection and the shred date).
constexpr int kMinGapMs = 200;
constexpr int kIdleRoundMs = 5000;
constexpr int kReportEveryMs = 5000;  // reports to the hub (state, kiosks, requests)

}  // namespace

HubSync::HubSync(std::string db_path, std::string url, std::string kiosk_id)
    : db_path_(std::move(db_path)), url_(std::move(url)), kiosk_id_(std::move(kiosk_id)) {
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

HubSync::~HubSync() {
  Stop();
  if (wake_fd_ >= 0) close(wake_fd_);
}

bool HubSync::Start(std::string* err) {
  HubUrlCheck check;
  if (!CheckHubUrl(url_, allow_insecure_, &check, err)) return false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    state_.insecure = !check.verified;
  }
  {
    auto db = EventDb::Open(db_path_, err);
    if (!db || !db->EnableHubOutbox(url_, err)) return false;
  }
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
  return true;
}

void HubSync::Stop() {
  if (!thread_.joinable()) return;
  stop_ = true;
  Nudge();
  thread_.join();
}

void HubSync::Nudge() {
  const uint64_t one = 1;
  if (wake_fd_ >= 0) (void)!write(wake_fd_, &one, sizeof one);
}

SyncState HubSync::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

void HubSync::SetProblem(const std::string& problem) {
  std::lock_guard<std::mutex> lock(mu_);
  state_.online = false;
  state_.problem = problem;
}

bool HubSync::Round(Hub& hub, EventDb& db) {
  std::string err;
  if (!hub.Exchange(db, on_pulled_, [this] { return stop_.load(); }, &err)) {
    SetProblem(err);
    return false;
  }
  if (hub.shredded_here() && on_shredded_) on_shredded_();
  if (!hub.healed().empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    state_.healed = UtcNow().substr(11, 8) + " UTC: " + hub.healed();
  }
  int64_t waiting = 0, set_aside = 0;
  db.CountOutbox(&waiting, &err);
  db.CountSetAside(&set_aside, &err);
  std::lock_guard<std::mutex> lock(mu_);
  state_.online = true;
  state_.problem.clear();
  state_.last_contact = UtcNow();
  state_.waiting = waiting;
  state_.set_aside = set_aside;
  return true;
}

void HubSync::Run() {
  std::string err;
  auto db = EventDb::Open(db_path_, &err);
  if (!db) {
    SetProblem(err);
    return;
  }
  db->set_clock_skew_ms(skew_ms_);
  std::unique_ptr<Hub> hub;
  int backoff_ms = 500;
  // The first report at a random moment of the first interval, so that
  // kiosks started together do not report together ever after.
  std::mt19937 rng(std::random_device{}());
  auto next_report = std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(std::uniform_int_distribution<int>(0, kReportEveryMs)(rng));
  while (!stop_) {
    if (!hub || !hub->ok()) {
      hub = Hub::Connect(url_, {.check_schema = true, .allow_insecure = allow_insecure_}, &err);
      if (!hub) {
        SetProblem(err);
        int64_t waiting = 0;
        db->CountOutbox(&waiting, &err);
        {
          std::lock_guard<std::mutex> lock(mu_);
          state_.waiting = waiting;
        }
        // Wait, then try again: 0.5 s, 1 s, 2 s ... at most 15 s.
        for (int waited = 0; waited < backoff_ms && !stop_; waited += 100)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        backoff_ms = std::min(backoff_ms * 2, 15000);
        continue;
      }
      backoff_ms = 500;
    }
    if (!Round(*hub, *db)) {
      hub.reset();
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_report) {
      next_report = now + std::chrono::milliseconds(kReportEveryMs);
      const SyncState s = state();
      std::vector<KioskState> kiosks;
      // Signed in as a kiosk, the hub's name for it is the one it may report under.
      const std::string me = hub->kiosk_name().empty() ? kiosk_id_ : hub->kiosk_name();
      std::string when;
      const bool shredded = db->GetSetting("shredded_at", &when, &err) == Lookup::kFound;
      int64_t pending = 0;
      if (hub->Report(me, s.waiting, s.set_aside, shredded, &err) && hub->Kiosks(&kiosks, &err) &&
          hub->CountPendingForgetRequests(&pending, &err)) {
        std::lock_guard<std::mutex> lock(mu_);
        state_.kiosks = std::move(kiosks);
        state_.forget_pending = pending;
      }
    }
    // Wait for news. What this kiosk saved goes at once; another's change
    // waits for the rest of the gap, so that more gather into one round.
    const bool woken = hub->WaitForChange(wake_fd_, kIdleRoundMs);
    uint64_t drained;
    bool saved_here = false;
    while (read(wake_fd_, &drained, sizeof drained) > 0) saved_here = true;
    const auto gap_ends = now + std::chrono::milliseconds(kMinGapMs);
    if (woken && !saved_here && std::chrono::steady_clock::now() < gap_ends) {
      // Not told of every other save meanwhile; listening again before the
      // round's pull misses nothing.
      const bool unlistened = hub->Listen(false, &err);
      while (!saved_here && !stop_ && std::chrono::steady_clock::now() < gap_ends) {
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
            gap_ends - std::chrono::steady_clock::now(), std::chrono::milliseconds(50)));
        while (read(wake_fd_, &drained, sizeof drained) > 0) saved_here = true;
      }
      if (unlistened && !hub->Listen(true, &err)) hub.reset();  // reconnects (and listens) next time round
    }
  }
}

}  // namespace kindred
