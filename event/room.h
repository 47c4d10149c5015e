// What the room is doing, for the wall on the venue's projector
// (`kindred serve`'s /wall): how many conversations so far and in the last
// hour, how many people took part, the passions people share most and those
// rising now, and the latest "Maya and José met over urban beekeeping" —
// named only when both agreed (event/consent.h: ShownOnWall).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "match/matcher.h"
#include "storage/event_db.h"

namespace kindred {

// Passions as encounters recorded them (match/shared.h, ForTheRecord) read
// back by group: "Radfahren" and "cycling" are one, and so is "Segeln /
// セーリング" (each person's word). The organiser's dashboard and the wall
// both count through it.
class RecordedPassions {
 public:
  // REQUIRES: `matcher` outlives this.
  explicit RecordedPassions(const Matcher& matcher) : matcher_(matcher) {}
  // The group of a passion as recorded; "" when the matcher knows none.
  const std::string& GroupOf(const std::string& recorded);
  // `group`'s name for readers of `lang`; when nobody holds it any more, as
  // it was first recorded. REQUIRES: `group` came from GroupOf.
  std::string Label(const std::string& group, const std::string& lang) const;
  // The first person's word of a recorded passion ("Segeln" of "Segeln / セーリング").
  static std::string FirstWord(const std::string& recorded);

 private:
  const Matcher& matcher_;
  std::unordered_map<std::string, std::string> group_of_;  // as recorded -> group
  std::unordered_map<std::string, std::string> first_;     // group -> its first word as first recorded
};

struct RoomMeeting {
  std::string a, b;     // first names
  std::string passion;  // one they share, in the wall's language; "" when none was found
  std::string met_at;   // UTC, ISO 8601
};

struct RoomStats {
  int64_t conversations = 0;  // encounters saved so far
  int64_t last_hour = 0;      // ... in the hour before `now`
  int64_t people = 0;         // people who met someone
  std::vector<std::pair<std::string, int>> top;     // the most shared passions, up to 6: label, encounters
  std::vector<std::pair<std::string, int>> rising;  // shared more in the last hour than their share so far, up to 3
  std::vector<RoomMeeting> recent;                  // the latest encounters of two people the wall may name,
                                                    // newest first, up to 5
};

// Reads the room from `db` at `now_s` (seconds since the epoch); passions
// counted by group (`matcher`: "Radfahren" and "cycling" are one) and named
// for readers of `lang`. False and *err when the database fails.
bool ComputeRoom(EventDb& db, const Matcher& matcher, const std::string& lang, int64_t now_s, RoomStats* out,
                 std::string* err);

}  // namespace kindred
