// The kiosk's self-check: what breaks on real Raspberry Pis, each line
// pass / warn / fail with what to do. Run by `kindred-kiosk --self-check`
// (--json for install-pi.sh and for an organiser over SSH) and by "Check
// this kiosk" in organiser mode. Each check is a function of what it looked
// at, so each is tested without the hardware; the app gathers the facts.
// Each says what it found and what to do in `loc`'s language (English by
// default: the command line's); `check` and the result stay English names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "i18n/catalog.h"
#include "kiosk/orientation.h"
#include "storage/event_db.h"

namespace kindred {

struct CheckLine {
  enum Result { kPass, kWarn, kFail };
  std::string check;   // "renderer", "display", "touch", "camera", "scanner", "sound", "disk", "clock", "hub"
  Result result = kPass;
  std::string detail;  // what was found
  std::string fix;     // what to do ("" when nothing)
};

const char* ResultName(CheckLine::Result r);  // "pass", "warn", "fail"

// The GL renderer string: the Pi's V3D GPU passes; Mesa's llvmpipe or
// softpipe (software rendering, a whole CPU core) fails on a Pi, warns elsewhere.
CheckLine CheckRenderer(const std::string& gl_renderer, const std::string& video_driver, bool on_a_pi,
                        const std::locale& loc = i18n::English());

// The panel's size and how the interface is turned on it.
CheckLine CheckDisplay(int panel_w, int panel_h, const Orientation& o, const std::locale& loc = i18n::English());

// Touchscreens SDL found (SDL_GetNumTouchDevices), and, once the four
// corners were tapped, the fix they call for (`corners_found`).
CheckLine CheckTouch(int touch_devices, const Orientation& current, bool corners_tapped, bool corners_found,
                     const Orientation& fixed, const std::locale& loc = i18n::English());

// The camera over a few seconds: which one, frames per second, a focus
// score (FocusScore of the middle of the picture), and a badge's text if
// one was read.
struct CameraFacts {
  std::string kind;       // "USB webcam", "Pi camera module", "" for none
  std::string status;     // the camera's own status line while checking
  double fps = 0;
  double focus = 0;       // FocusScore; a sharp printed code scores well over 100
  std::string decoded;    // a code read during the check
  bool waited_for_badge = false;  // the interactive check asked for a badge
};
CheckLine CheckCamera(const CameraFacts& c, const std::locale& loc = i18n::English());

// USB barcode scanners among the input devices in `by_id_dir`
// (/dev/input/by-id): optional, so "none" passes.
CheckLine CheckBarcodeScanner(const std::string& by_id_dir, const std::locale& loc = i18n::English());

// Sound outputs SDL found (SDL_GetNumAudioDevices(0)).
CheckLine CheckSound(int output_devices, const std::locale& loc = i18n::English());

// Free space in `dir` and a durable write there (write, fsync, rename, read back).
CheckLine CheckDisk(const std::string& dir, const std::locale& loc = i18n::English());

// The clock: `now` before the event database's newest change means the Pi
// booted in the past (no clock battery, no network time yet); not
// synchronised warns. Times are UTC ISO 8601 ("" newest: an empty event).
CheckLine CheckClock(const std::string& now, const std::string& newest_change, bool synchronised,
                     const std::locale& loc = i18n::English());
// Whether systemd-timesyncd (or chrony) says the clock is synchronised,
// looking under `run_root` (/run).
bool ClockSynchronised(const std::string& run_root);

// The hub: none set passes (a kiosk alone); otherwise whether its URL
// verifies the server, whether it answered, and the changes waiting here.
struct HubFacts {
  std::string url;        // "" alone
  bool url_ok = false;    // CheckHubUrl accepted it (verified TLS, or a Unix socket)
  bool insecure = false;  // accepted only because of --insecure-hub
  bool reached = false;
  std::string problem;    // why it was not reached, or why the URL was refused
  int64_t waiting = 0;    // this kiosk's changes not yet on the hub
};
CheckLine CheckHubFacts(const HubFacts& h, const std::locale& loc = i18n::English());

// Connects to the hub as the kiosk would (with a short timeout) and fills
// the facts; `db` gives the changes waiting.
HubFacts LookAtHub(const std::string& url, bool allow_insecure, EventDb* db);

// True when no line failed.
bool AllPassed(const std::vector<CheckLine>& lines);
// {"ok": ..., "checks": [{"check", "result", "detail", "fix"}...]}
std::string ChecksJson(const std::vector<CheckLine>& lines);
// One line per check: "pass  disk: 12.3 GB free, durable write 4 ms".
std::string ChecksText(const std::vector<CheckLine>& lines);

}  // namespace kindred
