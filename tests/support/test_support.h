// Kindred's test-support library, linked by every test target: temporary
// folders, running Kindred's executables as processes (and stopping every
// server a test starts), files and pictures. Attendee and roster builders
// are in tests/support/people.h.
#pragma once

#include <string>
#include <vector>

namespace kindred::test {

struct RunResult {
  int exit_code = -1;  // the process's exit status, or 128+signal
  std::string out;     // stdout
  std::string err;     // stderr
};

// Runs `argv` (argv[0] a path) with extra environment `env` ("NAME=value"),
// waits at most `timeout_s`, and captures its output.
RunResult RunCommand(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
              int timeout_s = 60);

// As RunCommand, with `input` on the process's standard input (a passphrase
// a script would pipe in).
RunResult RunCommandWithInput(const std::vector<std::string>& argv, const std::string& input,
                              const std::vector<std::string>& env = {}, int timeout_s = 60);

// A process running in the background, its output to `log_path`; stopped
// (SIGTERM, then SIGKILL after 5 s) when destroyed, so every server a test
// starts, it stops.
class Background {
 public:
  Background() = default;
  ~Background() { Stop(); }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  // Starts `argv` (argv[0] a path) with extra environment `env`.
  bool Start(const std::vector<std::string>& argv, const std::string& log_path,
             const std::vector<std::string>& env = {});
  bool running();
  // Sends `sig` and waits for the process to end; returns its exit code (128+signal).
  int Signal(int sig);
  int Stop() { return Signal(15); }
  int pid() const { return pid_; }

 private:
  int pid_ = -1;
  int status_ = -1;
};

// Waits up to `timeout_s` for `path` to exist; true when it does.
bool WaitForFile(const std::string& path, double timeout_s);

// A fresh empty directory under the system's temporary folder; the caller
// removes it (TempDir does).
std::string MakeTempDir();

// A fresh empty directory, removed with everything in it when the TempDir goes.
class TempDir {
 public:
  TempDir() : path_(MakeTempDir()) {}
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // `name` inside it: dir.file("event.db").
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Path to a built executable ("kindred", "kindred-kiosk", "make-test-badge").
std::string Bin(const std::string& name);

// Reads a whole file ("" when missing).
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

// Pixels of a PNG as RGBA; false when it cannot be read.
struct Rgba {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;
};
bool LoadPng(const std::string& path, Rgba* out);

// How many distinct colours (quantised to 4 bits per channel) an image has.
int DistinctColours(const Rgba& image);

// The fraction of pixels that differ between two same-sized images.
double DifferentPixels(const Rgba& a, const Rgba& b);

}  // namespace kindred::test
