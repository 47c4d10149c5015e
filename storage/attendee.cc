#include "storage/attendee.h"

#include <ctime>

namespace kindred {

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += "; ";
    out += item;
  }
  return out;
}

std::vector<std::string> SplitList(const std::string& cell) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find(';', start);
    if (end == std::string::npos) end = cell.size();
    size_t b = cell.find_first_not_of(" \t\r\n", start);
    size_t e = cell.find_last_not_of(" \t\r\n", end == 0 ? 0 : end - 1);
    if (b != std::string::npos && b < end && e != std::string::npos && e >= b)
      items.push_back(cell.substr(b, e - b + 1));
    start = end + 1;
  }
  return items;
}

std::string UtcNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace kindred
