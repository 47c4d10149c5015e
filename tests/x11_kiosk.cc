#include "tests/x11_kiosk.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "tests/support/test_support.h"

namespace kindred::test {

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Starts argv with extra environment; stdout and stderr go to `log` (or /dev/null).
pid_t Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& log,
            int keep_fd = -1) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int out = open(log.empty() ? "/dev/null" : log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(out, 1);
  dup2(out, 2);
  int devnull = open("/dev/null", O_RDONLY);
  dup2(devnull, 0);
  for (int fd = 3; fd < 1024; ++fd)
    if (fd != keep_fd) close(fd);
  for (const std::string& e : env) putenv(strdup(e.c_str()));
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  _exit(127);
}

void Stop(pid_t* pid) {
  if (*pid <= 0) return;
  kill(*pid, SIGTERM);
  for (int i = 0; i < 200; ++i) {
    if (waitpid(*pid, nullptr, WNOHANG) == *pid) {
      *pid = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(*pid, SIGKILL);
  waitpid(*pid, nullptr, 0);
  *pid = -1;
}

bool OnPath(const char* name) {
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  for (size_t start = 0, end; start <= p.size(); start = end + 1) {
    end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    if (access((p.substr(start, end - start) + "/" + name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace

bool X11Kiosk::Available() { return OnPath("Xvfb") && OnPath("xdotool"); }

X11Kiosk::~X11Kiosk() {
  Stop(&kiosk_);
  if (x_) XCloseDisplay(static_cast<::Display*>(x_));
  Stop(&xvfb_);
}

bool X11Kiosk::Start(const std::string& dir, int width, int height, const std::vector<std::string>& kiosk_args,
                     std::string* err) {
  width_ = width;
  height_ = height;
  // Xvfb picks a free display number and writes it to the pipe.
  int fds[2];
  if (pipe(fds) != 0) {
    *err = "pipe failed";
    return false;
  }
  xvfb_ = Spawn({"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"}, {},
                dir + "/xvfb.log", fds[1]);
  close(fds[1]);
  std::string number;
  char c;
  while (read(fds[0], &c, 1) == 1 && c != '\n') number += c;
  close(fds[0]);
  if (number.empty()) {
    *err = "Xvfb did not start: " + ReadFile(dir + "/xvfb.log");
    return false;
  }
  display_ = ":" + number;
  x_ = XOpenDisplay(display_.c_str());
  if (!x_) {
    *err = "cannot connect to Xvfb at " + display_;
    return false;
  }
  layout_path_ = dir + "/live-layout.json";
  log_path_ = dir + "/kiosk.log";
  std::filesystem::remove(layout_path_);
  std::vector<std::string> argv{Bin("kindred-kiosk"), "--size", std::to_string(width) + "x" + std::to_string(height),
                                "--layout", layout_path_, "--no-camera", "--no-sounds"};
  argv.insert(argv.end(), kiosk_args.begin(), kiosk_args.end());
  kiosk_ = Spawn(argv, {"DISPLAY=" + display_, "SDL_VIDEODRIVER=x11"}, log_path_);
  const auto t0 = Clock::now();
  while (!std::filesystem::exists(layout_path_)) {
    if (MsSince(t0) > 30000 || waitpid(kiosk_, nullptr, WNOHANG) == kiosk_) {
      *err = "the kiosk showed no frame: " + kiosk_log();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  RunResult r = RunCommand({"/usr/bin/env", "DISPLAY=" + display_, "xdotool", "search", "--sync", "--name", "^Kindred$"});
  window_ = r.out.substr(0, r.out.find('\n'));
  if (window_.empty()) {
    *err = "no Kindred window on " + display_ + ": " + r.err;
    return false;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the first frames settle
  return true;
}

std::string X11Kiosk::kiosk_log() const { return ReadFile(log_path_); }

nlohmann::json X11Kiosk::Layout() const {
  nlohmann::json j = nlohmann::json::parse(ReadFile(layout_path_), nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

bool X11Kiosk::Capture(std::vector<char>* pixels) const {
  ::Display* x = static_cast<::Display*>(x_);
  XImage* image = XGetImage(x, static_cast<Window>(std::stoul(window_)), 0, 0, width_, height_, AllPlanes, ZPixmap);
  if (!image) return false;
  pixels->assign(image->data, image->data + static_cast<size_t>(image->bytes_per_line) * image->height);
  XDestroyImage(image);
  return true;
}

double X11Kiosk::Tap(const std::string& text, const Effect& effect, int timeout_ms, std::string* err) {
  double cx = -1, cy = -1;
  for (const auto& item : Layout().value("items", nlohmann::json::array())) {
    if (item.value("text", "") != text || !item.value("button", false) || !item.value("visible", false)) continue;
    cx = (item["x0"].get<double>() + item["x1"].get<double>()) / 2;
    cy = (item["y0"].get<double>() + item["y1"].get<double>()) / 2;
    break;
  }
  if (cx < 0) {
    *err = "no visible button '" + text + "' on the " + Layout().value("screen", "?") + " screen";
    return -1;
  }
  std::vector<char> before, now, previous;
  if (!Capture(&before)) {
    *err = "cannot read the window's pixels";
    return -1;
  }
  // A finger: down, up. Timed from the release, which xdotool sends just
  // before it exits ("click" would sleep 100 ms after it).
  RunResult r = RunCommand({"/usr/bin/env", "DISPLAY=" + display_, "xdotool", "mousemove", "--window", window_,
                            std::to_string(static_cast<int>(cx)), std::to_string(static_cast<int>(cy)), "mousedown",
                            "1", "mouseup", "1"});
  const auto t0 = Clock::now();
  if (r.exit_code != 0) {
    *err = "xdotool failed: " + r.err;
    return -1;
  }
  // The effect is in the layout of a drawn frame; then the pixels must have
  // changed and stayed the same for two looks in a row (the frame presented).
  bool effect_seen = false;
  double previous_ms = 0;
  while (MsSince(t0) < timeout_ms) {
    if (!effect_seen) effect_seen = effect(Layout());
    if (effect_seen && Capture(&now)) {
      const double look_ms = MsSince(t0);
      if (now != before && now == previous) return previous_ms;  // on screen since the look before
      previous.swap(now);
      previous_ms = look_ms;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  *err = "'" + text + "' tapped: its effect was not on screen within " + std::to_string(timeout_ms) + " ms (" +
         (effect_seen ? "drawn, but the screen did not change" : "not drawn") + "; screen now '" +
         Layout().value("screen", "?") + "')";
  return -1;
}

}  // namespace kindred::test
