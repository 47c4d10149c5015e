// EventDb's schema: the migrations from an empty file to this build's
// schema, opening a database (refusing a newer or foreign one), and the
// helpers every piece of EventDb reads rows with.
#include <sodium.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "common/utc_time.h"
#include "storage/event_db.h"
#include "storage/event_db_internal.h"
#include "storage/sqlite_stmt.h"
#include "storage/tables.h"

namespace kindred {

namespace {


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
    // v10: a name's Latin spelling, so a kiosk keyboard finds everyone
    // ("Yuki Tanaka" for 田中 由紀); what was last shown to whom, found fast.
    R"sql(
ALTER TABLE attendee ADD COLUMN name_latin TEXT NOT NULL DEFAULT '';
CREATE INDEX suggestion_shown_viewer ON suggestion_shown(viewer_id, shown_at);
)sql",
    // v11: a tombstone asked for here that the hub has not confirmed yet (a
    // kiosk's request waiting for an organiser): the person stays forgotten
    // here whatever the hub sends meanwhile. Pulled tombstones clear it.
    R"sql(
ALTER TABLE forgotten ADD COLUMN asked_here INTEGER NOT NULL DEFAULT 0;
)sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

// True when `path`, or the folder it is in, cannot be written.
bool ReadOnlyPlace(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? std::string(".") : path.substr(0, slash + 1);
  return (access(path.c_str(), F_OK) == 0 && access(path.c_str(), W_OK) != 0) || access(dir.c_str(), W_OK) != 0;
}

}  // namespace

bool PragmaInt(sqlite3* db, const char* sql, int* out, std::string* err) {
  Stmt s(db, sql);
  if (!s.ok() || s.Step() != SQLITE_ROW) {
    *err = FriendlyError(db);
    return false;
  }
  *out = static_cast<int>(s.Int(0));
  return true;
}


bool CountRows(sqlite3* db, const char* sql, int64_t* count, std::string* err) {
  int n = 0;
  if (!PragmaInt(db, sql, &n, err)) return false;
  *count = n;
  return true;
}

const std::string& AttendeeColumns() {
  static const std::string columns = AttendeeTable().ColumnList();
  return columns;
}

const std::string& EncounterColumns() {
  static const std::string columns = EncounterTable().ColumnList();
  return columns;
}

Attendee ReadAttendee(const Stmt& s) {
  Attendee a;
  for (size_t i = 0; i < AttendeeTable().columns.size(); ++i) SetAttendeeColumn(&a, i, s.Text(static_cast<int>(i)));
  return a;
}

Encounter ReadEncounter(const Stmt& s) {
  Encounter e;
  for (size_t i = 0; i < EncounterTable().columns.size(); ++i) SetEncounterColumn(&e, i, s.Text(static_cast<int>(i)));
  return e;
}

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
  // Temporary tables, indices and statement journals in memory: SQLite
  // would otherwise write them (people's names among them) to files in
  // /var/tmp, on the kiosk's SD card, for every pull a kiosk applies, where
  // unlinking does not erase them and shredding cannot reach them.
  if (!db->Exec("PRAGMA journal_mode=WAL", err) || !db->Exec("PRAGMA synchronous=FULL", err) ||
      !db->Exec("PRAGMA foreign_keys=ON", err) || !db->Exec("PRAGMA temp_store=MEMORY", err)) {
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

EventDb::EventDb(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), stmt_cache_(db ? std::make_unique<StmtCache>(db) : nullptr) {}

EventDb::~EventDb() {
  stmt_cache_.reset();
  sqlite3_close_v2(db_);
}

bool EventDb::Exec(const char* sql, std::string* err) {
  // One statement (BEGIN, COMMIT, ...): prepared once, through the cache.
  if (std::strchr(sql, ';') == nullptr) {
    Stmt s(db_, sql);
    int rc = s.ok() ? s.Step() : SQLITE_ERROR;
    while (rc == SQLITE_ROW) rc = s.Step();
    if (rc != SQLITE_DONE) {
      *err = FriendlyError(db_);
      return false;
    }
    return true;
  }
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    *err = FriendlyError(db_);
    sqlite3_free(msg);
    return false;
  }
  return true;
}

bool EventDb::ExecKept(const std::string& sql, std::string* err) {
  for (size_t start = 0; start < sql.size();) {
    size_t end = sql.find(";\n", start);
    if (end == std::string::npos) end = sql.size();
    const std::string one = sql.substr(start, end - start);
    start = end + 2;
    if (one.find_first_not_of(" \n") == std::string::npos) continue;
    if (!Exec(one.c_str(), err)) return false;  // one statement: prepared once, through the StmtCache
  }
  return true;
}

}  // namespace kindred
