// Time as Kindred stores and shows it: UTC ISO 8601 stamps
// ("2026-11-22T18:04:05Z", or with milliseconds "...:05.123Z"), which sort as
// text the same way in SQLite, PostgreSQL and C++. Every stamp is parsed and
// written here, nowhere else.
#pragma once

#include <cstdint>
#include <string>

namespace kindred {

// `seconds` since the epoch as "2026-11-22T18:04:05Z".
std::string FormatUtc(int64_t seconds);

// Milliseconds since the epoch as "2026-11-22T18:04:05.123Z".
std::string FormatUtcMillis(int64_t ms);

// The current time, with seconds ("...:05Z") or milliseconds ("...:05.123Z",
// for ordering edits made within one second).
std::string UtcNow();
std::string UtcNowMillis();

// A stamp with or without milliseconds (a trailing 'Z' required) as
// milliseconds since the epoch; -1 when malformed.
int64_t ParseUtcMillis(const std::string& iso);

// A stamp as seconds since the epoch, milliseconds dropped; -1 when malformed.
int64_t ParseUtcSeconds(const std::string& iso);

// Seconds from `at` (a stamp) to `now` (seconds since the epoch), never
// below 0; -1 when `at` is not a stamp.
int64_t SecondsSince(const std::string& at, int64_t now);

// The current UTC time for a file name: "2026-11-22T18-04-05Z" (no colons).
std::string UtcStampForFileName();

// The start of the current local day as a stamp: "today" at an event.
std::string StartOfTodayUtc();

}  // namespace kindred
