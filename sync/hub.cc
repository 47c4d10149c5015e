#include "sync/hub.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/hex.h"

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
    // v2: one login role per kiosk and per organiser, and row-level rules:
    // a kiosk reads everything and writes only what is its own. The shared
    // kindred_kiosk login of v1 becomes the kiosks' group, without a login.
    R"sql(
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kindred_kiosk') THEN
    ALTER ROLE kindred_kiosk NOLOGIN PASSWORD NULL;
  ELSE
    CREATE ROLE kindred_kiosk NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kindred_organiser') THEN
    CREATE ROLE kindred_organiser NOLOGIN;
  END IF;
END $$;
CREATE TABLE member(
  name text COLLATE "C" PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('kiosk', 'organiser')),
  role text COLLATE "C" NOT NULL UNIQUE, added_at timestamptz NOT NULL, revoked_at timestamptz);
ALTER TABLE attendee ADD COLUMN changed_by text COLLATE "C" NOT NULL DEFAULT '';

-- The kiosk this session signs in as (NULL for organisers and admins).
CREATE FUNCTION kindred_kiosk() RETURNS text LANGUAGE sql STABLE AS
  $f$ SELECT name FROM public.member WHERE role = session_user AND kind = 'kiosk' AND revoked_at IS NULL $f$;

-- Presence a kiosk reports is its own; every profile change records who made it.
CREATE FUNCTION kindred_attendee_origin() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE me text := kindred_kiosk();
BEGIN
  IF me IS NOT NULL AND NEW.last_seen_kiosk <> '' AND NEW.last_seen_kiosk <> me
     AND (TG_OP = 'INSERT' OR (NEW.last_seen_at, NEW.last_seen_kiosk) IS DISTINCT FROM
                              (OLD.last_seen_at, OLD.last_seen_kiosk)) THEN
    RAISE EXCEPTION 'kiosk % may report only its own presence, not %', me, NEW.last_seen_kiosk
      USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'INSERT' OR NEW.updated_at IS DISTINCT FROM OLD.updated_at THEN
    NEW.changed_by := coalesce(me, session_user);
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER attendee_origin BEFORE INSERT OR UPDATE ON attendee
  FOR EACH ROW EXECUTE FUNCTION kindred_attendee_origin();

REVOKE ALL ON attendee, encounter, suggestion_shown, kiosk, member, kindred_meta FROM PUBLIC;
REVOKE ALL ON attendee, encounter, suggestion_shown, kiosk, member, kindred_meta FROM kindred_kiosk;
GRANT SELECT ON attendee, encounter, suggestion_shown, kiosk, member, kindred_meta TO kindred_kiosk, kindred_organiser;
GRANT USAGE ON SEQUENCE change_seq TO kindred_kiosk, kindred_organiser;
GRANT INSERT ON attendee, encounter, suggestion_shown, kiosk TO kindred_kiosk;
GRANT UPDATE (passions, offers, seeking, updated_at, checked_in, last_seen_at, last_seen_kiosk, seq)
  ON attendee TO kindred_kiosk;
GRANT UPDATE ON encounter, kiosk TO kindred_kiosk;
GRANT INSERT, UPDATE, DELETE ON attendee, encounter, suggestion_shown, kiosk TO kindred_organiser;

ALTER TABLE attendee ENABLE ROW LEVEL SECURITY;
ALTER TABLE attendee FORCE ROW LEVEL SECURITY;
ALTER TABLE encounter ENABLE ROW LEVEL SECURITY;
ALTER TABLE encounter FORCE ROW LEVEL SECURITY;
ALTER TABLE suggestion_shown ENABLE ROW LEVEL SECURITY;
ALTER TABLE suggestion_shown FORCE ROW LEVEL SECURITY;
ALTER TABLE kiosk ENABLE ROW LEVEL SECURITY;
ALTER TABLE kiosk FORCE ROW LEVEL SECURITY;

-- Organisers: everything.
CREATE POLICY organiser_all ON attendee FOR ALL TO kindred_organiser USING (true) WITH CHECK (true);
CREATE POLICY organiser_all ON encounter FOR ALL TO kindred_organiser USING (true) WITH CHECK (true);
CREATE POLICY organiser_all ON suggestion_shown FOR ALL TO kindred_organiser USING (true) WITH CHECK (true);
CREATE POLICY organiser_all ON kiosk FOR ALL TO kindred_organiser USING (true) WITH CHECK (true);
-- Kiosks read the whole event (never suggest a pair twice, anywhere).
CREATE POLICY kiosk_read ON attendee FOR SELECT TO kindred_kiosk USING (true);
CREATE POLICY kiosk_read ON encounter FOR SELECT TO kindred_kiosk USING (true);
CREATE POLICY kiosk_read ON suggestion_shown FOR SELECT TO kindred_kiosk USING (true);
CREATE POLICY kiosk_read ON kiosk FOR SELECT TO kindred_kiosk USING (true);
-- People join at a kiosk only as walk-ins; the roster is the organisers'.
CREATE POLICY kiosk_walk_in ON attendee FOR INSERT TO kindred_kiosk
  WITH CHECK (walk_in = 1 AND kindred_kiosk() IS NOT NULL);
-- Passions picked at any kiosk (the columns a kiosk may set are granted above).
CREATE POLICY kiosk_profile ON attendee FOR UPDATE TO kindred_kiosk
  USING (kindred_kiosk() IS NOT NULL) WITH CHECK (kindred_kiosk() IS NOT NULL);
-- Encounters, suggestions and sync state: only one's own.
CREATE POLICY kiosk_own_insert ON encounter FOR INSERT TO kindred_kiosk WITH CHECK (kiosk_id = kindred_kiosk());
CREATE POLICY kiosk_own_update ON encounter FOR UPDATE TO kindred_kiosk
  USING (kiosk_id = kindred_kiosk()) WITH CHECK (kiosk_id = kindred_kiosk());
CREATE POLICY kiosk_own_insert ON suggestion_shown FOR INSERT TO kindred_kiosk
  WITH CHECK (kiosk_id = kindred_kiosk());
CREATE POLICY kiosk_own_insert ON kiosk FOR INSERT TO kindred_kiosk WITH CHECK (kiosk_id = kindred_kiosk());
CREATE POLICY kiosk_own_update ON kiosk FOR UPDATE TO kindred_kiosk
  USING (kiosk_id = kindred_kiosk()) WITH CHECK (kiosk_id = kindred_kiosk());
)sql",
    // v3: personal data with an end. A tombstone per forgotten person (a
    // keyed hash of the badge ID: SHA-256 of the event's secret and the ID,
    // as EventDb::ForgetKey computes it), which every kiosk pulls and which
    // keeps an offline kiosk's late changes from bringing the person back;
    // and shredding the whole event, with what names nobody kept.
    R"sql(
CREATE TABLE forgotten(
  key text COLLATE "C" PRIMARY KEY, forgotten_at text COLLATE "C" NOT NULL,
  origin text COLLATE "C" NOT NULL DEFAULT '', seq bigint NOT NULL);
CREATE INDEX forgotten_seq ON forgotten(seq);
CREATE TABLE event_summary(kind text COLLATE "C", label text COLLATE "C", count bigint NOT NULL,
  PRIMARY KEY (kind, label));
ALTER TABLE kiosk ADD COLUMN shredded_at timestamptz;

CREATE FUNCTION kindred_forget_key(badge text) RETURNS text LANGUAGE sql STABLE AS $f$
  SELECT encode(sha256(decode((SELECT value FROM public.kindred_meta WHERE key = 'forget_secret'), 'hex') ||
                       convert_to(badge, 'UTF8')), 'hex') $f$;

-- One encounter row with `badge` replaced by the pseudonym of `k`: the pair
-- in order, the forgotten side's consent gone, nothing said about them.
CREATE FUNCTION kindred_anonymized(e encounter, badge text, k text) RETURNS encounter LANGUAGE plpgsql IMMUTABLE AS $f$
DECLARE
  pseudo text := ('forgotten-' || substr(k, 1, 16)) COLLATE "C";
  other text := (CASE WHEN e.a_id = badge THEN e.b_id ELSE e.a_id END) COLLATE "C";
  other_consent bigint := CASE WHEN e.a_id = badge THEN e.consent_b ELSE e.consent_a END;
BEGIN
  e.a_id := least(pseudo, other);
  e.b_id := greatest(pseudo, other);
  e.consent_a := CASE WHEN pseudo < other THEN 0 ELSE other_consent END;
  e.consent_b := CASE WHEN pseudo < other THEN other_consent ELSE 0 END;
  e.note := ''; e.shared := ''; e.starter := '';
  RETURN e;
END $f$;

-- The pseudonym's attendee row, as every kiosk makes it.
CREATE FUNCTION kindred_pseudonym_row(k text, at text) RETURNS void LANGUAGE sql AS $f$
  INSERT INTO public.attendee(badge_id, name, email, company, title, field, stage, passions, offers, seeking,
                              consent, opt_out, updated_at, checked_in, last_seen_at, last_seen_kiosk, walk_in, seq)
  VALUES ('forgotten-' || substr(k, 1, 16), '', '', '', '', '', '', '', '', '', 0, 1, at, 0, '', '', 0,
          nextval('public.change_seq'))
  ON CONFLICT (badge_id) DO NOTHING $f$;

-- Forgets `badge` (whose tombstone is `k`, made at `at`) everywhere on the hub.
CREATE FUNCTION kindred_forget_here(badge text, k text, at text) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public AS $f$
DECLARE e encounter;
BEGIN
  IF EXISTS (SELECT 1 FROM encounter WHERE a_id = badge OR b_id = badge) THEN
    PERFORM kindred_pseudonym_row(k, at);
  END IF;
  FOR e IN SELECT * FROM encounter WHERE a_id = badge OR b_id = badge LOOP
    e := kindred_anonymized(e, badge, k);
    UPDATE encounter SET a_id = e.a_id, b_id = e.b_id, consent_a = e.consent_a, consent_b = e.consent_b,
      note = '', shared = '', starter = '', seq = nextval('change_seq') WHERE id = e.id;
  END LOOP;
  DELETE FROM suggestion_shown WHERE viewer_id = badge OR suggested_id = badge;
  DELETE FROM attendee WHERE badge_id = badge;
END $f$;

-- A tombstone arrives (from an organiser or any kiosk): the person it names
-- is forgotten here at once, and the tombstone records who asked.
CREATE FUNCTION kindred_tombstone_arrives() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public AS $f$
DECLARE b text;
BEGIN
  NEW.origin := coalesce(kindred_kiosk(), session_user);
  IF EXISTS (SELECT 1 FROM forgotten WHERE key = NEW.key) THEN RETURN NEW; END IF;
  FOR b IN SELECT id FROM (SELECT badge_id AS id FROM attendee WHERE badge_id NOT LIKE 'forgotten-%'
                           UNION SELECT viewer_id FROM suggestion_shown UNION SELECT suggested_id FROM suggestion_shown
                           UNION SELECT a_id FROM encounter UNION SELECT b_id FROM encounter) ids
           WHERE kindred_forget_key(id) = NEW.key LOOP
    PERFORM kindred_forget_here(b, NEW.key, NEW.forgotten_at);
  END LOOP;
  RETURN NEW;
END $f$;
CREATE TRIGGER tombstone_arrives BEFORE INSERT ON forgotten FOR EACH ROW EXECUTE FUNCTION kindred_tombstone_arrives();

-- What a kiosk that was offline sends late about someone forgotten meanwhile
-- never brings them back; and once the event is shredded, nothing comes in.
CREATE FUNCTION kindred_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE t forgotten;
BEGIN
  IF EXISTS (SELECT 1 FROM kindred_meta WHERE key = 'shredded_at') THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'encounter' THEN
    IF NEW.a_id LIKE 'forgotten-%' OR NEW.b_id LIKE 'forgotten-%' THEN
      NEW.note := ''; NEW.shared := ''; NEW.starter := '';
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM forgotten) THEN RETURN NEW; END IF;
  IF TG_TABLE_NAME = 'attendee' THEN
    IF EXISTS (SELECT 1 FROM forgotten WHERE key = kindred_forget_key(NEW.badge_id)) THEN RETURN NULL; END IF;
  ELSIF TG_TABLE_NAME = 'suggestion_shown' THEN
    IF EXISTS (SELECT 1 FROM forgotten
               WHERE key IN (kindred_forget_key(NEW.viewer_id), kindred_forget_key(NEW.suggested_id))) THEN
      RETURN NULL;
    END IF;
  ELSE
    FOR t IN SELECT * FROM forgotten WHERE key IN (kindred_forget_key(NEW.a_id), kindred_forget_key(NEW.b_id)) LOOP
      PERFORM kindred_pseudonym_row(t.key, t.forgotten_at);
      NEW := kindred_anonymized(NEW, CASE WHEN kindred_forget_key(NEW.a_id) = t.key THEN NEW.a_id ELSE NEW.b_id END,
                                t.key);
    END LOOP;
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON attendee FOR EACH ROW EXECUTE FUNCTION kindred_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON encounter FOR EACH ROW EXECUTE FUNCTION kindred_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON suggestion_shown FOR EACH ROW EXECUTE FUNCTION kindred_guard();

-- Shreds the event: what names nobody stays in event_summary; every kiosk
-- shreds its own database when it next syncs (and says so in kiosk).
CREATE FUNCTION kindred_shred() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  INSERT INTO event_summary(kind, label, count)
    SELECT 'encounters_per_hour', substr(met_at, 1, 13), count(*) FROM encounter GROUP BY 2
    ON CONFLICT (kind, label) DO UPDATE SET count = event_summary.count + excluded.count;
  INSERT INTO event_summary(kind, label, count)
    SELECT 'passion', p, count(*) FROM attendee, regexp_split_to_table(passions, ';\s*') p
    WHERE p <> '' AND badge_id NOT LIKE 'forgotten-%' GROUP BY 2
    ON CONFLICT (kind, label) DO UPDATE SET count = greatest(event_summary.count, excluded.count);
  INSERT INTO kindred_meta(key, value) VALUES ('shredded_at', to_char(now() AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS"Z"')) ON CONFLICT (key) DO NOTHING;
  DELETE FROM suggestion_shown;
  DELETE FROM encounter;
  DELETE FROM attendee;
  DELETE FROM forgotten;
END $f$;
-- kindred shred --after DAYS: the first sign-in that many days after the
-- event's last encounter shreds it.
CREATE FUNCTION kindred_shred_if_due() RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $f$
DECLARE days int := (SELECT value::int FROM kindred_meta WHERE key = 'shred_after_days');
DECLARE last_met text;
BEGIN
  IF days IS NULL OR EXISTS (SELECT 1 FROM kindred_meta WHERE key = 'shredded_at') THEN RETURN false; END IF;
  last_met := (SELECT max(met_at) FROM encounter);
  IF last_met IS NULL THEN RETURN false; END IF;
  IF now() < last_met::timestamptz + make_interval(days => days) THEN RETURN false; END IF;
  PERFORM kindred_shred();
  RETURN true;
END $f$;

CREATE FUNCTION kindred_shred_after(days int) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  INSERT INTO kindred_meta(key, value) VALUES ('shred_after_days', days::text)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value $f$;

REVOKE ALL ON FUNCTION kindred_forget_here(text, text, text), kindred_shred(), kindred_shred_if_due(),
  kindred_shred_after(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kindred_shred(), kindred_shred_after(int) TO kindred_organiser;
GRANT EXECUTE ON FUNCTION kindred_shred_if_due() TO kindred_organiser, kindred_kiosk;
GRANT SELECT ON forgotten, event_summary TO kindred_kiosk, kindred_organiser;
GRANT INSERT ON forgotten TO kindred_kiosk, kindred_organiser;
GRANT DELETE ON forgotten TO kindred_organiser;
ALTER TABLE forgotten ENABLE ROW LEVEL SECURITY;
ALTER TABLE forgotten FORCE ROW LEVEL SECURITY;
CREATE POLICY organiser_all ON forgotten FOR ALL TO kindred_organiser USING (true) WITH CHECK (true);
CREATE POLICY kiosk_read ON forgotten FOR SELECT TO kindred_kiosk USING (true);
-- Any kiosk may pass on a request to be forgotten (organiser mode, behind its PIN); the hub records which.
CREATE POLICY kiosk_forget ON forgotten FOR INSERT TO kindred_kiosk WITH CHECK (kindred_kiosk() IS NOT NULL);
)sql",
    // v4: each person served in their own language ("" for the event's); set
    // by the roster (organisers), and by a walk-in at a kiosk.
    R"sql(
ALTER TABLE attendee ADD COLUMN language text COLLATE "C" NOT NULL DEFAULT '';
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

// The merge rules for an attendee row already on the hub, as "SET ...
// WHERE ..." over `attendee` (the hub's row) and `excluded` (the change):
// the profile changed last wins; presence is combined. A kiosk sets only
// what a kiosk may change (the hub grants no more).
std::string AttendeeMergeSql(bool kiosk, const std::string& next_seq, const std::string& from = "") {
  std::string sql = "SET ";
  const std::vector<const char*> profile =
      kiosk ? std::vector<const char*>{"passions", "offers", "seeking"}
            : std::vector<const char*>{"name", "email", "company", "title", "field", "stage", "passions", "offers",
                                       "seeking", "consent", "opt_out", "language"};
  for (const char* c : profile)
    sql += std::string(c) + " = CASE WHEN excluded.updated_at > attendee.updated_at THEN excluded." + c +
           " ELSE attendee." + c + " END, ";
  sql += "updated_at = greatest(attendee.updated_at, excluded.updated_at), "
         "checked_in = greatest(attendee.checked_in, excluded.checked_in), ";
  if (!kiosk) sql += "walk_in = least(attendee.walk_in, excluded.walk_in), ";
  return sql +
         "last_seen_kiosk = CASE WHEN (excluded.last_seen_at, excluded.last_seen_kiosk) > "
         "(attendee.last_seen_at, attendee.last_seen_kiosk) THEN excluded.last_seen_kiosk "
         "ELSE attendee.last_seen_kiosk END, "
         "last_seen_at = greatest(attendee.last_seen_at, excluded.last_seen_at), seq = " + next_seq + from +
         " WHERE (excluded.updated_at > attendee.updated_at OR excluded.checked_in > attendee.checked_in OR "
         "(excluded.last_seen_at, excluded.last_seen_kiosk) > (attendee.last_seen_at, attendee.last_seen_kiosk)" +
         std::string(kiosk ? ")" : " OR excluded.walk_in < attendee.walk_in)");
}

// The upsert of one row into `t` on the hub, with the merge rules.
std::string UpsertSql(const SyncTable& t, bool kiosk) {
  std::string params;
  for (size_t i = 0; i < t.columns.size(); ++i) params += (i ? ", $" : "$") + std::to_string(i + 1);
  std::string sql = std::string("INSERT INTO ") + t.name + "(" + SyncColumnList(t) + ", seq) VALUES (" + params +
                    ", nextval('change_seq')) ON CONFLICT (" + t.key + ") DO ";
  const std::string name = t.name;
  if (name == "suggestion_shown" || name == "forgotten") return sql + "NOTHING";
  if (name == "encounter") {
    sql += "UPDATE SET ";
    for (const char* c : t.columns)
      if (std::strcmp(c, "id") != 0) sql += std::string(c) + " = excluded." + c + ", ";
    return sql + "seq = excluded.seq WHERE excluded.updated_at > encounter.updated_at";
  }
  return sql + "UPDATE " + AttendeeMergeSql(kiosk, "excluded.seq");
}

// A kiosk's change to an attendee the hub has, as an UPDATE: an upsert
// would also be checked as an INSERT, which kiosks may do for walk-ins only.
std::string KioskAttendeeUpdateSql(const SyncTable& t) {
  std::string values;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const std::string c = t.columns[i];
    const bool number = c == "consent" || c == "opt_out" || c == "checked_in" || c == "walk_in";
    values += std::string(i ? ", $" : "$") + std::to_string(i + 1) + (number ? "::bigint AS " : "::text AS ") + c;
  }
  return "UPDATE attendee " +
         AttendeeMergeSql(true, "nextval('change_seq')", " FROM (SELECT " + values + ") AS excluded") +
         " AND attendee.badge_id = excluded.badge_id";
}

// The value of column `name` in `row` of table `t` ("" when it has none).
std::string Column(const SyncTable& t, const EventDb::SyncRow& row, const char* name) {
  for (size_t i = 0; i < t.columns.size() && i < row.size(); ++i)
    if (std::strcmp(t.columns[i], name) == 0) return row[i];
  return "";
}

// Who may write a row is the hub's to say (row-level security): a row this
// session may not write (42501) is set aside like bad data.
bool IsRowRefused(const std::string& sqlstate) { return sqlstate == "42501"; }

// A password for a login role: 32 characters of 192 random bits, none of
// which a password file or a URL needs escaped.
std::string NewPassword() {
  unsigned char bytes[24];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string Identifier(PGconn* c, const std::string& name) {
  char* quoted = PQescapeIdentifier(c, name.c_str(), name.size());
  std::string out = quoted ? quoted : "\"\"";
  PQfreemem(quoted);
  return out;
}

std::string Literal(PGconn* c, const std::string& value) {
  char* quoted = PQescapeLiteral(c, value.c_str(), value.size());
  std::string out = quoted ? quoted : "''";
  PQfreemem(quoted);
  return out;
}

// libpq's messages for a server whose certificate is not the event's.
bool IsCertificateProblem(const std::string& message) {
  return message.find("certificate verify failed") != std::string::npos ||
         message.find("does not match host name") != std::string::npos ||
         message.find("server certificate for") != std::string::npos;
}

// Bad data (22: invalid UTF-8, too long; 23: a check) is the row's fault;
// anything else is the hub's or the network's.
bool IsDataError(const std::string& sqlstate) {
  return sqlstate.rfind("22", 0) == 0 || sqlstate.rfind("23", 0) == 0;
}

std::string WatermarkKey(const SyncTable& t) { return std::string("hub_seq_") + t.name; }

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
    *err = IsCertificateProblem(why)
               ? "the server is not the event's hub: its certificate is not the one this kiosk trusts (" + why + ")"
               : "cannot reach the hub: " + why;
    PQfinish(c);
    return nullptr;
  }
  std::unique_ptr<Hub> hub(new Hub(c));
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
    Result meta(PQexec(c, "SELECT key, value FROM kindred_meta WHERE key IN ('forget_secret', 'shredded_at')"));
    if (!meta.ok()) {
      *err = meta.error();
      return nullptr;
    }
    for (int i = 0; i < meta.rows(); ++i)
      (meta.at(i, 0) == "forget_secret" ? hub->forget_secret_ : hub->shredded_at_) = meta.at(i, 1);
    if (!Exec(c, "LISTEN kindred_changes", err)) return nullptr;
  }
  return hub;
}

Hub::~Hub() { PQfinish(conn_); }

bool Hub::ok() const { return PQstatus(conn_) == CONNECTION_OK; }

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
    ok = Exec(conn_, kHubMigrations[v], err);
  }
  std::vector<std::pair<std::string, std::string>> values = {{"schema_version", std::to_string(kHubSchemaVersion)}};
  {
    // The event's secret for forget keys, made once.
    Result r(PQexec(conn_, "SELECT 1 FROM kindred_meta WHERE key = 'forget_secret'"));
    if (r.ok() && r.rows() == 0) {
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
  const bool is_kiosk = kind == MemberKind::kKiosk;
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
                     (is_kiosk ? "CONNECTION LIMIT 5 " : "") + "PASSWORD " + secret + "; GRANT " + group + " TO " + id,
                 err);
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
  bool ok = Exec(conn_,
                 "BEGIN; ALTER ROLE " + id + " NOLOGIN PASSWORD NULL; REVOKE " + group + " FROM " + id +
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
    const bool kiosk = !kiosk_name_.empty();
    std::string sql = UpsertSql(*t, kiosk);
    if (kiosk && t->name == std::string("attendee")) {
      // The roster is the organisers': a kiosk changes people the hub has,
      // and adds only walk-ins.
      Result known(Run(conn_, "SELECT 1 FROM attendee WHERE badge_id = $1", {item.key}));
      if (!known.ok()) {
        *err = "the hub refused a change: " + known.error();
        Exec(conn_, "ROLLBACK", &e);
        return false;
      }
      if (known.rows() == 0 && Column(*t, row, "walk_in") != "1") {
        done.push_back(item.id);
        continue;
      }
      if (known.rows() > 0) sql = KioskAttendeeUpdateSql(*t);
    }
    Exec(conn_, "SAVEPOINT one", &e);
    Result r(Run(conn_, sql, row));
    if (!r.ok()) {
      if (!IsDataError(r.sqlstate()) && !IsRowRefused(r.sqlstate())) {
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
  // Every kiosk computes the same forget keys as the hub (once per database).
  if (!forget_secret_.empty() && secret_given_to_ != &db) {
    if (!db.SetForgetSecret(forget_secret_, err)) return false;
    secret_given_to_ = &db;
  }
  // The event was shredded on the hub: this kiosk shreds its own copy
  // before anything else (what waited to be sent goes with it).
  // Whether the event was shredded (or is due to be, kindred shred --after
  // DAYS): asked at most every few seconds, not on every round.
  const auto now = std::chrono::steady_clock::now();
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
