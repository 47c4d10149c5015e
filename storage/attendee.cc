#include "storage/attendee.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace kindred {

std::string ForgottenId(const std::string& forget_key) { return "forgotten-" + forget_key.substr(0, 16); }

bool IsForgottenId(const std::string& badge_id) { return badge_id.starts_with("forgotten-"); }

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

std::string FirstName(const std::string& name) {
  size_t space = name.find(' ');
  return space == std::string::npos ? name : name.substr(0, space);
}

bool IsPresent(const Attendee& a, const std::string& start_of_today) {
  return a.checked_in || (!a.last_seen_at.empty() && a.last_seen_at >= start_of_today);
}

std::string FormatUtc(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string UtcNow() { return FormatUtc(std::time(nullptr)); }

std::string UtcNowMillis() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  std::string s = FormatUtc(ts.tv_sec);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>(ts.tv_nsec / 1000000));
  s.replace(s.size() - 1, 1, ms);
  return s;
}

int64_t ParseUtcMillis(const std::string& iso) {
  std::tm tm{};
  int ms = 0, used = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &used) != 6)
    return -1;
  const char* rest = iso.c_str() + used;
  if (*rest == '.') {
    int digits = 0;
    for (++rest; *rest >= '0' && *rest <= '9'; ++rest, ++digits)
      if (digits < 3) ms = ms * 10 + (*rest - '0');
    for (; digits < 3; ++digits) ms *= 10;
  }
  if (std::strcmp(rest, "Z") != 0) return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

std::string FormatUtcMillis(int64_t ms) {
  const int64_t seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  std::string s = FormatUtc(seconds);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms - seconds * 1000));
  s.replace(s.size() - 1, 1, frac);
  return s;
}

std::string UtcStampForFileName() {
  std::string stamp = UtcNow();
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  return stamp;
}

std::string StartOfTodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  local.tm_hour = local.tm_min = local.tm_sec = 0;
  local.tm_isdst = -1;
  return FormatUtc(std::mktime(&local));
}

int64_t SecondsSince(const std::string& at, int64_t now) {
  std::tm t{};
  if (std::sscanf(at.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour, &t.tm_min,
                  &t.tm_sec) != 6)
    return -1;
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return std::max<int64_t>(0, now - static_cast<int64_t>(timegm(&t)));
}

}  // namespace kindred
