// `kindred hub ...`, `kindred status` and `kindred sync`, and the --hub
// option of import, export and send: the organiser's side of a hub.
// Each returns the command's exit code (cli/cli_common.h).
#pragma once

#include <string>
#include <vector>

#include "sync/hub.h"

namespace kindred {

struct HubArgs {
  std::string url;             // --hub
  bool insecure = false;       // --insecure-hub: do not verify the hub's certificate
};

// --db and --hub: the database to work on, brought up to date from the hub
// first when there is one (without --db, a local copy of the hub's event).
// `changes_roster`: the command writes attendees, which only an organiser's
// role may send to the hub. Returns kOk or the exit code of a failure.
int PrepareDb(std::string* db_path, const HubArgs& hub, bool changes_roster);

// Sends what `db_path` holds for the hub and takes what is new, once.
// `changes_roster` as for PrepareDb.
int SyncOnce(const std::string& db_path, const HubArgs& hub, std::string* err, bool changes_roster = true);

// Where the hub stands on forgetting the person whose tombstone is `key`:
// "done" (forgotten everywhere), "pending" (a kiosk's request beyond its
// allowance, waiting for an organiser), "refused", or "" when it has no
// request (an organiser's forget takes effect at once).
bool ForgetStateOnHub(const HubArgs& hub, const std::string& key, std::string* state, std::string* err);
// kindred forget --confirm-requests | --refuse-requests [--from KIOSK] --hub URL
int DecideForgetRequestsCommand(const HubArgs& hub, bool confirm, const std::string& from_kiosk, bool yes);

// Takes the hub's tombstones with these keys back (import --include-forgotten).
bool UnforgetOnHub(const HubArgs& hub, const std::vector<std::string>& keys, std::string* err);

// kindred hub init --hub ADMIN_URL [--address HOST:PORT] [--root-cert FILE] [--event-from EVENT.db]
int HubInit(const HubArgs& hub, const std::string& address, const std::string& root_cert_file,
            const std::string& event_from);
// kindred hub backup --hub ADMIN_URL --to DIR [--key PUB] [--keep N]
int HubBackup(const HubArgs& hub, const std::string& dir, const std::string& key_file, int keep);
// kindred hub promote --hub STANDBY_ADMIN_URL
int HubPromote(const HubArgs& hub);
// kindred hub restore BACKUP --hub ADMIN_URL
int HubRestore(const HubArgs& hub, const std::string& dump);
// kindred hub add-kiosk NAME [--pages] / add-organiser NAME --hub ADMIN_URL --pgpass FILE [--bundle FILE]:
// the member's role with a new password, its password file (0600) and, last
// on stdout, the URL it uses.
int HubAddMember(const HubArgs& hub, MemberKind kind, const std::string& name, const std::string& pgpass,
                 const std::string& bundle);
// kindred hub revoke NAME --hub ADMIN_URL
int HubRevoke(const HubArgs& hub, const std::string& name);
// kindred hub join BUNDLE [--dir DIR] [--owner USER]: on a kiosk.
int HubJoin(const std::string& bundle, const std::string& dir, const std::string& owner);
// kindred status --hub URL: totals, every kiosk, forget requests waiting.
int HubStatus(const HubArgs& hub);
// kindred status --db FILE: what waits to be sent, and what the hub refused, with why.
int DbStatus(const std::string& db_path);
// kindred sync --db DB --hub URL [--once] [--retry-refused]: --once fails
// (one line naming how many and why) while the hub refuses something.
int HubSyncCommand(const std::string& db_path, const HubArgs& hub, const std::string& kiosk_id, bool once,
                   bool retry_refused);

}  // namespace kindred
