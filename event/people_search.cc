#include "event/people_search.h"

#include <algorithm>

#include "common/utf8.h"
#include "i18n/latin.h"

namespace kindred {

namespace {

// Whether every word of `query`'s skeleton starts a word of `name`'s.
bool SkeletonMatches(const std::string& query, const std::string& name) {
  const std::string q = i18n::ConsonantSkeleton(query);
  const std::string n = std::string(" ").append(i18n::ConsonantSkeleton(name));  // appended: GCC 12 warns falsely on " " + s
  if (q.size() < 2) return false;
  size_t from = 0;
  while (from < q.size()) {
    const size_t space = q.find(' ', from);
    const std::string word = q.substr(from, space == std::string::npos ? std::string::npos : space - from);
    if (!word.empty() && n.find(" " + word) == std::string::npos) return false;
    if (space == std::string::npos) break;
    from = space + 1;
  }
  return true;
}

// Whether `name` is written in an alphabet whose Latin spelling is one of
// several (Greek Ελένη: "eleni" or "elene"; Cyrillic; Hebrew and Arabic,
// which write few vowels): such names are also found by their consonants.
bool SpelledManyWays(const std::string& name) {
  for (size_t pos = 0; pos < name.size();) {
    const uint32_t cp = NextCodePoint(name, &pos);
    if (cp >= 0x0370 && cp <= 0x08FF) return true;
  }
  return false;
}

void AddUnlisted(std::vector<Attendee> more, int limit, std::vector<Attendee>* out) {
  for (Attendee& a : more) {
    if (static_cast<int>(out->size()) >= limit) return;
    if (std::none_of(out->begin(), out->end(), [&](const Attendee& b) { return b.badge_id == a.badge_id; }))
      out->push_back(std::move(a));
  }
}

}  // namespace

bool FindPeople(EventDb& db, const std::string& text, int limit, std::vector<Attendee>* out, std::string* err) {
  if (!db.SearchAttendees(text, limit, out, err)) return false;
  // Typed with accents or capitals SQLite cannot fold ("ÁLVAREZ"): by its
  // Latin spelling too.
  if (const std::string latin = i18n::LatinSpelling(text); !latin.empty() && latin != text) {
    std::vector<Attendee> more;
    if (!db.SearchAttendees(latin, limit, &more, err)) return false;
    AddUnlisted(std::move(more), limit, out);
  }
  if (static_cast<int>(out->size()) >= limit || text.size() < 3) return true;
  std::vector<std::string> more;
  if (!db.ForEachAttendeeName(
          [&](const std::string& id, const std::string& name, bool) {
            if (!SpelledManyWays(name)) return;
            if (std::any_of(out->begin(), out->end(), [&](const Attendee& a) { return a.badge_id == id; })) return;
            if (SkeletonMatches(text, i18n::LatinSpelling(name))) more.push_back(id);
          },
          err))
    return false;
  for (const std::string& id : more) {
    if (static_cast<int>(out->size()) >= limit) break;
    Attendee a;
    if (db.FindAttendee(id, &a, err) == Lookup::kFound) out->push_back(std::move(a));
  }
  return true;
}

std::string SearchLabel(const Attendee& a) {
  if (a.name_latin.empty() || i18n::LatinSpelling(a.name).empty()) return a.name;
  // A name in Latin letters, accents and all ("José"), needs no second spelling.
  bool latin = IsValidUtf8(a.name);
  for (size_t pos = 0; latin && pos < a.name.size();) {
    const uint32_t cp = NextCodePoint(a.name, &pos);
    latin = cp < 0x0250 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2000 && cp <= 0x206F);
  }
  return latin ? a.name : a.name + " (" + a.name_latin + ")";
}

void AddLatinSpelling(Attendee* a) {
  if (a->name_latin.empty()) a->name_latin = i18n::LatinSpelling(a->name);
}

}  // namespace kindred
