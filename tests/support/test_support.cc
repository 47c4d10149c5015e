#include "tests/support/test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <stb_image.h>

namespace kindred::test {

namespace {

// In a forked child: stdin from /dev/null, `env` added, then `argv` run.
[[noreturn]] void ExecChild(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  int devnull = open("/dev/null", O_RDONLY);
  dup2(devnull, 0);
  for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
  _exit(127);
}

}  // namespace

RunResult RunCommand(const std::vector<std::string>& argv, const std::vector<std::string>& env, int timeout_s) {
  RunResult r;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) return r;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    // Only 1 and 2 may hold the pipes: a server started from here keeps its
    // inherited descriptors open, and the output would never end.
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    ExecChild(argv, env);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    int ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                  deadline - std::chrono::steady_clock::now()).count());
    if (ms <= 0) {
      kill(pid, SIGKILL);
      break;
    }
    if (poll(fds, 2, ms) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, n);
      }
    }
  }
  for (pollfd& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

RunResult RunCommandWithInput(const std::vector<std::string>& argv, const std::string& input,
                              const std::vector<std::string>& env, int timeout_s) {
  char tmpl[] = "/tmp/kindred-input-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) return {};
  (void)!write(fd, input.data(), input.size());
  close(fd);
  std::vector<std::string> sh = {"/bin/sh", "-c", std::string("exec \"$0\" \"$@\" < ") + tmpl};
  sh.insert(sh.end(), argv.begin(), argv.end());
  RunResult r = RunCommand(sh, env, timeout_s);
  unlink(tmpl);
  return r;
}

bool Background::Start(const std::vector<std::string>& argv, const std::string& log_path,
                       const std::vector<std::string>& env) {
  Stop();
  status_ = -1;
  pid_ = fork();
  if (pid_ == 0) {
    setpgid(0, 0);
    int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    ExecChild(argv, env);
  }
  return pid_ > 0;
}

bool Background::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    pid_ = -1;
    return false;
  }
  return true;
}

int Background::Signal(int sig) {
  if (!running()) return status_;
  kill(pid_, sig);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
      status_ = 128 + SIGKILL;
      pid_ = -1;
      break;
    }
    usleep(10000);
  }
  return status_;
}

bool WaitForFile(const std::string& path, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (access(path.c_str(), F_OK) != 0) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    usleep(10000);
  }
  return true;
}

std::string MakeTempDir() {
  std::string base = std::filesystem::temp_directory_path() / "kindred-test-XXXXXX";
  std::vector<char> tmpl(base.begin(), base.end());
  tmpl.push_back('\0');
  char* dir = mkdtemp(tmpl.data());
  return dir ? dir : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

std::string Bin(const std::string& name) {
  for (const char* sub : {"/kiosk/", "/cli/", "/tests/"}) {
    std::string p = std::string(KINDRED_BIN_DIR) + sub + name;
    if (std::filesystem::exists(p)) return p;
  }
  return std::string(KINDRED_BIN_DIR) + "/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

bool LoadPng(const std::string& path, Rgba* out) {
  int w, h, c;
  unsigned char* data = stbi_load(path.c_str(), &w, &h, &c, 4);
  if (!data) return false;
  out->width = w;
  out->height = h;
  out->pixels.assign(data, data + static_cast<size_t>(w) * h * 4);
  stbi_image_free(data);
  return true;
}

int DistinctColours(const Rgba& image) {
  std::set<int> colours;
  for (size_t i = 0; i + 3 < image.pixels.size(); i += 4)
    colours.insert((image.pixels[i] >> 4) << 8 | (image.pixels[i + 1] >> 4) << 4 | (image.pixels[i + 2] >> 4));
  return static_cast<int>(colours.size());
}

double DifferentPixels(const Rgba& a, const Rgba& b) {
  if (a.width != b.width || a.height != b.height || a.pixels.empty()) return 1.0;
  size_t diff = 0;
  for (size_t i = 0; i < a.pixels.size(); i += 4)
    if (std::memcmp(&a.pixels[i], &b.pixels[i], 3) != 0) ++diff;
  return static_cast<double>(diff) / (a.pixels.size() / 4);
}

}  // namespace kindred::test
