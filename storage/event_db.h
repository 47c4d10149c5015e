// One event's SQLite database: the roster and the encounters.
// Durable by design: WAL, foreign keys, synchronous=FULL, so a write that
// returns true survives a power cut. Prepared statements only.
// One EventDb per thread (SQLite connections are not shared).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

#include "storage/attendee.h"
#include "storage/tables.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kindred {

class StmtCache;

// The setting that says when the follow-ups were exported (kindred export,
// or organiser mode's export): the event may then be shredded.
inline constexpr char kFollowUpsDoneSetting[] = "followups_done_at";

// The schema version this build writes. Older databases are migrated on open.
inline constexpr int kSchemaVersion = 11;

// The setting holding the event's language (an i18n code such as "de"), set
// by `kindred import --language`: what the kiosk's attract screen and the
// follow-ups of people whose own is unknown are in.
inline constexpr char kEventLanguageSetting[] = "event.language";
// How German speaks to people whose own tag says no register: "formal"
// (Sie, the default) or "informal" (du). `kindred import --register`.
inline constexpr char kRegisterSetting[] = "event.register";
// The event's IANA time zone ("Europe/Berlin"), for meeting times in the
// follow-ups; unset: the machine's own. `kindred import --time-zone`.
inline constexpr char kTimeZoneSetting[] = "event.time_zone";

enum class Lookup { kFound, kNotFound, kError };

class EventDb {
 public:
  // Opens the database at `path`, creating it (and nothing else) if missing,
  // and migrates an older Kindred schema. Returns nullptr and sets *err when
  // the file is not a Kindred database, was written by a newer Kindred (it is
  // then left untouched), or cannot be opened.
  static std::unique_ptr<EventDb> Open(const std::string& path, std::string* err);

  ~EventDb();
  EventDb(const EventDb&) = delete;
  EventDb& operator=(const EventDb&) = delete;

  const std::string& path() const { return path_; }

  struct UpsertCounts {
    int inserted = 0;
    int updated = 0;
    int forgotten = 0;  // skipped: they asked to be forgotten (see set_import_forgotten)
    std::vector<std::string> unforgotten;  // tombstones taken back (their keys), for the hub
  };
  // Whether upserts bring back people who asked to be forgotten (their
  // tombstones are then taken back). Off: they are skipped and counted.
  void set_import_forgotten(bool yes) { import_forgotten_ = yes; }
  // Inserts or updates (matched by badge_id) all attendees in one durable
  // transaction: either all are saved or none. REQUIRES: non-empty badge_id
  // and name, and no badge_id twice (ParseRoster guarantees both).
  bool UpsertAttendees(const std::vector<Attendee>& attendees, UpsertCounts* counts,
                       std::string* err);

  // As UpsertAttendees, for attendees that arrive while they are written:
  // `next` gives the next one (false at the end); `commit` is asked at the
  // end whether to keep the transaction (false rolls it all back).
  bool UpsertAttendeeStream(const std::function<bool(const Attendee**)>& next,
                            const std::function<bool()>& commit, UpsertCounts* counts, std::string* err);

  Lookup FindAttendee(const std::string& badge_id, Attendee* out, std::string* err);
  bool LoadAttendees(std::vector<Attendee>* out, std::string* err);
  // Calls `fn` with every attendee's badge ID, name and walk-in flag, without
  // reading the rest of their record (a walk-in's name check at 50,000).
  bool ForEachAttendeeName(const std::function<void(const std::string& badge_id, const std::string& name,
                                                    bool walk_in)>& fn,
                           std::string* err);
  // Case-insensitive substring search on names and their Latin spellings
  // (name_latin), and the badge ID whole, at most `limit` results: the badge
  // first, then names that start with `text`, then by name.
  bool SearchAttendees(const std::string& text, int limit, std::vector<Attendee>* out,
                       std::string* err);
  // Replaces one attendee's passions (chosen at the kiosk). Durable.
  bool SetPassions(const std::string& badge_id, const std::vector<std::string>& passions,
                   std::string* err);
  // Replaces one attendee's passions, offers and asks (their own page). Durable.
  bool SetProfile(const std::string& badge_id, const std::vector<std::string>& passions,
                  const std::vector<std::string>& offers, const std::vector<std::string>& seeking, std::string* err);

  // Records that `badge_id` was scanned now at `kiosk_id` (for "who is here"
  // and "last seen at"). Never waits: fails at once if another connection is
  // writing.
  bool MarkSeen(const std::string& badge_id, const std::string& kiosk_id, std::string* err);

  // Records, durably, the people a kiosk just suggested to `viewer_id`, each
  // with what they share: how often each person is suggested evens out
  // attention, and tells them who is looking for them.
  struct ShownSuggestion {
    std::string suggested_id;
    std::string shared;  // the passion they share, as shown ("urban beekeeping"); may be empty
  };
  bool RecordSuggestionsShown(const std::string& viewer_id, const std::string& kiosk_id,
                              const std::vector<ShownSuggestion>& shown, std::string* err);
  // Several viewers' at once, in one transaction (one write to the disk).
  struct ShownTo {
    std::string viewer_id;
    std::vector<ShownSuggestion> shown;
  };
  bool RecordSuggestionsShown(const std::vector<ShownTo>& batch, const std::string& kiosk_id, std::string* err);
  // How many times each person was suggested since `since` (UTC ISO 8601).
  bool CountSuggestionsSince(const std::string& since, std::vector<std::pair<std::string, int64_t>>* out,
                             std::string* err);
  // The people last suggested to `viewer_id` (one showing, in the order
  // shown) since `since`; kNotFound when nobody was.
  Lookup LastShownTo(const std::string& viewer_id, const std::string& since, std::vector<std::string>* ids,
                     std::string* err);
  // Someone who was suggested `badge_id` since `since` and has not met them
  // yet (the latest such), with where they were last seen.
  struct Seeker {
    std::string id, name;
    std::string shared;           // what they share, as shown
    std::string shown_at;         // UTC ISO 8601
    std::string last_seen_at;     // their latest scan, or when they were shown
    std::string last_seen_kiosk;  // where that was
  };
  Lookup FindSeeker(const std::string& badge_id, const std::string& since, Seeker* out, std::string* err);

  // Saves an encounter durably; returns true only once it is on disk.
  // Orders the pair (a_id < b_id) and fills an empty id (UUID v4), met_at
  // (now) and each side's consent from the roster. If the same pair already
  // met within `merge_window_s` seconds at the same kiosk (e->kiosk_id),
  // that encounter is updated instead (its id is kept and written back into
  // *e). Fails when either badge is not
  // in the roster, both are the same, or the disk refuses the write.
  // With `met_before`: whether this pair had met before (anywhere, any time).
  bool SaveEncounter(Encounter* e, int64_t merge_window_s, std::string* err, bool* met_before = nullptr);

  // Replaces the follow-up intents and the note of encounter `encounter_id`,
  // one that `by` took part in (from their own page). kNotFound when there
  // is no such encounter of theirs, or the other side asked to be
  // forgotten. Durable; the encounter keeps the kiosk that recorded it.
  Lookup SetFollowUp(const std::string& encounter_id, const std::string& by, const std::vector<std::string>& intents,
                     const std::string& note, std::string* err);

  // True when an encounter between the two exists (in either order).
  Lookup HaveMet(const std::string& a, const std::string& b, std::string* err);

  // Calls `fn` for every encounter, oldest first, without loading them all.
  bool ForEachEncounter(const std::function<void(const Encounter&)>& fn, std::string* err);
  bool LoadEncounters(std::vector<Encounter>* out, std::string* err);
  // Every encounter `badge_id` took part in, oldest first.
  bool EncountersOf(const std::string& badge_id, std::vector<Encounter>* out, std::string* err);

  struct MergeCounts {
    int64_t attendees_added = 0, attendees_updated = 0;
    int64_t encounters_added = 0, encounters_updated = 0;
  };
  // Folds another kiosk's database into this one, in one transaction.
  // Encounters are matched by their global ID: merging the same file twice
  // changes nothing. Rule for an attendee both databases know: the copy
  // changed last (updated_at) wins for the profile; check-in is kept if
  // either has it; last_seen_at is the later of the two. The other file is
  // read, never changed (an older schema is migrated in a temporary copy).
  bool MergeFrom(const std::string& other_path, MergeCounts* counts, std::string* err);

  // Copies the database to `path` with SQLite's online backup (safe while a
  // kiosk writes), through a temporary file renamed into place, and checks
  // the copy's integrity.
  bool BackupTo(const std::string& path, std::string* err);

  // Deletes every attendee, encounter, suggestion shown and send journal entry, overwriting the freed pages
  // (secure_delete) and shrinking the file, so no personal data remains.
  bool Wipe(std::string* err);

  // The follow-up e-mail journal: one entry per attendee `kindred send` has
  // tried to reach. "sending" is written (durably) before a message leaves
  // and "sent" once the server accepted it, so a run killed half-way leaves
  // at most the message in flight to send again.
  struct SendEntry {
    std::string badge_id;
    std::string recipient;   // the address it went to
    std::string message_id;  // kept across attempts, so a resent message is the same message
    std::string status;      // "queued", "sending", "sent" or "failed"
    int64_t attempts = 0;
    std::string reply;       // the server's reply when sent, the reason when failed
    std::string updated_at;  // UTC ISO 8601 with milliseconds (set by PutSendEntry)
  };
  Lookup GetSendEntry(const std::string& badge_id, SendEntry* out, std::string* err);
  // Inserts or replaces the entry for entry->badge_id, durably; sets updated_at.
  bool PutSendEntry(SendEntry* entry, std::string* err);
  bool LoadSendJournal(std::vector<SendEntry>* out, std::string* err);

  // --- Several kiosks, one event: what sync/ needs ---------------------------

  // The time stamp for a change made now: the clock; with a hub, never
  // before the newest change this database holds (from any kiosk) plus 1 ms,
  // so a kiosk whose clock is behind cannot order its change before one it has seen.
  std::string Stamp();
  // Pretends this kiosk's clock is `ms` off (tests and benchmarks of wrong clocks).
  void set_clock_skew_ms(int64_t ms) { clock_skew_ms_ = ms; }

  // Starts recording changes for the hub at `hub_url` (stored as the "hub"
  // setting; installs the outbox triggers) and queues everything already
  // here, so a kiosk joining late brings its data along (once).
  bool EnableHubOutbox(const std::string& hub_url, std::string* err);

  // Puts every row of every synced table into the outbox again, in one
  // transaction: for a hub that lost what it had (merging is idempotent:
  // a row offered twice stays one).
  // With `only_kiosk`: of the rows that name a kiosk (encounters,
  // suggestions shown), only that kiosk's (a kiosk may send only its own);
  // and with `every_encounter` too, every encounter whoever recorded it (the
  // phones' server: what phones changed of them, their notes and follow-ups).
  bool QueueEverything(std::string* err, const std::string& only_kiosk = "", bool every_encounter = false);

  // A change made here that the hub does not have yet.
  struct OutboxItem {
    int64_t id = 0;
    std::string kind;  // a SyncTable name
    std::string key;
  };
  bool ReadOutbox(int limit, std::vector<OutboxItem>* out, std::string* err);
  bool CountOutbox(int64_t* count, std::string* err);
  // Removes the items with ids in `ids` (the hub has them).
  bool AckOutbox(const std::vector<int64_t>& ids, std::string* err);
  // Moves an item the hub refused to sync_rejected with `reason`, so it never
  // blocks the rest of the queue.
  bool SetAside(const OutboxItem& item, const std::string& reason, std::string* err);
  bool CountSetAside(int64_t* count, std::string* err);
  // What the hub refused, newest reason per change, oldest first.
  struct SetAsideItem {
    std::string kind, key, reason, at;
  };
  bool ListSetAside(std::vector<SetAsideItem>* out, std::string* err);
  // The event's forget secret (hex) when this database has one; "" when not.
  bool ForgetSecretHexIfAny(std::string* hex, std::string* err);
  // Puts every refused change back in the outbox (the reason was dealt
  // with: the kiosk added again, or an organiser's URL sends them).
  bool RequeueSetAside(int64_t* count, std::string* err);

  // One row of a synced table (storage/tables.h).
  using SyncRow = kindred::SyncRow;
  Lookup ReadSyncRow(const std::string& kind, const std::string& key, SyncRow* out, std::string* err);
  // Every row of table `kind`, ordered by key (convergence checks, a full push).
  bool ReadAllSyncRows(const std::string& kind, std::vector<SyncRow>* out, std::string* err);

  // Rows pulled from the hub, per SyncTable name.
  struct PulledRows {
    std::vector<SyncRow> forgotten, attendee, encounter, suggestion_shown;
    bool empty() const {
      return forgotten.empty() && attendee.empty() && encounter.empty() && suggestion_shown.empty();
    }
    // The rows of the SyncTable named `table`.
    std::vector<SyncRow>& of(const std::string& table) {
      return table == "forgotten"  ? forgotten
             : table == "attendee" ? attendee
             : table == "encounter" ? encounter
                                    : suggestion_shown;
    }
    const std::vector<SyncRow>& of(const std::string& table) const {
      return const_cast<PulledRows*>(this)->of(table);
    }
  };
  // Folds pulled rows in with kindred merge's rules, in one transaction; the
  // changes this makes are not sent back to the hub. `settings` (key, value:
  // how far this copy has pulled) are written in the same transaction.
  bool ApplyPulled(const PulledRows& rows, const std::vector<std::pair<std::string, std::string>>& settings,
                   std::string* err);

  // --- Personal data with an end (event_db_privacy.cc) ----------------------

  // What stands for `badge_id` once its person is forgotten: the hex SHA-256
  // of the event's secret (the "forget_secret" setting, made on first use or
  // taken from the hub) followed by the badge ID. It names nobody by itself.
  bool ForgetKey(const std::string& badge_id, std::string* key, std::string* err);
  // Takes the hub's secret, so every kiosk computes the same keys.
  bool SetForgetSecret(const std::string& hex, std::string* err);

  struct ForgetCounts {
    bool known = false;       // someone with that badge was here
    int64_t encounters = 0;   // kept for the people they met, without them
    int64_t suggestions = 0;  // removed
  };
  // Forgets the person with `badge_id` in one durable transaction: their
  // attendee record, the suggestions naming them, their send journal entry
  // and their waiting outbox items go; each of their encounters stays for
  // the other person under ForgottenId, without the note, the shared
  // passions or the opening question; a tombstone (ForgetKey) keeps imports
  // and other kiosks from bringing them back (with a hub it travels, and
  // every kiosk forgets them too). Freed pages are overwritten and the
  // write-ahead log emptied. Forgetting someone unknown records the tombstone.
  bool Forget(const std::string& badge_id, ForgetCounts* counts, std::string* err);
  Lookup IsForgotten(const std::string& badge_id, std::string* err);
  // Takes the tombstones of `badge_ids` back (kindred import --include-forgotten).
  bool Unforget(const std::vector<std::string>& badge_ids, std::string* err);

  struct PersonalData {
    int64_t attendees = 0, encounters = 0, suggestions = 0, journal = 0, forgotten = 0;
  };
  bool CountPersonalData(PersonalData* out, std::string* err);
  // Shreds the event in one transaction: every attendee, encounter,
  // suggestion shown, send journal entry, tombstone and waiting change goes;
  // event_summary keeps what names nobody (encounters per hour, how many
  // people hold each passion). Freed pages are overwritten, the file shrunk.
  bool Shred(PersonalData* removed, std::string* err);
  // What a shredded event kept: (kind, label, count), kind "encounters_per_hour"
  // (label "2026-11-22T18") or "passion".
  bool LoadSummary(std::vector<std::tuple<std::string, std::string, int64_t>>* out, std::string* err);

  // Event-wide settings, such as the signing key for badges.
  Lookup GetSetting(const std::string& key, std::string* value, std::string* err);
  bool SetSetting(const std::string& key, const std::string& value, std::string* err);

  bool CountAttendees(int64_t* count, std::string* err);
  bool CountEncounters(int64_t* count, std::string* err);
  // The newest time anything was written to this event (an attendee, an
  // encounter, a suggestion shown), as stored (UTC ISO 8601); kNotFound
  // when nothing was. A Pi without a clock battery that boots in the past
  // sits before it.
  Lookup NewestChange(std::string* iso, std::string* err);

  // What a reader that keeps the event in memory (kindred serve) compares to
  // tell what changed since it last read, each part as text that changes
  // whenever its rows do: the roster (its newest row, its size, the people
  // forgotten), the
  // encounters (likewise), and the newest time a kiosk saw anyone. What a
  // suggestion shown writes is in none of them.
  struct ChangeMarks {
    std::string roster, encounters, seen;
    bool operator==(const ChangeMarks&) const = default;
  };
  bool ReadChangeMarks(ChangeMarks* out, std::string* err);
  // Each attendee a kiosk saw after `since` (UTC ISO 8601; "" for all), and when.
  bool ForEachSeenSince(const std::string& since,
                        const std::function<void(const std::string& badge_id, const std::string& at)>& fn,
                        std::string* err);

 private:
  EventDb(sqlite3* db, std::string path);
  bool Exec(const char* sql, std::string* err);
  // Exec for statements run again and again (a kiosk pulls a few times a
  // second): `sql`, statements separated by ";\n", each run as one Exec
  // (prepared once and kept in the connection's StmtCache).
  bool ExecKept(const std::string& sql, std::string* err);
  bool QueueEverythingLocked(std::string* err, const std::string& only_kiosk = "", bool every_encounter = false);
  // Inside a transaction: makes `badge_id` the pseudonym of `key` wherever it
  // appears (see Forget).
  bool AnonymizeLocked(const std::string& badge_id, const std::string& key, const std::string& forgotten_at,
                       ForgetCounts* counts, std::string* err);
  // Inside a transaction: forgets everyone here whose ForgetKey is a
  // tombstone (only those in `keys` when given: just pulled from the hub).
  bool ApplyTombstonesLocked(const std::vector<std::string>* keys, std::string* err);
  // Inside a transaction: the tombstones asked for here and not yet
  // confirmed by the hub (a kiosk's request waiting for an organiser) that
  // name any of `ids` are applied again, to rows just pulled.
  bool ReapplyTombstonesLocked(const std::vector<std::string>& ids, std::string* err);
  bool ForgetSecretHex(std::string* hex, std::string* err);
  // Every tombstone's key, and the secret's bytes to compute keys with.
  bool Tombstones(std::unordered_set<std::string>* keys, std::string* secret, std::string* err);
  static std::string KeyWithSecret(const std::string& secret, const std::string& badge_id);

  sqlite3* db_;
  std::string path_;
  bool incoming_attached_ = false;  // ApplyPulled's scratch schema is there
  std::unique_ptr<StmtCache> stmt_cache_;  // every Stmt's on db_ (storage/sqlite_stmt.h)
  int64_t clock_skew_ms_ = 0;
  bool import_forgotten_ = false;
};

// A random UUID v4 ("6f1c...-4...-a..."), from the OS's random source.
std::string NewUuid();

}  // namespace kindred
