// Organiser mode's work: importing a roster, exporting, settings, forgetting
// someone who asks.
#include "event/page_token.h"
#include "event/people_search.h"
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

void Organiser::Refresh(EventDb& db, const Matcher& matcher) {
  std::string err;
  if (!ComputeDashboard(db, matcher, language, &view.stats, &err))
    view.status = Fill(Tr(i18n::Default().For(language), "Could not read the dashboard: {error}"), {{"error", err}});
  view.roster_files = FindRosterFiles(UsbRoots());
  view.export_targets = FindExportTargets(UsbRoots());
  std::string key;
  view.has_organiser_key = LoadOrganiserKey(db, &key, &err) == Lookup::kFound;
}

// Organiser actions need the app: the database, the files, the camera.
void KioskApp::HandleOrganiserTap(const UiTaps& tap) {
  using A = UiTaps::Action;
  OrganiserView& view = organiser_.view;
  if (tap.action != A::kNone && tap.action != A::kQuitKiosk) view.confirm_quit = false;
  if (tap.action == A::kOrganiserTab) {
    view.tab = static_cast<int>(tap.index);
    organiser_.Refresh(*event_.db, *event_.matcher);
    if (view.tab == 5) RunChecks();
  } else if (tap.action == A::kRunChecks) {
    RunChecks();
  } else if (tap.action == A::kStartCorners) {
    view.corner_step = 0;
    corner_touches_ = pointer_.touches();

  } else if (tap.action == A::kImportFile && tap.index < view.roster_files.size()) {
    ImportRoster(view.roster_files[tap.index]);
  } else if (tap.action == A::kExportTo && tap.index < view.export_targets.size() && !organiser_.job) {
    view.progress = 0;
    view.status.clear();
    std::string key, why;
    if (view.has_organiser_key && view.seal_exports && LoadOrganiserKey(*event_.db, &key, &why) != Lookup::kFound) {
      view.status = Fill(Tr(OrgLoc(), "Not exported: the organiser's key cannot be read ({error})"), {{"error", why}});
      view.progress = -1;
      return;
    }
    organiser_.job = std::make_unique<ExportJob>(
        db_path_, view.export_targets[tap.index] + "/kindred-export-" + UtcStampForFileName(),
        settings_.event_name.empty() ? "the event" : settings_.event_name, view.seal_exports ? key : "");
  } else if (tap.action == A::kSealToggle) {
    view.seal_exports = !view.seal_exports;
  } else if (tap.action == A::kForgetText) {
    view.forget_query = tap.text.substr(0, 60);
    view.forget_results.clear();
    std::vector<Attendee> found;
    std::string why;
    view.forget_searched = view.forget_query.size() >= 2;
    if (view.forget_searched && FindPeople(*event_.db, view.forget_query, 4, &found, &why))
      for (const Attendee& a : found) view.forget_results.push_back({a.badge_id, SearchLabel(a)});
  } else if (tap.action == A::kForgetPick && tap.index < view.forget_results.size()) {
    view.forget_pick = static_cast<int>(tap.index);
  } else if (tap.action == A::kForgetCancel) {
    view.forget_pick = -1;
    view.forget_query.clear();
    view.forget_results.clear();
  } else if (tap.action == A::kForgetConfirm && view.forget_pick >= 0 &&
             view.forget_pick < static_cast<int>(view.forget_results.size())) {
    const auto [id, name] = view.forget_results[view.forget_pick];
    ForgetHere(id, name);
  } else if (tap.action == A::kQuitKiosk) {
    if (view.confirm_quit) running_ = false;
    view.confirm_quit = true;
  } else if (tap.action == A::kCancelQuit) {
    view.confirm_quit = false;
  } else if (tap.action == A::kSettingEdit) {
    view.editing = static_cast<int>(tap.index);
  } else if (tap.action == A::kSettingDone) {
    const KioskSettings& k = view.settings;
    if (view.editing == 3 && !k.phone_url.empty() && !IsPhoneUrl(k.phone_url)) {
      view.status = Tr(OrgLoc(), "The address must look like http://192.168.1.20:8080");
      return;  // still typing
    }
    // The page's address, then the Wi-Fi shown before it, then its password.
    view.editing = view.editing == 3 && !k.phone_url.empty() ? 4 : view.editing == 4 && !k.wifi_ssid.empty() ? 5 : -1;
    view.status.clear();
    if (view.editing < 0) StartHub();  // a hub typed in organiser mode takes effect once done
  } else if (tap.action == A::kSettingText || tap.action == A::kSettingToggle || tap.action == A::kSettingStep) {
    KioskSettings& k = view.settings;
    const KioskSettings before = k;
    if (tap.action == A::kSettingText && view.editing == 0) k.event_name = tap.text.substr(0, 60);
    if (tap.action == A::kSettingText && view.editing == 1 && !tap.text.empty()) k.kiosk_id = tap.text.substr(0, 40);
    if (tap.action == A::kSettingText && view.editing == 2) k.hub = tap.text.substr(0, 300);
    if (tap.action == A::kSettingText && view.editing == 3) k.phone_url = tap.text.substr(0, 200);
    if (tap.action == A::kSettingText && view.editing == 4) k.wifi_ssid = tap.text.substr(0, 32);  // 32 bytes at most
    if (tap.action == A::kSettingText && view.editing == 5) k.wifi_password = tap.text.substr(0, 63);
    if (tap.action == A::kSettingStep)
      k.idle_timeout_s = std::clamp(k.idle_timeout_s + (tap.text == "-" ? -15 : 15), 15, 600);
    if (tap.action == A::kSettingToggle) {
      if (tap.index == 0) k.sounds = !k.sounds;
      else if (tap.index == 1) k.camera = !k.camera;
      else if (tap.index <= 5 && (k.formats ^ (1u << (tap.index - 2))) != 0) k.formats ^= 1u << (tap.index - 2);
      else if (tap.index == 6) k.walk_ins = !k.walk_ins;
    }
    std::string why;
    if (!SaveKioskSettings(*event_.db, k, &why)) view.status = Fill(Tr(OrgLoc(), "Settings not saved: {error}"), {{"error", why}});
    settings_ = k;
    ApplySettings();
    if ((k.camera != before.camera || k.formats != before.formats) && !StartCamera(&why)) view.status = Fill(Tr(OrgLoc(), "Camera: {error}"), {{"error", why}});
  }
}

void KioskApp::ImportRoster(const std::string& path) {
  Roster imported;
  EventDb::UpsertCounts counts;
  std::string why;
  std::string& status = organiser_.view.status;
  if (!ImportRosterFile(path, *event_.db, &imported, &counts, &why, nullptr, "", AddLatinSpelling)) {
    status = Fill(Tr(OrgLoc(), "Nothing imported: {error}"), {{"error", why}});
  } else if (!ReloadMatcher(AssetsDir(), &event_, &why)) {
    status = Fill(Tr(OrgLoc(), "Imported, but suggestions could not be rebuilt: {error}"), {{"error", why}});
  } else {
    status = Fill(Tr(OrgLoc(), "Imported {n} attendees ({new} new); {rejected} lines rejected"),
                  {{"n", std::to_string(counts.inserted + counts.updated)}, {"new", std::to_string(counts.inserted)},
                   {"rejected", std::to_string(imported.rejected.size())}});
    if (!imported.rejected.empty())
      status += Fill(Tr(OrgLoc(), ", the first on line {line}: {reason}"),
                     {{"line", std::to_string(imported.rejected[0].line)}, {"reason", imported.rejected[0].reason}});
  }
  organiser_.Refresh(*event_.db, *event_.matcher);
}

// The roster and the matcher again from the database (after someone was
// forgotten or the event shredded).
void KioskApp::ReloadPeople() {
  std::string why;
  if (!event_.db->LoadAttendees(&roster_, &why) || !ReloadMatcher(AssetsDir(), &event_, &why))
    Warn("people not reloaded: " + why);
  // An attendee's screen may show someone who is gone: back to the start.
  if (flow_->view().screen != Screen::kOrganiser && flow_->view().screen != Screen::kPin) flow_->OnDone(Now());
}

// Someone asked to be forgotten: gone from this kiosk at once (its matcher
// and roster too), and from the hub and the other kiosks as it syncs.
void KioskApp::ForgetHere(const std::string& badge_id, const std::string& name) {
  OrganiserView& view = organiser_.view;
  EventDb::ForgetCounts counts;
  std::string why;
  if (!event_.db->Forget(badge_id, &counts, &why)) {
    view.status = Fill(Tr(OrgLoc(), "Not forgotten: {error}"), {{"error", why}});
  } else {
    view.status = Fill(hub_ ? Tr(OrgLoc(), "Forgotten: {name} is gone from this kiosk, and from the hub and every kiosk as they sync.")
                            : Tr(OrgLoc(), "Forgotten: {name} is gone from this kiosk."),
                       {{"name", FirstName(name)}});
    ReloadPeople();
    if (hub_) hub_->Nudge();
  }
  view.forget_pick = -1;
  view.forget_query.clear();
  view.forget_results.clear();
  organiser_.Refresh(*event_.db, *event_.matcher);
}

}  // namespace kindred
