// What organisers see on the kiosk's dashboard: how the event is going.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "match/matcher.h"
#include "storage/event_db.h"

namespace kindred {

struct DashboardStats {
  int64_t attendees = 0;
  int64_t present = 0;      // checked in or seen today
  int64_t encounters = 0;
  std::vector<std::pair<std::string, int>> per_hour;     // "18:00" -> encounters, oldest first, up to 12
  std::vector<std::pair<std::string, int>> top_passions;  // the passions most shared in encounters, up to 8: each
                                                          // group once ("Radfahren" and "cyclisme" are cycling)
  std::vector<std::string> people;                        // who met whom: the most connected, up to 30
  std::vector<std::pair<int, int>> met;                   // ...and their encounters, as indexes into people
};

// Reads the numbers from `db`; passions are counted by group (`matcher`)
// and named for readers of `lang`. Hours are local time. Returns false and
// sets *err on a read failure.
bool ComputeDashboard(EventDb& db, const Matcher& matcher, const std::string& lang, DashboardStats* out,
                      std::string* err);

}  // namespace kindred
