#include "storage/event_db.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <unordered_set>

#include "storage/sqlite_stmt.h"

namespace kindred {

namespace {

// Another writer (a backup, the CLI): wait this long, then say so.
constexpr int kBusyTimeoutMs = 2000;

// 'KIND': marks a SQLite file as a Kindred event database.
constexpr int kApplicationId = 0x4B494E44;

// Migrations, indexed by the version they lead to (kMigrations[0] makes v1).
// Never edit a released step: add a new one and bump kSchemaVersion.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE attendee(
  badge_id   TEXT PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  email      TEXT NOT NULL DEFAULT '',
  company    TEXT NOT NULL DEFAULT '',
  title      TEXT NOT NULL DEFAULT '',
  field      TEXT NOT NULL DEFAULT '',
  stage      TEXT NOT NULL DEFAULT '',
  passions   TEXT NOT NULL DEFAULT '',
  offers     TEXT NOT NULL DEFAULT '',
  seeking    TEXT NOT NULL DEFAULT '',
  consent    INTEGER NOT NULL DEFAULT 0,
  opt_out    INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE TABLE encounter(
  id         TEXT PRIMARY KEY NOT NULL,
  a_id       TEXT NOT NULL REFERENCES attendee(badge_id) ON UPDATE CASCADE,
  b_id       TEXT NOT NULL REFERENCES attendee(badge_id) ON UPDATE CASCADE,
  met_at     TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  kiosk_id   TEXT NOT NULL DEFAULT '',
  shared     TEXT NOT NULL DEFAULT '',
  starter    TEXT NOT NULL DEFAULT '',
  intents    TEXT NOT NULL DEFAULT '',
  note       TEXT NOT NULL DEFAULT '',
  consent_a  INTEGER NOT NULL DEFAULT 0,
  consent_b  INTEGER NOT NULL DEFAULT 0,
  CHECK (a_id < b_id)
);
CREATE INDEX encounter_pair ON encounter(a_id, b_id, met_at);
CREATE INDEX encounter_b ON encounter(b_id);
)sql",
    // v2: who is at the event now, for suggestions (checked in, or scanned today).
    R"sql(
ALTER TABLE attendee ADD COLUMN checked_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attendee ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
)sql",
    // v3: encounters in time order without sorting them (exports of a million).
    R"sql(
CREATE INDEX encounter_time ON encounter(met_at, id);
)sql",
    // v4: event-wide settings (the badge signing key).
    R"sql(
CREATE TABLE setting(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
)sql",
    // v5: every suggestion a kiosk showed (exposure, "someone is looking for
    // you"), which kiosk saw each person last, and people who joined at a
    // kiosk (walk-ins).
    R"sql(
ALTER TABLE attendee ADD COLUMN last_seen_kiosk TEXT NOT NULL DEFAULT '';
ALTER TABLE attendee ADD COLUMN walk_in INTEGER NOT NULL DEFAULT 0;
CREATE TABLE suggestion_shown(
  id           TEXT PRIMARY KEY NOT NULL,
  shown_at     TEXT NOT NULL,
  kiosk_id     TEXT NOT NULL DEFAULT '',
  viewer_id    TEXT NOT NULL,
  suggested_id TEXT NOT NULL,
  shared       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX suggestion_shown_suggested ON suggestion_shown(suggested_id, shown_at);
CREATE INDEX suggestion_shown_time ON suggestion_shown(shown_at);
)sql",
    // v6: the follow-up e-mail journal (kindred send): per attendee, what the
    // mail server has accepted, so a rerun sends nobody a message twice.
    R"sql(
CREATE TABLE send_journal(
  badge_id   TEXT PRIMARY KEY NOT NULL,
  recipient  TEXT NOT NULL,
  message_id TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  reply      TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
)sql",
    // v7: several kiosks, one live event (sync/). Changes made here wait in
    // sync_outbox until a hub has them; changes a hub refused are set aside
    // with the reason. The triggers that fill the outbox, and the indexes
    // that keep stamps from going back in time, are added by
    // EnableHubOutbox: a kiosk without a hub pays nothing for them.
    R"sql(
CREATE TABLE sync_outbox(
  id   INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  key  TEXT NOT NULL
);
CREATE TABLE sync_rejected(
  id     INTEGER PRIMARY KEY,
  kind   TEXT NOT NULL,
  key    TEXT NOT NULL,
  reason TEXT NOT NULL,
  at     TEXT NOT NULL
);
)sql",
    // v8: personal data with an end. People who asked to be forgotten, only
    // as a keyed hash of their badge ID, so that no import or kiosk brings
    // them back; and, once the event is shredded, what names nobody.
    R"sql(
CREATE TABLE forgotten(
  key          TEXT PRIMARY KEY NOT NULL,
  forgotten_at TEXT NOT NULL
);
CREATE TABLE event_summary(
  kind  TEXT NOT NULL,
  label TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (kind, label)
);
)sql",
    // v9: each person served in their own language ("" for the event's).
    R"sql(
ALTER TABLE attendee ADD COLUMN language TEXT NOT NULL DEFAULT '';
)sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

bool PragmaInt(sqlite3* db, const char* sql, int* out, std::string* err) {
  Stmt s(db, sql);
  if (!s.ok() || s.Step() != SQLITE_ROW) {
    *err = FriendlyError(db);
    return false;
  }
  *out = static_cast<int>(s.Int(0));
  return true;
}

// Column lists, as macros so every statement is one string literal put
// together by the compiler: no SQL is ever assembled at run time.
#define KINDRED_ATTENDEE_COLUMNS                                                                  \
  "badge_id, name, email, company, title, field, stage, passions, offers, seeking, consent, " \
  "opt_out, checked_in, last_seen_at, last_seen_kiosk, walk_in, language"

Attendee ReadAttendee(const Stmt& s) {
  Attendee a;
  a.badge_id = s.Text(0);
  a.name = s.Text(1);
  a.email = s.Text(2);
  a.company = s.Text(3);
  a.title = s.Text(4);
  a.field = s.Text(5);
  a.stage = s.Text(6);
  a.passions = SplitList(s.Text(7));
  a.offers = SplitList(s.Text(8));
  a.seeking = SplitList(s.Text(9));
  a.consent = s.Int(10) != 0;
  a.opt_out = s.Int(11) != 0;
  a.checked_in = s.Int(12) != 0;
  a.last_seen_at = s.Text(13);
  a.last_seen_kiosk = s.Text(14);
  a.walk_in = s.Int(15) != 0;
  a.language = s.Text(16);
  return a;
}

#define KINDRED_ENCOUNTER_COLUMNS \
  "id, a_id, b_id, met_at, kiosk_id, shared, starter, intents, note, consent_a, consent_b"

Encounter ReadEncounter(const Stmt& s) {
  Encounter e;
  e.id = s.Text(0);
  e.a_id = s.Text(1);
  e.b_id = s.Text(2);
  e.met_at = s.Text(3);
  e.kiosk_id = s.Text(4);
  e.shared = SplitList(s.Text(5));
  e.starter = s.Text(6);
  e.intents = SplitList(s.Text(7));
  e.note = s.Text(8);
  e.consent_a = s.Int(9) != 0;
  e.consent_b = s.Int(10) != 0;
  return e;
}

// Parses "YYYY-MM-DDTHH:MM:SSZ"; returns -1 when malformed.
int64_t ParseUtc(const std::string& iso) {
  std::tm tm{};
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
    return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

// True when `path`, or the folder it is in, cannot be written.
bool ReadOnlyPlace(const std::string& path) {
  std::string dir = path.substr(0, path.find_last_of('/') + 1);
  if (dir.empty()) dir = ".";
  return (access(path.c_str(), F_OK) == 0 && access(path.c_str(), W_OK) != 0) || access(dir.c_str(), W_OK) != 0;
}

// Runs a prepared one-row lookup: `read` takes the row when there is one.
template <typename Read>
Lookup LookupOne(Stmt& s, Read&& read, std::string* err) {
  int rc = s.ok() ? s.Step() : SQLITE_ERROR;
  if (rc == SQLITE_ROW) {
    read(s);
    return Lookup::kFound;
  }
  if (rc == SQLITE_DONE) return Lookup::kNotFound;
  *err = s.Error();
  return Lookup::kError;
}

EventDb::SendEntry SendEntryFrom(const Stmt& row) {
  EventDb::SendEntry e;
  e.badge_id = row.Text(0), e.recipient = row.Text(1), e.message_id = row.Text(2), e.status = row.Text(3);
  e.attempts = row.Int(4), e.reply = row.Text(5), e.updated_at = row.Text(6);
  return e;
}

// Folds the rows of schema `src` (same tables as main) into main: the
// profile changed last wins, presence is combined, encounters by ID (the
// newer copy), suggestions shown added once. Shared by kindred merge and
// the hub's sync.
std::string MergeSql(const std::string& src) {
  std::string sql = R"sql(
INSERT INTO main.attendee(badge_id, name, email, company, title, field, stage, passions, offers, seeking,
                          consent, opt_out, updated_at, checked_in, last_seen_at, last_seen_kiosk, walk_in, language)
  SELECT badge_id, name, email, company, title, field, stage, passions, offers, seeking,
         consent, opt_out, updated_at, checked_in, last_seen_at, last_seen_kiosk, walk_in, language
  FROM $src.attendee WHERE true
  ON CONFLICT(badge_id) DO UPDATE SET
    name = iif(excluded.updated_at > attendee.updated_at, excluded.name, attendee.name),
    email = iif(excluded.updated_at > attendee.updated_at, excluded.email, attendee.email),
    company = iif(excluded.updated_at > attendee.updated_at, excluded.company, attendee.company),
    title = iif(excluded.updated_at > attendee.updated_at, excluded.title, attendee.title),
    field = iif(excluded.updated_at > attendee.updated_at, excluded.field, attendee.field),
    stage = iif(excluded.updated_at > attendee.updated_at, excluded.stage, attendee.stage),
    passions = iif(excluded.updated_at > attendee.updated_at, excluded.passions, attendee.passions),
    offers = iif(excluded.updated_at > attendee.updated_at, excluded.offers, attendee.offers),
    seeking = iif(excluded.updated_at > attendee.updated_at, excluded.seeking, attendee.seeking),
    consent = iif(excluded.updated_at > attendee.updated_at, excluded.consent, attendee.consent),
    opt_out = iif(excluded.updated_at > attendee.updated_at, excluded.opt_out, attendee.opt_out),
    language = iif(excluded.updated_at > attendee.updated_at, excluded.language, attendee.language),
    updated_at = max(attendee.updated_at, excluded.updated_at),
    checked_in = max(attendee.checked_in, excluded.checked_in),
    walk_in = min(attendee.walk_in, excluded.walk_in),
    last_seen_kiosk = iif((excluded.last_seen_at, excluded.last_seen_kiosk) >
                          (attendee.last_seen_at, attendee.last_seen_kiosk),
                          excluded.last_seen_kiosk, attendee.last_seen_kiosk),
    last_seen_at = max(attendee.last_seen_at, excluded.last_seen_at);
INSERT OR IGNORE INTO main.forgotten SELECT * FROM $src.forgotten;
INSERT OR IGNORE INTO main.suggestion_shown SELECT * FROM $src.suggestion_shown;
INSERT INTO main.encounter(id, a_id, b_id, met_at, updated_at, kiosk_id, shared, starter, intents, note,
                           consent_a, consent_b)
  SELECT id, a_id, b_id, met_at, updated_at, kiosk_id, shared, starter, intents, note, consent_a, consent_b
  FROM $src.encounter WHERE true
  ON CONFLICT(id) DO UPDATE SET
    updated_at = excluded.updated_at, kiosk_id = excluded.kiosk_id, shared = excluded.shared,
    starter = excluded.starter, intents = excluded.intents, note = excluded.note,
    consent_a = excluded.consent_a, consent_b = excluded.consent_b
  WHERE excluded.updated_at > encounter.updated_at;
)sql";
  for (size_t at = sql.find("$src."); at != std::string::npos; at = sql.find("$src.", at)) sql.replace(at, 4, src);
  return sql;
}

bool CountRows(sqlite3* db, const char* sql, int64_t* count, std::string* err) {
  int n = 0;
  if (!PragmaInt(db, sql, &n, err)) return false;
  *count = n;
  return true;
}

// Adds the items of `more` that `list` lacks, keeping order.
void MergeList(std::vector<std::string>* list, const std::vector<std::string>& more) {
  for (const std::string& item : more)
    if (std::find(list->begin(), list->end(), item) == list->end()) list->push_back(item);
}

}  // namespace

std::string NewUuid() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

std::unique_ptr<EventDb> EventDb::Open(const std::string& path, std::string* err) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<EventDb> db(new EventDb(raw, path));
  if (rc != SQLITE_OK) {
    *err = "cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
    return nullptr;
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  // Look before touching anything: a newer or foreign file must stay as it is.
  int version = 0, app_id = 0, tables = 0;
  std::string e;
  if (!PragmaInt(raw, "PRAGMA user_version", &version, &e) ||
      !PragmaInt(raw, "PRAGMA application_id", &app_id, &e) ||
      !PragmaInt(raw, "SELECT count(*) FROM sqlite_schema", &tables, &e)) {
    if (sqlite3_errcode(raw) == SQLITE_NOTADB) {
      *err = path + " is not a Kindred event database (" + e + ")";
    } else if (ReadOnlyPlace(path)) {
      *err = "cannot open " + path + ": its disk or folder is read-only (a kiosk needs to write beside the database)";
    } else {
      *err = "cannot open " + path + ": " + e;
    }
    return nullptr;
  }
  if (app_id != kApplicationId && (app_id != 0 || tables != 0)) {
    *err = path + " is a database of another program, not a Kindred event";
    return nullptr;
  }
  if (version > kSchemaVersion) {
    *err = path + " was written by a newer Kindred (schema " + std::to_string(version) +
           ", this one knows " + std::to_string(kSchemaVersion) + "); upgrade Kindred to open it";
    return nullptr;
  }
  if (!db->Exec("PRAGMA journal_mode=WAL", err) || !db->Exec("PRAGMA synchronous=FULL", err) ||
      !db->Exec("PRAGMA foreign_keys=ON", err)) {
    *err = "cannot prepare " + path + ": " + *err;
    return nullptr;
  }
  if (version < kSchemaVersion) {
    if (!db->Exec("BEGIN IMMEDIATE", err)) {
      *err = "cannot migrate " + path + ": " + *err;
      return nullptr;
    }
    for (int v = version; v < kSchemaVersion; ++v) {
      if (!db->Exec(kMigrations[v], err)) {
        db->Exec("ROLLBACK", &e);
        *err = "cannot migrate " + path + " to schema " + std::to_string(v + 1) + ": " + *err;
        return nullptr;
      }
    }
    // PRAGMAs take no parameters: these two are built from the program's own constants.
    std::string set = "PRAGMA user_version=" + std::to_string(kSchemaVersion) +
                      "; PRAGMA application_id=" + std::to_string(kApplicationId);
    if (!db->Exec(set.c_str(), err) || !db->Exec("COMMIT", err)) {
      db->Exec("ROLLBACK", &e);
      *err = "cannot migrate " + path + ": " + *err;
      return nullptr;
    }
  }
  return db;
}

EventDb::~EventDb() { sqlite3_close_v2(db_); }

bool EventDb::Exec(const char* sql, std::string* err) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    *err = FriendlyError(db_);
    sqlite3_free(msg);
    return false;
  }
  return true;
}

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
              "offers, seeking, consent, opt_out, updated_at, checked_in, walk_in, language) "
              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
              "ON CONFLICT(badge_id) DO UPDATE SET name=excluded.name, email=excluded.email, "
              "company=excluded.company, title=excluded.title, field=excluded.field, "
              "stage=excluded.stage, passions=excluded.passions, offers=excluded.offers, "
              "seeking=excluded.seeking, consent=excluded.consent, opt_out=excluded.opt_out, "
              "updated_at=excluded.updated_at, language=excluded.language, "
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
  Stmt s(db_, "SELECT " KINDRED_ATTENDEE_COLUMNS " FROM attendee WHERE badge_id = ?1");
  if (s.ok()) s.Bind(1, badge_id);
  return LookupOne(s, [out](const Stmt& row) { *out = ReadAttendee(row); }, err);
}

bool EventDb::LoadAttendees(std::vector<Attendee>* out, std::string* err) {
  out->clear();
  // The pseudonyms of people who asked to be forgotten are nobody to list.
  Stmt s(db_, "SELECT " KINDRED_ATTENDEE_COLUMNS " FROM attendee WHERE badge_id NOT LIKE 'forgotten-%' "
              "ORDER BY badge_id");
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
  Stmt s(db_, "SELECT " KINDRED_ATTENDEE_COLUMNS
              " FROM attendee WHERE instr(lower(name), lower(?1)) > 0"
              " ORDER BY instr(lower(name), lower(?1)) > 1, name LIMIT ?2");
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

bool EventDb::SetPassions(const std::string& badge_id, const std::vector<std::string>& passions,
                          std::string* err) {
  Stmt s(db_, "UPDATE attendee SET passions = ?2, updated_at = ?3 WHERE badge_id = ?1");
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  s.Bind(1, badge_id).Bind(2, JoinList(passions)).Bind(3, Stamp());
  if (s.Step() != SQLITE_DONE) {
    *err = s.Error();
    return false;
  }
  if (sqlite3_changes(db_) == 0) {
    *err = "no attendee with badge " + badge_id;
    return false;
  }
  return true;
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
  if (shown.empty()) return true;
  if (!Exec("BEGIN IMMEDIATE", err)) return false;
  const std::string now = UtcNowMillis();
  bool ok = true;
  for (const ShownSuggestion& one : shown) {
    Stmt s(db_,
           "INSERT INTO suggestion_shown(id, shown_at, kiosk_id, viewer_id, suggested_id, shared) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    ok = s.ok();
    if (ok) {
      s.Bind(1, NewUuid()).Bind(2, now).Bind(3, kiosk_id).Bind(4, viewer_id).Bind(5, one.suggested_id)
          .Bind(6, one.shared);
      ok = s.Step() == SQLITE_DONE;
    }
    if (!ok) {
      *err = s.Error();
      break;
    }
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

bool EventDb::SaveEncounter(Encounter* e, int64_t merge_window_s, std::string* err) {
  if (e->a_id == e->b_id) {
    *err = "the same badge was scanned twice; scan the other person's badge";
    return false;
  }
  if (e->b_id < e->a_id) {
    std::swap(e->a_id, e->b_id);
    std::swap(e->consent_a, e->consent_b);
  }
  Attendee a, b;
  for (auto [id, who] : {std::pair{&e->a_id, &a}, std::pair{&e->b_id, &b}}) {
    Lookup l = FindAttendee(*id, who, err);
    if (l == Lookup::kError) return false;
    if (l == Lookup::kNotFound) {
      *err = "badge " + *id + " is not in the roster";
      return false;
    }
  }
  e->consent_a = a.consent;
  e->consent_b = b.consent;
  const std::string now = Stamp();
  if (e->met_at.empty()) e->met_at = UtcNow();
  int64_t met = ParseUtc(e->met_at);
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
  Stmt find(db_, "SELECT " KINDRED_ENCOUNTER_COLUMNS
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

Lookup EventDb::HaveMet(const std::string& a, const std::string& b, std::string* err) {
  Stmt s(db_, "SELECT 1 FROM encounter WHERE a_id = ?1 AND b_id = ?2 LIMIT 1");
  if (s.ok()) s.Bind(1, a < b ? a : b).Bind(2, a < b ? b : a);
  return LookupOne(s, [](const Stmt&) {}, err);
}

bool EventDb::ForEachEncounter(const std::function<void(const Encounter&)>& fn, std::string* err) {
  Stmt s(db_, "SELECT " KINDRED_ENCOUNTER_COLUMNS " FROM encounter ORDER BY met_at, id");
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
  Stmt s(db_, "SELECT " KINDRED_ENCOUNTER_COLUMNS " FROM encounter WHERE a_id = ?1 UNION ALL SELECT "
              KINDRED_ENCOUNTER_COLUMNS " FROM encounter WHERE b_id = ?1 ORDER BY 4, 1");
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

namespace {

// Copies the database `from` into a new file `to` with the online backup API.
bool CopyDatabase(sqlite3* from, const std::string& to, std::string* err) {
  sqlite3* dest = nullptr;
  if (sqlite3_open_v2(to.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    *err = "cannot create " + to + ": " + (dest ? sqlite3_errmsg(dest) : "out of memory");
    sqlite3_close(dest);
    return false;
  }
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", from, "main");
  int rc = SQLITE_ERROR;
  if (backup) {
    // Small steps: a kiosk writing meanwhile is never blocked for long.
    while ((rc = sqlite3_backup_step(backup, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
      sqlite3_sleep(rc == SQLITE_OK ? 0 : 20);
    sqlite3_backup_finish(backup);
  }
  bool ok = rc == SQLITE_DONE;
  if (!ok) *err = "cannot copy the database to " + to + ": " + sqlite3_errmsg(dest);
  if (ok) {
    Stmt check(dest, "PRAGMA integrity_check");
    ok = check.ok() && check.Step() == SQLITE_ROW && check.Text(0) == "ok";
    if (!ok) *err = "the copy at " + to + " failed its integrity check";
  }
  sqlite3_close(dest);
  return ok;
}

}  // namespace

bool EventDb::BackupTo(const std::string& path, std::string* err) {
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  std::remove(tmp.c_str());
  if (!CopyDatabase(db_, tmp, err)) {
    std::remove(tmp.c_str());
    return false;
  }
  int fd = open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  bool synced = fd >= 0 && fsync(fd) == 0;
  if (fd >= 0) close(fd);
  if (!synced || std::rename(tmp.c_str(), path.c_str()) != 0) {
    *err = "cannot write " + path + ": " + std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

bool EventDb::MergeFrom(const std::string& other_path, MergeCounts* counts, std::string* err) {
  *counts = {};
  // Work on a copy: the other kiosk's file is never changed, and an older
  // schema can be migrated there.
  std::string e;
  sqlite3* src = nullptr;
  if (sqlite3_open_v2(other_path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    *err = "cannot open " + other_path + ": " + (src ? sqlite3_errmsg(src) : "out of memory");
    sqlite3_close(src);
    return false;
  }
  char tmpl[] = "/tmp/kindred-merge-XXXXXX";
  int tmp_fd = mkstemp(tmpl);
  if (tmp_fd < 0) {
    sqlite3_close(src);
    *err = std::string("cannot create a temporary file: ") + std::strerror(errno);
    return false;
  }
  close(tmp_fd);
  const std::string copy = tmpl;
  bool copied = CopyDatabase(src, copy, err);
  sqlite3_close(src);
  std::unique_ptr<EventDb> other = copied ? EventDb::Open(copy, err) : nullptr;
  if (!other) {
    std::remove(copy.c_str());
    *err = other_path + ": " + *err;
    return false;
  }
  other.reset();

  auto count = [this](const char* sql) {
    Stmt s(db_, sql);
    return s.ok() && s.Step() == SQLITE_ROW ? s.Int(0) : 0;
  };
  Stmt attach(db_, "ATTACH DATABASE ?1 AS other");
  attach.Bind(1, copy);
  bool ok = attach.ok() && attach.Step() == SQLITE_DONE;
  if (!ok) *err = "cannot read " + other_path + ": " + attach.Error();
  if (ok) ok = Exec("BEGIN IMMEDIATE", err);
  if (ok) {
    counts->attendees_added = count(
        "SELECT count(*) FROM other.attendee WHERE badge_id NOT IN (SELECT badge_id FROM main.attendee)");
    counts->attendees_updated = count(
        "SELECT count(*) FROM other.attendee o JOIN main.attendee m USING (badge_id) "
        "WHERE o.updated_at > m.updated_at OR o.checked_in > m.checked_in OR o.last_seen_at > m.last_seen_at");
    counts->encounters_added =
        count("SELECT count(*) FROM other.encounter WHERE id NOT IN (SELECT id FROM main.encounter)");
    counts->encounters_updated = count(
        "SELECT count(*) FROM other.encounter o JOIN main.encounter m USING (id) WHERE o.updated_at > m.updated_at");
    // The copy changed last wins for the profile; presence is combined.
    ok = Exec(MergeSql("other").c_str(), err) && ApplyTombstonesLocked(nullptr, err);
    if (ok) ok = Exec("COMMIT", err);
    if (!ok) {
      Exec("ROLLBACK", &e);
      *err = "nothing merged from " + other_path + ": " + *err;
    }
  }
  Exec("DETACH DATABASE other", &e);
  std::remove(copy.c_str());
  std::remove((copy + "-wal").c_str());
  std::remove((copy + "-shm").c_str());
  if (!ok) *counts = {};
  return ok;
}

bool EventDb::Wipe(std::string* err) {
  std::string e;
  if (!Exec("PRAGMA secure_delete=ON", err) || !Exec("BEGIN IMMEDIATE", err)) return false;
  if (!Exec("DELETE FROM send_journal; DELETE FROM suggestion_shown; DELETE FROM encounter; DELETE FROM attendee;", err) ||
      !Exec("COMMIT", err)) {
    Exec("ROLLBACK", &e);
    return false;
  }
  // Shrink the file and empty the write-ahead log, so no old page survives.
  return Exec("VACUUM", err) && Exec("PRAGMA wal_checkpoint(TRUNCATE)", err);
}

Lookup EventDb::GetSendEntry(const std::string& badge_id, SendEntry* out, std::string* err) {
  Stmt s(db_,
         "SELECT badge_id, recipient, message_id, status, attempts, reply, updated_at FROM send_journal "
         "WHERE badge_id = ?1");
  if (s.ok()) s.Bind(1, badge_id);
  return LookupOne(s, [out](const Stmt& row) { *out = SendEntryFrom(row); }, err);
}

bool EventDb::PutSendEntry(SendEntry* entry, std::string* err) {
  entry->updated_at = UtcNowMillis();
  Stmt s(db_,
         "INSERT INTO send_journal(badge_id, recipient, message_id, status, attempts, reply, updated_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(badge_id) DO UPDATE SET recipient = excluded.recipient, "
         "message_id = excluded.message_id, status = excluded.status, attempts = excluded.attempts, "
         "reply = excluded.reply, updated_at = excluded.updated_at");
  if (!s.ok() || s.Bind(1, entry->badge_id)
                         .Bind(2, entry->recipient)
                         .Bind(3, entry->message_id)
                         .Bind(4, entry->status)
                         .Bind(5, entry->attempts)
                         .Bind(6, entry->reply)
                         .Bind(7, entry->updated_at)
                         .Step() != SQLITE_DONE) {
    *err = s.Error();
    return false;
  }
  return true;
}

bool EventDb::LoadSendJournal(std::vector<SendEntry>* out, std::string* err) {
  out->clear();
  Stmt s(db_,
         "SELECT badge_id, recipient, message_id, status, attempts, reply, updated_at FROM send_journal "
         "ORDER BY badge_id");
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out->push_back(SendEntryFrom(s));
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

// --- Sync ---------------------------------------------------------------

const std::vector<SyncTable>& SyncTables() {
  static const std::vector<SyncTable> tables = {
      // First: a person forgotten elsewhere is forgotten here before any row about them lands.
      {"forgotten", "key", {"key", "forgotten_at"}, {false, false}},
      {"attendee", "badge_id",
       {"badge_id", "name", "email", "company", "title", "field", "stage", "passions", "offers", "seeking", "consent",
        "opt_out", "updated_at", "checked_in", "last_seen_at", "last_seen_kiosk", "walk_in", "language"},
       {false, false, false, false, false, false, false, false, false, false, true, true, false, true, false, false,
        true, false}},
      {"encounter", "id",
       {"id", "a_id", "b_id", "met_at", "updated_at", "kiosk_id", "shared", "starter", "intents", "note", "consent_a",
        "consent_b"},
       {false, false, false, false, false, false, false, false, false, false, true, true}},
      {"suggestion_shown", "id",
       {"id", "shown_at", "kiosk_id", "viewer_id", "suggested_id", "shared"},
       {false, false, false, false, false, false}},
  };
  return tables;
}

Attendee AttendeeFromSyncRow(const EventDb::SyncRow& r) {
  Attendee a;
  if (r.size() < 17) return a;
  a.badge_id = r[0], a.name = r[1], a.email = r[2], a.company = r[3], a.title = r[4], a.field = r[5], a.stage = r[6];
  a.passions = SplitList(r[7]), a.offers = SplitList(r[8]), a.seeking = SplitList(r[9]);
  a.consent = r[10] == "1", a.opt_out = r[11] == "1", a.checked_in = r[13] == "1";
  a.last_seen_at = r[14], a.last_seen_kiosk = r[15], a.walk_in = r[16] == "1";
  if (r.size() > 17) a.language = r[17];
  return a;
}

const SyncTable* FindSyncTable(const std::string& name) {
  for (const SyncTable& t : SyncTables())
    if (name == t.name) return &t;
  return nullptr;
}

std::string SyncColumnList(const SyncTable& t) {
  std::string out;
  for (const char* c : t.columns) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

std::string EventDb::Stamp() {
  int64_t floor = -1;
  std::string hub, e;
  // Alone, the clock is the stamp; with a hub, never before a change seen.
  const bool shared = GetSetting("hub", &hub, &e) == Lookup::kFound;
  for (const char* sql : {"SELECT max(updated_at) FROM attendee", "SELECT max(updated_at) FROM encounter"}) {
    if (!shared) break;
    Stmt s(db_, sql);
    if (s.ok() && s.Step() == SQLITE_ROW) floor = std::max(floor, ParseUtcMillis(s.Text(0)));
  }
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  const int64_t now = static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000 + clock_skew_ms_;
  return FormatUtcMillis(std::max(now, floor + 1));
}

// What a database syncing with a hub has besides its tables: triggers that
// record every change in the outbox, and indexes to find the newest stamp.
const char* const kHubOutboxSql = R"sql(
CREATE TRIGGER IF NOT EXISTS attendee_to_hub_insert AFTER INSERT ON attendee
  BEGIN INSERT INTO sync_outbox(kind, key) VALUES ('attendee', new.badge_id); END;
CREATE TRIGGER IF NOT EXISTS attendee_to_hub_update AFTER UPDATE ON attendee
  BEGIN INSERT INTO sync_outbox(kind, key) VALUES ('attendee', new.badge_id); END;
CREATE TRIGGER IF NOT EXISTS encounter_to_hub_insert AFTER INSERT ON encounter
  BEGIN INSERT INTO sync_outbox(kind, key) VALUES ('encounter', new.id); END;
CREATE TRIGGER IF NOT EXISTS encounter_to_hub_update AFTER UPDATE ON encounter
  BEGIN INSERT INTO sync_outbox(kind, key) VALUES ('encounter', new.id); END;
CREATE TRIGGER IF NOT EXISTS shown_to_hub AFTER INSERT ON suggestion_shown
  BEGIN INSERT INTO sync_outbox(kind, key) VALUES ('suggestion_shown', new.id); END;
CREATE TRIGGER IF NOT EXISTS forgotten_to_hub AFTER INSERT ON forgotten
  BEGIN INSERT INTO sync_outbox(kind, key) VALUES ('forgotten', new.key); END;
CREATE INDEX IF NOT EXISTS attendee_updated ON attendee(updated_at);
CREATE INDEX IF NOT EXISTS encounter_updated ON encounter(updated_at);
)sql";

bool EventDb::EnableHubOutbox(const std::string& hub_url, std::string* err) {
  std::string current;
  const Lookup l = GetSetting("hub", &current, err);
  if (l == Lookup::kError) return false;
  if (l == Lookup::kFound)
    return Exec(kHubOutboxSql, err) && (current == hub_url || SetSetting("hub", hub_url, err));
  if (!Exec("BEGIN IMMEDIATE", err)) return false;
  std::string e;
  bool ok = Exec(kHubOutboxSql, err) && SetSetting("hub", hub_url, err) &&
            Exec("INSERT INTO sync_outbox(kind, key) SELECT 'attendee', badge_id FROM attendee;"
                 "INSERT INTO sync_outbox(kind, key) SELECT 'encounter', id FROM encounter;"
                 "INSERT INTO sync_outbox(kind, key) SELECT 'suggestion_shown', id FROM suggestion_shown;"
                 "INSERT INTO sync_outbox(kind, key) SELECT 'forgotten', key FROM forgotten;",
                 err) &&
            Exec("COMMIT", err);
  if (!ok) Exec("ROLLBACK", &e);
  return ok;
}

bool EventDb::ReadOutbox(int limit, std::vector<OutboxItem>* out, std::string* err) {
  out->clear();
  Stmt s(db_, "SELECT id, kind, key FROM sync_outbox ORDER BY id LIMIT ?1");
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  s.Bind(1, static_cast<int64_t>(limit));
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out->push_back({s.Int(0), s.Text(1), s.Text(2)});
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

bool EventDb::CountOutbox(int64_t* count, std::string* err) {
  return CountRows(db_, "SELECT count(*) FROM sync_outbox", count, err);
}

bool EventDb::CountSetAside(int64_t* count, std::string* err) {
  return CountRows(db_, "SELECT count(*) FROM sync_rejected", count, err);
}

bool EventDb::AckOutbox(const std::vector<int64_t>& ids, std::string* err) {
  if (ids.empty()) return true;
  if (!Exec("BEGIN IMMEDIATE", err)) return false;
  Stmt s(db_, "DELETE FROM sync_outbox WHERE id = ?1");
  bool ok = s.ok();
  for (size_t i = 0; ok && i < ids.size(); ++i) {
    s.Reset();
    ok = s.Bind(1, ids[i]).Step() == SQLITE_DONE;
  }
  std::string e;
  if (!ok) {
    *err = s.Error();
    Exec("ROLLBACK", &e);
    return false;
  }
  return Exec("COMMIT", err);
}

bool EventDb::SetAside(const OutboxItem& item, const std::string& reason, std::string* err) {
  if (!Exec("BEGIN IMMEDIATE", err)) return false;
  Stmt put(db_, "INSERT INTO sync_rejected(kind, key, reason, at) VALUES (?1, ?2, ?3, ?4)");
  Stmt drop(db_, "DELETE FROM sync_outbox WHERE kind = ?1 AND key = ?2 AND id <= ?3");
  bool ok = put.ok() && drop.ok() &&
            put.Bind(1, item.kind).Bind(2, item.key).Bind(3, reason).Bind(4, UtcNow()).Step() == SQLITE_DONE &&
            drop.Bind(1, item.kind).Bind(2, item.key).Bind(3, item.id).Step() == SQLITE_DONE;
  std::string e;
  if (!ok) {
    *err = FriendlyError(db_);
    Exec("ROLLBACK", &e);
    return false;
  }
  return Exec("COMMIT", err);
}

Lookup EventDb::ReadSyncRow(const std::string& kind, const std::string& key, SyncRow* out, std::string* err) {
  const SyncTable* t = FindSyncTable(kind);
  if (!t) {
    *err = "unknown table " + kind;
    return Lookup::kError;
  }
  const std::string sql = "SELECT " + SyncColumnList(*t) + " FROM " + t->name + " WHERE " + t->key + " = ?1";
  Stmt s(db_, sql.c_str());
  if (s.ok()) s.Bind(1, key);
  return LookupOne(
      s,
      [out, t](const Stmt& row) {
        out->clear();
        for (size_t i = 0; i < t->columns.size(); ++i) out->push_back(row.Text(static_cast<int>(i)));
      },
      err);
}

bool EventDb::ReadAllSyncRows(const std::string& kind, std::vector<SyncRow>* out, std::string* err) {
  out->clear();
  const SyncTable* t = FindSyncTable(kind);
  if (!t) {
    *err = "unknown table " + kind;
    return false;
  }
  const std::string sql = "SELECT " + SyncColumnList(*t) + " FROM " + t->name + " ORDER BY " + t->key;
  Stmt s(db_, sql.c_str());
  if (!s.ok()) {
    *err = s.Error();
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    SyncRow row;
    for (size_t i = 0; i < t->columns.size(); ++i) row.push_back(s.Text(static_cast<int>(i)));
    out->push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

bool EventDb::ApplyPulled(const PulledRows& rows, std::string* err) {
  if (rows.empty()) return true;
  std::string e;
  // A scratch schema with the synced tables' shape, in memory.
  if (!Exec("ATTACH DATABASE ':memory:' AS incoming", err)) return false;
  bool ok = true;
  for (const SyncTable& t : SyncTables()) {
    const std::string sql = std::string("CREATE TABLE incoming.") + t.name + " AS SELECT * FROM main." + t.name +
                            " WHERE 0";
    ok = ok && Exec(sql.c_str(), err);
  }
  ok = ok && Exec("BEGIN IMMEDIATE", err);
  if (!ok) {
    Exec("DETACH DATABASE incoming", &e);
    return false;
  }
  int64_t last_outbox = 0;
  {
    Stmt s(db_, "SELECT coalesce(max(id), 0) FROM sync_outbox");
    ok = s.ok() && s.Step() == SQLITE_ROW;
    if (ok) last_outbox = s.Int(0);
  }
  for (const SyncTable& t : SyncTables()) {
    const std::vector<SyncRow>& list = rows.of(t.name);
    if (list.empty()) continue;
    std::string sql = std::string("INSERT OR REPLACE INTO incoming.") + t.name + "(" + SyncColumnList(t) + ") VALUES (";
    for (size_t i = 0; i < t.columns.size(); ++i) sql += (i ? ", ?" : "?") + std::to_string(i + 1);
    sql += ")";
    Stmt put(db_, sql.c_str());
    ok = ok && put.ok();
    for (size_t r = 0; ok && r < list.size(); ++r) {
      put.Reset();
      for (size_t i = 0; i < t.columns.size() && i < list[r].size(); ++i) {
        if (t.integer[i])
          put.Bind(static_cast<int>(i + 1), static_cast<int64_t>(std::strtoll(list[r][i].c_str(), nullptr, 10)));
        else
          put.Bind(static_cast<int>(i + 1), list[r][i]);
      }
      ok = put.Step() == SQLITE_DONE;
      if (!ok) *err = put.Error();
    }
  }
  // Encounters whose people this kiosk does not know yet wait for them.
  ok = ok && Exec("DELETE FROM incoming.encounter WHERE a_id NOT IN (SELECT badge_id FROM main.attendee UNION "
                  "SELECT badge_id FROM incoming.attendee) OR b_id NOT IN (SELECT badge_id FROM main.attendee UNION "
                  "SELECT badge_id FROM incoming.attendee)",
                  err);
  ok = ok && Exec(MergeSql("incoming").c_str(), err);
  if (ok && !rows.forgotten.empty()) {
    std::vector<std::string> pulled;
    for (const SyncRow& row : rows.forgotten) pulled.push_back(row.at(0));
    ok = ApplyTombstonesLocked(&pulled, err);
  }
  if (ok) {
    // What the merge changed came from the hub: not an echo to send back.
    Stmt s(db_, "DELETE FROM sync_outbox WHERE id > ?1");
    ok = s.ok() && s.Bind(1, last_outbox).Step() == SQLITE_DONE;
    if (!ok) *err = s.Error();
  }
  ok = ok && Exec("COMMIT", err);
  if (!ok) Exec("ROLLBACK", &e);
  Exec("DETACH DATABASE incoming", &e);
  return ok;
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

}  // namespace kindred
