#include "common/utc_time.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace kindred {

std::string FormatUtc(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string FormatUtcMillis(int64_t ms) {
  const int64_t seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  std::string s = FormatUtc(seconds);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms - seconds * 1000));
  s.replace(s.size() - 1, 1, frac);
  return s;
}

std::string UtcNow() { return FormatUtc(std::time(nullptr)); }

std::string UtcNowMillis() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return FormatUtcMillis(static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000);
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

int64_t ParseUtcSeconds(const std::string& iso) {
  const int64_t ms = ParseUtcMillis(iso);
  return ms < 0 ? -1 : ms / 1000;
}

int64_t SecondsSince(const std::string& at, int64_t now) {
  const int64_t then = ParseUtcSeconds(at);
  return then < 0 ? -1 : std::max<int64_t>(0, now - then);
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

}  // namespace kindred
