// What organiser mode does besides showing the dashboard: find rosters and
// export folders on USB sticks, and export follow-ups without freezing the kiosk.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kindred {

// Where USB sticks are mounted: $KINDRED_USB_ROOTS (colon-separated), or
// /media, /run/media and /mnt.
std::vector<std::string> UsbRoots();

// CSV files up to three folders deep under `roots`, by path (at most 50).
std::vector<std::string> FindRosterFiles(const std::vector<std::string>& roots);

// The mount table: $KINDRED_MOUNTS (a file in /proc/self/mounts' format,
// for tests), else /proc/self/mounts.
std::string MountsFile();

// The sticks to export to: folders one or two levels under `roots` where
// `mounts` (MountsFile()) has a block device (/dev/...) mounted, writable.
// A folder someone made under /mnt is not a stick, nor a network share.
std::vector<std::string> FindExportTargets(const std::vector<std::string>& roots,
                                           const std::string& mounts = MountsFile());

// Exports follow-ups on a thread of its own, with its own database connection.
// With `public_key` (the organiser's), the export is written to a local
// temporary folder, sealed into out_dir + ".kindred-export" on the stick,
// and the plain files removed: nothing readable reaches the stick.
class ExportJob {
 public:
  ExportJob(std::string db_path, std::string out_dir, std::string event_name, std::string public_key);
  ~ExportJob();
  ExportJob(const ExportJob&) = delete;
  ExportJob& operator=(const ExportJob&) = delete;

  bool done() const { return done_; }
  float progress() const { return progress_; }
  // One line: what was written where, or what went wrong. Empty until done.
  std::string status() const;

 private:
  std::atomic<bool> done_{false};
  std::atomic<float> progress_{0};
  mutable std::mutex mu_;
  std::string status_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace kindred
