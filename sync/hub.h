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

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storage/event_db.h"

typedef struct pg_conn PGconn;

namespace kindred {

// The hub schema version this build writes.
inline constexpr int kHubSchemaVersion = 1;

// The role `kindred hub init` makes for kiosks: read and write the event's
// tables, no DDL, no deletes.
inline constexpr char kKioskRole[] = "kindred_kiosk";

struct KioskState {
  std::string kiosk_id;
  std::string last_contact;  // UTC ISO 8601
  int64_t seconds_ago = 0;
  int64_t waiting = 0;       // changes not yet on the hub
  int64_t set_aside = 0;     // changes the hub refused
};

struct HubCounts {
  int64_t attendees = 0, encounters = 0, suggestions_shown = 0;
};

struct PushResult {
  int64_t pushed = 0;                   // outbox items the hub now has
  std::vector<std::string> set_aside;   // "encounter 1f2e...: invalid byte sequence ..."
};

class Hub {
 public:
  // Connects to `url` (postgresql://USER@HOST:PORT/DB?sslmode=...; the
  // password from PGPASSWORD or a libpq password file, never the URL).
  // Checks the hub's schema when `check_schema`. nullptr and a one-line
  // *err on failure: unreachable, wrong password, TLS, a newer hub.
  static std::unique_ptr<Hub> Connect(const std::string& url, bool check_schema, std::string* err);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Creates or migrates the schema, and (when `kiosk_password` is not
  // empty) the kiosks' least-privilege role with that password. Needs a
  // role that may create tables and roles.
  bool Init(const std::string& kiosk_password, std::string* err);

  // Sends up to `limit` outbox items of `db` in one transaction, acks them
  // in `db`, and sets aside the items the hub refuses (bad data), so they
  // never block the queue. False when the hub cannot be used (nothing acked).
  bool Push(EventDb& db, int limit, PushResult* result, std::string* err);

  // Fetches up to `limit` rows per table changed since `db`'s watermarks,
  // in one consistent snapshot, applies them to `db` and moves the
  // watermarks. *more says whether a table had more rows waiting.
  bool Pull(EventDb& db, int limit, EventDb::PulledRows* rows, bool* more, std::string* err);

  // Pushes everything waiting in `db`'s outbox, then pulls everything new,
  // in batches, calling `on_pulled` (may be null) after each pulled batch
  // was applied. Changes the hub refuses are set aside and named on stderr.
  // Stops early (true) when `stop` (may be null) says so.
  bool Exchange(EventDb& db, const std::function<void(const EventDb::PulledRows&)>& on_pulled,
                const std::function<bool()>& stop, std::string* err);

  // Records this kiosk's sync state on the hub (for dashboards and status).
  bool Report(const std::string& kiosk_id, int64_t waiting, int64_t set_aside, std::string* err);
  bool Kiosks(std::vector<KioskState>* out, std::string* err);
  bool Counts(HubCounts* out, std::string* err);
  // Every row of table `kind` on the hub, in SyncRow form, ordered by key.
  bool ReadAll(const std::string& kind, std::vector<EventDb::SyncRow>* out, std::string* err);

  // Waits up to `timeout_ms` for another kiosk's push (LISTEN/NOTIFY) or for
  // `wake_fd` to become readable. True when woken by either.
  bool WaitForChange(int wake_fd, int timeout_ms);

  bool ok() const;  // the connection is usable

 private:
  explicit Hub(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
};

// True when `url` carries a password (refused: it would show in process
// lists and logs); sets *err.
bool UrlHasPassword(const std::string& url, std::string* err);

}  // namespace kindred
