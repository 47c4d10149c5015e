// EventDb's side of several kiosks: the stamp no change goes before, the
// outbox of changes the hub does not have yet, and rows pulled from the hub
// folded in with kindred merge's rules (storage/tables.h).
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

namespace {

// Held (uncommitted) by ApplyPulled's transaction while it folds pulled rows in.
constexpr char kApplyingPulled[] = "applying_pulled";

// What a database syncing with a hub has besides its tables: triggers that
// record every change of a synced table in the outbox (inserts, and updates
// of the tables whose rows change), and indexes to find the newest stamp.
const std::string& HubOutboxSql() {
  static const std::string sql = [] {
    // Older kiosks named two of the triggers otherwise.
    std::string out = "DROP TRIGGER IF EXISTS shown_to_hub; DROP TRIGGER IF EXISTS forgotten_to_hub;\n";
    // Rows pulled from the hub are not news for it: while ApplyPulled folds
    // them in, its transaction holds the setting kApplyingPulled (seen by
    // no other connection) and the triggers stay quiet. Made again each
    // time, so a database from an older Kindred gets the condition.
    for (const SyncTable& t : SyncTables())
      for (const char* event : {"INSERT", "UPDATE"}) {
        if (t.rule == RowRule::kFirstOnly && std::string(event) == "UPDATE") continue;
        const std::string name = std::string(t.name) + "_to_hub_" + (event[0] == 'I' ? "insert" : "update");
        out += "DROP TRIGGER IF EXISTS " + name + ";\nCREATE TRIGGER " + name + " AFTER " + event + " ON " + t.name +
               " WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = '" + kApplyingPulled +
               "') BEGIN INSERT INTO sync_outbox(kind, key) VALUES ('" + t.name + "', new." + t.key + "); END;\n";
      }
    return out + "CREATE INDEX IF NOT EXISTS attendee_updated ON attendee(updated_at);\n"
                 "CREATE INDEX IF NOT EXISTS encounter_updated ON encounter(updated_at);\n";
  }();
  return sql;
}

}  // namespace

bool EventDb::EnableHubOutbox(const std::string& hub_url, std::string* err) {
  std::string current;
  const Lookup l = GetSetting("hub", &current, err);
  if (l == Lookup::kError) return false;
  // One transaction: the triggers are made again, never missing for a moment.
  if (!Exec("BEGIN IMMEDIATE", err)) return false;
  std::string e;
  bool ok = Exec(HubOutboxSql().c_str(), err) && (current == hub_url || SetSetting("hub", hub_url, err)) &&
            (l == Lookup::kFound || QueueEverythingLocked(err)) && Exec("COMMIT", err);
  if (!ok) Exec("ROLLBACK", &e);
  return ok;
}

bool EventDb::QueueEverythingLocked(std::string* err, const std::string& only_kiosk, bool every_encounter) {
  for (const SyncTable& t : SyncTables()) {
    const bool mine_only = !only_kiosk.empty() && t.IndexOf("kiosk_id") >= 0 &&
                           !(every_encounter && t.name == std::string("encounter"));
    Stmt s(db_, std::string("INSERT INTO sync_outbox(kind, key) SELECT '") + t.name + "', " + t.key + " FROM " +
                    t.name + (mine_only ? " WHERE kiosk_id = ?1" : ""));
    if (mine_only) s.Bind(1, only_kiosk);
    if (s.Step() != SQLITE_DONE) {
      *err = s.Error();
      return false;
    }
  }
  return true;
}

bool EventDb::QueueEverything(std::string* err, const std::string& only_kiosk, bool every_encounter) {
  if (!Exec("BEGIN IMMEDIATE", err)) return false;
  std::string e;
  const bool ok = QueueEverythingLocked(err, only_kiosk, every_encounter) && Exec("COMMIT", err);
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

bool EventDb::ListSetAside(std::vector<SetAsideItem>* out, std::string* err) {
  out->clear();
  Stmt s(db_, "SELECT kind, key, reason, at FROM sync_rejected r WHERE id = "
              "(SELECT max(id) FROM sync_rejected WHERE kind = r.kind AND key = r.key) ORDER BY id");
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW)
    out->push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

bool EventDb::RequeueSetAside(int64_t* count, std::string* err) {
  *count = 0;
  if (!CountRows(db_, "SELECT count(DISTINCT kind || char(31) || key) FROM sync_rejected", count, err) ||
      !Exec("BEGIN IMMEDIATE", err))
    return false;
  std::string e;
  if (!Exec("INSERT INTO sync_outbox(kind, key) SELECT DISTINCT kind, key FROM sync_rejected; "
            "DELETE FROM sync_rejected",
            err)) {
    Exec("ROLLBACK", &e);
    return false;
  }
  return Exec("COMMIT", err);
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
  const std::string sql = "SELECT " + t->ColumnList() + " FROM " + t->name + " WHERE " + t->key + " = ?1";
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
  const std::string sql = "SELECT " + t->ColumnList() + " FROM " + t->name + " ORDER BY " + t->key;
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

bool EventDb::ApplyPulled(const PulledRows& rows, const std::vector<std::pair<std::string, std::string>>& settings,
                          std::string* err) {
  if (rows.empty() && settings.empty()) return true;
  std::string e;
  // A scratch schema with the synced tables' shape, in memory: made on the
  // first pull and kept (a kiosk pulls a few times a second). Empty outside
  // this transaction: emptied before COMMIT, and a ROLLBACK empties it too.
  if (!incoming_attached_) {
    bool made = Exec("ATTACH DATABASE ':memory:' AS incoming", err);
    for (const SyncTable& t : SyncTables()) {
      const std::string sql = std::string("CREATE TABLE incoming.") + t.name + " AS SELECT * FROM main." + t.name +
                              " WHERE 0";
      made = made && Exec(sql.c_str(), err);
    }
    if (!made) {
      Exec("DETACH DATABASE incoming", &e);
      return false;
    }
    incoming_attached_ = true;
  }
  bool ok = Exec("BEGIN IMMEDIATE", err) && SetSetting(kApplyingPulled, "1", err);
  if (!ok) {
    Exec("ROLLBACK", &e);
    return false;
  }
  for (const SyncTable& t : SyncTables()) {
    const std::vector<SyncRow>& list = rows.of(t.name);
    if (list.empty()) continue;
    std::string sql = std::string("INSERT OR REPLACE INTO incoming.") + t.name + "(" + t.ColumnList() + ") VALUES (";
    for (size_t i = 0; i < t.columns.size(); ++i) sql += (i ? ", ?" : "?") + std::to_string(i + 1);
    sql += ")";
    Stmt put(db_, sql.c_str());
    ok = ok && put.ok();
    for (size_t r = 0; ok && r < list.size(); ++r) {
      put.Reset();
      for (size_t i = 0; i < t.columns.size() && i < list[r].size(); ++i) {
        if (t.IsInteger(i))
          put.Bind(static_cast<int>(i + 1), static_cast<int64_t>(std::strtoll(list[r][i].c_str(), nullptr, 10)));
        else
          put.Bind(static_cast<int>(i + 1), list[r][i]);
      }
      ok = put.Step() == SQLITE_DONE;
      if (!ok) *err = put.Error();
    }
  }
  // Encounters whose people this kiosk does not know yet wait for them.
  static const std::string merge = SqliteMergeSql("incoming");
  ok = ok && ExecKept("DELETE FROM incoming.encounter WHERE (NOT EXISTS (SELECT 1 FROM main.attendee WHERE badge_id = a_id) "
                      "AND NOT EXISTS (SELECT 1 FROM incoming.attendee WHERE badge_id = a_id)) OR (NOT EXISTS "
                      "(SELECT 1 FROM main.attendee WHERE badge_id = b_id) AND NOT EXISTS (SELECT 1 FROM "
                      "incoming.attendee WHERE badge_id = b_id))",
                      err);
  ok = ok && ExecKept(merge, err);
  if (ok && !rows.forgotten.empty()) {
    std::vector<std::string> pulled;
    for (const SyncRow& row : rows.forgotten) pulled.push_back(row.at(0));
    ok = ApplyTombstonesLocked(&pulled, err) &&
         Exec("UPDATE forgotten SET asked_here = 0 WHERE key IN (SELECT key FROM incoming.forgotten)", err);
  }
  if (ok) {
    // Someone forgotten here whom the hub still has (the request waits for
    // an organiser) stays forgotten here.
    std::vector<std::string> ids;
    for (const SyncRow& row : rows.attendee) ids.push_back(row.at(0));
    const SyncTable& shown = *FindSyncTable("suggestion_shown");
    for (const SyncRow& row : rows.suggestion_shown)
      ids.insert(ids.end(), {row.at(shown.IndexOf("viewer_id")), row.at(shown.IndexOf("suggested_id"))});
    ok = ReapplyTombstonesLocked(ids, err);
  }
  for (const auto& [key, value] : settings) ok = ok && SetSetting(key, value, err);
  ok = ok && ExecKept(std::string("DELETE FROM setting WHERE key = '") + kApplyingPulled + "'", err);
  for (const SyncTable& t : SyncTables()) ok = ok && ExecKept(std::string("DELETE FROM incoming.") + t.name, err);
  ok = ok && Exec("COMMIT", err);
  if (!ok) Exec("ROLLBACK", &e);
  return ok;
}

}  // namespace kindred
