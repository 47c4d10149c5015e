#include "tests/finger_kiosk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace kindred::test {

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

FingerKiosk::~FingerKiosk() {
  kiosk_.Stop();
  if (fifo_ >= 0) close(fifo_);
}

bool FingerKiosk::Start(const std::string& dir, int panel_w, int panel_h, const Orientation& o,
                        const std::vector<std::string>& kiosk_args, std::string* err) {
  panel_w_ = panel_w;
  panel_h_ = panel_h;
  orientation_ = o;
  InterfaceSize(o, panel_w, panel_h, &ui_w_, &ui_h_);
  const std::string fifo = dir + "/touch.fifo";
  std::filesystem::remove(fifo);
  if (mkfifo(fifo.c_str(), 0600) != 0) {
    *err = "cannot make " + fifo;
    return false;
  }
  // Read-write: opening never blocks, and the kiosk opens it read-write too.
  fifo_ = open(fifo.c_str(), O_RDWR | O_CLOEXEC);
  layout_path_ = dir + "/finger-layout.json";
  log_path_ = dir + "/finger-kiosk.log";
  std::filesystem::remove(layout_path_);
  std::vector<std::string> argv{Bin("kindred-kiosk"), "--size", std::to_string(panel_w) + "x" + std::to_string(panel_h),
                                "--layout", layout_path_, "--no-sounds", "--input-events", fifo,
                                "--rotate", std::to_string(o.degrees), "--touch-axes", TouchAxesName(o)};
  // No camera unless the test names one.
  if (std::find(kiosk_args.begin(), kiosk_args.end(), "--camera") == kiosk_args.end()) argv.push_back("--no-camera");
  argv.insert(argv.end(), kiosk_args.begin(), kiosk_args.end());
  // Mesa's software GL leaks a few kilobytes from a module it unloads at
  // exit, which LeakSanitizer cannot attribute (as in kiosk_screen_test):
  // the kiosk's own logic is leak-checked by its unit tests instead.
  if (!kiosk_.Start(argv, log_path_, {"SDL_VIDEODRIVER=offscreen", "ASAN_OPTIONS=detect_leaks=0"})) {
    *err = "cannot start kindred-kiosk";
    return false;
  }
  const auto t0 = Clock::now();
  while (!std::filesystem::exists(layout_path_)) {
    if (MsSince(t0) > 30000 || !kiosk_.running()) {
      *err = "the kiosk showed no frame: " + kiosk_log();
      return false;
    }
    SleepMs(20);
  }
  SleepMs(300);  // let the first frames settle
  return true;
}

nlohmann::json FingerKiosk::Layout() const {
  nlohmann::json j = nlohmann::json::parse(ReadFile(layout_path_), nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

bool FingerKiosk::Find(const std::string& text, PointF* centre) const {
  for (const auto& item : Layout().value("items", nlohmann::json::array())) {
    if (item.value("text", "") != text || !item.value("button", false) || !item.value("visible", false)) continue;
    centre->x = (item["x0"].get<float>() + item["x1"].get<float>()) / 2;
    centre->y = (item["y0"].get<float>() + item["y1"].get<float>()) / 2;
    return true;
  }
  return false;
}

void FingerKiosk::Send(const std::string& line) {
  const std::string l = line + "\n";
  if (write(fifo_, l.data(), l.size()) != static_cast<ssize_t>(l.size())) std::perror("finger fifo");
}

namespace {

std::string Contact(const char* verb, long long id, float x, float y) {
  char line[96];
  std::snprintf(line, sizeof line, "%s %lld %.5f %.5f", verb, id, x, y);
  return line;
}

}  // namespace

void FingerKiosk::Touch(PointF p, int hold_ms, bool window) {
  float x, y;
  InterfaceToTouch(orientation_, p, panel_w_, panel_h_, &x, &y);
  const long long id = next_finger_++;
  if (window) Send("window on");
  Send(Contact("down", id, x, y));
  SleepMs(hold_ms);
  Send(Contact("up", id, x, y));
  if (window) Send("window off");
}

void FingerKiosk::TwoFingers(PointF first, PointF second) {
  float x1, y1, x2, y2;
  InterfaceToTouch(orientation_, first, panel_w_, panel_h_, &x1, &y1);
  InterfaceToTouch(orientation_, second, panel_w_, panel_h_, &x2, &y2);
  const long long a = next_finger_++, b = next_finger_++;
  Send(Contact("down", a, x1, y1));
  SleepMs(40);
  Send(Contact("down", b, x2, y2));
  SleepMs(40);
  Send(Contact("up", a, x1, y1));
  SleepMs(40);
  Send(Contact("up", b, x2, y2));
}

void FingerKiosk::Drag(PointF from, float dy, int steps) {
  const long long id = next_finger_++;
  float x, y;
  InterfaceToTouch(orientation_, from, panel_w_, panel_h_, &x, &y);
  Send(Contact("down", id, x, y));
  for (int i = 1; i <= steps; ++i) {
    SleepMs(16);
    InterfaceToTouch(orientation_, {from.x, from.y + dy * static_cast<float>(i) / static_cast<float>(steps)},
                     panel_w_, panel_h_, &x, &y);
    Send(Contact("move", id, x, y));
  }
  SleepMs(16);
  Send(Contact("up", id, x, y));
}

int FingerKiosk::WaitForExit(int timeout_ms) {
  const auto t0 = Clock::now();
  while (kiosk_.running()) {
    if (MsSince(t0) > timeout_ms) return -1;
    SleepMs(10);
  }
  return kiosk_.Stop();
}

double FingerKiosk::WaitFor(const Effect& effect, int timeout_ms) const {
  const auto t0 = Clock::now();
  while (MsSince(t0) < timeout_ms) {
    if (effect(Layout())) return MsSince(t0);
    SleepMs(1);
  }
  return -1;
}

double FingerKiosk::Tap(const std::string& text, const Effect& effect, int timeout_ms, std::string* err,
                        bool window) {
  PointF c;
  if (!Find(text, &c)) {
    *err = "no visible button '" + text + "' on the " + Layout().value("screen", "?") + " screen";
    return -1;
  }
  // A finger rests on the glass for ~50 ms; the time counts from its release.
  Touch(c, 50, window);
  const double ms = WaitFor(effect, timeout_ms);
  if (ms < 0)
    *err = "'" + text + "' tapped: its effect was not drawn within " + std::to_string(timeout_ms) +
           " ms (screen now '" + Layout().value("screen", "?") + "')";
  return ms;
}

}  // namespace kindred::test
