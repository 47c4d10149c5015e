// libFuzzer target: a roster file of any bytes, decoded as a spreadsheet saved
// it (UTF-8, UTF-16, Windows-1252), gives attendees and numbered rejections or
// one reason, never a crash; every kept attendee has a badge ID and a name.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/utf8.h"
#include "storage/roster.h"
#include "storage/text_encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kindred::Roster roster;
  std::string text(reinterpret_cast<const char*>(data), size), encoding, err;
  if (!kindred::DecodeSpreadsheetText(&text, &encoding, &err)) {
    if (err.empty()) __builtin_trap();
    return 0;
  }
  if (encoding != "UTF-8" && !kindred::IsValidUtf8(text)) __builtin_trap();  // converted text is UTF-8
  if (kindred::ParseRoster(text, &roster, &err)) {
    for (const kindred::Attendee& a : roster.attendees)
      if (a.badge_id.empty() || a.name.empty()) __builtin_trap();
    for (const kindred::RosterRejection& r : roster.rejected)
      if (r.line < 1 || r.reason.empty()) __builtin_trap();
  } else if (err.empty()) {
    __builtin_trap();
  }
  return 0;
}
