// EventDb: personal data with an end. Forgetting one person (a tombstone
// that names nobody, their encounters kept for the other person under a
// pseudonym) and shredding the event (only what names nobody stays).
#include <sodium.h>
#include <sqlite3.h>

#include <map>
#include <unordered_map>

#include "common/hex.h"
#include "common/utc_time.h"
#include "storage/event_db.h"
#include "storage/event_db_internal.h"
#include "storage/sqlite_stmt.h"

namespace kindred {

namespace {

constexpr char kSecretSetting[] = "forget_secret";

// hex(SHA-256(secret || badge_id)).
std::string KeyFor(const std::string& secret, const std::string& badge_id) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(badge_id.data()), badge_id.size());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return ToHex(std::string(reinterpret_cast<const char*>(digest), sizeof digest));
}

// The event's secret from its hex form: 32 bytes, or false.
bool SecretFromHex(const std::string& hex, std::string* out) {
  *out = FromHex(hex);
  return out->size() == 32;
}

bool Run(sqlite3* db, const char* sql, const std::vector<std::string>& params, std::string* err,
         int64_t* changes = nullptr) {
  Stmt s(db, sql);
  for (size_t i = 0; s.ok() && i < params.size(); ++i) s.Bind(static_cast<int>(i + 1), params[i]);
  if (!s.ok() || s.Step() != SQLITE_DONE) {
    *err = s.Error();
    return false;
  }
  if (changes) *changes += sqlite3_changes(db);
  return true;
}

}  // namespace

bool EventDb::ForgetSecretHex(std::string* hex, std::string* err) {
  const Lookup l = GetSetting(kSecretSetting, hex, err);
  if (l == Lookup::kFound) return true;
  if (l == Lookup::kError) return false;
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  *hex = ToHex(std::string(reinterpret_cast<const char*>(secret), sizeof secret));
  return SetSetting(kSecretSetting, *hex, err);
}

bool EventDb::ForgetSecretHexIfAny(std::string* hex, std::string* err) {
  hex->clear();
  return GetSetting(kSecretSetting, hex, err) != Lookup::kError;
}

bool EventDb::SetForgetSecret(const std::string& hex, std::string* err) {
  std::string bytes, current;
  if (!SecretFromHex(hex, &bytes)) {
    *err = "the hub's forget secret is not 32 bytes of hex";
    return false;
  }
  const Lookup l = GetSetting(kSecretSetting, &current, err);
  if (l == Lookup::kError) return false;
  return (l == Lookup::kFound && current == hex) || SetSetting(kSecretSetting, hex, err);
}

std::string EventDb::KeyWithSecret(const std::string& secret, const std::string& badge_id) {
  return KeyFor(secret, badge_id);
}

bool EventDb::Tombstones(std::unordered_set<std::string>* keys, std::string* secret, std::string* err) {
  keys->clear();
  Stmt s(db_, "SELECT key FROM forgotten");
  int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
  while (rc == SQLITE_ROW && (rc = s.Step()) == SQLITE_ROW) keys->insert(s.Text(0));
  if (rc != SQLITE_DONE) {
    *err = s.Error();
    return false;
  }
  if (keys->empty()) return true;
  std::string hex;
  if (!ForgetSecretHex(&hex, err)) return false;
  if (!SecretFromHex(hex, secret)) {
    *err = "the event's forget secret is damaged";
    return false;
  }
  return true;
}

bool EventDb::ForgetKey(const std::string& badge_id, std::string* key, std::string* err) {
  std::string hex, secret;
  if (!ForgetSecretHex(&hex, err)) return false;
  if (!SecretFromHex(hex, &secret)) {
    *err = "the event's forget secret is damaged";
    return false;
  }
  *key = KeyFor(secret, badge_id);
  return true;
}

bool EventDb::AnonymizeLocked(const std::string& badge_id, const std::string& key, const std::string& forgotten_at,
                              ForgetCounts* counts, std::string* err) {
  const std::string pseudo = ForgottenId(key);
  Attendee known;
  const Lookup l = FindAttendee(badge_id, &known, err);
  if (l == Lookup::kError) return false;
  counts->known = counts->known || l == Lookup::kFound;
  // The pseudonym's row (the same at every kiosk: nothing but its ID and the
  // time of the forgetting), so the people they met keep the encounter.
  bool ok = Run(db_,
                "INSERT OR IGNORE INTO attendee(badge_id, name, opt_out, updated_at) "
                "SELECT ?1, '', 1, ?2 WHERE EXISTS (SELECT 1 FROM encounter WHERE a_id = ?3 OR b_id = ?3)",
                {pseudo, forgotten_at, badge_id}, err);
  // Each encounter: the other person stays, the pair in order (a_id < b_id),
  // the forgotten side's consent gone, and nothing either said about them.
  ok = ok && Run(db_,
                 "UPDATE encounter SET "
                 "a_id = min(?2, iif(a_id = ?1, b_id, a_id)), b_id = max(?2, iif(a_id = ?1, b_id, a_id)), "
                 "consent_a = iif(?2 < iif(a_id = ?1, b_id, a_id), 0, iif(a_id = ?1, consent_b, consent_a)), "
                 "consent_b = iif(?2 < iif(a_id = ?1, b_id, a_id), iif(a_id = ?1, consent_b, consent_a), 0), "
                 "note = '', shared = '', starter = '' WHERE a_id = ?1 OR b_id = ?1",
                 {badge_id, pseudo}, err, &counts->encounters);
  ok = ok && Run(db_, "DELETE FROM suggestion_shown WHERE viewer_id = ?1 OR suggested_id = ?1", {badge_id}, err,
                 &counts->suggestions);
  ok = ok && Run(db_, "DELETE FROM send_journal WHERE badge_id = ?1", {badge_id}, err);
  ok = ok && Run(db_, "DELETE FROM attendee WHERE badge_id = ?1", {badge_id}, err);
  ok = ok && Run(db_, "DELETE FROM sync_outbox WHERE kind = 'attendee' AND key = ?1", {badge_id}, err);
  ok = ok && Run(db_, "DELETE FROM sync_rejected WHERE key = ?1", {badge_id}, err);
  return ok;
}

bool EventDb::ReapplyTombstonesLocked(const std::vector<std::string>& ids, std::string* err) {
  int64_t tombstones = 0;
  if (ids.empty()) return true;
  if (!CountRows(db_, "SELECT count(*) FROM forgotten WHERE asked_here = 1", &tombstones, err)) return false;
  if (tombstones == 0) return true;
  std::string hex, secret;
  if (!ForgetSecretHex(&hex, err) || !SecretFromHex(hex, &secret)) {
    if (err->empty()) *err = "the event's forget secret is damaged";
    return false;
  }
  std::vector<std::string> keys;
  Stmt known(db_, "SELECT 1 FROM forgotten WHERE key = ?1 AND asked_here = 1");
  for (const std::string& id : ids) {
    if (IsForgottenId(id)) continue;
    const std::string key = KeyFor(secret, id);
    known.Reset();
    if (known.Bind(1, key).Step() == SQLITE_ROW) keys.push_back(key);
  }
  return keys.empty() || ApplyTombstonesLocked(&keys, err);
}

bool EventDb::ApplyTombstonesLocked(const std::vector<std::string>* keys, std::string* err) {
  std::unordered_map<std::string, std::string> when;  // key -> forgotten_at
  {
    Stmt s(db_, "SELECT key, forgotten_at FROM forgotten");
    int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
    while (rc == SQLITE_ROW && (rc = s.Step()) == SQLITE_ROW) when[s.Text(0)] = s.Text(1);
    if (rc != SQLITE_DONE) {
      *err = s.Error();
      return false;
    }
  }
  if (keys) {
    std::unordered_map<std::string, std::string> only;
    for (const std::string& k : *keys)
      if (auto it = when.find(k); it != when.end()) only.insert(*it);
    when.swap(only);
  }
  if (when.empty()) return true;
  std::string hex, secret;
  if (!ForgetSecretHex(&hex, err) || !SecretFromHex(hex, &secret)) {
    if (err->empty()) *err = "the event's forget secret is damaged";
    return false;
  }
  // Everyone this database can name, against the tombstones.
  std::map<std::string, std::string> hits;  // badge -> key
  {
    Stmt s(db_,
           "SELECT badge_id FROM attendee WHERE badge_id NOT LIKE 'forgotten-%' UNION "
           "SELECT viewer_id FROM suggestion_shown UNION SELECT suggested_id FROM suggestion_shown");
    int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
    while (rc == SQLITE_ROW && (rc = s.Step()) == SQLITE_ROW) {
      const std::string id = s.Text(0);
      if (const std::string key = KeyFor(secret, id); when.count(key)) hits[id] = key;
    }
    if (rc != SQLITE_DONE) {
      *err = s.Error();
      return false;
    }
  }
  for (const auto& [badge, key] : hits) {
    ForgetCounts counts;
    if (!AnonymizeLocked(badge, key, when[key], &counts, err)) return false;
  }
  return true;
}

bool EventDb::Forget(const std::string& badge_id, ForgetCounts* counts, std::string* err) {
  *counts = {};
  std::string key, e;
  if (!ForgetKey(badge_id, &key, err)) return false;
  if (!Exec("PRAGMA secure_delete=ON", err) || !Exec("BEGIN IMMEDIATE", err)) return false;
  int64_t last_outbox = 0;
  std::string forgotten_at = Stamp();
  bool ok = true;
  {
    Stmt s(db_, "SELECT coalesce(max(id), 0) FROM sync_outbox");
    ok = s.ok() && s.Step() == SQLITE_ROW;
    if (ok) last_outbox = s.Int(0);
    if (!ok) *err = s.Error();
  }
  ok = ok && Run(db_, "INSERT OR IGNORE INTO forgotten(key, forgotten_at, asked_here) VALUES (?1, ?2, 1)",
                 {key, forgotten_at}, err);
  if (ok) {
    Stmt s(db_, "SELECT forgotten_at FROM forgotten WHERE key = ?1");
    ok = s.ok() && s.Bind(1, key).Step() == SQLITE_ROW;
    if (ok) forgotten_at = s.Text(0);
  }
  ok = ok && AnonymizeLocked(badge_id, key, forgotten_at, counts, err);
  // What the forgetting itself changed, every kiosk and the hub change for
  // themselves from the tombstone: only the tombstone travels.
  ok = ok && Run(db_, "DELETE FROM sync_outbox WHERE id > ?1 AND kind <> 'forgotten'", {std::to_string(last_outbox)},
                 err);
  ok = ok && Exec("COMMIT", err);
  if (!ok) {
    Exec("ROLLBACK", &e);
    return false;
  }
  // No copy of their pages left in the write-ahead log.
  return Exec("PRAGMA wal_checkpoint(TRUNCATE)", err);
}

Lookup EventDb::IsForgotten(const std::string& badge_id, std::string* err) {
  std::string key;
  if (!ForgetKey(badge_id, &key, err)) return Lookup::kError;
  Stmt s(db_, "SELECT 1 FROM forgotten WHERE key = ?1");
  if (!s.ok()) {
    *err = s.Error();
    return Lookup::kError;
  }
  const int rc = s.Bind(1, key).Step();
  if (rc == SQLITE_ROW) return Lookup::kFound;
  if (rc == SQLITE_DONE) return Lookup::kNotFound;
  *err = s.Error();
  return Lookup::kError;
}

bool EventDb::Unforget(const std::vector<std::string>& badge_ids, std::string* err) {
  for (const std::string& id : badge_ids) {
    std::string key;
    if (!ForgetKey(id, &key, err) || !Run(db_, "DELETE FROM forgotten WHERE key = ?1", {key}, err)) return false;
  }
  return true;
}

bool EventDb::CountPersonalData(PersonalData* out, std::string* err) {
  Stmt s(db_,
         "SELECT (SELECT count(*) FROM attendee WHERE badge_id NOT LIKE 'forgotten-%'), "
         "(SELECT count(*) FROM encounter), (SELECT count(*) FROM suggestion_shown), "
         "(SELECT count(*) FROM send_journal), (SELECT count(*) FROM forgotten)");
  if (!s.ok() || s.Step() != SQLITE_ROW) {
    *err = s.Error();
    return false;
  }
  *out = {s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4)};
  return true;
}

bool EventDb::Shred(PersonalData* removed, std::string* err) {
  std::string e;
  if (!CountPersonalData(removed, err)) return false;
  std::map<std::string, int64_t> passions;
  {
    Stmt s(db_, "SELECT passions FROM attendee WHERE badge_id NOT LIKE 'forgotten-%'");
    int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
    while (rc == SQLITE_ROW && (rc = s.Step()) == SQLITE_ROW)
      for (const std::string& p : SplitList(s.Text(0))) ++passions[p];
    if (rc != SQLITE_DONE) {
      *err = s.Error();
      return false;
    }
  }
  if (!Exec("PRAGMA secure_delete=ON", err) || !Exec("BEGIN IMMEDIATE", err)) return false;
  bool ok = Exec("INSERT INTO event_summary(kind, label, count) "
                 "SELECT 'encounters_per_hour', substr(met_at, 1, 13), count(*) FROM encounter WHERE true "
                 "GROUP BY substr(met_at, 1, 13) "
                 "ON CONFLICT(kind, label) DO UPDATE SET count = count + excluded.count",
                 err);
  for (const auto& [passion, n] : passions) {
    if (!ok) break;
    ok = Run(db_,
             "INSERT INTO event_summary(kind, label, count) VALUES ('passion', ?1, ?2) "
             "ON CONFLICT(kind, label) DO UPDATE SET count = max(count, excluded.count)",
             {passion, std::to_string(n)}, err);
  }
  ok = ok && Exec("DELETE FROM send_journal; DELETE FROM suggestion_shown; DELETE FROM encounter; "
                  "DELETE FROM attendee; DELETE FROM forgotten; DELETE FROM sync_outbox; DELETE FROM sync_rejected;",
                  err);
  ok = ok && SetSetting("shredded_at", UtcNow(), err);
  ok = ok && Exec("COMMIT", err);
  if (!ok) {
    Exec("ROLLBACK", &e);
    return false;
  }
  // Shrink the file and empty the write-ahead log, so no old page survives.
  return Exec("VACUUM", err) && Exec("PRAGMA wal_checkpoint(TRUNCATE)", err);
}

bool EventDb::LoadSummary(std::vector<std::tuple<std::string, std::string, int64_t>>* out, std::string* err) {
  out->clear();
  Stmt s(db_, "SELECT kind, label, count FROM event_summary ORDER BY kind, label");
  int rc = s.ok() ? SQLITE_ROW : SQLITE_ERROR;
  while (rc == SQLITE_ROW && (rc = s.Step()) == SQLITE_ROW) out->emplace_back(s.Text(0), s.Text(1), s.Int(2));
  if (rc != SQLITE_DONE) *err = s.Error();
  return rc == SQLITE_DONE;
}

}  // namespace kindred
