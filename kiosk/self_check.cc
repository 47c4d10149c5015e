#include "kiosk/self_check.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/file.h"
#include "common/utc_time.h"
#include "storage/attendee.h"

namespace kindred {

using i18n::Fill;
using i18n::Tr;
using i18n::TrN;

namespace {

CheckLine Line(const char* check, CheckLine::Result r, std::string detail, std::string fix = "") {
  return {check, r, std::move(detail), std::move(fix)};
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string OneDecimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

const char* ResultName(CheckLine::Result r) {
  switch (r) {
    case CheckLine::kPass: return "pass";
    case CheckLine::kWarn: return "warn";
    case CheckLine::kFail: return "fail";
  }
  return "?";
}

CheckLine CheckRenderer(const std::string& gl_renderer, const std::string& video_driver, bool on_a_pi,
                        const std::locale& loc) {
  const std::string r = Lower(gl_renderer);
  const std::string what = gl_renderer + " (" + video_driver + ")";
  if (r.empty())
    return Line("renderer", CheckLine::kFail, Tr(loc, "no OpenGL renderer"),
                Tr(loc, "Check the display cable and /boot/firmware/config.txt (dtoverlay=vc4-kms-v3d)"));
  if (r.find("llvmpipe") != std::string::npos || r.find("softpipe") != std::string::npos ||
      r.find("swrast") != std::string::npos) {
    return Line("renderer", on_a_pi ? CheckLine::kFail : CheckLine::kWarn,
                Fill(Tr(loc, "{renderer}: software rendering, which takes a whole CPU core"), {{"renderer", what}}),
                Tr(loc, "On a Pi: enable the GPU (dtoverlay=vc4-kms-v3d in /boot/firmware/config.txt), reboot"));
  }
  return Line("renderer", CheckLine::kPass, what);
}

CheckLine CheckDisplay(int panel_w, int panel_h, const Orientation& o, const std::locale& loc) {
  int w, h;
  InterfaceSize(o, panel_w, panel_h, &w, &h);
  const std::string panel = std::to_string(panel_w) + "x" + std::to_string(panel_h);
  const std::string degrees = std::to_string(o.degrees), size = std::to_string(w) + "x" + std::to_string(h);
  const std::string detail =
      Fill(w >= h ? Tr(loc, "{panel}, turned {degrees} degrees: the interface is {size} (landscape)")
                  : Tr(loc, "{panel}, turned {degrees} degrees: the interface is {size} (portrait)"),
           {{"panel", panel}, {"degrees", degrees}, {"size", size}});
  if (w < 480 || h < 320)
    return Line("display", CheckLine::kFail, Fill(Tr(loc, "{what}, too small to use"), {{"what", detail}}),
                Tr(loc, "Use a panel of at least 800x480 (the Raspberry Pi 7\" Touch Display)"));
  return Line("display", CheckLine::kPass, detail);
}

CheckLine CheckTouch(int touch_devices, const Orientation& current, bool corners_tapped, bool corners_found,
                     const Orientation& fixed, const std::locale& loc) {
  if (corners_tapped && !corners_found)
    return Line("touch", CheckLine::kWarn, Tr(loc, "the four taps did not land near the four corners"),
                Tr(loc, "Tap the four corners again, each on its target"));
  if (corners_tapped && TouchAxesName(fixed) != TouchAxesName(current))
    return Line("touch", CheckLine::kWarn,
                Fill(fixed.swap_xy ? Tr(loc, "taps landed on the wrong axis; fixed until the kiosk restarts (touch axes: {axes})")
                                   : Tr(loc, "taps landed mirrored; fixed until the kiosk restarts (touch axes: {axes})"),
                     {{"axes", TouchAxesName(fixed)}}),
                Fill(Tr(loc, "Set KINDRED_TOUCH_AXES={axes} in /etc/default/kindred, then: sudo systemctl restart "
                             "kindred-kiosk"),
                     {{"axes", TouchAxesName(fixed)}}));
  if (corners_tapped) return Line("touch", CheckLine::kPass, Tr(loc, "the four corners land where they are drawn"));
  if (touch_devices == 0)
    return Line("touch", CheckLine::kWarn, Tr(loc, "no touchscreen found (a mouse still works)"),
                Tr(loc, "Check the panel's ribbon cable (and on a Touch Display 2 its power), then reboot"));
  return Line("touch", CheckLine::kPass,
              Fill(TrN(loc, "{n} touchscreen (tap the four corners in \"Check this kiosk\" to test its axes)",
                       "{n} touchscreens (tap the four corners in \"Check this kiosk\" to test their axes)",
                       touch_devices),
                   {{"n", std::to_string(touch_devices)}}));
}

CheckLine CheckCamera(const CameraFacts& c, const std::locale& loc) {
  if (c.kind.empty())
    return Line("camera", CheckLine::kWarn, Tr(loc, "no camera: badges can only be found by name (or a USB scanner)"),
                Tr(loc, "Plug in a USB webcam, or connect a Camera Module 3 and install rpicam-apps-lite"));
  const std::string kind = c.kind == "USB webcam" ? Tr(loc, "USB webcam")
                           : c.kind == "Pi camera module" ? Tr(loc, "Pi camera module")
                                                          : c.kind;
  const std::string detail = Fill(Tr(loc, "{camera}: {fps} frames/s, focus {focus}"),
                                  {{"camera", kind}, {"fps", OneDecimal(c.fps)}, {"focus", OneDecimal(c.focus)}});
  if (c.fps < 1)
    return Line("camera", CheckLine::kFail,
                c.status.empty() ? Fill(Tr(loc, "{camera}: no picture"), {{"camera", kind}})
                                 : Fill(Tr(loc, "{camera}: no picture ({status})"), {{"camera", kind}, {"status", c.status}}),
                Tr(loc, "Check the camera's cable (the ribbon's contacts face the board's contacts), then reboot"));
  if (!c.decoded.empty())
    return Line("camera", CheckLine::kPass, Fill(Tr(loc, "{what}, read a badge: {text}"), {{"what", detail}, {"text", c.decoded}}));
  if (c.fps < 5)
    return Line("camera", CheckLine::kWarn, Fill(Tr(loc, "{what}: too few pictures for a quick scan"), {{"what", detail}}),
                Tr(loc, "Use --camera-size 640x480, and check the kiosk is not rendering in software"));
  if (c.waited_for_badge)
    return Line("camera", CheckLine::kWarn, Fill(Tr(loc, "{what}, no badge read yet"), {{"what", detail}}),
                Tr(loc, "Hold a badge 30 cm from the camera, inside the guide; with a fixed-focus camera, refocus it"));
  return Line("camera", CheckLine::kPass,
              Fill(Tr(loc, "{what} (hold a badge up in \"Check this kiosk\" to test reading)"), {{"what", detail}}));
}

CheckLine CheckBarcodeScanner(const std::string& by_id_dir, const std::locale& loc) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(by_id_dir, ec)) {
    const std::string name = Lower(entry.path().filename().string());
    if (name.find("-event-kbd") == std::string::npos) continue;
    for (const char* hint : {"barcode", "scanner", "symbol", "honeywell", "zebra", "datalogic", "newland", "netum"})
      if (name.find(hint) != std::string::npos)
        return Line("scanner", CheckLine::kPass,
                    Fill(Tr(loc, "USB barcode scanner: {device}"), {{"device", entry.path().filename().string()}}));
  }
  return Line("scanner", CheckLine::kPass, Tr(loc, "no USB barcode scanner (optional: the camera reads badges)"));
}

CheckLine CheckSound(int output_devices, const std::locale& loc) {
  if (output_devices <= 0)
    return Line("sound", CheckLine::kWarn, Tr(loc, "no sound output: scans will be silent"),
                Tr(loc, "Plug in speakers or use the display's HDMI audio; or turn sounds off in Settings"));
  return Line("sound", CheckLine::kPass,
              Fill(TrN(loc, "{n} sound output", "{n} sound outputs", output_devices), {{"n", std::to_string(output_devices)}}));
}

CheckLine CheckDisk(const std::string& dir, const std::locale& loc) {
  struct statvfs fs {};
  if (statvfs(dir.c_str(), &fs) != 0)
    return Line("disk", CheckLine::kFail, Fill(Tr(loc, "cannot look at {folder}"), {{"folder", dir}}),
                Tr(loc, "Check the SD card; reinstall with install-pi.sh"));
  const double free_mb = static_cast<double>(fs.f_bavail) * fs.f_frsize / 1e6;
  // A durable write, as the event database makes them: the file synced and
  // renamed into place, then the folder synced; read back.
  const auto t0 = std::chrono::steady_clock::now();
  const std::string path = dir + "/.kindred-self-check";
  const std::string payload = "kindred self-check " + UtcNow() + "\n";
  std::string why, back;
  bool wrote = WriteFileAtomically(path, payload, &why, 0600);
  if (int d = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
    wrote = fsync(d) == 0 && wrote;
    close(d);
  }
  wrote = ReadWholeFile(path, &back, &why) && wrote;
  std::remove(path.c_str());
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const std::string space = free_mb >= 1000 ? Fill(Tr(loc, "{n} GB free"), {{"n", OneDecimal(free_mb / 1000)}})
                                            : Fill(Tr(loc, "{n} MB free"), {{"n", OneDecimal(free_mb)}});
  if (!wrote || back != payload)
    return Line("disk", CheckLine::kFail,
                Fill(Tr(loc, "{space}, but a durable write in {folder} failed"), {{"space", space}, {"folder", dir}}),
                Tr(loc, "The SD card may be failing or read-only: replace it (kindred-usb-backup keeps copies)"));
  const std::string detail =
      Fill(Tr(loc, "{space}, durable write {ms} ms"), {{"space", space}, {"ms", OneDecimal(ms)}});
  if (free_mb < 200)
    return Line("disk", CheckLine::kFail, detail, Tr(loc, "Free space on the SD card (old logs, backups)"));
  if (free_mb < 1000)
    return Line("disk", CheckLine::kWarn, detail, Tr(loc, "Free space on the SD card before the event"));
  if (ms > 500)
    return Line("disk", CheckLine::kWarn, Fill(Tr(loc, "{what}: slow"), {{"what", detail}}),
                Tr(loc, "Use a faster SD card (A1 or A2 rated)"));
  return Line("disk", CheckLine::kPass, detail);
}

bool ClockSynchronised(const std::string& run_root) {
  // systemd-timesyncd touches this file once it has synchronised.
  return std::filesystem::exists(run_root + "/systemd/timesync/synchronized");
}

CheckLine CheckClock(const std::string& now, const std::string& newest_change, bool synchronised,
                     const std::locale& loc) {
  if (!newest_change.empty() && ParseUtcMillis(now) >= 0 && ParseUtcMillis(newest_change) >= 0 &&
      ParseUtcMillis(now) + 60'000 < ParseUtcMillis(newest_change))
    return Line("clock", CheckLine::kFail,
                Fill(Tr(loc, "the clock says {now}, before this event's newest change ({newest}): a Pi without a "
                             "clock battery boots in the past"),
                     {{"now", now}, {"newest", newest_change}}),
                Tr(loc, "Connect the kiosk to a network with internet time, or set it: sudo date -s '2026-11-30 18:00'"));
  if (!synchronised)
    return Line("clock", CheckLine::kWarn,
                Fill(Tr(loc, "the clock says {now} and is not synchronised with network time"), {{"now", now}}),
                Tr(loc, "Check the time is right; a network with internet (or the hub's) time keeps it right"));
  return Line("clock", CheckLine::kPass, Fill(Tr(loc, "{now}, synchronised"), {{"now", now}}));
}

CheckLine CheckHubFacts(const HubFacts& h, const std::locale& loc) {
  if (h.url.empty())
    return Line("hub", CheckLine::kPass, Tr(loc, "none: this kiosk works alone (kindred merge joins kiosks after)"));
  if (!h.url_ok)
    return Line("hub", CheckLine::kFail, h.problem,
                Tr(loc, "Join the hub again: sudo kindred hub join BUNDLE (from the hub)"));
  const std::string waiting =
      Fill(TrN(loc, "{n} change waiting here", "{n} changes waiting here", static_cast<long>(h.waiting)),
           {{"n", std::to_string(h.waiting)}});
  if (!h.reached)
    return Line("hub", CheckLine::kWarn,
                Fill(Tr(loc, "not reached ({problem}); {waiting}, kept until it is"),
                     {{"problem", h.problem}, {"waiting", waiting}}),
                Tr(loc, "Check the kiosk's network and the hub (sudo kindred-hub status on the hub)"));
  if (h.insecure)
    return Line("hub", CheckLine::kWarn,
                Fill(Tr(loc, "reached, without verifying its certificate; {waiting}"), {{"waiting", waiting}}),
                Tr(loc, "Join the hub with its bundle (kindred hub join) so the kiosk verifies it"));
  return Line("hub", CheckLine::kPass, Fill(Tr(loc, "reached, certificate verified; {waiting}"), {{"waiting", waiting}}));
}

bool AllPassed(const std::vector<CheckLine>& lines) {
  return std::none_of(lines.begin(), lines.end(), [](const CheckLine& l) { return l.result == CheckLine::kFail; });
}

std::string ChecksJson(const std::vector<CheckLine>& lines) {
  nlohmann::ordered_json j{{"ok", AllPassed(lines)}, {"checks", nlohmann::ordered_json::array()}};
  for (const CheckLine& l : lines)
    j["checks"].push_back({{"check", l.check}, {"result", ResultName(l.result)}, {"detail", l.detail}, {"fix", l.fix}});
  return j.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string ChecksText(const std::vector<CheckLine>& lines) {
  std::string out;
  for (const CheckLine& l : lines) {
    out += std::string(ResultName(l.result)) + "  " + l.check + ": " + l.detail + "\n";
    if (!l.fix.empty() && l.result != CheckLine::kPass) out += "      -> " + l.fix + "\n";
  }
  return out;
}

}  // namespace kindred
