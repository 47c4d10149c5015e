// Reads attendee rosters: CSV exports (RFC 4180, via libcsv) from Kindred's
// own template and from registration systems, mapped onto Attendee records.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/attendee.h"

namespace kindred {

struct RosterRejection {
  int line = 0;        // 1-based line in the file where the record starts
  std::string reason;  // e.g. "no badge ID"
};

struct Roster {
  std::string format;  // which header mapping was used: "kindred", "pretix", ...
  std::vector<Attendee> attendees;
  std::vector<RosterRejection> rejected;
};

// Called now and then with how many bytes of `total` were parsed.
using RosterProgress = std::function<void(size_t done, size_t total)>;

// Parses a roster from CSV bytes. A UTF-8 BOM, CRLF line ends, quoted fields
// with commas and newlines, and ',' ';' or tab delimiters are all accepted.
// Bad records go to out->rejected with their line and reason; the rest are
// kept. Returns false and sets *err only when nothing can be read: no header,
// or no column for the badge ID or the name.
bool ParseRoster(std::string_view csv, Roster* out, std::string* err,
                 const RosterProgress& progress = nullptr);

// As ParseRoster, from a file.
bool ReadRosterFile(const std::string& path, Roster* out, std::string* err,
                    const RosterProgress& progress = nullptr);

}  // namespace kindred
