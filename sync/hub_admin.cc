// The hub's administration, on an organiser's or a superuser's connection:
// creating or migrating the schema, members (kiosks and organisers) and
// revoking them, shredding, and what status shows.
#include <sodium.h>

#include <cstdlib>

#include "common/hex.h"
#include "sync/hub.h"
#include "sync/hub_schema.h"
#include "sync/pq.h"

namespace kindred {

using pq::Exec;
using pq::FirstLine;
using pq::Identifier;
using pq::Literal;
using pq::Result;
using pq::Run;

namespace {

// A password for a login role: 32 characters of 192 random bits, none of
// which a password file or a URL needs escaped.
std::string NewPassword() {
  unsigned char bytes[24];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

// Makes the hub's member rows agree with the server's roles, after a backup
// was put back: a kiosk or organiser added since the backup keeps signing in
// as itself (else the row rules would refuse all it sends); one revoked
// since (its role may no longer sign in) is marked revoked again.
std::string MembersAgreeWithRolesSql() {
  return std::string(R"sql(
    INSERT INTO member(name, kind, role, added_at)
      SELECT substr(r.rolname, length(g.prefix) + 1), g.kind, r.rolname, now()
      FROM pg_roles r
      JOIN (VALUES (')sql") +
         kKioskGroup + "', 'kiosk', '" + kKioskRolePrefix + R"sql('),
                   (')sql" +
         kOrganiserGroup + "', 'organiser', '" + kOrganiserRolePrefix + R"sql(')) g(grp, kind, prefix)
        ON starts_with(r.rolname, g.prefix)
      WHERE r.rolcanlogin AND NOT r.rolsuper
        AND EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles gr ON gr.oid = m.roleid
                    WHERE m.member = r.oid AND gr.rolname = g.grp)
    ON CONFLICT (name) DO NOTHING;
    UPDATE member SET revoked_at = now()
      WHERE revoked_at IS NULL AND role IN (SELECT rolname FROM pg_roles WHERE NOT rolcanlogin))sql";
}

}  // namespace

bool Hub::Init(const HubSetup& setup, std::string* err) {
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
    ok = Exec(conn_, HubMigration(v), err);
  }
  std::vector<std::pair<std::string, std::string>> values = {{"schema_version", std::to_string(kHubSchemaVersion)}};
  {
    // The event's secret for forget keys, made once; or the event's own,
    // for a hub that replaces its lost one (only while it holds nobody).
    Result r(PQexec(conn_, "SELECT coalesce((SELECT value FROM kindred_meta WHERE key = 'forget_secret'), ''), "
                           "EXISTS (SELECT 1 FROM attendee) OR EXISTS (SELECT 1 FROM forgotten)"));
    const bool has = r.ok() && !r.at(0, 0).empty();
    if (!setup.forget_secret.empty() && has && r.at(0, 0) != setup.forget_secret && r.at(0, 1) == "t") {
      Exec(conn_, "ROLLBACK", &e);
      *err = "this hub already holds another event; --event-from is for a new, empty hub";
      return false;
    }
    if (!setup.forget_secret.empty()) {
      values.push_back({"forget_secret", setup.forget_secret});
    } else if (r.ok() && !has) {
      std::string secret(32, '\0');
      randombytes_buf(secret.data(), secret.size());
      values.push_back({"forget_secret", ToHex(secret)});
    }
  }
  if (!setup.kiosk_address.empty()) values.push_back({"kiosk_address", setup.kiosk_address});
  if (!setup.root_cert_pem.empty()) values.push_back({"root_cert", setup.root_cert_pem});
  for (const auto& [key, value] : values) {
    if (!ok) break;
    Result r(Run(conn_,
                 "INSERT INTO kindred_meta(key, value) VALUES ($1, $2) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 {key, value}));
    ok = r.ok();
    if (!ok) *err = r.error();
  }
  ok = ok && Exec(conn_, "COMMIT", err);
  if (!ok) Exec(conn_, "ROLLBACK", &e);
  return ok;
}

bool Hub::Backup(const std::string& path, std::string* err) {
  return pq::RunTool({"pg_dump", "--format=custom", "--file=" + path, url_}, "pg_dump could not back the hub up", err);
}

bool Hub::Restore(const std::string& dump_path, std::string* err) {
  const std::vector<std::string> restore = {"pg_restore", "--clean", "--if-exists", "--single-transaction",
                                            "--exit-on-error", "-d", url_, dump_path};
  if (!pq::ToolArgsOk(restore, err)) return false;  // before any session is ended
  // Kiosks are kept out while the backup goes back: a kiosk that reconnected
  // between its session's end and pg_restore's DROPs would hold a table
  // pg_restore needs and deadlock it. A connection limit of 0 refuses every
  // role but a superuser's, so this needs the hub's superuser.
  Result who(PQexec(conn_, "SELECT rolsuper, (SELECT datconnlimit FROM pg_database WHERE datname = current_database()) "
                           "FROM pg_roles WHERE rolname = current_user"));
  if (!who.ok() || who.rows() != 1) {
    *err = who.ok() ? "could not tell who this connection is" : who.error();
    return false;
  }
  if (who.at(0, 0) != "t") {
    *err = "putting a backup back needs the hub's superuser (on the hub: sudo kindred-hub restore FILE); nothing changed";
    return false;
  }
  // What it was (-1: none), set again after; 0 is only ever left by a
  // restore that was interrupted, and running it again lets kiosks back in.
  int limit = std::atoi(who.at(0, 1).c_str());
  if (limit == 0) limit = -1;
  auto set_limit = [this](int n, std::string* e) {
    return Exec(conn_,
                "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I CONNECTION LIMIT " + std::to_string(n) +
                    "', current_database()); END $$",
                e);
  };
  if (!set_limit(0, err)) return false;
  // No kiosk writes halfway through: their sessions end (they come back
  // after, notice the new history and heal).
  Result ended(PQexec(conn_, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = current_database() AND pid <> pg_backend_pid()"));
  bool ok = pq::RunTool(restore, "pg_restore could not put " + dump_path + " back", err);
  // A new history: every kiosk notices and offers what the backup lacks.
  ok = ok && Exec(conn_, "UPDATE kindred_meta SET value = gen_random_uuid()::text WHERE key = 'hub_id'", err);
  // Members are roles (the server's, not this database's, so not in the
  // backup) and rows in member (in it): made to agree again.
  ok = ok && Exec(conn_, MembersAgreeWithRolesSql(), err);
  std::string e;
  if (!set_limit(limit, &e) && ok) {
    *err = "restored, but kiosks are still kept out: " + e;
    ok = false;
  }
  return ok;
}

bool Hub::Promote(std::string* err) {
  Result r(PQexec(conn_, "SELECT pg_is_in_recovery()"));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  if (r.at(0, 0) != "t") {
    *err = "this server is already the primary (it takes writes); nothing to promote";
    return false;
  }
  Result p(PQexec(conn_, "SELECT pg_promote(true, 30)"));
  if (!p.ok() || p.at(0, 0) != "t") {
    *err = p.ok() ? "the standby did not finish promotion within 30 s" : p.error();
    return false;
  }
  return true;
}

bool Hub::GetReplication(Replication* out, std::string* err) {
  *out = {};
  Result r(PQexec(conn_, "SELECT pg_is_in_recovery(), (SELECT count(*) FROM pg_stat_replication), "
                         "(SELECT coalesce(max(extract(epoch FROM replay_lag)), 0) FROM pg_stat_replication)"));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  out->standby = r.at(0, 0) == "t";
  out->standbys = std::atoi(r.at(0, 1).c_str());
  out->lag_seconds = std::atof(r.at(0, 2).c_str());
  return true;
}

bool Hub::GetSetup(HubSetup* out, std::string* err) {
  *out = {};
  Result r(PQexec(conn_, "SELECT key, value FROM kindred_meta WHERE key IN ('kiosk_address', 'root_cert')"));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  for (int i = 0; i < r.rows(); ++i) (r.at(i, 0) == "root_cert" ? out->root_cert_pem : out->kiosk_address) = r.at(i, 1);
  return true;
}

bool Hub::AddMember(MemberKind kind, const std::string& name, std::string* password, std::string* err) {
  if (!IsValidMemberName(name)) {
    *err = "'" + name + "' cannot be a name on the hub: use 1 to 40 of a-z, 0-9 and '-'";
    return false;
  }
  const bool is_kiosk = kind != MemberKind::kOrganiser;
  const std::string role = (is_kiosk ? kKioskRolePrefix : kOrganiserRolePrefix) + name;
  const std::string group = is_kiosk ? kKioskGroup : kOrganiserGroup;
  {
    Result other(Run(conn_, "SELECT kind FROM member WHERE name = $1 AND kind <> $2",
                     {name, is_kiosk ? "kiosk" : "organiser"}));
    if (!other.ok()) {
      *err = other.error();
      return false;
    }
    if (other.rows()) {
      *err = "'" + name + "' is already the name of " + (is_kiosk ? "an organiser" : "a kiosk") + " on this hub";
      return false;
    }
  }
  *password = NewPassword();
  // The server stores only a SCRAM verifier, computed here: the password
  // itself never travels, nor lands in a server log.
  char* verifier = PQencryptPasswordConn(conn_, password->c_str(), role.c_str(), "scram-sha-256");
  if (!verifier) {
    *err = "cannot prepare the password: " + FirstLine(PQerrorMessage(conn_));
    return false;
  }
  const std::string secret = Literal(conn_, verifier);
  PQfreemem(verifier);
  Result exists(Run(conn_, "SELECT 1 FROM pg_roles WHERE rolname = $1", {role}));
  const std::string id = Identifier(conn_, role);
  std::string e;
  bool ok = exists.ok() &&
            Exec(conn_,
                 "BEGIN; " + std::string(exists.rows() ? "ALTER ROLE " : "CREATE ROLE ") + id +
                     " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT " +
                     (is_kiosk ? "CONNECTION LIMIT 5 " : "") + "PASSWORD " + secret + "; GRANT " + group + " TO " + id +
                     (kind == MemberKind::kPages ? "; GRANT kindred_pages TO " + id : std::string()),
                 err);
  if (ok && kind == MemberKind::kKiosk) {
    // Added again as a kiosk: no longer the phones' server.
    Result pages(Run(conn_, "SELECT pg_has_role($1, 'kindred_pages', 'MEMBER')", {role}));
    ok = pages.ok() && (pages.at(0, 0) != "t" || Exec(conn_, "REVOKE kindred_pages FROM " + id, err));
    if (!pages.ok()) *err = pages.error();
  }
  if (ok) {
    Result r(Run(conn_,
                 "INSERT INTO member(name, kind, role, added_at) VALUES ($1, $2, $3, now()) "
                 "ON CONFLICT (name) DO UPDATE SET added_at = now(), revoked_at = NULL",
                 {name, is_kiosk ? "kiosk" : "organiser", role}));
    ok = r.ok();
    if (!ok) *err = r.error();
  }
  ok = ok && Exec(conn_, "COMMIT", err);
  if (!ok) {
    if (!exists.ok()) *err = exists.error();
    Exec(conn_, "ROLLBACK", &e);
    return false;
  }
  // Sessions opened with the old password end with it.
  Result ended(Run(conn_, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", {role}));
  return true;
}

bool Hub::Revoke(const std::string& name, int* ended, std::string* err) {
  *ended = 0;
  Result who(Run(conn_, "SELECT role, kind FROM member WHERE name = $1", {name}));
  if (!who.ok() || who.rows() != 1) {
    *err = who.ok() ? "no kiosk or organiser called '" + name + "' on this hub (kindred status --hub lists them)"
                    : who.error();
    return false;
  }
  const std::string role = who.at(0, 0), group = who.at(0, 1) == "kiosk" ? kKioskGroup : kOrganiserGroup;
  const std::string id = Identifier(conn_, role);
  std::string e;
  // First no new logins and no rights (committed), then end what is open.
  // The password stays: whoever still has it is told the role was revoked
  // ("not permitted to log in", after the password was checked), not that
  // the hub is unreachable. Adding it again gives a new one.
  bool ok = Exec(conn_,
                 "BEGIN; ALTER ROLE " + id + " NOLOGIN; REVOKE " + group + " FROM " + id +
                     "; UPDATE member SET revoked_at = coalesce(revoked_at, now()) WHERE name = " + Literal(conn_, name) +
                     "; COMMIT",
                 err);
  if (!ok) {
    Exec(conn_, "ROLLBACK", &e);
    return false;
  }
  Result r(Run(conn_, "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = $1",
               {role}));
  if (!r.ok()) {
    *err = "shut out for new sign-ins, but its open sessions were not ended: " + r.error();
    return false;
  }
  *ended = std::atoi(r.at(0, 0).c_str());
  return true;
}

bool Hub::Shred(std::string* err) { return Exec(conn_, "SELECT kindred_shred()", err); }

bool Hub::SetShredAfter(int days, std::string* err) {
  Result r(Run(conn_, "SELECT kindred_shred_after($1::int)", {std::to_string(days)}));
  if (!r.ok()) *err = r.error();
  return r.ok();
}

bool Hub::Unforget(const std::vector<std::string>& keys, std::string* err) {
  for (const std::string& key : keys) {
    Result r(Run(conn_, "DELETE FROM forgotten WHERE key = $1", {key}));
    if (!r.ok()) {
      *err = r.error();
      return false;
    }
  }
  return true;
}

bool Hub::ForgetRequests(std::vector<ForgetRequest>* out, std::string* err) {
  out->clear();
  Result r(PQexec(conn_, kiosk_name_.empty()
                             ? "SELECT * FROM kindred_forget_requests()"
                             : "SELECT key, kiosk, to_char(requested_at AT TIME ZONE 'UTC', "
                               "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), state, decided_by, '', '' "
                               "FROM forget_request ORDER BY requested_at, key"));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  for (int i = 0; i < r.rows(); ++i)
    out->push_back({r.at(i, 0), r.at(i, 1), r.at(i, 2), r.at(i, 3), r.at(i, 4), r.at(i, 5), r.at(i, 6)});
  return true;
}

bool Hub::CountPendingForgetRequests(int64_t* n, std::string* err) {
  Result r(PQexec(conn_, "SELECT count(*) FROM forget_request WHERE state = 'pending'"));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  *n = std::atoll(r.at(0, 0).c_str());
  return true;
}

bool Hub::DecideForgetRequests(bool confirm, const std::string& from_kiosk, int64_t* decided, std::string* err) {
  *decided = 0;
  Result r(Run(conn_, "SELECT kindred_decide_forget_requests($1::boolean, nullif($2, ''))",
               {confirm ? "true" : "false", from_kiosk}));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  *decided = std::atoll(r.at(0, 0).c_str());
  return true;
}

bool Hub::Report(const std::string& kiosk_id, int64_t waiting, int64_t set_aside, bool shredded, std::string* err) {
  Result r(Run(conn_,
               "INSERT INTO kiosk(kiosk_id, last_contact, waiting, set_aside, shredded_at) "
               "VALUES ($1, now(), $2, $3, CASE WHEN $4 THEN now() END) "
               "ON CONFLICT (kiosk_id) DO UPDATE SET last_contact = now(), waiting = excluded.waiting, "
               "set_aside = excluded.set_aside, "
               "shredded_at = CASE WHEN $4 THEN coalesce(kiosk.shredded_at, now()) END",
               {kiosk_id, std::to_string(waiting), std::to_string(set_aside), shredded ? "true" : "false"}));
  if (!r.ok()) *err = r.error();
  return r.ok();
}

bool Hub::Kiosks(std::vector<KioskState>* out, std::string* err) {
  out->clear();
  Result r(PQexec(conn_,
                  "SELECT coalesce(k.kiosk_id, m.name), "
                  "coalesce(to_char(k.last_contact AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), "
                  "coalesce(floor(extract(epoch FROM now() - k.last_contact))::bigint, 0), coalesce(k.waiting, 0), "
                  "coalesce(k.set_aside, 0), "
                  "coalesce(to_char(m.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), "
                  "coalesce(to_char(k.shredded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') "
                  "FROM kiosk k FULL JOIN (SELECT * FROM member WHERE kind = 'kiosk') m ON m.name = k.kiosk_id "
                  "ORDER BY 1"));
  if (!r.ok()) {
    *err = r.error();
    return false;
  }
  for (int i = 0; i < r.rows(); ++i)
    out->push_back({r.at(i, 0), r.at(i, 1), std::atoll(r.at(i, 2).c_str()), std::atoll(r.at(i, 3).c_str()),
                    std::atoll(r.at(i, 4).c_str()), r.at(i, 5), r.at(i, 6)});
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
  Result r(PQexec(conn_, ("SELECT " + t->ColumnList() + " FROM " + t->name + " ORDER BY " + t->key).c_str()));
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

}  // namespace kindred
