// EventDb's copies: an online backup, folding another kiosk's database in
// (kindred merge), wiping everything, and the follow-up e-mail journal.
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

EventDb::SendEntry SendEntryFrom(const Stmt& row) {
  EventDb::SendEntry e;
  e.badge_id = row.Text(0), e.recipient = row.Text(1), e.message_id = row.Text(2), e.status = row.Text(3);
  e.attempts = row.Int(4), e.reply = row.Text(5), e.updated_at = row.Text(6);
  return e;
}


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
    ok = Exec(SqliteMergeSql("other").c_str(), err) && ApplyTombstonesLocked(nullptr, err);
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

}  // namespace kindred
