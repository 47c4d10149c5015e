#include "sync/hub.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include "common/hex.h"
#include "sync/hub_sql.h"
#include "sync/pq.h"

namespace kindred {

using pq::Exec;
using pq::FirstLine;
using pq::Result;
using pq::Run;
using pq::RunBatch;

namespace {

// Pushes hold this lock until they commit, so sequence order is commit order.
constexpr const char* kPushLock = "SELECT pg_advisory_xact_lock(4242)";

// The value of column `name` in `row` of table `t` ("" when it has none).
std::string ColumnOf(const SyncTable& t, const EventDb::SyncRow& row, const char* name) {
  const int i = t.IndexOf(name);
  return i >= 0 && static_cast<size_t>(i) < row.size() ? row[i] : "";
}

std::string WatermarkKey(const SyncTable& t) { return std::string("hub_seq_") + t.name; }

// What a copy remembers of the hub it syncs with: its history's ID, and the
// receipt a kiosk left with its last push.
constexpr char kHubIdSetting[] = "hub_id";
constexpr char kHubReceiptSetting[] = "hub_receipt";

std::string NewReceipt() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  return ToHex(std::string(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// Why the hub refused `row` of `t`, in words the kiosk's organiser can act
// on: a row recorded under another kiosk's name is the usual one.
std::string RefusalReason(const SyncTable& t, const EventDb::SyncRow& row, const std::string& me, const Result& r) {
  const std::string recorded = ColumnOf(t, row, "kiosk_id");
  if (pq::IsRowRefused(r.sqlstate()) && !me.empty() && t.IndexOf("kiosk_id") >= 0 && recorded != me)
    return "recorded as kiosk '" + recorded + "', not this kiosk's name ('" + me + "')";
  return r.error();
}

// An encounter another kiosk recorded, sent by this kiosk (`me`; "" for an
// organiser, who sends any row as it is): only its note and follow-ups can
// be what changed here (on a phone), and only kindred_follow_up takes them.
bool OthersEncounter(const SyncTable& t, const EventDb::SyncRow& row, const std::string& me) {
  return !me.empty() && t.name == std::string("encounter") && ColumnOf(t, row, "kiosk_id") != me;
}

}  // namespace

std::unique_ptr<Hub> Hub::Connect(const std::string& url, const HubOptions& options, std::string* err) {
  HubUrlCheck check;
  if (!CheckHubUrl(url, options.allow_insecure, &check, err)) return nullptr;
  // Over the network, the server must prove it knows the password too
  // (SCRAM channel binding), unless the URL says otherwise. The URL's own
  // settings come after, and win.
  const char* keys[] = {"channel_binding", "connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {check.local || options.allow_insecure ? "prefer" : "require", "5", "kindred", url.c_str(),
                          nullptr};
  PGconn* c = PQconnectdbParams(keys, values, 1);
  if (PQstatus(c) != CONNECTION_OK) {
    const std::string why = FirstLine(PQerrorMessage(c));
    const std::string kiosk = KioskNameFromHubUrl(url);
    if (pq::IsCertificateProblem(why))
      *err = "the server is not the event's hub: its certificate is not the one this kiosk trusts (" + why + ")";
    else if (why.find("is not permitted to log in") != std::string::npos)  // the password is right; NOLOGIN
      *err = kiosk.empty() ? "this sign-in was revoked on the hub; ask the organisers for a new one"
                           : "this kiosk (" + kiosk + ") was revoked on the hub; ask the organisers to add it again "
                             "(on the hub: sudo kindred-hub add-kiosk " + kiosk +
                             "), then install the new bundle here (sudo /opt/kindred/bin/kindred hub join FILE)";
    else
      *err = "cannot reach the hub: " + why;
    PQfinish(c);
    return nullptr;
  }
  std::unique_ptr<Hub> hub(new Hub(c, url));
  if (!Exec(c, "SET client_encoding = 'UTF8'; SET statement_timeout = '30s'; SET client_min_messages = warning",
            err))
    return nullptr;
  if (options.check_schema) {
    Result r(PQexec(c, "SELECT value FROM kindred_meta WHERE key = 'schema_version'"));
    if (!r.ok() || r.rows() != 1) {
      *err = "the hub has no Kindred schema: run kindred hub init --hub URL first";
      return nullptr;
    }
    const int version = std::atoi(r.at(0, 0).c_str());
    if (version > kHubSchemaVersion) {
      *err = "the hub was set up by a newer Kindred (schema " + std::to_string(version) +
             "); update this kiosk's Kindred";
      return nullptr;
    }
    if (version < kHubSchemaVersion) {
      *err = "the hub's schema is older than this Kindred's: run kindred hub init --hub URL to migrate it";
      return nullptr;
    }
    Result me(PQexec(c, "SELECT coalesce(kindred_kiosk(), '')"));
    if (!me.ok()) {
      *err = "the hub refused this sign-in: " + me.error();
      return nullptr;
    }
    hub->kiosk_name_ = me.at(0, 0);
    // The hub's history: its ID and the database's own (a database made
    // again and restored into is another history, even with the same ID).
    Result meta(PQexec(c,
                       "SELECT key, value FROM kindred_meta WHERE key IN ('forget_secret', 'shredded_at', 'hub_id') "
                       "UNION ALL SELECT 'oid', oid::text FROM pg_database WHERE datname = current_database()"));
    if (!meta.ok()) {
      *err = meta.error();
      return nullptr;
    }
    std::string id, oid;
    for (int i = 0; i < meta.rows(); ++i) {
      const std::string& key = meta.at(i, 0);
      (key == "forget_secret" ? hub->forget_secret_ : key == "shredded_at" ? hub->shredded_at_ : key == "hub_id" ? id : oid) =
          meta.at(i, 1);
    }
    hub->hub_id_ = id + "/" + oid;
    if (!Exec(c, "LISTEN kindred_changes", err)) return nullptr;
  }
  return hub;
}

Hub::~Hub() { PQfinish(conn_); }

bool Hub::ok() const { return PQstatus(conn_) == CONNECTION_OK; }

bool Hub::Push(EventDb& db, int limit, PushResult* result, std::string* err) {
  *result = {};
  std::vector<EventDb::OutboxItem> items;
  if (!db.ReadOutbox(limit, &items, err)) return false;
  if (items.empty()) return true;
  bool pushed = false;
  if (!PushInOneRoundTrip(db, items, &pushed, err)) return false;
  if (pushed) {
    result->pushed = static_cast<int64_t>(items.size());
    return true;
  }
  std::string e;
  if (!Exec(conn_, "BEGIN", err) || !Exec(conn_, kPushLock, err)) {
    Exec(conn_, "ROLLBACK", &e);
    return false;
  }
  std::vector<int64_t> done;
  std::vector<std::pair<EventDb::OutboxItem, std::string>> refused;
  std::vector<std::string> seen;  // kind + key pushed in this batch
  for (const EventDb::OutboxItem& item : items) {
    const SyncTable* t = FindSyncTable(item.kind);
    const std::string id = item.kind + '\x1f' + item.key;
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) {
      done.push_back(item.id);
      continue;
    }
    EventDb::SyncRow row;
    const Lookup l = t ? db.ReadSyncRow(item.kind, item.key, &row, err) : Lookup::kNotFound;
    if (l == Lookup::kError) {
      Exec(conn_, "ROLLBACK", &e);
      return false;
    }
    if (!t) {
      refused.push_back({item, "a change from a newer Kindred (" + item.kind + ")"});
      continue;
    }
    if (l == Lookup::kNotFound) {  // wiped here since: nothing to send
      done.push_back(item.id);
      continue;
    }
    const bool kiosk = !kiosk_name_.empty();
    std::string sql = HubUpsertSql(*t, kiosk);
    std::vector<std::string> params = row;
    if (kiosk && t->name == std::string("forgotten")) {
      // A kiosk asks; the hub decides (at once within the kiosk's hourly
      // allowance, else when an organiser confirms).
      sql = "INSERT INTO forget_request(key, forgotten_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
      params = {ColumnOf(*t, row, "key"), ColumnOf(*t, row, "forgotten_at")};
    }
    if (OthersEncounter(*t, row, kiosk_name_)) {
      // The phones' server may change those two and nothing else (the hub
      // refuses any other member).
      sql = "SELECT kindred_follow_up($1, $2, $3, $4, $5, $6)";
      params = {item.key,
                ColumnOf(*t, row, "a_id"),
                ColumnOf(*t, row, "b_id"),
                ColumnOf(*t, row, "updated_at"),
                ColumnOf(*t, row, "intents"),
                ColumnOf(*t, row, "note")};
    }
    if (kiosk && t->name == std::string("attendee")) {
      // The roster is the organisers': a kiosk changes people the hub has,
      // and adds only walk-ins.
      Result known(Run(conn_, "SELECT 1 FROM attendee WHERE badge_id = $1", {item.key}));
      if (!known.ok()) {
        *err = "the hub refused a change: " + known.error();
        Exec(conn_, "ROLLBACK", &e);
        return false;
      }
      if (known.rows() == 0 && ColumnOf(*t, row, "walk_in") != "1") {
        done.push_back(item.id);
        continue;
      }
      if (known.rows() > 0) sql = HubKioskUpdateSql(*t);
      // Presence another kiosk reported (pulled, and offered again to a
      // hub that lost it) is that kiosk's to send: sent as none, it leaves
      // the hub's as it is.
      if (const std::string seen_at = ColumnOf(*t, row, "last_seen_kiosk"); !seen_at.empty() && seen_at != kiosk_name_) {
        params[t->IndexOf("last_seen_at")].clear();
        params[t->IndexOf("last_seen_kiosk")].clear();
      }
    }
    Exec(conn_, "SAVEPOINT one", &e);
    Result r(Run(conn_, sql, params));
    if (!r.ok()) {
      if (!pq::IsDataError(r.sqlstate()) && !pq::IsRowRefused(r.sqlstate())) {
        *err = "the hub refused a change: " + r.error();
        Exec(conn_, "ROLLBACK", &e);
        return false;
      }
      Exec(conn_, "ROLLBACK TO SAVEPOINT one", &e);
      refused.push_back({item, RefusalReason(*t, row, kiosk_name_, r)});
      continue;
    }
    Exec(conn_, "RELEASE SAVEPOINT one", &e);
    seen.push_back(id);
    done.push_back(item.id);
  }
  // A kiosk's receipt for this push, in the same transaction: a hub that
  // later lacks it lost what it acknowledged (CheckHistory).
  std::string receipt;
  if (!kiosk_name_.empty()) {
    receipt = NewReceipt();
    Result r(Run(conn_,
                 "INSERT INTO kiosk(kiosk_id, last_contact, waiting, set_aside, receipt) VALUES ($1, now(), 0, 0, $2) "
                 "ON CONFLICT (kiosk_id) DO UPDATE SET receipt = excluded.receipt",
                 {kiosk_name_, receipt}));
    if (!r.ok()) {
      *err = "the hub refused a change: " + r.error();
      Exec(conn_, "ROLLBACK", &e);
      return false;
    }
  }
  if (!Exec(conn_, "NOTIFY kindred_changes", err) || !Exec(conn_, "COMMIT", err)) {
    Exec(conn_, "ROLLBACK", &e);
    return false;
  }
  // The hub has them: a crash before this ack only pushes them again
  // (idempotent), and one before the receipt is kept only offers
  // everything again.
  if (!db.AckOutbox(done, err)) return false;
  if (!receipt.empty() && !db.SetSetting(kHubReceiptSetting, receipt, err)) return false;
  for (const auto& [item, reason] : refused) {
    if (!db.SetAside(item, reason, err)) return false;
    result->set_aside.push_back(item.kind + " " + item.key + ": " + reason);
  }
  result->pushed = static_cast<int64_t>(done.size());
  return true;
}

bool Hub::PushInOneRoundTrip(EventDb& db, const std::vector<EventDb::OutboxItem>& items, bool* pushed,
                             std::string* err) {
  *pushed = false;
  const bool kiosk = !kiosk_name_.empty();
  // Each table's rows as VALUES lists of literals, the newest of each key.
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> seen;
  std::vector<int64_t> done;
  for (const EventDb::OutboxItem& item : items) {
    done.push_back(item.id);
    const SyncTable* t = FindSyncTable(item.kind);
    // Roster changes from a kiosk depend on what the hub has; a change from
    // a newer Kindred is set aside: both row by row.
    if (!t || (kiosk && t->name == std::string("attendee"))) return true;
    const std::string id = item.kind + '\x1f' + item.key;
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
    seen.push_back(id);
    EventDb::SyncRow row;
    const Lookup l = db.ReadSyncRow(item.kind, item.key, &row, err);
    if (l == Lookup::kError) return false;
    if (l == Lookup::kNotFound) continue;  // wiped here since: nothing to send
    // A phone's note on another kiosk's encounter: row by row (see Push).
    if (OthersEncounter(*t, row, kiosk_name_)) return true;
    std::vector<std::string> fields = row;
    if (kiosk && t->name == std::string("forgotten"))
      fields = {ColumnOf(*t, row, "key"), ColumnOf(*t, row, "forgotten_at")};
    std::string tuple = "(";
    for (size_t i = 0; i < fields.size(); ++i) tuple += (i ? ", " : "") + pq::Literal(conn_, fields[i]);
    values[t->name].push_back(tuple + ")");
  }
  std::string sql = std::string("BEGIN;") + kPushLock + ";";
  for (const SyncTable& t : SyncTables()) {
    auto it = values.find(t.name);
    if (it == values.end()) continue;
    if (kiosk && t.name == std::string("forgotten")) {
      // A kiosk asks; the hub decides (see Push).
      std::string rows;
      for (const std::string& tuple : it->second) rows += (rows.empty() ? "" : ", ") + tuple;
      sql += "INSERT INTO forget_request(key, forgotten_at) VALUES " + rows + " ON CONFLICT (key) DO NOTHING;";
    } else {
      sql += HubUpsertRowsSql(t, kiosk, it->second) + ";";
    }
  }
  const std::string receipt = kiosk ? NewReceipt() : "";
  if (kiosk)
    sql += "INSERT INTO kiosk(kiosk_id, last_contact, waiting, set_aside, receipt) VALUES (" +
           pq::Literal(conn_, kiosk_name_) + ", now(), 0, 0, " + pq::Literal(conn_, receipt) +
           ") ON CONFLICT (kiosk_id) DO UPDATE SET receipt = excluded.receipt;";
  sql += "NOTIFY kindred_changes;COMMIT";
  std::vector<std::unique_ptr<Result>> results;
  std::string why;
  if (!RunBatch(conn_, sql, &results, &why)) {
    std::string e;
    Exec(conn_, "ROLLBACK", &e);
    if (PQstatus(conn_) != CONNECTION_OK) {
      *err = why;
      return false;
    }
    return true;  // something was refused: row by row, to set aside only that
  }
  // As in Push: acknowledged after the hub has them, then the receipt.
  if (!db.AckOutbox(done, err)) return false;
  if (!receipt.empty() && !db.SetSetting(kHubReceiptSetting, receipt, err)) return false;
  *pushed = true;
  return true;
}

bool Hub::Pull(EventDb& db, int limit, EventDb::PulledRows* rows, bool* more, std::string* err) {
  *rows = {};
  *more = false;
  // Notices of changes told before this pull are covered by it (its
  // snapshot comes after them): dropped, so that they do not wake the kiosk
  // again for a round that would find nothing. Those told during it stay.
  if (PQconsumeInput(conn_))
    while (PGnotify* note = PQnotifies(conn_)) PQfreemem(note);
  // Every synced table past this copy's watermark, in one snapshot and one
  // round trip (the hub answers hundreds of kiosks' rounds a second).
  std::string sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;";
  for (const SyncTable& t : SyncTables()) {
    std::string since = "0";
    if (db.GetSetting(WatermarkKey(t), &since, err) == Lookup::kError) return false;
    sql += "SELECT " + t.ColumnList() + ", seq FROM " + t.name + " WHERE seq > " +
           std::to_string(std::atoll(since.c_str())) + " ORDER BY seq LIMIT " + std::to_string(limit) + ";";
  }
  sql += "COMMIT";
  std::vector<std::unique_ptr<Result>> results;
  if (!RunBatch(conn_, sql, &results, err)) {
    std::string e;
    Exec(conn_, "ROLLBACK", &e);
    return false;
  }
  std::vector<std::pair<std::string, std::string>> marks;
  size_t i = 1;  // after BEGIN
  for (const SyncTable& t : SyncTables()) {
    const Result& r = *results.at(i++);
    std::vector<EventDb::SyncRow>& list = rows->of(t.name);
    const int n = static_cast<int>(t.columns.size());
    for (int row = 0; row < r.rows(); ++row) {
      EventDb::SyncRow values;
      for (int c = 0; c < n; ++c) values.push_back(r.at(row, c));
      list.push_back(std::move(values));
    }
    if (r.rows() > 0) marks.push_back({WatermarkKey(t), r.at(r.rows() - 1, n)});
    if (r.rows() == limit) *more = true;
  }
  return db.ApplyPulled(*rows, marks, err);
}

bool Hub::CheckHistory(EventDb& db, std::string* err) {
  std::string known, secret;
  if (db.GetSetting(kHubIdSetting, &known, err) == Lookup::kError) return false;
  if (!known.empty() && !db.ForgetSecretHexIfAny(&secret, err)) return false;
  // The event's secret is its identity: a hub that does not hold this
  // database's is another event's, whatever its roster says.
  if (!known.empty() && !secret.empty() && !forget_secret_.empty() && secret != forget_secret_) {
    *err = "this hub holds another event (its event key is not this database's); nothing was exchanged. If it "
           "replaces this event's hub, set it up with: kindred hub init --event-from EVENT.db";
    return false;
  }
  // The receipt this kiosk left with its last push (gone or older when the
  // hub lost what it acknowledged) and where the hub's history is (behind
  // what this copy pulled when it went back; the sequence, not the rows:
  // forgetting and shredding delete rows), in one round trip.
  Result r(Run(conn_,
               "SELECT (SELECT receipt FROM kiosk WHERE kiosk_id = $1), (SELECT last_value FROM change_seq), "
               "pg_has_role('kindred_pages', 'MEMBER')",
               {kiosk_name_}));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  std::string why;
  if (!known.empty() && known != hub_id_) why = "was replaced or restored from a backup";
  if (why.empty() && !kiosk_name_.empty()) {
    std::string mine;
    if (db.GetSetting(kHubReceiptSetting, &mine, err) == Lookup::kError) return false;
    if (!mine.empty() && (r.is_null(0, 0) || r.at(0, 0) != mine)) why = "lost changes it had acknowledged";
  }
  if (why.empty()) {
    const long long position = std::atoll(r.at(0, 1).c_str());
    for (const SyncTable& t : SyncTables()) {
      std::string mark;
      if (db.GetSetting(WatermarkKey(t), &mark, err) == Lookup::kError) return false;
      if (std::atoll(mark.c_str()) > position) why = "is behind what it gave this copy";
    }
  }
  if (!why.empty()) {
    // Offer everything again (merging is idempotent; a kiosk, what it may
    // send: the rows of its own, profiles and tombstones, and the phones'
    // server also the notes and follow-ups of every encounter, which phones
    // change) and pull from the start.
    if (!db.QueueEverything(err, kiosk_name_, r.at(0, 2) == "t")) return false;
    for (const SyncTable& t : SyncTables())
      if (!db.SetSetting(WatermarkKey(t), "0", err)) return false;
    healed_ = "the hub " + why + ": offering it everything this copy holds again, and taking everything from it";
    std::fprintf(stderr, "kindred: %s\n", healed_.c_str());
  }
  return known == hub_id_ || db.SetSetting(kHubIdSetting, hub_id_, err);
}

bool Hub::Exchange(EventDb& db, const std::function<void(const EventDb::PulledRows&)>& on_pulled,
                   const std::function<bool()>& stop, std::string* err) {
  constexpr int kBatch = 500;
  // The hub's history: checked on a connection's first exchange (a hub
  // that is restored, replaced or promoted is always a new connection) and
  // every few seconds after, not on every round.
  healed_.clear();
  const auto now = std::chrono::steady_clock::now();
  if (&db != history_checked_for_ || now >= next_history_check_) {
    if (!CheckHistory(db, err)) return false;
    history_checked_for_ = &db;
    next_history_check_ = now + std::chrono::seconds(10);
  }
  // Every kiosk computes the same forget keys as the hub (once per database).
  if (!forget_secret_.empty() && secret_given_to_ != &db) {
    if (!db.SetForgetSecret(forget_secret_, err)) return false;
    secret_given_to_ = &db;
  }
  // The event was shredded on the hub: this kiosk shreds its own copy
  // before anything else (what waited to be sent goes with it).
  // Whether the event was shredded (or is due to be, kindred shred --after
  // DAYS): asked at most every few seconds, not on every round.
  if (shredded_at_.empty() && now >= next_shred_check_) {
    next_shred_check_ = now + std::chrono::seconds(5);
    Result due(PQexec(conn_, "SELECT kindred_shred_if_due()"));
    if (!due.ok()) {
      *err = "the hub refused this kiosk: " + due.error();
      return false;
    }
    Result r(PQexec(conn_, "SELECT value FROM kindred_meta WHERE key = 'shredded_at'"));
    if (!r.ok()) {
      *err = r.error();
      return false;
    }
    if (r.rows() == 1) shredded_at_ = r.at(0, 0);
  }
  if (!shredded_at_.empty()) {
    // Once per shred of the hub's event, whatever this kiosk's clock says.
    std::string seen;
    const Lookup l = db.GetSetting("hub_shredded_at", &seen, err);
    if (l == Lookup::kError) return false;
    if (seen != shredded_at_) {
      EventDb::PersonalData removed;
      if (!db.Shred(&removed, err) || !db.SetSetting("hub_shredded_at", shredded_at_, err)) return false;
      shredded_here_ = true;
    }
  }
  for (bool more = true; more && !(stop && stop());) {
    PushResult pushed;
    if (!Push(db, kBatch, &pushed, err)) return false;
    for (const std::string& why : pushed.set_aside)
      std::fprintf(stderr, "kindred: set aside, the hub refused %s\n", why.c_str());
    more = pushed.pushed + static_cast<int64_t>(pushed.set_aside.size()) >= kBatch;
  }
  for (bool more = true; more && !(stop && stop());) {
    EventDb::PulledRows rows;
    if (!Pull(db, kBatch * 4, &rows, &more, err)) return false;
    if (!rows.empty() && on_pulled) on_pulled(rows);
  }
  return true;
}

bool Hub::Listen(bool on, std::string* err) {
  return Exec(conn_, on ? "LISTEN kindred_changes" : "UNLISTEN kindred_changes", err);
}

bool Hub::WaitForChange(int wake_fd, int timeout_ms) {
  // Notices that libpq has already read (they come in with a query's result,
  // e.g. during the last pull) are taken first: the socket has nothing more
  // to say about them, and polling it alone would wait out the whole timeout.
  auto another_changed = [this] {
    bool changed = false;
    while (PGnotify* note = PQnotifies(conn_)) {
      if (note->be_pid != PQbackendPID(conn_)) changed = true;  // not this connection's own change
      PQfreemem(note);
    }
    return changed;
  };
  if (another_changed()) return true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {wake_fd, POLLIN, 0}};
    const int n = poll(fds, wake_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (n <= 0) return false;
    bool woken = wake_fd >= 0 && (fds[1].revents & POLLIN);
    if (fds[0].revents) {
      // A closed connection wakes the caller, whose next round notices.
      if (!PQconsumeInput(conn_)) return true;
      woken = another_changed() || woken;
    }
    if (woken) return true;
  }
}

}  // namespace kindred