// The self-check (kindred-kiosk --self-check): every line from what this
// kiosk sees, the hub looked at on a thread, the four corners.
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

namespace {

bool OnAPi() {
  FILE* f = std::fopen("/proc/device-tree/model", "r");
  if (!f) return false;
  char model[128] = {};
  const bool pi = std::fgets(model, sizeof model, f) && std::strstr(model, "Raspberry Pi");
  std::fclose(f);
  return pi;
}

int SoundOutputs() {
  if (SDL_WasInit(SDL_INIT_AUDIO) == 0 && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return 0;
  return std::max(0, SDL_GetNumAudioDevices(0));
}

}  // namespace

std::vector<CheckLine> KioskApp::LocalChecks(const CameraFacts& camera, const std::locale& loc) {
  std::vector<CheckLine> lines;
  if (display_error_.empty()) {
    lines.push_back(CheckRenderer(display_.renderer, SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "",
                                  OnAPi(), loc));
    lines.push_back(CheckDisplay(display_.width, display_.height, orientation_, loc));
    lines.push_back(
        CheckTouch(SDL_GetNumTouchDevices(), orientation_, corners_done_, corners_found_, corners_fix_, loc));
  } else {
    lines.push_back({"display", CheckLine::kFail, display_error_,
                     i18n::Tr(loc, "If the kiosk is running, it holds the display: sudo systemctl stop kindred-kiosk, "
                                   "then check again")});
  }
  lines.push_back(CheckCamera(camera, loc));
  lines.push_back(CheckBarcodeScanner("/dev/input/by-id", loc));
  lines.push_back(CheckSound(SoundOutputs(), loc));
  lines.push_back(CheckDisk(std::filesystem::absolute(db_path_).parent_path().string(), loc));
  std::string newest, why;
  if (event_.db->NewestChange(&newest, &why) != Lookup::kFound) newest.clear();
  lines.push_back(CheckClock(UtcNow(), newest, ClockSynchronised("/run"), loc));
  return lines;
}

void KioskApp::RunChecks() {
  OrganiserView& view = organiser_.view;
  check_lines_ = LocalChecks(CameraNow(), OrgLoc());
  view.checks = check_lines_;
  view.checking = true;
  // The hub may take seconds to answer (or not): on a thread of its own,
  // with its own connection to the event database.
  hub_check_ = std::async(std::launch::async, [url = settings_.hub, insecure = o_.insecure_hub, path = db_path_] {
    std::string why;
    std::unique_ptr<EventDb> db = EventDb::Open(path, &why);
    return LookAtHub(url, insecure, db.get());
  });
  Redraw();
}

void KioskApp::TakeCheckResults() {
  OrganiserView& view = organiser_.view;
  if (view.checking && hub_check_.valid() &&
      hub_check_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    check_lines_.push_back(CheckHubFacts(hub_check_.get(), OrgLoc()));
    view.checks = check_lines_;
    view.checking = false;
    Redraw();
  }
  if (flow_->view().screen != Screen::kOrganiser || view.tab != 5) return;
  // The camera, live: refreshed twice a second.
  static const int64_t kEveryMs = 500;
  if (Now() < next_camera_live_ms_) return;
  next_camera_live_ms_ = Now() + kEveryMs;
  const CameraFacts c = CameraNow();
  const std::locale& loc = OrgLoc();
  char fps[32], focus[32];
  std::snprintf(fps, sizeof fps, "%.1f", c.fps);
  std::snprintf(focus, sizeof focus, "%.0f", c.focus);
  std::vector<std::string> parts{c.kind.empty() ? i18n::Tr(loc, "no camera")
                                                : i18n::Fill(i18n::Tr(loc, "{fps} frames/s, focus {focus}"),
                                                             {{"fps", fps}, {"focus", focus}})};
  if (!c.status.empty()) parts.push_back(c.status);
  parts.push_back(c.decoded.empty() ? i18n::Tr(loc, "no badge read yet")
                                    : i18n::Fill(i18n::Tr(loc, "read {text}"), {{"text", c.decoded}}));
  std::string text;
  for (const std::string& p : parts) text += (text.empty() ? "" : " - ") + p;
  if (text != view.camera_live) {
    view.camera_live = text;
    // The camera line follows what it sees now.
    for (CheckLine& l : check_lines_)
      if (l.check == "camera") l = CheckCamera(c, loc);
    view.checks = check_lines_;
    Redraw();
  }
}

void KioskApp::TakeCornerTouch() {
  OrganiserView& view = organiser_.view;
  if (view.corner_step < 0 || pointer_.touches() == corner_touches_) return;
  corner_touches_ = pointer_.touches();
  corner_raw_[view.corner_step] = pointer_.last_touch_raw();
  if (++view.corner_step < 4) {
    Redraw();
    return;
  }
  view.corner_step = -1;
  Orientation rotation_only = orientation_;
  rotation_only.swap_xy = rotation_only.invert_x = rotation_only.invert_y = false;
  corners_done_ = true;
  corners_found_ = TouchFixFromCorners(rotation_only, corner_raw_, &corners_fix_);
  // The taps prove the fix: used at once (a volunteer with a mirrored panel
  // could not tap a button offering it); the check says how to keep it.
  if (corners_found_ && TouchAxesName(corners_fix_) != TouchAxesName(orientation_)) {
    const Orientation before = orientation_;
    orientation_ = corners_fix_;
    pointer_.Configure(display_.width, display_.height, orientation_, 12 * frame_.scale);
    corners_fix_ = orientation_;
    view.touch_fix = TouchAxesName(orientation_);
    RunChecks();
    // The touch line compares with what was in force when the corners were tapped.
    for (CheckLine& l : check_lines_)
      if (l.check == "touch") l = CheckTouch(SDL_GetNumTouchDevices(), before, true, true, orientation_, OrgLoc());
    view.checks = check_lines_;
    return;
  }
  RunChecks();
}

int KioskApp::SelfCheckJson() {
  std::string why;
  if (!display_error_.empty() && !StartCamera(&why)) Warn(why);
  // A few seconds of camera: its frame rate, focus and any badge held up.
  const int64_t until = static_cast<int64_t>(SDL_GetTicks64()) + 3000;
  while (camera_ && static_cast<int64_t>(SDL_GetTicks64()) < until) {
    if (camera_->TakeLatest(&camera_frame_, &camera_seq_)) NoteCameraFrame();
    if (worker_)
      for (const auto& codes : worker_->TakeResults())
        if (!codes.empty()) check_decoded_ = codes[0].text;
    SDL_Delay(10);
  }
  std::vector<CheckLine> lines = LocalChecks(CameraNow(), i18n::English());
  lines.push_back(CheckHubFacts(LookAtHub(settings_.hub, o_.insecure_hub, event_.db.get())));
  std::fputs(ChecksJson(lines).c_str(), stdout);
  return AllPassed(lines) ? 0 : 3;
}

}  // namespace kindred
