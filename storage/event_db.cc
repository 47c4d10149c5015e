#include "storage/event_db.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "common/utc_time.h"
#include "storage/event_db_internal.h"
#include "storage/sqlite_stmt.h"
#include "storage/tables.h"

namespace kindred {

namespace {

// Adds the items of `more` that `list` lacks, keeping order.
void MergeList(std::vector<std::string>* list, const std::vector<std::string>& more) {
  for (const std::string& item : more)
    if (std::find(list->begin(), list->end(), item) == list->end()) list->push_back(item);
}

}  // namespace

bool EventDb::UpsertAttendees(const std::vector<Attendee>& attendees, UpsertCounts* counts,
                              std::string* err) {
  size_t i = 0;
  return UpsertAttendeeStream(
      [&](const Attendee** a) {
        if (i == attendees.size()) return false;
        *a = &attendees[i++];
        return true;
      },
      [] { return true; }, counts, err);
}

bool EventDb::UpsertAttendeeStream(const std::function<bool(const Attendee**)>& next,
                                   const std::function<bool()>& commit, UpsertCounts* counts,
                                   std::string* err) {
  *counts = {};
  int64_t before = 0, after = 0, written = 0;
  if (!Exec("BEGIN IMMEDIATE", err)) return false;
  Stmt upsert(db_,
              "INSERT INTO attendee(badge_id, name, email, company, title, field, stage, passions, "
              "offers, seeking, consent, opt_out, updated_at, checked_in, walk_in, language, name_latin) "
              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
              "ON CONFLICT(badge_id) DO UPDATE SET name=excluded.name, email=excluded.email, "
              "company=excluded.company, title=excluded.title, field=excluded.field, "
              "stage=excluded.stage, passions=excluded.passions, offers=excluded.offers, "
              "seeking=excluded.seeking, consent=excluded.consent, opt_out=excluded.opt_out, "
              "updated_at=excluded.updated_at, language=excluded.language, name_latin=excluded.name_latin, "
              "checked_in=max(attendee.checked_in, excluded.checked_in), "
              "walk_in=min(attendee.walk_in, excluded.walk_in)");
  std::unordered_set<std::string> tombstones;
  std::string secret;
  bool ok = upsert.ok() && CountAttendees(&before, err) && Tombstones(&tombstones, &secret, err);
  if (!upsert.ok()) *err = upsert.Error();
  Stmt unforget(db_, "DELETE FROM forgotten WHERE key = ?1");
  const std::string now = Stamp();
  const Attendee* a = nullptr;
  while (ok && next(&a)) {
    // Someone who asked to be forgotten stays forgotten, unless the organiser says so.
    if (const std::string key = tombstones.empty() ? "" : KeyWithSecret(secret, a->badge_id);
        tombstones.count(key)) {
      if (!import_forgotten_) {
        ++counts->forgotten;
        continue;
      }
      ok = unforget.ok() && unforget.Bind(1, key).Step() == SQLITE_DONE;
      unforget.Reset();
      if (!ok) *err = unforget.Error();
      counts->unforgotten.push_back(key);
    }
    upsert.Bind(1, a->badge_id).Bind(2, a->name).Bind(3, a->email).Bind(4, a->company);
    upsert.Bind(5, a->title).Bind(6, a->field).Bind(7, a->stage).Bind(8, JoinList(a->passions));
    upsert.Bind(9, JoinList(a->offers)).Bind(10, JoinList(a->seeking)).Bind(11, a->consent);
    upsert.Bind(12, a->opt_out).Bind(13, now).Bind(14, a->checked_in).Bind(15, a->walk_in).Bind(16, a->language);
    upsert.Bind(17, a->name_latin);
    if (upsert.Step() != SQLITE_DONE) {
      *err = "attendee " + a->badge_id + ": " + upsert.Error();
      ok = false;
    }
    upsert.Reset();
    ++written;
  }
  // New rows are the growth in count; every other row updated one.
  if (ok) ok = CountAttendees(&after, err);
  if (ok && !commit()) {
    ok = false;
    *err = "nothing imported";
  }
  std::string ignored;
  if (ok && !Exec("COMMIT", err)) ok = false;
  if (!ok) {
    Exec("ROLLBACK", &ignored);
    return false;
  }
  counts->inserted = static_cast<int>(after - before);
  counts->updated = static_cast<int>(written) - counts->inserted;
  return true;
}

Lookup EventDb::FindAttendee(const std::string& badge_id, Attendee* out, std::string* err) {
  Stmt s(db_, "SELECT " + AttendeeColumns() + " FROM attendee WHERE badge_id = ?1");
  if (s.ok()) s.Bind(1, badge_id);
  return LookupOne(s, [out](const Stmt& row) { *out = ReadAttendee(row); }, err);
}

bool EventDb::LoadAttendees(std::vector<Attendee>* out, std::string* err) {
  out->clear();
  // The pseudonyms of people who asked to be forgotten are nobody to list.
  Stmt s(db_, "SELECT " + AttendeeColumns() + " FROM attendee WHERE badge_id NOT LIKE 'forgotten-%' ORDER BY badge_id");
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out->push_back(ReadAttendee(s));
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

bool EventDb::ForEachAttendeeName(
    const std::function<void(const std::string&, const std::string&, bool)>& fn, std::string* err) {
  Stmt s(db_, "SELECT badge_id, name, walk_in FROM attendee WHERE badge_id NOT LIKE 'forgotten-%'");
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) fn(s.Text(0), s.Text(1), s.Int(2) != 0);
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

bool EventDb::SearchAttendees(const std::string& text, int limit, std::vector<Attendee>* out,
                              std::string* err) {
  out->clear();
  Stmt s(db_, "SELECT " + AttendeeColumns() +
              " FROM attendee WHERE badge_id NOT LIKE 'forgotten-%' AND (instr(lower(name), lower(?1)) > 0"
              " OR instr(lower(name_latin), lower(?1)) > 0 OR lower(badge_id) = lower(?1))"
              " ORDER BY lower(badge_id) <> lower(?1),"
              " NOT (instr(lower(name), lower(?1)) = 1 OR instr(lower(name_latin), lower(?1)) = 1), name LIMIT ?2");
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  s.Bind(1, text).Bind(2, static_cast<int64_t>(limit));
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out->push_back(ReadAttendee(s));
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

namespace {

// Runs `s`, an UPDATE of one attendee's row; false and *err when it failed
// or there is no attendee `badge_id`.
bool UpdateOneAttendee(sqlite3* db, Stmt& s, const std::string& badge_id, std::string* err) {
  if (!s.ok() || s.Step() != SQLITE_DONE) {
    *err = s.Error();
    return false;
  }
  if (sqlite3_changes(db) == 0) {
    *err = "no attendee with badge " + badge_id;
    return false;
  }
  return true;
}

}  // namespace

bool EventDb::SetPassions(const std::string& badge_id, const std::vector<std::string>& passions,
                          std::string* err) {
  Stmt s(db_, "UPDATE attendee SET passions = ?2, updated_at = ?3 WHERE badge_id = ?1");
  if (s.ok()) s.Bind(1, badge_id).Bind(2, JoinList(passions)).Bind(3, Stamp());
  return UpdateOneAttendee(db_, s, badge_id, err);
}

bool EventDb::SetProfile(const std::string& badge_id, const std::vector<std::string>& passions,
                         const std::vector<std::string>& offers, const std::vector<std::string>& seeking,
                         std::string* err) {
  Stmt s(db_, "UPDATE attendee SET passions = ?2, offers = ?3, seeking = ?4, updated_at = ?5 WHERE badge_id = ?1");
  if (s.ok())
    s.Bind(1, badge_id).Bind(2, JoinList(passions)).Bind(3, JoinList(offers)).Bind(4, JoinList(seeking)).Bind(5, Stamp());
  return UpdateOneAttendee(db_, s, badge_id, err);
}

bool EventDb::MarkSeen(const std::string& badge_id, const std::string& kiosk_id, std::string* err) {
  // Presence only orders suggestions: never wait for another writer for it.
  sqlite3_busy_timeout(db_, 0);
  // Two kiosks seeing someone within the same second: the greater kiosk name
  // wins everywhere (as in the merge), so every copy agrees.
  Stmt s(db_,
         "UPDATE attendee SET last_seen_kiosk = iif((?2, ?3) > (last_seen_at, last_seen_kiosk), ?3, last_seen_kiosk), "
         "last_seen_at = max(last_seen_at, ?2) WHERE badge_id = ?1");
  bool ok = s.ok();
  if (ok) {
    s.Bind(1, badge_id).Bind(2, UtcNow()).Bind(3, kiosk_id);
    ok = s.Step() == SQLITE_DONE;
  }
  if (!ok) *err = s.Error();
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  return ok;
}

bool EventDb::RecordSuggestionsShown(const std::string& viewer_id, const std::string& kiosk_id,
                                     const std::vector<ShownSuggestion>& shown, std::string* err) {
  return RecordSuggestionsShown({{viewer_id, shown}}, kiosk_id, err);
}

bool EventDb::RecordSuggestionsShown(const std::vector<ShownTo>& batch, const std::string& kiosk_id,
                                     std::string* err) {
  if (std::all_of(batch.begin(), batch.end(), [](const ShownTo& one) { return one.shown.empty(); })) return true;
  if (!Exec("BEGIN IMMEDIATE", err)) return false;
  const std::string now = UtcNowMillis();
  bool ok = true;
  for (const ShownTo& viewer : batch) {
    for (const ShownSuggestion& one : viewer.shown) {
      Stmt s(db_,
             "INSERT INTO suggestion_shown(id, shown_at, kiosk_id, viewer_id, suggested_id, shared) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      ok = s.ok();
      if (ok) {
        s.Bind(1, NewUuid()).Bind(2, now).Bind(3, kiosk_id).Bind(4, viewer.viewer_id).Bind(5, one.suggested_id)
            .Bind(6, one.shared);
        ok = s.Step() == SQLITE_DONE;
      }
      if (!ok) {
        *err = s.Error();
        break;
      }
    }
    if (!ok) break;
  }
  if (ok) return Exec("COMMIT", err);
  std::string ignored;
  Exec("ROLLBACK", &ignored);
  return false;
}

bool EventDb::CountSuggestionsSince(const std::string& since, std::vector<std::pair<std::string, int64_t>>* out,
                                    std::string* err) {
  out->clear();
  Stmt s(db_,
         "SELECT suggested_id, count(*) FROM suggestion_shown WHERE shown_at >= ?1 GROUP BY suggested_id");
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  s.Bind(1, since);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out->emplace_back(s.Text(0), s.Int(1));
  if (rc != SQLITE_DONE) {
    *err = s.Error();
    return false;
  }
  return true;
}

Lookup EventDb::LastShownTo(const std::string& viewer_id, const std::string& since, std::vector<std::string>* ids,
                            std::string* err) {
  ids->clear();
  Stmt s(db_,
         "SELECT suggested_id FROM suggestion_shown WHERE viewer_id = ?1 AND shown_at = "
         "(SELECT max(shown_at) FROM suggestion_shown WHERE viewer_id = ?1 AND shown_at >= ?2) ORDER BY rowid");
  if (!s.ok()) {
    *err = s.Error();
    return Lookup::kError;
  }
  s.Bind(1, viewer_id).Bind(2, since);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) ids->push_back(s.Text(0));
  if (rc != SQLITE_DONE) {
    *err = s.Error();
    return Lookup::kError;
  }
  return ids->empty() ? Lookup::kNotFound : Lookup::kFound;
}

Lookup EventDb::FindSeeker(const std::string& badge_id, const std::string& since, Seeker* out, std::string* err) {
  Stmt s(db_,
         "SELECT s.viewer_id, a.name, s.shared, s.shown_at, s.kiosk_id, a.last_seen_at, a.last_seen_kiosk "
         "FROM suggestion_shown s JOIN attendee a ON a.badge_id = s.viewer_id "
         "WHERE s.suggested_id = ?1 AND s.shown_at >= ?2 AND s.viewer_id <> ?1 AND NOT EXISTS ("
         "  SELECT 1 FROM encounter e WHERE e.a_id = min(?1, s.viewer_id) AND e.b_id = max(?1, s.viewer_id)) "
         "ORDER BY s.shown_at DESC, s.rowid DESC LIMIT 1");
  if (!s.ok()) {
    *err = s.Error();
    return Lookup::kError;
  }
  s.Bind(1, badge_id).Bind(2, since);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return Lookup::kNotFound;
  if (rc != SQLITE_ROW) {
    *err = s.Error();
    return Lookup::kError;
  }
  out->id = s.Text(0);
  out->name = s.Text(1);
  out->shared = s.Text(2);
  out->shown_at = s.Text(3);
  // Where they were last seen: their latest scan, else where they were shown.
  // Scans are stamped to the second and suggestions to the millisecond: compare
  // seconds, and a scan in the same second as the suggestion wins.
  const std::string seen = s.Text(5), shown = s.Text(3);
  const bool scan_wins = !seen.empty() && !s.Text(6).empty() && seen.substr(0, 19) >= shown.substr(0, 19);
  out->last_seen_at = scan_wins ? seen : shown;
  out->last_seen_kiosk = scan_wins ? s.Text(6) : s.Text(4);
  return Lookup::kFound;
}

bool EventDb::SaveEncounter(Encounter* e, int64_t merge_window_s, std::string* err, bool* met_before) {
  if (e->a_id == e->b_id) {
    *err = "the same badge was scanned twice; scan the other person's badge";
    return false;
  }
  if (e->b_id < e->a_id) std::swap(e->a_id, e->b_id);
  {
    // Both on the roster (consent is the roster's, copied for older readers),
    // and whether this pair met before: one look.
    Stmt who(db_,
             "SELECT badge_id, consent, EXISTS (SELECT 1 FROM encounter WHERE a_id = ?1 AND b_id = ?2) "
             "FROM attendee WHERE badge_id IN (?1, ?2)");
    if (!who.ok()) {
      *err = who.Error();
      return false;
    }
    who.Bind(1, e->a_id).Bind(2, e->b_id);
    int rc, found = 0;
    while ((rc = who.Step()) == SQLITE_ROW) {
      ++found;
      (who.Text(0) == e->a_id ? e->consent_a : e->consent_b) = who.Int(1) != 0;
      if (met_before) *met_before = who.Int(2) != 0;
    }
    if (rc != SQLITE_DONE) {
      *err = who.Error();
      return false;
    }
    if (found < 2) {
      Attendee known;
      const std::string& missing = FindAttendee(e->a_id, &known, err) == Lookup::kFound ? e->b_id : e->a_id;
      *err = "badge " + missing + " is not in the roster";
      return false;
    }
  }
  const std::string now = Stamp();
  if (e->met_at.empty()) e->met_at = UtcNow();
  int64_t met = ParseUtcSeconds(e->met_at);
  if (met < 0) {
    *err = "malformed meeting time '" + e->met_at + "'";
    return false;
  }

  std::string ignored;
  if (!Exec("BEGIN IMMEDIATE", err)) {
    *err = "encounter not saved: " + *err;
    return false;
  }
  bool ok = true;
  // Only an encounter this kiosk recorded is added to: on a hub, each
  // kiosk may change only its own (another's arrives as a row of its own).
  Stmt find(db_, "SELECT " + EncounterColumns() +
                 " FROM encounter WHERE a_id = ?1 AND b_id = ?2 AND met_at >= ?3 AND kiosk_id = ?4"
                 " ORDER BY met_at DESC LIMIT 1");
  ok = find.ok();
  if (ok) find.Bind(1, e->a_id).Bind(2, e->b_id).Bind(3, FormatUtc(met - merge_window_s)).Bind(4, e->kiosk_id);
  int rc = ok ? find.Step() : SQLITE_ERROR;
  if (rc == SQLITE_ROW) {
    Encounter old = ReadEncounter(find);
    e->id = old.id;
    e->met_at = old.met_at;
    MergeList(&old.intents, e->intents);
    e->intents = old.intents;
    if (e->note.empty()) e->note = old.note;
    if (e->shared.empty()) e->shared = old.shared;
    if (e->starter.empty()) e->starter = old.starter;
    Stmt up(db_,
            "UPDATE encounter SET updated_at=?2, kiosk_id=?3, shared=?4, starter=?5, intents=?6, "
            "note=?7, consent_a=?8, consent_b=?9 WHERE id=?1");
    up.Bind(1, e->id).Bind(2, now).Bind(3, e->kiosk_id).Bind(4, JoinList(e->shared));
    up.Bind(5, e->starter).Bind(6, JoinList(e->intents)).Bind(7, e->note);
    up.Bind(8, e->consent_a).Bind(9, e->consent_b);
    ok = up.ok() && up.Step() == SQLITE_DONE;
    if (!ok) *err = up.Error();
  } else if (rc == SQLITE_DONE) {
    if (e->id.empty()) e->id = NewUuid();
    Stmt ins(db_,
             "INSERT INTO encounter(id, a_id, b_id, met_at, updated_at, kiosk_id, shared, starter, "
             "intents, note, consent_a, consent_b) "
             "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    ins.Bind(1, e->id).Bind(2, e->a_id).Bind(3, e->b_id).Bind(4, e->met_at).Bind(5, now);
    ins.Bind(6, e->kiosk_id).Bind(7, JoinList(e->shared)).Bind(8, e->starter);
    ins.Bind(9, JoinList(e->intents)).Bind(10, e->note).Bind(11, e->consent_a);
    ins.Bind(12, e->consent_b);
    ok = ins.ok() && ins.Step() == SQLITE_DONE;
    if (!ok) *err = ins.Error();
  } else {
    ok = false;
    *err = find.Error();
  }
  if (ok && !Exec("COMMIT", err)) ok = false;
  if (!ok) {
    Exec("ROLLBACK", &ignored);
    *err = "encounter not saved: " + *err;
  }
  return ok;
}

Lookup EventDb::SetFollowUp(const std::string& encounter_id, const std::string& by,
                            const std::vector<std::string>& intents, const std::string& note, std::string* err) {
  Stmt s(db_,
         "UPDATE encounter SET intents = ?3, note = ?4, updated_at = ?5 WHERE id = ?1 AND (a_id = ?2 OR b_id = ?2) "
         "AND a_id NOT LIKE 'forgotten-%' AND b_id NOT LIKE 'forgotten-%'");
  if (!s.ok() || s.Bind(1, encounter_id).Bind(2, by).Bind(3, JoinList(intents)).Bind(4, note).Bind(5, Stamp()).Step() !=
                     SQLITE_DONE) {
    *err = s.Error();
    return Lookup::kError;
  }
  return sqlite3_changes(db_) == 1 ? Lookup::kFound : Lookup::kNotFound;
}

Lookup EventDb::HaveMet(const std::string& a, const std::string& b, std::string* err) {
  Stmt s(db_, "SELECT 1 FROM encounter WHERE a_id = ?1 AND b_id = ?2 LIMIT 1");
  if (s.ok()) s.Bind(1, a < b ? a : b).Bind(2, a < b ? b : a);
  return LookupOne(s, [](const Stmt&) {}, err);
}

bool EventDb::ForEachEncounter(const std::function<void(const Encounter&)>& fn, std::string* err) {
  Stmt s(db_, "SELECT " + EncounterColumns() + " FROM encounter ORDER BY met_at, id");
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) fn(ReadEncounter(s));
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

bool EventDb::LoadEncounters(std::vector<Encounter>* out, std::string* err) {
  out->clear();
  return ForEachEncounter([out](const Encounter& e) { out->push_back(e); }, err);
}

bool EventDb::EncountersOf(const std::string& badge_id, std::vector<Encounter>* out, std::string* err) {
  out->clear();
  // Two indexed lookups (a_id leads encounter_pair, b_id has its own index).
  Stmt s(db_, "SELECT " + EncounterColumns() + " FROM encounter WHERE a_id = ?1 UNION ALL SELECT " +
                  EncounterColumns() + " FROM encounter WHERE b_id = ?1 ORDER BY 4, 1");
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  s.Bind(1, badge_id);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out->push_back(ReadEncounter(s));
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

Lookup EventDb::GetSetting(const std::string& key, std::string* value, std::string* err) {
  Stmt s(db_, "SELECT value FROM setting WHERE key = ?1");
  if (s.ok()) s.Bind(1, key);
  return LookupOne(s, [value](const Stmt& row) { *value = row.Text(0); }, err);
}

bool EventDb::SetSetting(const std::string& key, const std::string& value, std::string* err) {
  Stmt s(db_, "INSERT INTO setting(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!s.ok() || s.Bind(1, key).Bind(2, value).Step() != SQLITE_DONE) {
    *err = s.Error();
    return false;
  }
  return true;
}

Lookup EventDb::NewestChange(std::string* iso, std::string* err) {
  Stmt s(db_,
         "SELECT coalesce(max(t), '') FROM (SELECT max(updated_at) AS t FROM attendee "
         "UNION ALL SELECT max(updated_at) FROM encounter UNION ALL SELECT max(shown_at) FROM suggestion_shown)");
  const Lookup found = LookupOne(s, [iso](const Stmt& row) { *iso = row.Text(0); }, err);
  return found == Lookup::kFound && iso->empty() ? Lookup::kNotFound : found;
}

bool EventDb::CountAttendees(int64_t* count, std::string* err) {
  return CountRows(db_, "SELECT count(*) FROM attendee WHERE badge_id NOT LIKE 'forgotten-%'", count, err);
}

bool EventDb::CountEncounters(int64_t* count, std::string* err) {
  return CountRows(db_, "SELECT count(*) FROM encounter", count, err);
}

bool EventDb::ReadChangeMarks(ChangeMarks* out, std::string* err) {
  Stmt s(db_,
         "SELECT (SELECT coalesce(max(updated_at), '') || '/' || count(*) FROM attendee) || '/' || "
         "(SELECT count(*) FROM forgotten), "
         "(SELECT coalesce(max(updated_at), '') || '/' || count(*) FROM encounter), "
         "(SELECT coalesce(max(last_seen_at), '') FROM attendee)");
  return LookupOne(s, [out](const Stmt& row) { *out = {row.Text(0), row.Text(1), row.Text(2)}; }, err) ==
         Lookup::kFound;
}

bool EventDb::ForEachSeenSince(const std::string& since,
                               const std::function<void(const std::string& badge_id, const std::string& at)>& fn,
                               std::string* err) {
  Stmt s(db_, "SELECT badge_id, last_seen_at FROM attendee WHERE last_seen_at > ?1");
  s.Bind(1, since);
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) fn(s.Text(0), s.Text(1));
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

}  // namespace kindred
