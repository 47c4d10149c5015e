// The kiosk and the hub: syncing starts and stops with the settings; other
// kiosks' changes reach the matcher and organiser mode.
#include "kiosk/kiosk_app.h"

#include <SDL.h>
#include <imgui.h>
#include <backends/imgui_impl_sdl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <future>
#include <mutex>
#include <set>

#include "kiosk/dashboard.h"
#include "kiosk/display.h"
#include "event/event_context.h"
#include "kiosk/flow.h"
#include "kiosk/input_feed.h"
#include "event/kiosk_settings.h"
#include "kiosk/organiser.h"
#include "event/organiser_pin.h"
#include "common/file.h"
#include "common/utc_time.h"
#include "event/paths.h"
#include "i18n/catalog.h"
#include "kiosk/pointer.h"
#include "kiosk/scan_worker.h"
#include "kiosk/self_check.h"
#include "kiosk/sounds.h"
#include "kiosk/ui.h"
#include "kiosk/waker.h"
#include "scanner/decoder.h"
#include "scanner/image_ops.h"
#include "scanner/image_replay.h"
#include "scanner/keyboard_wedge.h"
#include "scanner/rpicam_camera.h"
#include "scanner/v4l2_camera.h"
#include "storage/roster.h"
#include "storage/sealed_file.h"
#include "sync/hub_sync.h"

namespace kindred {

using i18n::Fill;
using i18n::Tr;

void KioskApp::StartHub() {
  if (settings_.hub == hub_url_ && (hub_ || hub_url_.empty())) return;
  hub_.reset();
  hub_url_ = settings_.hub;
  if (hub_url_.empty()) return;
  // The hub lets a kiosk write only under the name it signs in with.
  if (const std::string name = KioskNameFromHubUrl(hub_url_); !name.empty() && name != settings_.kiosk_id) {
    settings_.kiosk_id = name;
    organiser_.view.settings.kiosk_id = name;
    std::string err;
    if (!SaveKioskSettings(*event_.db, settings_, &err)) Warn(err);
    ApplySettings();
  }
  hub_ = std::make_unique<HubSync>(db_path_, hub_url_, settings_.kiosk_id);
  hub_->set_allow_insecure(o_.insecure_hub);
  hub_->set_on_shredded([this] {
    shredded_ = true;
    waker_.Wake();
  });
  hub_->set_on_pulled([this](const EventDb::PulledRows& rows) {
    {
      std::lock_guard<std::mutex> lock(pulled_mu_);
      pulled_.push_back(rows);
    }
    waker_.Wake();
  });
  std::string err;
  if (!hub_->Start(&err)) {
    // The kiosk keeps working alone; organisers see why.
    Warn("hub: " + err);
    organiser_.view.sync_lines = {Fill(Tr(OrgLoc(), "Hub: {value}"), {{"value", err}})};
    organiser_.view.sync_problem = true;
    hub_.reset();
  }
}

void KioskApp::TakeHubChanges() {
  if (!hub_) return;  // alone: nothing arrives, nothing to show
  std::vector<EventDb::PulledRows> batches;
  {
    std::lock_guard<std::mutex> lock(pulled_mu_);
    batches.swap(pulled_);
  }
  // Forgotten at another kiosk, or the event shredded: nobody of them stays on screen.
  bool reload = shredded_.exchange(false);
  for (const EventDb::PulledRows& rows : batches) reload = reload || !rows.forgotten.empty();
  if (reload) {
    ReloadPeople();
    batches.clear();
  }
  Matcher& m = *event_.matcher;
  const std::string today = StartOfTodayUtc();
  for (const EventDb::PulledRows& rows : batches) {
    for (const EventDb::SyncRow& row : rows.attendee) {
      const Attendee a = AttendeeFromRow(row);
      if (!m.Contains(a.badge_id)) {
        m.AddAttendee(a);
        roster_.push_back(a);
      } else {
        m.UpdatePassions(a.badge_id, a.passions);  // picked at another kiosk
      }
      if (!a.last_seen_at.empty()) m.MarkSeen(a.badge_id, a.last_seen_at);
      if (IsPresent(a, today)) m.MarkPresent(a.badge_id);
    }
    for (const EventDb::SyncRow& row : rows.encounter) m.AddEncounter(row[1], row[2]);  // met anywhere
    for (const EventDb::SyncRow& row : rows.suggestion_shown)
      if (row.size() > 4 && row[2] != settings_.kiosk_id) m.AddExposure(row[4]);
  }
  if (Now() < next_sync_state_ms_) return;
  next_sync_state_ms_ = Now() + 1000;
  const SyncState st = hub_->state();
  OrganiserView& view = organiser_.view;
  std::vector<std::string> lines;
  const std::locale& loc = OrgLoc();
  const std::string waiting = std::to_string(st.waiting);
  lines.push_back(st.online ? Fill(Tr(loc, "Hub: online, last contact {time} UTC, {n} changes waiting"),
                                   {{"time", st.last_contact.substr(11, 8)}, {"n", waiting}})
                            : Fill(Tr(loc, "Hub unreachable, working alone ({n} changes waiting): {problem}"),
                                   {{"n", waiting}, {"problem", st.problem}}));
  if (st.set_aside > 0)
    lines.back() += Fill(Tr(loc, "; {n} refused by the hub (kept here)"), {{"n", std::to_string(st.set_aside)}});
  if (!st.healed.empty())
    lines.push_back(Fill(Tr(loc, "The hub was replaced or restored ({when}); this kiosk offered it everything again"),
                         {{"when", st.healed.substr(0, 12)}}));
  if (st.forget_pending > 0)
    lines.push_back(Fill(i18n::TrN(loc, "{n} request to forget someone waits for an organiser (kindred forget --confirm-requests)",
                             "{n} requests to forget people wait for an organiser (kindred forget --confirm-requests)",
                             st.forget_pending),
                         {{"n", std::to_string(st.forget_pending)}}));
  if (st.insecure)
    lines.insert(lines.begin(), Tr(loc, "Hub NOT VERIFIED (--insecure-hub): a laptop on this network could pose as the hub"));
  for (const KioskState& k : st.kiosks)
    lines.push_back(k.seconds_ago <= 15
                        ? Fill(Tr(loc, "{kiosk}: online, {n} waiting"), {{"kiosk", k.kiosk_id}, {"n", std::to_string(k.waiting)}})
                        : Fill(Tr(loc, "{kiosk}: last contact {s} s ago, {n} waiting"),
                               {{"kiosk", k.kiosk_id}, {"s", std::to_string(k.seconds_ago)}, {"n", std::to_string(k.waiting)}}));
  const bool problem = !st.online || st.insecure;
  if (lines != view.sync_lines || view.sync_problem != problem) {
    view.sync_lines = std::move(lines);
    view.sync_problem = problem;
    if (flow_->view().screen == Screen::kOrganiser) Redraw();
  }
}

}  // namespace kindred
