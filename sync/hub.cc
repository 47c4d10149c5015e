#include "sync/hub.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace kindred {

namespace {

// Migrations, indexed by the version they lead to. Text compares byte by
// byte (COLLATE "C"), as in SQLite, so stamps order the same everywhere.
const char* const kHubMigrations[] = {
    R"sql(
CREATE SEQUENCE change_seq;
CREATE TABLE attendee(
  badge_id text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL, email text COLLATE "C" NOT NULL,
  company text COLLATE "C" NOT NULL, title text COLLATE "C" NOT NULL, field text COLLATE "C" NOT NULL,
  stage text COLLATE "C" NOT NULL, passions text COLLATE "C" NOT NULL, offers text COLLATE "C" NOT NULL,
  seeking text COLLATE "C" NOT NULL, consent bigint NOT NULL, opt_out bigint NOT NULL,
  updated_at text COLLATE "C" NOT NULL, checked_in bigint NOT NULL, last_seen_at text COLLATE "C" NOT NULL,
  last_seen_kiosk text COLLATE "C" NOT NULL, walk_in bigint NOT NULL, seq bigint NOT NULL,
  CHECK (length(name) <= 1000 AND length(passions) + length(offers) + length(seeking) <= 20000));
CREATE INDEX attendee_seq ON attendee(seq);
CREATE TABLE encounter(
  id text COLLATE "C" PRIMARY KEY, a_id text COLLATE "C" NOT NULL, b_id text COLLATE "C" NOT NULL,
  met_at text COLLATE "C" NOT NULL, updated_at text COLLATE "C" NOT NULL, kiosk_id text COLLATE "C" NOT NULL,
  shared text COLLATE "C" NOT NULL, starter text COLLATE "C" NOT NULL, intents text COLLATE "C" NOT NULL,
  note text COLLATE "C" NOT NULL, consent_a bigint NOT NULL, consent_b bigint NOT NULL, seq bigint NOT NULL,
  CHECK (length(note) <= 4000 AND length(starter) <= 2000 AND length(shared) <= 4000));
CREATE INDEX encounter_seq ON encounter(seq);
CREATE TABLE suggestion_shown(
  id text COLLATE "C" PRIMARY KEY, shown_at text COLLATE "C" NOT NULL, kiosk_id text COLLATE "C" NOT NULL,
  viewer_id text COLLATE "C" NOT NULL, suggested_id text COLLATE "C" NOT NULL, shared text COLLATE "C" NOT NULL,
  seq bigint NOT NULL, CHECK (length(shared) <= 2000));
CREATE INDEX suggestion_shown_seq ON suggestion_shown(seq);
CREATE TABLE kiosk(
  kiosk_id text COLLATE "C" PRIMARY KEY, last_contact timestamptz NOT NULL, waiting bigint NOT NULL,
  set_aside bigint NOT NULL);
)sql",
};
constexpr int kMigrationCount = sizeof(kHubMigrations) / sizeof(kHubMigrations[0]);
static_assert(kMigrationCount == kHubSchemaVersion);

// Pushes hold this lock until they commit, so sequence order is commit order.
constexpr const char* kPushLock = "SELECT pg_advisory_xact_lock(4242)";

std::string FirstLine(const char* message) {
  std::string s = message ? message : "";
  if (s.rfind("ERROR:  ", 0) == 0) s = s.substr(8);
  if (s.rfind("FATAL:  ", 0) == 0) s = s.substr(8);
  if (size_t nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

// One statement's result, cleared when it goes.
class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  ~Result() { PQclear(r_); }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  bool ok() const {
    const ExecStatusType s = PQresultStatus(r_);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
  }
  std::string sqlstate() const {
    const char* s = PQresultErrorField(r_, PG_DIAG_SQLSTATE);
    return s ? s : "";
  }
  std::string error() const { return FirstLine(PQresultErrorMessage(r_)); }
  int rows() const { return PQntuples(r_); }
  std::string at(int row, int col) const { return PQgetvalue(r_, row, col); }

 private:
  PGresult* r_;
};

PGresult* Run(PGconn* c, const std::string& sql, const std::vector<std::string>& params = {}) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  return PQexecParams(c, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
}

bool Exec(PGconn* c, const std::string& sql, std::string* err) {
  Result r(PQexec(c, sql.c_str()));
  if (!r.ok()) *err = r.error();
  return r.ok();
}

// The upsert of one row into `t` on the hub, with the merge rules.
std::string UpsertSql(const SyncTable& t) {
  std::string params;
  for (size_t i = 0; i < t.columns.size(); ++i) params += (i ? ", $" : "$") + std::to_string(i + 1);
  std::string sql = std::string("INSERT INTO ") + t.name + "(" + SyncColumnList(t) + ", seq) VALUES (" + params +
                    ", nextval('change_seq')) ON CONFLICT (" + t.key + ") DO ";
  const std::string name = t.name;
  if (name == "suggestion_shown") return sql + "NOTHING";
  if (name == "encounter") {
    sql += "UPDATE SET ";
    for (const char* c : t.columns)
      if (std::strcmp(c, "id") != 0) sql += std::string(c) + " = excluded." + c + ", ";
    return sql + "seq = excluded.seq WHERE excluded.updated_at > encounter.updated_at";
  }
  // attendee: the profile changed last wins; presence is combined.
  sql += "UPDATE SET ";
  for (const char* c : {"name", "email", "company", "title", "field", "stage", "passions", "offers", "seeking",
                        "consent", "opt_out"})
    sql += std::string(c) + " = CASE WHEN excluded.updated_at > attendee.updated_at THEN excluded." + c +
           " ELSE attendee." + c + " END, ";
  return sql +
         "updated_at = greatest(attendee.updated_at, excluded.updated_at), "
         "checked_in = greatest(attendee.checked_in, excluded.checked_in), "
         "walk_in = least(attendee.walk_in, excluded.walk_in), "
         "last_seen_kiosk = CASE WHEN (excluded.last_seen_at, excluded.last_seen_kiosk) > "
         "(attendee.last_seen_at, attendee.last_seen_kiosk) THEN excluded.last_seen_kiosk "
         "ELSE attendee.last_seen_kiosk END, "
         "last_seen_at = greatest(attendee.last_seen_at, excluded.last_seen_at), seq = excluded.seq "
         "WHERE excluded.updated_at > attendee.updated_at OR excluded.checked_in > attendee.checked_in OR "
         "(excluded.last_seen_at, excluded.last_seen_kiosk) > (attendee.last_seen_at, attendee.last_seen_kiosk) OR "
         "excluded.walk_in < attendee.walk_in";
}

// Bad data (22: invalid UTF-8, too long; 23: a check) is the row's fault;
// anything else is the hub's or the network's.
bool IsDataError(const std::string& sqlstate) {
  return sqlstate.rfind("22", 0) == 0 || sqlstate.rfind("23", 0) == 0;
}

std::string WatermarkKey(const SyncTable& t) { return std::string("hub_seq_") + t.name; }

}  // namespace

bool UrlHasPassword(const std::string& url, std::string* err) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    *err = "\"" + url + "\" is not a hub URL: write postgresql://kindred_kiosk@HOST/kindred (" +
           FirstLine(error) + ")";
    PQfreemem(error);
    return true;
  }
  bool has = false;
  for (PQconninfoOption* o = options; o->keyword; ++o)
    if (std::strcmp(o->keyword, "password") == 0 && o->val && *o->val) has = true;
  PQconninfoFree(options);
  if (has)
    *err = "put the hub's password in a password file (~/.pgpass, chmod 600) or PGPASSWORD, not in the URL";
  return has;
}

std::unique_ptr<Hub> Hub::Connect(const std::string& url, bool check_schema, std::string* err) {
  if (UrlHasPassword(url, err)) return nullptr;
  const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {url.c_str(), "5", "kindred", nullptr};
  PGconn* c = PQconnectdbParams(keys, values, 1);
  if (PQstatus(c) != CONNECTION_OK) {
    *err = "cannot reach the hub: " + FirstLine(PQerrorMessage(c));
    PQfinish(c);
    return nullptr;
  }
  std::unique_ptr<Hub> hub(new Hub(c));
  if (!Exec(c, "SET client_encoding = 'UTF8'; SET statement_timeout = '30s'", err)) return nullptr;
  if (check_schema) {
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
    if (!Exec(c, "LISTEN kindred_changes", err)) return nullptr;
  }
  return hub;
}

Hub::~Hub() { PQfinish(conn_); }

bool Hub::ok() const { return PQstatus(conn_) == CONNECTION_OK; }

bool Hub::Init(const std::string& kiosk_password, std::string* err) {
  std::string e;
  if (!Exec(conn_, "BEGIN; SELECT pg_advisory_xact_lock(4243);"
                   "CREATE TABLE IF NOT EXISTS kindred_meta(key text COLLATE \"C\" PRIMARY KEY, value text NOT NULL)",
            err))
    return false;
  int version = 0;
  {
    Result r(PQexec(conn_, "SELECT value FROM kindred_meta WHERE key = 'schema_version'"));
    if (r.ok() && r.rows() == 1) version = std::atoi(r.at(0, 0).c_str());
  }
  if (version > kHubSchemaVersion) {
    Exec(conn_, "ROLLBACK", &e);
    *err = "the hub was set up by a newer Kindred (schema " + std::to_string(version) + "); nothing changed";
    return false;
  }
  bool ok = true;
  for (int v = version; ok && v < kHubSchemaVersion; ++v) {
    ok = Exec(conn_, kHubMigrations[v], err);
  }
  if (ok) {
    Result r(Run(conn_,
                 "INSERT INTO kindred_meta(key, value) VALUES ('schema_version', $1) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 {std::to_string(kHubSchemaVersion)}));
    ok = r.ok();
    if (!ok) *err = r.error();
  }
  if (ok && !kiosk_password.empty()) {
    char* literal = PQescapeLiteral(conn_, kiosk_password.c_str(), kiosk_password.size());
    const std::string password = literal ? literal : "''";
    PQfreemem(literal);
    Result exists(Run(conn_, "SELECT 1 FROM pg_roles WHERE rolname = $1", {kKioskRole}));
    const std::string role = kKioskRole;
    ok = Exec(conn_,
              (exists.rows() ? "ALTER ROLE " : "CREATE ROLE ") + role + " LOGIN PASSWORD " + password + "; " +
                  "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + role + "; " +
                  "GRANT SELECT, INSERT, UPDATE ON attendee, encounter, suggestion_shown, kiosk TO " + role + "; " +
                  "GRANT SELECT ON kindred_meta TO " + role + "; GRANT USAGE ON SEQUENCE change_seq TO " + role,
              err);
  }
  ok = ok && Exec(conn_, "COMMIT", err);
  if (!ok) Exec(conn_, "ROLLBACK", &e);
  return ok;
}

bool Hub::Push(EventDb& db, int limit, PushResult* result, std::string* err) {
  *result = {};
  std::vector<EventDb::OutboxItem> items;
  if (!db.ReadOutbox(limit, &items, err)) return false;
  if (items.empty()) return true;
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
    Exec(conn_, "SAVEPOINT one", &e);
    Result r(Run(conn_, UpsertSql(*t), row));
    if (!r.ok()) {
      if (!IsDataError(r.sqlstate())) {
        *err = "the hub refused a change: " + r.error();
        Exec(conn_, "ROLLBACK", &e);
        return false;
      }
      Exec(conn_, "ROLLBACK TO SAVEPOINT one", &e);
      refused.push_back({item, r.error()});
      continue;
    }
    Exec(conn_, "RELEASE SAVEPOINT one", &e);
    seen.push_back(id);
    done.push_back(item.id);
  }
  if (!Exec(conn_, "NOTIFY kindred_changes", err) || !Exec(conn_, "COMMIT", err)) {
    Exec(conn_, "ROLLBACK", &e);
    return false;
  }
  // The hub has them: a crash before this ack only pushes them again (idempotent).
  if (!db.AckOutbox(done, err)) return false;
  for (const auto& [item, reason] : refused) {
    if (!db.SetAside(item, reason, err)) return false;
    result->set_aside.push_back(item.kind + " " + item.key + ": " + reason);
  }
  result->pushed = static_cast<int64_t>(done.size());
  return true;
}

bool Hub::Pull(EventDb& db, int limit, EventDb::PulledRows* rows, bool* more, std::string* err) {
  *rows = {};
  *more = false;
  std::string e;
  if (!Exec(conn_, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) return false;
  std::vector<std::pair<std::string, std::string>> marks;
  for (const SyncTable& t : SyncTables()) {
    std::string since = "0";
    if (db.GetSetting(WatermarkKey(t), &since, err) == Lookup::kError) {
      Exec(conn_, "ROLLBACK", &e);
      return false;
    }
    Result r(Run(conn_,
                 "SELECT " + SyncColumnList(t) + ", seq FROM " + t.name + " WHERE seq > $1 ORDER BY seq LIMIT " +
                     std::to_string(limit),
                 {since}));
    if (!r.ok()) {
      *err = r.error();
      Exec(conn_, "ROLLBACK", &e);
      return false;
    }
    std::vector<EventDb::SyncRow>& list = rows->of(t.name);
    const int n = static_cast<int>(t.columns.size());
    for (int i = 0; i < r.rows(); ++i) {
      EventDb::SyncRow row;
      for (int c = 0; c < n; ++c) row.push_back(r.at(i, c));
      list.push_back(std::move(row));
    }
    if (r.rows() > 0) marks.push_back({WatermarkKey(t), r.at(r.rows() - 1, n)});
    if (r.rows() == limit) *more = true;
  }
  Exec(conn_, "COMMIT", &e);
  if (!db.ApplyPulled(*rows, err)) return false;
  for (const auto& [key, seq] : marks)
    if (!db.SetSetting(key, seq, err)) return false;
  return true;
}

bool Hub::Exchange(EventDb& db, const std::function<void(const EventDb::PulledRows&)>& on_pulled,
                   const std::function<bool()>& stop, std::string* err) {
  constexpr int kBatch = 500;
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

bool Hub::Report(const std::string& kiosk_id, int64_t waiting, int64_t set_aside, std::string* err) {
  Result r(Run(conn_,
               "INSERT INTO kiosk(kiosk_id, last_contact, waiting, set_aside) VALUES ($1, now(), $2, $3) "
               "ON CONFLICT (kiosk_id) DO UPDATE SET last_contact = now(), waiting = excluded.waiting, "
               "set_aside = excluded.set_aside",
               {kiosk_id, std::to_string(waiting), std::to_string(set_aside)}));
  if (!r.ok()) *err = r.error();
  return r.ok();
}

bool Hub::Kiosks(std::vector<KioskState>* out, std::string* err) {
  out->clear();
  Result r(PQexec(conn_,
                  "SELECT kiosk_id, to_char(last_contact AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                  "floor(extract(epoch FROM now() - last_contact))::bigint, waiting, set_aside "
                  "FROM kiosk ORDER BY kiosk_id"));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  for (int i = 0; i < r.rows(); ++i)
    out->push_back({r.at(i, 0), r.at(i, 1), std::atoll(r.at(i, 2).c_str()), std::atoll(r.at(i, 3).c_str()),
                    std::atoll(r.at(i, 4).c_str())});
  return true;
}

bool Hub::Counts(HubCounts* out, std::string* err) {
  Result r(PQexec(conn_,
                  "SELECT (SELECT count(*) FROM attendee), (SELECT count(*) FROM encounter), "
                  "(SELECT count(*) FROM suggestion_shown)"));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  out->attendees = std::atoll(r.at(0, 0).c_str());
  out->encounters = std::atoll(r.at(0, 1).c_str());
  out->suggestions_shown = std::atoll(r.at(0, 2).c_str());
  return true;
}

bool Hub::ReadAll(const std::string& kind, std::vector<EventDb::SyncRow>* out, std::string* err) {
  out->clear();
  const SyncTable* t = FindSyncTable(kind);
  if (!t) {
    *err = "unknown table " + kind;
    return false;
  }
  Result r(PQexec(conn_, ("SELECT " + SyncColumnList(*t) + " FROM " + t->name + " ORDER BY " + t->key).c_str()));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  for (int i = 0; i < r.rows(); ++i) {
    EventDb::SyncRow row;
    for (size_t c = 0; c < t->columns.size(); ++c) row.push_back(r.at(i, static_cast<int>(c)));
    out->push_back(std::move(row));
  }
  return true;
}

bool Hub::WaitForChange(int wake_fd, int timeout_ms) {
  pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {wake_fd, POLLIN, 0}};
  const int n = poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
  if (n <= 0) return false;
  bool woken = wake_fd >= 0 && (fds[1].revents & POLLIN);
  if (fds[0].revents) {
    PQconsumeInput(conn_);
    while (PGnotify* note = PQnotifies(conn_)) {
      woken = true;
      PQfreemem(note);
    }
  }
  return woken;
}

}  // namespace kindred
