// kindred-kiosk: the full-screen networking kiosk.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "event/page_token.h"
#include "kiosk/app.h"

namespace {

// Parses a kiosk command line into *out. Returns -1 to go on, else the exit
// code to return (0 after --help), the reason printed. `shots`: where
// --shots is kept (nullptr: not allowed, as within a list of shots).
int ParseCommandLine(int argc, const char* const* argv, kindred::KioskOptions* out, std::string* shots) {
  kindred::KioskOptions& o = *out;
  CLI::App app{"Kindred: scan your badge, meet people who share your passions."};
  app.add_option("--db", o.db_path, "Event database (default: <data dir>/event.db)");
  std::string size;
  app.add_option("--size", size, "Window size WxH instead of full screen, e.g. 800x480");
  app.add_option("--scan-image", o.scan_images, "Feed a badge image through the flow (repeatable)");
  app.add_option("--screenshot", o.screenshot, "Render the resulting screen to this PNG and exit");
  app.add_option("--then", o.then,
                 "Taps after the scans (repeatable): search, type:TEXT, pick:N, passion:N, confirm-passions, suggestion:N, "
                 "intent:N, edit-note, note:TEXT, close-note, save, done, pin, digit:D, pin-ok, tab:N, import:N, export:N, join, join-name:TEXT, join-next, join-yes, join-no, "
                 "join-email:TEXT, join-consent, join-finish");
  app.add_option("--layout", o.layout, "Write where each text landed, as JSON (with --screenshot once; else after every frame)");
  bool no_sounds = false;
  app.add_flag("--no-sounds", no_sounds, "Silence the success and failure tones");
  app.add_option("--camera", o.camera,
                 "V4L2 camera device, or 'rpicam' for a Raspberry Pi camera module (default: a USB webcam if one "
                 "is plugged in, else a Pi camera module, else the first V4L2 device)");
  app.add_option("--mains-hz", o.mains_hz, "Mains frequency, 50 or 60: the Pi camera avoids its flicker")
      ->check(CLI::IsMember({50, 60}))
      ->capture_default_str();
  std::string focus = "auto";
  app.add_option("--camera-focus", focus,
                 "Pi Camera Module 3: 'auto' (continuous, on the scan guide) or a fixed distance in cm, e.g. 30")
      ->capture_default_str();
  app.add_flag("--no-camera", o.no_camera, "Do not use a camera (keyboard-wedge scanners still work)");
  std::string camera_size;
  app.add_option("--camera-size", camera_size, "Resolution to ask of the camera, e.g. 640x480 (default 1280x960 for the Pi camera, 1280x720 for a webcam)");
  app.add_option("--replay", o.replay, "Image files or folders shown as a camera, 3 s each (demos)");
  app.add_option("--repeat-window", o.repeat_window_s, "Seconds in which the same badge again is ignored")
      ->capture_default_str();
  app.add_option("--formats", o.formats, "Code formats: qr,aztec,datamatrix,pdf417")->capture_default_str();
  app.add_option("--event-name", o.event_name, "Shown in the corner of every screen");
  app.add_option("--kiosk-id", o.kiosk_id, "This kiosk's name in saved encounters")->capture_default_str();
  app.add_flag("--walk-ins", o.walk_ins, "Let people not on the list (or without a badge) join at the kiosk");
  app.add_option("--language", o.language,
                 "The event's language: en, de, fr, es or ja (each attendee is served in their own where the "
                 "roster gives it)");
  app.add_option("--hub", o.hub,
                 "The event's PostgreSQL hub, as kindred hub add-kiosk printed it: "
                 "postgresql://kindred_kiosk_NAME@HOST/kindred?sslmode=verify-full... (the password from a libpq "
                 "password file; NAME becomes this kiosk's ID)");
  app.add_flag("--insecure-hub", o.insecure_hub,
               "Accept a hub whose certificate is not verified (organiser mode says so: anyone on the network could "
               "pose as the hub)");
  app.add_option("--phone-url", o.phone_url,
                 "Where phones reach kindred serve (http://HOST:PORT, an address phones can reach): the welcome shows "
                 "each person a code of their own page");
  app.add_option("--wifi", o.wifi_ssid, "The event's Wi-Fi network, shown to phones as a code before the page's");
  app.add_option("--wifi-password", o.wifi_password, "Its password (none: an open network)");
  std::string rotate = "0", touch_axes = "none";
  app.add_option("--rotate", rotate,
                 "Turn the interface clockwise on the panel: 0, 90, 180, 270 (a panel on its side or upside down; "
                 "touch turns with it)")
      ->capture_default_str();
  app.add_option("--touch-axes", touch_axes,
                 "Fix a touch panel whose axes do not match the picture: none, or swap-xy,invert-x,invert-y "
                 "(--self-check finds it)")
      ->capture_default_str();
  app.add_option("--input-events", o.input_events,
                 "Read touches from this FIFO, delivered as a Raspberry Pi's touchscreen delivers them (tests)");
  app.add_flag("--self-check", o.self_check,
               "Check this kiosk (renderer, display and touch, camera, scanner, sound, disk, clock, hub): each line "
               "pass / warn / fail with what to do; exit 0 only when nothing failed");
  app.add_flag("--json", o.self_check_json, "With --self-check: no person needed; print the checks as JSON");
  if (shots)
    app.add_option("--shots", *shots,
                   "Run many screenshot runs in this one process (tests, pictures of every screen): each line of "
                   "the file is one run's arguments as a JSON array of strings; given alone");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (shots && !shots->empty() && app.get_options([](const CLI::Option* opt) { return opt->count() > 0; }).size() > 1) {
    std::fprintf(stderr, "kindred-kiosk: --shots goes alone (each line gives its run's options)\n");
    return 1;
  }
  if (o.self_check_json && !o.self_check) {
    std::fprintf(stderr, "kindred-kiosk: --json goes with --self-check\n");
    return 1;
  }
  std::string why;
  if (focus != "auto") {
    const double cm = std::atof(focus.c_str());
    if (cm < 5 || cm > 500) {
      std::fprintf(stderr, "kindred-kiosk: --camera-focus must be 'auto' or a distance of 5 to 500 cm\n");
      return 1;
    }
    o.lens_dioptres = 100.0 / cm;
  }
  if (!kindred::ParseRotation(rotate, &o.orientation, &why) ||
      !kindred::ParseTouchAxes(touch_axes, &o.orientation, &why)) {
    std::fprintf(stderr, "kindred-kiosk: %s\n", why.c_str());
    return 1;
  }
  o.sounds = !no_sounds;
  for (const char* name : {"event-name", "kiosk-id", "no-sounds", "no-camera", "formats", "walk-ins", "hub", "phone-url", "wifi",
                           "wifi-password"})
    if (app.count(std::string("--") + name) > 0) o.given.insert(name);
  if (!o.phone_url.empty() && !kindred::IsPhoneUrl(o.phone_url)) {
    std::fprintf(stderr, "kindred-kiosk: --phone-url must look like http://10.0.0.5:8080 (http or https, no spaces)\n");
    return 1;
  }
  if (!size.empty() && std::sscanf(size.c_str(), "%dx%d", &o.width, &o.height) != 2) {
    std::fprintf(stderr, "kindred-kiosk: --size must look like 800x480\n");
    return 1;
  }
  if (!size.empty() && (o.width < 200 || o.height < 200 || o.width > 8192 || o.height > 8192)) {
    std::fprintf(stderr, "kindred-kiosk: --size must be between 200x200 and 8192x8192\n");
    return 1;
  }
  if (!camera_size.empty() && (std::sscanf(camera_size.c_str(), "%dx%d", &o.camera_width, &o.camera_height) != 2 ||
                               o.camera_width < 160 || o.camera_height < 120 || o.camera_width > 4096 ||
                               o.camera_height > 4096)) {
    std::fprintf(stderr, "kindred-kiosk: --camera-size must look like 1280x720\n");
    return 1;
  }
  if (o.repeat_window_s < 0 || o.repeat_window_s > 3600) {
    std::fprintf(stderr, "kindred-kiosk: --repeat-window must be 0 to 3600 seconds\n");
    return 1;
  }
  return -1;
}

// Reads --shots FILE: each non-empty line one run's arguments, a JSON array
// of strings. Returns -1 with *shots filled, else the exit code.
int ReadShots(const std::string& path, std::vector<kindred::KioskOptions>* shots) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "kindred-kiosk: cannot read %s\n", path.c_str());
    return 1;
  }
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    std::vector<std::string> args{"kindred-kiosk"};
    bool strings = j.is_array();
    for (const auto& a : strings ? j : nlohmann::json::array()) {
      strings = strings && a.is_string();
      if (strings) args.push_back(a.get<std::string>());
    }
    if (!strings) {
      std::fprintf(stderr, "kindred-kiosk: %s line %d is not a JSON array of arguments\n", path.c_str(), number);
      return 1;
    }
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    kindred::KioskOptions o;
    if (int code = ParseCommandLine(static_cast<int>(argv.size()), argv.data(), &o, nullptr); code >= 0) {
      std::fprintf(stderr, "kindred-kiosk: in %s line %d (above)\n", path.c_str(), number);
      return code == 0 ? 1 : code;
    }
    shots->push_back(std::move(o));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  kindred::KioskOptions o;
  std::string shots_file;
  if (int code = ParseCommandLine(argc, argv, &o, &shots_file); code >= 0) return code;
  if (shots_file.empty()) return kindred::RunKiosk(o);
  std::vector<kindred::KioskOptions> shots;
  if (int code = ReadShots(shots_file, &shots); code >= 0) return code;
  return kindred::RunKioskShots(shots);
}
