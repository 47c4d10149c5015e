#include "event/room.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/utc_time.h"
#include "event/consent.h"

namespace kindred {

namespace {

constexpr size_t kTop = 6, kRising = 3, kRecent = 5;

// Most first; ties in the order of their labels, so the wall does not shuffle.
std::vector<std::pair<std::string, int>> Ranked(std::vector<std::pair<std::string, int>> v, size_t most) {
  std::stable_sort(v.begin(), v.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  v.resize(std::min(v.size(), most));
  return v;
}

}  // namespace

std::string RecordedPassions::FirstWord(const std::string& recorded) { return recorded.substr(0, recorded.find(" / ")); }

const std::string& RecordedPassions::GroupOf(const std::string& recorded) {
  auto [it, fresh] = group_of_.emplace(recorded, "");
  if (fresh) {
    const std::string first = FirstWord(recorded);
    it->second = matcher_.GroupOf(first);
    if (!it->second.empty()) first_.emplace(it->second, first);
  }
  return it->second;
}

std::string RecordedPassions::Label(const std::string& group, const std::string& lang) const {
  std::string label = matcher_.GroupLabel(group, lang);
  if (label.empty()) {
    auto it = first_.find(group);
    if (it != first_.end()) label = it->second;
  }
  return label;
}

bool ComputeRoom(EventDb& db, const Matcher& matcher, const std::string& lang, int64_t now_s, RoomStats* out,
                 std::string* err) {
  *out = {};
  std::vector<Attendee> roster;
  if (!db.LoadAttendees(&roster, err)) return false;
  std::unordered_map<std::string, const Attendee*> by_id;
  for (const Attendee& a : roster) by_id[a.badge_id] = &a;
  const std::string hour_ago = FormatUtc(now_s - 3600);
  struct Tally {
    int all = 0, last_hour = 0;
  };
  std::map<std::string, Tally> groups;  // group -> encounters sharing it
  RecordedPassions passions(matcher);
  std::unordered_set<std::string> people;
  std::vector<Encounter> kept;  // the encounters the wall may name, for `recent`
  auto newest_first = [](const Encounter& x, const Encounter& y) { return x.met_at > y.met_at; };
  bool ok = db.ForEachEncounter(
      [&](const Encounter& e) {
        ++out->conversations;
        const bool recent = e.met_at >= hour_ago;
        out->last_hour += recent;
        people.insert(e.a_id);
        people.insert(e.b_id);
        std::unordered_set<std::string> seen;  // each group once per encounter
        for (const std::string& p : e.shared) {
          const std::string& g = passions.GroupOf(p);
          if (g.empty() || !seen.insert(g).second) continue;
          Tally& t = groups[g];
          ++t.all;
          t.last_hour += recent;
        }
        auto a = by_id.find(e.a_id), b = by_id.find(e.b_id);
        if (a != by_id.end() && b != by_id.end() && ShownOnWall(*a->second) && ShownOnWall(*b->second)) {
          kept.push_back(e);
          // Only the newest few are shown: keep the list short as it grows.
          if (kept.size() > 4 * kRecent) {
            std::sort(kept.begin(), kept.end(), newest_first);
            kept.resize(kRecent);
          }
        }
      },
      err);
  if (!ok) return false;
  out->people = static_cast<int64_t>(people.size());
  std::vector<std::pair<std::string, int>> all, rising;
  for (const auto& [g, t] : groups) {
    all.emplace_back(passions.Label(g, lang), t.all);
    // Rising: shared at least twice in the last hour, and in more of the
    // last hour's conversations than of all of them.
    if (t.last_hour >= 2 && out->last_hour < out->conversations &&
        static_cast<double>(t.last_hour) / out->last_hour > static_cast<double>(t.all) / out->conversations)
      rising.emplace_back(passions.Label(g, lang), t.last_hour);
  }
  out->top = Ranked(std::move(all), kTop);
  out->rising = Ranked(std::move(rising), kRising);
  std::sort(kept.begin(), kept.end(), newest_first);
  kept.resize(std::min(kept.size(), kRecent));
  for (const Encounter& e : kept) {
    RoomMeeting m;
    m.a = FirstName(by_id[e.a_id]->name);
    m.b = FirstName(by_id[e.b_id]->name);
    m.met_at = e.met_at;
    if (!e.shared.empty()) {
      const std::string& g = passions.GroupOf(e.shared[0]);
      m.passion = g.empty() ? RecordedPassions::FirstWord(e.shared[0]) : passions.Label(g, lang);
    }
    out->recent.push_back(std::move(m));
  }
  return true;
}

}  // namespace kindred
