#include "scanner/rpicam_camera.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "i18n/catalog.h"

extern char** environ;

namespace kindred {

namespace {

using Clock = std::chrono::steady_clock;

int64_t MsSince(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Stops and reaps a child: SIGTERM, then SIGKILL after a second.
void StopChild(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    usleep(10'000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace

RpicamLayout RpicamLayoutFor(int width, int height) {
  RpicamLayout l;
  l.width = width;
  l.height = height;
  l.stride = (width + 63) / 64 * 64;
  l.frame_bytes = static_cast<size_t>(l.stride) * height * 3 / 2;
  return l;
}

std::vector<std::string> RpicamCommand(const RpicamOptions& o) {
  std::vector<std::string> cmd = {o.program, "--timeout", "0", "--nopreview", "--codec", "yuv420", "--output", "-",
                                  "--width", std::to_string(o.width), "--height", std::to_string(o.height),
                                  "--framerate", std::to_string(o.fps),
                                  // Frames as soon as they are made; no denoise (a QR code wants edges).
                                  "--flush", "--denoise", "cdn_off"};
  if (o.mains_hz == 50 || o.mains_hz == 60) {
    cmd.push_back("--flicker-period");
    cmd.push_back(o.mains_hz == 50 ? "10000us" : "8333us");
  }
  if (o.lens_dioptres < 0) {
    // A badge is held 20-40 cm away, in the scan guide: focus there, over the
    // whole range (the Camera Module 3's normal range starts far beyond it).
    cmd.insert(cmd.end(), {"--autofocus-mode", "continuous", "--autofocus-range", "full", "--autofocus-window",
                           "0.25,0.2,0.5,0.6"});
  } else {
    cmd.insert(cmd.end(), {"--autofocus-mode", "manual", "--lens-position", Fixed(o.lens_dioptres)});
  }
  return cmd;
}

bool RpicamAvailable(const std::string& program) {
  if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  const std::string p = path ? path : "/usr/bin:/bin";
  for (size_t start = 0, end; start <= p.size(); start = end + 1) {
    end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    if (access((p.substr(start, end - start) + "/" + program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

CameraKind DetectCamera(const std::string& sys_root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  bool module = false;
  for (const auto& entry : fs::directory_iterator(sys_root + "/class/video4linux", ec)) {
    std::string name, uevent;
    if (FILE* f = std::fopen((entry.path() / "name").c_str(), "r")) {
      char buf[128] = {};
      if (std::fgets(buf, sizeof buf, f)) name = buf;
      std::fclose(f);
    }
    if (FILE* f = std::fopen((entry.path() / "device" / "uevent").c_str(), "r")) {
      char buf[256];
      while (std::fgets(buf, sizeof buf, f)) uevent += buf;
      std::fclose(f);
    }
    if (uevent.find("DRIVER=uvcvideo") != std::string::npos) return CameraKind::kUsb;
    if (name.rfind("unicam", 0) == 0 || name.rfind("rp1-cfe", 0) == 0) module = true;
  }
  return module ? CameraKind::kPiModule : CameraKind::kNone;
}

bool UseRpicam(const std::string& sys_root, bool rpicam_installed) {
  return rpicam_installed && DetectCamera(sys_root) == CameraKind::kPiModule;
}

static RpicamOptions Rounded(RpicamOptions o) {
  // A width that is a multiple of 128 is a multiple of every Pi ISP's row
  // alignment: no padding, whatever the Pi.
  o.width = std::clamp((o.width + 127) / 128 * 128, 128, 4096);
  o.height = std::clamp((o.height + 1) / 2 * 2, 96, 4096);
  return o;
}

RpicamCamera::RpicamCamera(RpicamOptions options)
    : options_(Rounded(std::move(options))), layout_(RpicamLayoutFor(options_.width, options_.height)) {
  status_ = i18n::N_("Starting the camera\u2026");
  thread_ = std::thread([this] { Run(); });
}

RpicamCamera::~RpicamCamera() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
}

bool RpicamCamera::TakeLatest(LumaImage* out, uint64_t* seq) {
  std::lock_guard<std::mutex> lock(mu_);
  if (latest_seq_ == *seq || latest_.empty()) return false;
  out->CopyFrom(latest_.view());
  *seq = latest_seq_;
  return true;
}

std::string RpicamCamera::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

void RpicamCamera::SetStatus(const std::string& s) {
  std::lock_guard<std::mutex> lock(mu_);
  status_ = s;
}

void RpicamCamera::Run() {
  int backoff = options_.restart_ms;
  while (!stop_) {
    const bool delivered = RunOnce();
    if (stop_) break;
    if (delivered) backoff = options_.restart_ms;
    SetStatus(starts_ == 0 ? i18n::N_("No camera program: install rpicam-apps-lite") : i18n::N_("The camera stopped - restarting it"));
    std::unique_lock<std::mutex> lock(mu_);
    stop_cv_.wait_for(lock, std::chrono::milliseconds(backoff), [this] { return stop_.load(); });
    backoff = std::min(backoff * 2, 8000);
  }
}

bool RpicamCamera::RunOnce() {
  const std::vector<std::string> cmd = RpicamCommand(options_);
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return false;
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]), close(out[1]);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  for (const std::string& a : cmd) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  if (spawned != 0) {
    close(out[0]), close(err[0]);
    std::fprintf(stderr, "kindred-kiosk: cannot start %s: %s\n", argv[0], std::strerror(spawned));
    return false;
  }
  child_ = pid;
  ++starts_;
  std::vector<uint8_t> frame(layout_.frame_bytes);
  size_t filled = 0;
  bool delivered = false;
  std::string last_error, err_line;
  auto last_frame = Clock::now();
  // The first frame may take a while: the camera stack starts and settles.
  int64_t allowed_ms = options_.stall_ms + 3000;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  const char* why = "ended";
  while (!stop_) {
    if (MsSince(last_frame) > allowed_ms) {
      why = "sent no picture for a while (stalled)";
      break;
    }
    if (poll(fds, 2, 100) < 0 && errno != EINTR) break;
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      char buf[512];
      const ssize_t n = read(err[0], buf, sizeof buf);
      for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] == '\n') {
          if (!err_line.empty()) last_error = err_line;
          err_line.clear();
        } else if (err_line.size() < 300) {
          err_line += buf[i];
        }
      }
      if (n <= 0) fds[1].fd = -1;  // stderr closed; stdout tells when it ends
    }
    if (!(fds[0].revents & (POLLIN | POLLHUP))) continue;
    const ssize_t n = read(out[0], frame.data() + filled, frame.size() - filled);
    if (n <= 0) break;  // the program ended
    filled += static_cast<size_t>(n);
    if (filled < frame.size()) continue;
    filled = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      latest_.CopyFrom({frame.data(), layout_.width, layout_.height, layout_.stride});
      ++latest_seq_;
      status_.clear();
    }
    delivered = true;
    last_frame = Clock::now();
    allowed_ms = options_.stall_ms;
  }
  close(out[0]);
  close(err[0]);
  StopChild(pid);
  child_ = -1;
  if (!stop_)
    std::fprintf(stderr, "kindred-kiosk: %s %s; restarting it%s%s\n", argv[0], why,
                 last_error.empty() ? "" : " (it said: ", last_error.empty() ? "" : (last_error + ")").c_str());
  return delivered;
}

}  // namespace kindred
