// The kiosk application: the event, the flow, the window, the camera, the
// hub and the organiser's screen, wired together. RunKiosk's loop
// (kiosk/app.cc) calls its steps in order; the steps live beside the part
// of the kiosk they serve:
//   app.cc            start-up, the loop's steps, drawing and taps
//   taps.cc           scripted taps (--then) and what a tap does to the flow
//   app_camera.cc     badge images, the camera and its scan worker
//   app_hub.cc        syncing with the hub, other kiosks' changes
//   app_organiser.cc  organiser mode: import, export, settings, privacy
//   app_check.cc      the self-check
// Internal to kiosk/.
#pragma once

#include <SDL.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "event/event_context.h"
#include "event/kiosk_settings.h"
#include "kiosk/app.h"
#include "kiosk/display.h"
#include "kiosk/flow.h"
#include "kiosk/input_feed.h"
#include "kiosk/organiser.h"
#include "kiosk/pointer.h"
#include "kiosk/scan_worker.h"
#include "kiosk/self_check.h"
#include "kiosk/sounds.h"
#include "kiosk/ui.h"
#include "kiosk/waker.h"
#include "scanner/frame_source.h"
#include "scanner/keyboard_wedge.h"
#include "sync/hub_sync.h"

namespace kindred {

// Organiser mode's own work: tabs, imports from USB, exports to USB.
struct Organiser {
  OrganiserView view;
  std::unique_ptr<ExportJob> job;
  std::string language = "en";  // the event's: what organiser mode speaks

  // Reads the dashboard, the USB sticks and whether the event has the
  // organiser's key again.
  void Refresh(EventDb& db, const Matcher& matcher);
};

// The kiosk application: the event, the flow, the window, the camera, and the
// organiser's screen, wired together. RunKiosk's loop calls its steps in order.
class KioskApp {
 public:
  // Draws on `display`, which outlives it (opened by Start; a screenshot
  // list runs one KioskApp after another on one display).
  KioskApp(const KioskOptions& o, Display& display)
      : o_(o), screenshot_mode_(!o.screenshot.empty()), display_(display) {}
  ~KioskApp() {
    worker_.reset();
    camera_.reset();
  }

  // Opens the event and the display, applies --scan-image and --then, starts
  // the camera. Returns 0, or the exit code (1: event, 2: display) after
  // printing one line.
  int Start();
  bool running() const { return running_; }
  // --self-check --json: measures the camera for a few seconds, prints the
  // checks as JSON; returns the exit code (0 when nothing failed, else 3).
  int SelfCheckJson();
  // --self-check: the exit code once the organiser screen is closed.
  int exit_code() const { return exit_code_; }
  void FinishSelfCheck();  // after the loop: --self-check's lines and exit code

  void WaitForWork();  // sleeps while idle: until input is due, a scan or a timer
  void PumpInput();    // SDL events: touch, mouse, keyboard-wedge scanners, quit
  void FeedScans();    // codes the camera worker decoded; the preview picture
  void TickFlow();     // timers, sounds, organiser jobs
  bool NeedsFrame() const { return frames_to_draw_ > 0; }
  bool Draw();         // one ImGui frame of the current view; applies its taps
  void Present();

 private:
  const std::locale& Loc() const;     // what the attendee on screen reads
  const std::locale& OrgLoc() const;  // organiser mode: the event's language
  // One line on stderr; Fail also gives the exit code to return.
  static void Warn(const std::string& what) { std::fprintf(stderr, "kindred-kiosk: %s\n", what.c_str()); }
  static int Fail(int code, const std::string& why) {
    Warn(why);
    return code;
  }
  // Asks for frames: two, so ImGui settles its layout after a change.
  void Redraw(int frames = 2) { frames_to_draw_ = std::max(frames_to_draw_, frames); }
  int64_t Now() const { return screenshot_mode_ ? now_ : static_cast<int64_t>(SDL_GetTicks64()); }
  bool LoadSettings(std::string* err);
  void ApplySettings();
  bool StartCamera(std::string* err);
  void HandleEvent(const SDL_Event& ev);
  void HandleTap(const UiTaps& tap);
  void HandleOrganiserTap(const UiTaps& tap);
  void ImportRoster(const std::string& path);
  void ForgetHere(const std::string& badge_id, const std::string& name);
  void ReloadPeople();
  void FeedImages();
  void StartHub();       // (re)starts syncing with settings_.hub; stops when it is ""
  // The self-check: every line from what this kiosk sees, the hub looked at
  // on a thread (RunChecks), the camera's frame rate and focus kept live.
  std::vector<CheckLine> LocalChecks(const CameraFacts& camera, const std::locale& loc);
  CameraFacts CameraNow() const;
  void RunChecks();
  void TakeCheckResults();
  void NoteCameraFrame();
  void TakeCornerTouch();
  void TakeHubChanges(); // other kiosks' changes into the matcher; the sync state for organisers

  const KioskOptions& o_;
  const bool screenshot_mode_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::string db_path_;
  EventContext event_;
  std::vector<Attendee> roster_;
  KioskSettings settings_;
  std::unique_ptr<KioskFlow> flow_;
  Display& display_;
  UiFonts fonts_;
  UiFrame frame_;
  Organiser organiser_;
  Screen shown_ = Screen::kAttract;
  Sounds sounds_;
  bool sounds_open_ = false;
  uint64_t feedback_played_ = 0;
  std::unique_ptr<FrameSource> camera_;
  std::unique_ptr<ScanWorker> worker_;
  Waker waker_;
  LumaImage camera_frame_;
  uint64_t camera_seq_ = 0;
  int64_t outlines_until_ = 0;
  ScanHintTimer hint_timer_;  // when the preview says what to change about a badge that does not read
  KeyboardWedge wedge_;
  Pointer pointer_;
  InputFeed input_feed_;
  bool note_keyboard_ = false;
  int pin_check_frames_ = -1;  // OK on the PIN pad: frames drawn since (the check runs once one showed it)
  std::vector<LaidOut> layout_;
  int64_t now_ = 0;  // screenshot mode's clock: advances by script, not by time
  int frames_to_draw_ = 2;
  std::string extra_glyphs_;            // characters added to the atlas since it was first built
  std::set<std::string> glyphs_tried_;  // what was asked for: a character no font has is asked once
  bool first_frame_ = true;
  bool running_ = true;
  std::unique_ptr<HubSync> hub_;
  std::string hub_url_;  // what hub_ syncs with
  std::string display_error_;  // --self-check --json without a display: why
  std::mutex pulled_mu_;
  std::vector<EventDb::PulledRows> pulled_;  // from the sync thread, for the UI thread
  std::atomic<bool> shredded_{false};         // the hub's event was shredded: reload
  int64_t next_sync_state_ms_ = 0;
  int64_t next_camera_live_ms_ = 0;
  // Self-check.
  Orientation orientation_;                  // as given, or as the four corners fixed it
  std::string camera_kind_;                  // "USB webcam", "Pi camera module"...
  std::vector<int64_t> frame_times_;         // the camera's last frames (ms), for its frame rate
  double focus_ = 0;                         // FocusScore of the newest frame, while checking
  std::string check_decoded_;                // a code read while checking
  bool corners_done_ = false, corners_found_ = false;
  Orientation corners_fix_;
  uint64_t corner_touches_ = 0;
  PointF corner_raw_[4];
  std::future<HubFacts> hub_check_;
  std::vector<CheckLine> check_lines_;       // the local lines, the hub's appended when it answers
  int exit_code_ = 0;
};

// A scripted tap, "name" or "name:argument", as --then gives it (taps.cc).
bool ParseTap(const std::string& spec, UiTaps* t);
// Applies one tap to the flow; the note keyboard is the UI's own state.
void ApplyTap(const UiTaps& t, KioskFlow* flow, bool* note_keyboard, int64_t now);
// Feeds a decoded image through the flow as a badge scan (app_camera.cc).
void FeedCodes(const std::vector<DecodedCode>& codes, KioskFlow* flow, int64_t now_ms);
// The words for a scan hint in `loc` ("" for kNone).
std::string ScanHintText(ScanHint hint, const std::locale& loc);

}  // namespace kindred
