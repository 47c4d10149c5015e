// libFuzzer target: a roster file of any bytes gives attendees and numbered
// rejections, never a crash; every kept attendee has a badge ID and a name.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "storage/roster.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kindred::Roster roster;
  std::string err;
  if (kindred::ParseRoster(std::string_view(reinterpret_cast<const char*>(data), size), &roster, &err)) {
    for (const kindred::Attendee& a : roster.attendees)
      if (a.badge_id.empty() || a.name.empty()) __builtin_trap();
    for (const kindred::RosterRejection& r : roster.rejected)
      if (r.line < 1 || r.reason.empty()) __builtin_trap();
  } else if (err.empty()) {
    __builtin_trap();
  }
  return 0;
}
