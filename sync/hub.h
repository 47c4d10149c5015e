// A PostgreSQL hub that makes several kiosks one live event. Each kiosk
// keeps writing its own SQLite file first; through a Hub it pushes the
// changes waiting in its outbox and pulls everyone else's.
//
// Order: every row on the hub carries a sequence number (change_seq) given
// when it last changed; pushes take a transaction-level lock, so sequence
// order is commit order and "everything after N" never misses a row. The
// merge rules are kindred merge's: the profile changed last wins (by its
// stamp, which no kiosk sets before a change it has seen), presence is
// combined, encounters by ID, suggestions shown once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storage/event_db.h"
#include "sync/hub_url.h"

typedef struct pg_conn PGconn;

namespace kindred {

// The hub schema version this build writes.
inline constexpr int kHubSchemaVersion = 10;

// Who may do what on a hub (schema 2): every kiosk signs in as its own role
// (kindred_kiosk_NAME, a member of the kindred_kiosk group), every organiser
// as theirs (kindred_organiser_NAME). Row-level security, forced for the
// tables' owner too: a kiosk reads the whole event and writes only what is
// its own (encounters it recorded, the suggestions it showed, its sync
// state, presence it saw, walk-ins who joined at it); it may change any
// attendee's passions, offers and asks (the change's origin is recorded),
// never names, contact details or consent, and it deletes nothing.
// Organisers read and write everything.
// kPages is a kiosk too: kindred serve's sign-in at a synced event (the
// phones' pages), which may also change the note and follow-ups of an
// encounter another kiosk recorded (a person edits them on their phone).
enum class MemberKind { kKiosk, kOrganiser, kPages };

struct KioskState {
  std::string kiosk_id;
  std::string last_contact;  // UTC ISO 8601; "" when it never reported
  int64_t seconds_ago = 0;
  int64_t waiting = 0;       // changes not yet on the hub
  int64_t set_aside = 0;     // changes the hub refused
  std::string revoked_at;    // UTC ISO 8601 when shut out; "" while it may sign in
  std::string shredded_at;   // UTC ISO 8601 when it shredded its database; "" not (yet)
};

// What `kindred hub init` stores for `add-kiosk`: the address kiosks reach
// the hub at (HOST:PORT) and the root certificate they verify it with.
struct HubSetup {
  std::string kiosk_address;
  std::string root_cert_pem;
  // The event's secret (hex), taken from one of its databases for a hub
  // that replaces the event's lost one (kindred hub init --event-from): the
  // same event to every kiosk, and the same keys for the people forgotten.
  std::string forget_secret;
};

struct HubOptions {
  bool check_schema = true;     // refuse a hub without this build's schema
  bool allow_insecure = false;  // --insecure-hub: a network hub whose certificate is not verified
};

struct HubCounts {
  int64_t attendees = 0, encounters = 0, suggestions_shown = 0;
};

// A kiosk's request to forget someone (schema 6). The hub applies at once
// at most kForgetAllowance a kiosk sends per hour; the rest wait for an
// organiser (DecideForgetRequests).
inline constexpr int kForgetAllowance = 5;
struct ForgetRequest {
  std::string key;           // the tombstone's key (EventDb::ForgetKey)
  std::string kiosk;         // which kiosk sent it (the hub's word, not the kiosk's)
  std::string requested_at;  // UTC ISO 8601, the hub's clock
  std::string state;         // "done", "pending" or "refused"
  std::string decided_by;    // "allowance", "already", or the organiser's role
  std::string badge_id, name;  // who, while pending and the hub still has them (organisers only)
};

struct PushResult {
  int64_t pushed = 0;                   // outbox items the hub now has
  std::vector<std::string> set_aside;   // "encounter 1f2e...: invalid byte sequence ..."
};

class Hub {
 public:
  // Connects to `url` (postgresql://USER@HOST:PORT/DB?sslmode=verify-full...;
  // the password from a libpq password file or PGPASSWORD, never the URL;
  // see CheckHubUrl). nullptr and a one-line *err on failure: a URL that
  // does not verify the hub, unreachable, a certificate that is not the
  // hub's, wrong password, shut out, a hub of another schema version.
  static std::unique_ptr<Hub> Connect(const std::string& url, const HubOptions& options, std::string* err);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Creates or migrates the schema with its group roles and row rules, and
  // stores `setup`'s non-empty parts. Needs a superuser connection.
  bool Init(const HubSetup& setup, std::string* err);
  bool GetSetup(HubSetup* out, std::string* err);

  // Creates member `name`'s login role with a new random password (*password),
  // or, when it exists (also revoked), gives it a new password, ending the
  // old one and its open sessions. Needs a superuser connection.
  bool AddMember(MemberKind kind, const std::string& name, std::string* password, std::string* err);
  // Shuts member `name` out at once: no new logins, its open sessions ended
  // (*ended counts them), no rights left. What it has not pushed stays in
  // its outbox until it is added again. False when there is no such member.
  bool Revoke(const std::string& name, int* ended, std::string* err);

  // The kiosk this connection signs in as; "" for an organiser or admin.
  const std::string& kiosk_name() const { return kiosk_name_; }

  // Sends up to `limit` outbox items of `db` in one transaction, acks them
  // in `db`, and sets aside the items the hub refuses (bad data), so they
  // never block the queue. False when the hub cannot be used (nothing acked).
  bool Push(EventDb& db, int limit, PushResult* result, std::string* err);

  // Fetches up to `limit` rows per table changed since `db`'s watermarks,
  // in one consistent snapshot, applies them to `db` and moves the
  // watermarks. *more says whether a table had more rows waiting.
  bool Pull(EventDb& db, int limit, EventDb::PulledRows* rows, bool* more, std::string* err);

  // Takes the hub's forget secret into `db`, shreds `db` when the hub's
  // event was shredded, pushes everything waiting in `db`'s outbox, then
  // pulls everything new (people forgotten elsewhere are forgotten here
  // first), in batches, calling `on_pulled` (may be null) after each pulled batch
  // was applied. Changes the hub refuses are set aside and named on stderr.
  // Stops early (true) when `stop` (may be null) says so.
  bool Exchange(EventDb& db, const std::function<void(const EventDb::PulledRows&)>& on_pulled,
                const std::function<bool()>& stop, std::string* err);

  // Records this kiosk's sync state on the hub (for dashboards and status);
  // `shredded`: its database was shredded (EventDb::Shred).
  bool Report(const std::string& kiosk_id, int64_t waiting, int64_t set_aside, bool shredded, std::string* err);

  // Personal data with an end, on the hub (an organiser's connection):
  // shreds the event (every kiosk shreds its own when it next syncs);
  // shreds it by itself `days` after the last encounter; takes the
  // tombstones with these keys back (import --include-forgotten).
  bool Shred(std::string* err);
  bool SetShredAfter(int days, std::string* err);
  bool Unforget(const std::vector<std::string>& keys, std::string* err);
  // When the hub's event was shredded; "" when it was not.
  const std::string& shredded_at() const { return shredded_at_; }
  // Exchange shredded `db` because the hub's event was shredded.
  bool shredded_here() const { return shredded_here_; }
  // One line when the last Exchange found the hub replaced or put back to
  // an earlier state and offered it everything again ("" when not).
  const std::string& healed() const { return healed_; }
  // Writes a consistent backup of the hub (pg_dump's custom format, readable
  // by this user alone) to `path`, while kiosks keep writing.
  bool Backup(const std::string& path, std::string* err);
  // Puts a backup (pg_dump's custom format) back on a superuser's
  // connection and gives the hub a new history ID, so every kiosk offers
  // what the backup lacks again. Open sessions to the hub's database are
  // ended and every other role kept out until it is back (its connection
  // limit is 0 meanwhile, then what it was). pg_restore is all or nothing:
  // when it fails, the hub holds what it held. Member rows are then made to
  // agree with the server's roles (a backup holds the rows, not the roles).
  bool Restore(const std::string& dump_path, std::string* err);
  // A hot standby (streaming replication) becomes the primary, on an
  // admin's connection to it. Waits up to 30 s.
  bool Promote(std::string* err);
  struct Replication {
    bool standby = false;     // this server replays another's changes
    int standbys = 0;         // standbys streaming from this one (seen by an admin)
    double lag_seconds = 0;   // the largest replay lag among them
  };
  bool GetReplication(Replication* out, std::string* err);
  // Every forget request kiosks sent, oldest first.
  bool ForgetRequests(std::vector<ForgetRequest>* out, std::string* err);
  // How many wait for an organiser.
  bool CountPendingForgetRequests(int64_t* n, std::string* err);
  // An organiser confirms (everyone named is forgotten everywhere) or
  // refuses the pending requests, of kiosk `from_kiosk` or ("") all of them;
  // *decided counts them.
  bool DecideForgetRequests(bool confirm, const std::string& from_kiosk, int64_t* decided, std::string* err);
  // Every kiosk the hub knows: added ones (also revoked) and any that reported.
  bool Kiosks(std::vector<KioskState>* out, std::string* err);
  bool Counts(HubCounts* out, std::string* err);
  // Every row of table `kind` on the hub, in SyncRow form, ordered by key.
  bool ReadAll(const std::string& kind, std::vector<EventDb::SyncRow>* out, std::string* err);

  // Waits up to `timeout_ms` for a change on the hub made by another
  // connection (LISTEN/NOTIFY) or for `wake_fd` to become readable. True when
  // woken by either (or when the connection broke: the next call fails).
  bool WaitForChange(int wake_fd, int timeout_ms);
  // Stops (false) or starts again (true) being told of changes: a kiosk that
  // will pull anyway in a moment need not be woken by every save at the
  // event (with a hundred kiosks, a hundred processes woken per save).
  // Listening again before pulling misses nothing.
  bool Listen(bool on, std::string* err);

  bool ok() const;  // the connection is usable

 private:
  Hub(PGconn* conn, std::string url) : conn_(conn), url_(std::move(url)) {}
  PGconn* conn_;
  const std::string url_;
  std::string kiosk_name_;
  // Push's usual case in one round trip (every row of `items` in a few
  // statements, the push lock held only while the hub applies them).
  // *pushed false (and true returned) when Push must go row by row: a
  // kiosk's roster change, a change from a newer Kindred, or a refused row.
  bool PushInOneRoundTrip(EventDb& db, const std::vector<EventDb::OutboxItem>& items, bool* pushed,
                          std::string* err);
  // Checks the hub's history against what `db` last knew of it: refuses
  // another event's hub (its secret is not `db`'s); for a replaced or
  // restored hub, queues everything in `db` again and pulls from the start.
  bool CheckHistory(EventDb& db, std::string* err);

  std::string forget_secret_, shredded_at_, hub_id_, healed_;
  bool shredded_here_ = false;
  std::chrono::steady_clock::time_point next_shred_check_{};
  std::chrono::steady_clock::time_point next_history_check_{};
  const EventDb* history_checked_for_ = nullptr;
  const EventDb* secret_given_to_ = nullptr;  // the database that has the forget secret
};

}  // namespace kindred
