#include "sync/hub_schema.h"

#include "sync/hub.h"

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
    // v5: a name's Latin spelling ("Yuki Tanaka" for 田中 由紀), for finding
    // people by any name a kiosk keyboard can type.
    R"sql(
ALTER TABLE attendee ADD COLUMN name_latin text COLLATE "C" NOT NULL DEFAULT '';
)sql",
    // v6: what a kiosk's password can do, bounded (a kiosk's SD card can be
    // pulled out). Forgetting from a kiosk becomes a request: it takes
    // effect on the hub at once for at most 5 people per kiosk per hour
    // (the hub's clock); beyond that it waits for an organiser to confirm
    // or refuse it. Every request records which kiosk sent it and when.
    // Kiosks create nothing (no TEMP either) and run only the functions
    // the README lists.
    R"sql(
CREATE TABLE forget_request(
  key text COLLATE "C" PRIMARY KEY, kiosk text COLLATE "C" NOT NULL, requested_at timestamptz NOT NULL,
  forgotten_at text COLLATE "C" NOT NULL, state text NOT NULL CHECK (state IN ('done', 'pending', 'refused')),
  decided_by text COLLATE "C" NOT NULL DEFAULT '', decided_at timestamptz,
  CHECK (length(key) = 64 AND length(forgotten_at) <= 40));

-- A kiosk's request arrives: who sent it and when are the hub's to say.
-- Applied at once within the kiosk's hourly allowance, else pending.
CREATE FUNCTION kindred_forget_request_arrives() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public AS $f$
DECLARE me text := kindred_kiosk();
BEGIN
  IF me IS NULL THEN
    RAISE EXCEPTION 'only a kiosk sends forget requests; organisers forget directly' USING ERRCODE = '42501';
  END IF;
  -- One kiosk's requests are counted one at a time, even from two sessions.
  PERFORM pg_advisory_xact_lock(4244, hashtext(me));
  NEW.kiosk := me;
  NEW.requested_at := now();
  NEW.decided_by := '';
  NEW.decided_at := NULL;
  IF EXISTS (SELECT 1 FROM forgotten WHERE key = NEW.key) THEN
    NEW.state := 'done';
    NEW.decided_by := 'already';
  ELSIF (SELECT count(*) FROM forget_request WHERE kiosk = me AND decided_by = 'allowance'
           AND requested_at > now() - interval '1 hour') < 5 THEN
    INSERT INTO forgotten(key, forgotten_at, seq) VALUES (NEW.key, NEW.forgotten_at, nextval('change_seq'))
      ON CONFLICT (key) DO NOTHING;
    NEW.state := 'done';
    NEW.decided_by := 'allowance';
    NEW.decided_at := now();
  ELSE
    NEW.state := 'pending';
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER forget_request_arrives BEFORE INSERT ON forget_request
  FOR EACH ROW EXECUTE FUNCTION kindred_forget_request_arrives();

-- An organiser decides the pending requests (of kiosk `from`, or all when
-- NULL): confirmed ones forget the person everywhere. Returns how many.
CREATE FUNCTION kindred_decide_forget_requests(confirm boolean, from_kiosk text) RETURNS bigint LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public AS $f$
DECLARE r forget_request; n bigint := 0;
BEGIN
  FOR r IN SELECT * FROM forget_request WHERE state = 'pending' AND (from_kiosk IS NULL OR kiosk = from_kiosk)
           ORDER BY requested_at FOR UPDATE LOOP
    IF confirm THEN
      INSERT INTO forgotten(key, forgotten_at, seq) VALUES (r.key, r.forgotten_at, nextval('change_seq'))
        ON CONFLICT (key) DO NOTHING;
    END IF;
    UPDATE forget_request SET state = CASE WHEN confirm THEN 'done' ELSE 'refused' END,
      decided_by = session_user, decided_at = now() WHERE key = r.key;
    n := n + 1;
  END LOOP;
  RETURN n;
END $f$;

-- The requests, with the person's name while the hub still has them (for
-- the organisers deciding).
CREATE FUNCTION kindred_forget_requests() RETURNS TABLE(key text, kiosk text, requested_at text, state text,
  decided_by text, badge_id text, name text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT r.key, r.kiosk, to_char(r.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), r.state,
         r.decided_by, coalesce(a.badge_id, ''), coalesce(a.name, '')
  FROM forget_request r LEFT JOIN attendee a ON r.state = 'pending' AND kindred_forget_key(a.badge_id) = r.key
  ORDER BY r.requested_at, r.key $f$;

-- The pseudonym `pseudo` ('forgotten-' and 16 hex digits of a key) gets
-- its attendee row, as every kiosk makes it, once an encounter names it and
-- the hub knows when it was forgotten (a tombstone or a kiosk's request):
-- a kiosk that met someone and forgot them before it could send the
-- encounter sends it already pseudonymised. With `bump`, the encounters
-- naming it are offered to the kiosks again (they set aside encounters with
-- someone they do not know).
CREATE FUNCTION kindred_pseudonym_for(pseudo text, bump boolean) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public AS $f$
DECLARE k text; at text;
BEGIN
  IF pseudo NOT LIKE 'forgotten-%' OR EXISTS (SELECT 1 FROM attendee WHERE badge_id = pseudo) THEN RETURN; END IF;
  SELECT t.key, t.forgotten_at INTO k, at FROM
    (SELECT key, forgotten_at, 0 AS pref FROM forgotten WHERE substr(key, 1, 16) = substr(pseudo, 11)
     UNION ALL SELECT key, forgotten_at, 1 FROM forget_request WHERE substr(key, 1, 16) = substr(pseudo, 11)) t
    ORDER BY t.pref LIMIT 1;
  IF k IS NULL THEN RETURN; END IF;
  PERFORM kindred_pseudonym_row(k, at);
  IF bump THEN
    UPDATE encounter SET seq = nextval('change_seq') WHERE a_id = pseudo OR b_id = pseudo;
  END IF;
END $f$;

-- An encounter naming a pseudonym brings the pseudonym's row (after the
-- guard: triggers run in name order).
CREATE FUNCTION kindred_encounter_pseudonyms() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  PERFORM kindred_pseudonym_for(NEW.a_id, false);
  PERFORM kindred_pseudonym_for(NEW.b_id, false);
  RETURN NEW;
END $f$;
CREATE TRIGGER pseudonym_rows BEFORE INSERT OR UPDATE ON encounter
  FOR EACH ROW EXECUTE FUNCTION kindred_encounter_pseudonyms();

-- When a tombstone or request arrives after an encounter naming its
-- pseudonym (another push), the pseudonym's row follows.
CREATE FUNCTION kindred_pseudonym_follows() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  PERFORM kindred_pseudonym_for('forgotten-' || substr(NEW.key, 1, 16), true);
  RETURN NULL;
END $f$;
CREATE TRIGGER pseudonym_follows AFTER INSERT ON forgotten
  FOR EACH ROW EXECUTE FUNCTION kindred_pseudonym_follows();
CREATE TRIGGER pseudonym_follows AFTER INSERT ON forget_request
  FOR EACH ROW EXECUTE FUNCTION kindred_pseudonym_follows();

-- A tombstone from a kiosk is a request now; only organisers (and the
-- functions above, for them) write forgotten.
DROP POLICY kiosk_forget ON forgotten;
REVOKE INSERT ON forgotten FROM kindred_kiosk;
REVOKE ALL ON forget_request FROM PUBLIC;
GRANT SELECT ON forget_request TO kindred_kiosk, kindred_organiser;
GRANT INSERT (key, forgotten_at) ON forget_request TO kindred_kiosk;
GRANT INSERT, UPDATE, DELETE ON forget_request TO kindred_organiser;

-- Nothing a kiosk creates: no objects in public (PostgreSQL 15's default,
-- said again for hubs made with an older one), no TEMP tables or functions.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$ BEGIN
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM kindred_kiosk', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO kindred_kiosk, kindred_organiser', current_database());
END $$;
-- Kindred's functions: none for everyone; each group gets the ones it calls.
-- (Trigger functions and the ones row rules call run without this grant or
-- as their owner.)
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
-- (and for those later migrations make)
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kindred_kiosk() TO kindred_kiosk, kindred_organiser;
GRANT EXECUTE ON FUNCTION kindred_shred_if_due() TO kindred_kiosk, kindred_organiser;
GRANT EXECUTE ON FUNCTION kindred_forget_key(text), kindred_shred(), kindred_shred_after(int),
  kindred_decide_forget_requests(boolean, text), kindred_forget_requests() TO kindred_organiser;
)sql",
    // v7: a hub that can fail. Its history has an ID (made again by
    // kindred hub restore) and each kiosk leaves a receipt with every push,
    // so a kiosk notices a hub that was replaced or put back to an earlier
    // backup, and offers it everything again.
    R"sql(
ALTER TABLE kiosk ADD COLUMN receipt text COLLATE "C" NOT NULL DEFAULT '';
INSERT INTO kindred_meta(key, value) VALUES ('hub_id', gen_random_uuid()::text) ON CONFLICT (key) DO NOTHING;
-- Where the hub's history is (a restored hub's is earlier than what a kiosk pulled).
GRANT SELECT ON SEQUENCE change_seq TO kindred_kiosk, kindred_organiser;
)sql",
    // v8: every change to a synced table wakes the kiosks (a push, and what
    // organisers do: forgetting, shredding, a roster import), so a kiosk
    // waits for news instead of asking every second. One notification per
    // transaction (PostgreSQL folds identical ones).
    R"sql(
CREATE FUNCTION kindred_notify_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_notify('kindred_changes', '');
  RETURN NULL;
END $f$;
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON attendee
  FOR EACH STATEMENT EXECUTE FUNCTION kindred_notify_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON encounter
  FOR EACH STATEMENT EXECUTE FUNCTION kindred_notify_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON suggestion_shown
  FOR EACH STATEMENT EXECUTE FUNCTION kindred_notify_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON forgotten
  FOR EACH STATEMENT EXECUTE FUNCTION kindred_notify_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kindred_meta
  FOR EACH STATEMENT EXECUTE FUNCTION kindred_notify_change();
)sql",
    // v9: notes and follow-ups written on phones. The phones' server (a
    // member added with --pages, so in kindred_pages) may change an
    // encounter's intents and note, and nothing else, when another kiosk
    // recorded it: through this function, as no kiosk may update another's
    // rows. A newer copy on the hub wins, as in every merge; the guard still
    // keeps notes off a forgotten person's encounters, and a shredded event shut.
    R"sql(
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kindred_pages') THEN
    CREATE ROLE kindred_pages NOLOGIN;
  END IF;
END $$;
CREATE FUNCTION kindred_follow_up(encounter_id text, stamp text, new_intents text, new_note text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF kindred_kiosk() IS NULL OR NOT pg_has_role(session_user, 'kindred_pages', 'MEMBER') THEN
    RAISE EXCEPTION 'only the phones'' server may change the notes of encounters other kiosks recorded'
      USING ERRCODE = '42501';
  END IF;
  UPDATE encounter SET intents = new_intents, note = new_note, updated_at = stamp, seq = nextval('change_seq')
    WHERE id = encounter_id AND updated_at < stamp;
END $f$;
REVOKE ALL ON FUNCTION kindred_follow_up(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kindred_follow_up(text, text, text, text) TO kindred_kiosk;
)sql",
    // 9 -> 10: nothing a phone changed is lost to a hub put back to an
    // earlier backup, or replaced. The phones' server offers its notes again
    // when it notices (every encounter it holds); one for an encounter the
    // hub does not hold yet (the kiosk that recorded it has not offered it
    // again) waits in follow_up_pending and is taken into the encounter when
    // it arrives, if newer. Only the definer's functions touch the table; a
    // tombstone takes the person and what was said out of it (as out of the
    // encounter it waits for), and shredding empties it.
    R"sql(
CREATE TABLE follow_up_pending (
  encounter_id text PRIMARY KEY,
  a_id text NOT NULL,
  b_id text NOT NULL,
  updated_at text NOT NULL,
  intents text NOT NULL,
  note text NOT NULL
);
REVOKE ALL ON follow_up_pending FROM PUBLIC;
-- A waiting note about someone forgotten: nothing said in it, and their
-- pseudonym in place of their badge, as in every encounter with them.
CREATE FUNCTION kindred_pending_forget(k text) RETURNS void LANGUAGE sql AS $f$
  UPDATE public.follow_up_pending SET note = '',
    a_id = CASE WHEN public.kindred_forget_key(a_id) = k THEN 'forgotten-' || substr(k, 1, 16) ELSE a_id END,
    b_id = CASE WHEN public.kindred_forget_key(b_id) = k THEN 'forgotten-' || substr(k, 1, 16) ELSE b_id END
  WHERE k IN (public.kindred_forget_key(a_id), public.kindred_forget_key(b_id)) $f$;
-- Schema 9's rule (only the phones' server; newer wins), then the wait for
-- an encounter the hub does not hold.
CREATE FUNCTION kindred_follow_up(encounter_id text, a text, b text, stamp text, new_intents text, new_note text)
  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  PERFORM kindred_follow_up(encounter_id, stamp, new_intents, new_note);
  IF EXISTS (SELECT 1 FROM encounter WHERE id = encounter_id)
     OR EXISTS (SELECT 1 FROM kindred_meta WHERE key = 'shredded_at') THEN
    RETURN;
  END IF;
  INSERT INTO follow_up_pending(encounter_id, a_id, b_id, updated_at, intents, note)
    VALUES (encounter_id, a, b, stamp, new_intents, new_note)
    ON CONFLICT ON CONSTRAINT follow_up_pending_pkey DO UPDATE
      SET updated_at = excluded.updated_at, intents = excluded.intents, note = excluded.note
      WHERE follow_up_pending.updated_at < excluded.updated_at;
  PERFORM kindred_pending_forget(key) FROM forgotten WHERE key IN (kindred_forget_key(a), kindred_forget_key(b));
END $f$;
REVOKE ALL ON FUNCTION kindred_follow_up(text, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kindred_follow_up(text, text, text, text, text, text) TO kindred_kiosk;
-- The encounter arrives (its kiosk offers it again): a newer note waiting
-- for it is taken in. Named to run before the guard, which still keeps notes
-- off a forgotten person's encounters.
CREATE FUNCTION kindred_follow_up_arrives() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public AS $f$
DECLARE p follow_up_pending;
BEGIN
  SELECT * INTO p FROM follow_up_pending WHERE encounter_id = NEW.id;
  IF FOUND THEN
    IF p.updated_at > NEW.updated_at THEN
      NEW.intents := p.intents; NEW.note := p.note; NEW.updated_at := p.updated_at;
    END IF;
    DELETE FROM follow_up_pending WHERE encounter_id = NEW.id;
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER follow_up_arrives BEFORE INSERT ON encounter
  FOR EACH ROW EXECUTE FUNCTION kindred_follow_up_arrives();
CREATE FUNCTION kindred_follow_up_ends() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF TG_TABLE_NAME = 'forgotten' THEN
    PERFORM kindred_pending_forget(NEW.key);
  ELSIF NEW.key = 'shredded_at' THEN
    DELETE FROM follow_up_pending;
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER follow_up_ends AFTER INSERT ON forgotten FOR EACH ROW EXECUTE FUNCTION kindred_follow_up_ends();
CREATE TRIGGER follow_up_ends AFTER INSERT OR UPDATE ON kindred_meta
  FOR EACH ROW EXECUTE FUNCTION kindred_follow_up_ends();
)sql",
};
constexpr int kMigrationCount = sizeof(kHubMigrations) / sizeof(kHubMigrations[0]);
static_assert(kMigrationCount == kHubSchemaVersion);

}  // namespace

const char* HubMigration(int v) { return kHubMigrations[v]; }

}  // namespace kindred
