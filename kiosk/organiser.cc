#include "kiosk/organiser.h"

#include "event/paths.h"

#include "event/event_context.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include "storage/event_db.h"
#include "followup/export.h"
#include "storage/sealed_file.h"

namespace kindred {

namespace fs = std::filesystem;

std::vector<std::string> UsbRoots() {
  std::string spec = "/media:/run/media:/mnt";
  if (const char* env = std::getenv("KINDRED_USB_ROOTS"); env && *env) spec = env;
  std::vector<std::string> roots;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t end = spec.find(':', start);
    if (end == std::string::npos) end = spec.size();
    if (end > start) roots.push_back(spec.substr(start, end - start));
    start = end + 1;
  }
  return roots;
}

std::vector<std::string> FindRosterFiles(const std::vector<std::string>& roots) {
  std::vector<std::string> files;
  for (const std::string& root : roots) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end && files.size() < 50; it.increment(ec)) {
      if (it.depth() > 3) it.disable_recursion_pending();
      std::string ext = it->path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
      if (ext == ".csv" && it->is_regular_file(ec)) files.push_back(it->path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

namespace {

// "/media/pi/MY\040STICK" as /proc/self/mounts writes a space: decoded.
std::string MountPath(const std::string& field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && std::isdigit(static_cast<unsigned char>(field[i + 1]))) {
      out += static_cast<char>(std::stoi(field.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

}  // namespace

std::string MountsFile() {
  const char* env = std::getenv("KINDRED_MOUNTS");
  return env && *env ? env : "/proc/self/mounts";
}

std::vector<std::string> FindExportTargets(const std::vector<std::string>& roots, const std::string& mounts) {
  // The devices mounted: a stick is a block device's file system (not a
  // folder someone made under /mnt, nor a network share).
  std::set<std::string> mounted;
  std::ifstream in(mounts);
  for (std::string device, point, rest; in >> device >> point && std::getline(in, rest);)
    if (device.rfind("/dev/", 0) == 0) mounted.insert(fs::path(MountPath(point)).lexically_normal().string());
  // A stick is mounted at ROOT/STICK, or at ROOT/USER/STICK as desktops do.
  std::vector<std::string> targets;
  auto add_sticks = [&](const fs::path& dir, int depth, auto&& self) -> void {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (!entry.is_directory(ec)) continue;
      if (mounted.count(entry.path().lexically_normal().string())) {
        if (access(entry.path().c_str(), W_OK) == 0) targets.push_back(entry.path().string());
      } else if (depth < 2) {
        self(entry.path(), depth + 1, self);
      }
    }
  };
  for (const std::string& root : roots) add_sticks(root, 1, add_sticks);
  std::sort(targets.begin(), targets.end());
  return targets;
}

ExportJob::ExportJob(std::string db_path, std::string out_dir, std::string event_name, std::string public_key) {
  thread_ = std::thread([this, db_path = std::move(db_path), out_dir = std::move(out_dir),
                         event_name = std::move(event_name), public_key = std::move(public_key)] {
    std::string err, result;
    // Its own copy of the event (database and matcher) on this thread.
    EventContext event;
    const bool opened = OpenEvent(db_path, AssetsDir(), &event, &err);
    ExportReport report;
    ExportOptions options;
    options.event_name = event_name;
    namespace fs = std::filesystem;
    // Sealed: the plain files only ever exist on this kiosk, for a moment.
    const std::string where = public_key.empty()
                                  ? out_dir
                                  : (fs::temp_directory_path() / ("kindred-export-" + std::to_string(getpid()))).string();
    const std::string sealed = out_dir + ".kindred-export";
    bool ok = opened && ExportFollowUps(*event.db, *event.matcher, where, options, &report, &err,
                                        [this](size_t done, size_t total) {
                progress_ = total ? static_cast<float>(done) / total : 1.0f;
              });
    if (ok && !public_key.empty()) ok = SealPath(where, SealedKind::kExport, public_key, sealed, &err);
    if (!public_key.empty()) {
      std::error_code ec;
      fs::remove_all(where, ec);
    }
    result = ok ? "Exported " + std::to_string(report.encounters) + " encounters and follow-ups for " +
                      std::to_string(report.attendees) + " attendees to " +
                      (public_key.empty() ? out_dir + " (not sealed)" : sealed + ", sealed for the organiser's key")
                : "Export failed: " + err;
    std::lock_guard<std::mutex> lock(mu_);
    status_ = result;
    progress_ = 1.0f;
    done_ = true;
  });
}

ExportJob::~ExportJob() { thread_.join(); }

std::string ExportJob::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

}  // namespace kindred
