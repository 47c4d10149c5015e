// kindred-kiosk: the SDL2 + OpenGL + Dear ImGui application around KioskFlow.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "kiosk/orientation.h"

namespace kindred {

struct KioskOptions {
  std::string db_path;                   // empty: <data dir>/event.db
  int width = 0;                         // 0: full screen at the display's size
  int height = 0;
  std::vector<std::string> scan_images;  // fed through the flow at start
  std::string screenshot;                // write the resulting screen here and exit
  std::vector<std::string> then;         // taps to apply after the scans ("intent:1", "save"...)
  std::string layout;                    // where each text landed, as JSON: with --screenshot once,
                                         // otherwise rewritten after every frame drawn (tests)
  bool sounds = true;
  std::string camera;                    // V4L2 device, or "rpicam" (the Pi's camera module
                                         // through rpicam-vid); empty: a USB webcam if there is
                                         // one, else a Pi camera module, else the first V4L2 device
  int mains_hz = 50;                     // rpicam: the mains frequency whose flicker to avoid
  double lens_dioptres = -1;             // rpicam: < 0 autofocus on the scan guide, else fixed
  int camera_width = 0;                  // the resolution asked of the camera; 0: its own default
  int camera_height = 0;                 // (1280x960 for the Pi's camera, 1280x720 for a webcam)
  std::vector<std::string> replay;       // image files or folders instead of a camera
  bool no_camera = false;
  int repeat_window_s = 5;               // the same badge again within this is ignored
  std::string formats = "qr";            // code formats to decode
  std::string event_name;
  std::string kiosk_id = "kiosk-1";
  bool walk_ins = false;                 // people not on the list may join here
  std::string language;                  // the event's language (--language); "" keeps the stored one
  std::string hub;                       // postgresql://... shared with the event's other kiosks
  bool insecure_hub = false;             // accept a hub whose certificate is not verified
  std::string phone_url;                 // `kindred serve` for phones: the welcome shows each person's page
  std::string wifi_ssid;                 // the event's Wi-Fi, shown to phones before the page
  std::string wifi_password;
  Orientation orientation;               // the interface turned on the panel; touch axes fixed
  std::string input_events;              // a FIFO of touches as a Pi's panel gives them (tests)
  bool self_check = false;               // open on "Check this kiosk" (no PIN: a shell is needed to ask)
  bool self_check_json = false;          // check without a person: print JSON, exit 0 only when nothing failed
  std::set<std::string> given;           // options given on the command line ("event-name"...):
                                         // they win over settings saved in organiser mode
};

// Runs the kiosk until it is closed or receives SIGTERM/SIGINT. Returns the
// process exit code: 0 on a clean stop (or a written screenshot), 1 when the
// event database cannot be used, 2 when there is no display or OpenGL.
// With self_check: the checks' lines on stdout (JSON with self_check_json),
// and 0 only when none failed (3 when one did).
// Problems print one line on stderr.
int RunKiosk(const KioskOptions& options);

// Runs each of `shots` (each with a screenshot, no self-check) as RunKiosk
// would, in order, in this one process: one window and font atlas for all
// (opened anew when the size changes), a fresh event, flow and Dear ImGui
// context for each, so each picture and layout is what running it alone
// gives. Stops at the first that fails, with its exit code, after one more
// line naming it. For the tests and pictures of many screens.
int RunKioskShots(const std::vector<KioskOptions>& shots);

}  // namespace kindred
