#include "kiosk/dashboard.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/utc_time.h"
#include "event/room.h"

namespace kindred {

bool ComputeDashboard(EventDb& db, const Matcher& matcher, const std::string& lang, DashboardStats* out,
                      std::string* err) {
  *out = {};
  std::vector<Attendee> attendees;
  if (!db.LoadAttendees(&attendees, err)) return false;
  out->attendees = static_cast<int64_t>(attendees.size());
  const std::string today = StartOfTodayUtc();
  std::unordered_map<std::string, std::string> names;
  std::unordered_set<std::string> here;  // scanned today, or met someone today
  for (const Attendee& a : attendees) {
    if (IsPresent(a, today)) here.insert(a.badge_id);
    names[a.badge_id] = a.name;
  }
  std::map<std::time_t, int> hours;  // local hour start -> count
  std::map<std::string, int> passions;  // group -> encounters
  RecordedPassions recorded(matcher);
  std::unordered_map<std::string, int> degree;
  std::vector<std::pair<std::string, std::string>> pairs;
  bool ok = db.ForEachEncounter(
      [&](const Encounter& e) {
        ++out->encounters;
        if (const int64_t t = ParseUtcSeconds(e.met_at); t >= 0) hours[t - t % 3600]++;
        for (const std::string& p : e.shared)
          if (const std::string& group = recorded.GroupOf(p); !group.empty()) passions[group]++;
        // Meeting someone here today is being here today.
        if (e.met_at >= today) {
          if (names.count(e.a_id)) here.insert(e.a_id);
          if (names.count(e.b_id)) here.insert(e.b_id);
        }
        degree[e.a_id]++;
        degree[e.b_id]++;
        pairs.emplace_back(e.a_id, e.b_id);
      },
      err);
  if (!ok) return false;
  out->present = static_cast<int64_t>(here.size());
  // The event's hours: from the first encounter to now (while the event is
  // on), with the quiet hours between; at most the last 12.
  if (!hours.empty()) {
    const std::time_t now = std::time(nullptr), this_hour = now - now % 3600;
    std::time_t last = hours.rbegin()->first;
    if (this_hour > last && this_hour - last < 12 * 3600) last = this_hour;
    std::time_t first = std::max(hours.begin()->first, last - 11 * 3600);
    for (std::time_t t = first; t <= last; t += 3600) {
      std::tm local{};
      localtime_r(&t, &local);
      char label[8];
      std::strftime(label, sizeof label, "%H:00", &local);
      auto it = hours.find(t);
      out->per_hour.emplace_back(label, it == hours.end() ? 0 : it->second);
    }
  }
  std::vector<std::pair<std::string, int>> ranked(passions.begin(), passions.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  ranked.resize(std::min<size_t>(ranked.size(), 8));
  for (auto& [group, count] : ranked) group = recorded.Label(group, lang);
  out->top_passions = std::move(ranked);
  // The most connected people and the encounters among them.
  std::vector<std::pair<std::string, int>> by_degree(degree.begin(), degree.end());
  std::sort(by_degree.begin(), by_degree.end(),
            [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  by_degree.resize(std::min<size_t>(by_degree.size(), 30));
  std::unordered_map<std::string, int> index;
  for (const auto& [id, d] : by_degree) {
    index[id] = static_cast<int>(out->people.size());
    out->people.push_back(names.count(id) ? names[id] : id);
  }
  for (const auto& [a, b] : pairs) {
    auto ia = index.find(a), ib = index.find(b);
    if (ia != index.end() && ib != index.end()) out->met.emplace_back(ia->second, ib->second);
  }
  return true;
}

}  // namespace kindred
