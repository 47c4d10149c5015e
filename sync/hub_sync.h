// The kiosk's sync thread: pushes this kiosk's changes to the hub and pulls
// everyone else's: at once when this kiosk saves, within 200 ms when the hub
// says something changed, every 5 s when nothing does; backing off when the
// hub cannot be reached. The kiosk never waits for it: saving stays a local
// SQLite write.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/event_db.h"
#include "sync/hub.h"

namespace kindred {

struct SyncState {
  bool online = false;
  std::string last_contact;  // UTC ISO 8601 of the last round that reached the hub; "" never
  int64_t waiting = 0;       // this kiosk's changes not yet on the hub
  int64_t set_aside = 0;     // changes the hub refused (kept here, with the reason)
  std::string problem;       // one line when the hub cannot be used ("" when fine)
  bool insecure = false;     // --insecure-hub: the hub's certificate is not verified
  std::vector<KioskState> kiosks;  // every kiosk the hub knows, as of the last contact
  int64_t forget_pending = 0;      // forget requests waiting for an organiser, event-wide
  std::string healed;              // the last time the hub was found replaced or restored (Hub::healed), "" never
};

class HubSync {
 public:
  // Syncs the event database at `db_path` (opened on the sync thread) with
  // the hub at `url`, as kiosk `kiosk_id`.
  HubSync(std::string db_path, std::string url, std::string kiosk_id);
  ~HubSync();  // stops the thread
  HubSync(const HubSync&) = delete;
  HubSync& operator=(const HubSync&) = delete;

  // Called on the sync thread after rows from other kiosks were applied to
  // the database. Set before Start().
  void set_on_pulled(std::function<void(const EventDb::PulledRows&)> fn) { on_pulled_ = std::move(fn); }
  // --insecure-hub: accept a network hub whose certificate is not verified
  // (the state says so). Set before Start().
  void set_allow_insecure(bool allow) { allow_insecure_ = allow; }
  // Called on the sync thread after the database was shredded because the
  // hub's event was. Set before Start().
  void set_on_shredded(std::function<void()> fn) { on_shredded_ = std::move(fn); }
  // Pretends the clock is `ms` off for the sync thread's database (tests).
  void set_clock_skew_ms(int64_t ms) { skew_ms_ = ms; }

  // Starts the thread. False (and *err) when the database cannot be opened
  // or CheckHubUrl refuses the URL; an unreachable hub is not an error.
  bool Start(std::string* err);
  void Stop();
  // A change was saved here: sync now.
  void Nudge();
  SyncState state() const;

 private:
  void Run();
  bool Round(Hub& hub, EventDb& db);
  void SetProblem(const std::string& problem);

  const std::string db_path_, url_, kiosk_id_;
  std::function<void(const EventDb::PulledRows&)> on_pulled_;
  std::function<void()> on_shredded_;
  int64_t skew_ms_ = 0;
  bool allow_insecure_ = false;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  int wake_fd_ = -1;
  mutable std::mutex mu_;
  SyncState state_;
};

}  // namespace kindred
