#include "event/paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace kindred {

std::string DataDir(std::string* err) {
  namespace fs = std::filesystem;
  fs::path dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    dir = fs::path(xdg) / "kindred";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    dir = fs::path(home) / ".local" / "share" / "kindred";
  } else {
    *err = "neither XDG_DATA_HOME nor HOME is set; pass --db";
    return "";
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    *err = "cannot create " + dir.string() + ": " + ec.message();
    return "";
  }
  return dir.string();
}

std::string AssetsDir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("KINDRED_ASSETS"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "kindred";
    if (fs::exists(installed / "starters.txt", ec)) return installed.string();
  }
  return KINDRED_SOURCE_ASSETS;
}

}  // namespace kindred
