#include "cli/hub_commands.h"

#include <pwd.h>
#include <unistd.h>

#include <fmt/core.h>

#include <filesystem>
#include <algorithm>
#include <functional>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "common/file.h"
#include "common/utc_time.h"
#include "event/paths.h"
#include "storage/sealed_file.h"
#include "sync/hub.h"
#include "sync/hub_bundle.h"
#include "sync/hub_sync.h"

namespace kindred {

namespace {

// The organiser's local copy of a hub's event, for commands given --hub
// without --db: the same file every time, so only what changed is fetched.
bool HubCopyPath(const std::string& url, std::string* path, std::string* err) {
  const std::string dir = DataDir(err);
  if (dir.empty()) return false;
  *path = fmt::format("{}/hub-{:016x}.db", dir, std::hash<std::string>{}(url));
  return true;
}

std::unique_ptr<Hub> Connect(const HubArgs& hub, bool check_schema, std::string* err) {
  return Hub::Connect(hub.url, {.check_schema = check_schema, .allow_insecure = hub.insecure}, err);
}

// "2 encounters refused by the hub: recorded as kiosk 'cli', not this
// kiosk's name ('hall-a')", one clause per kind and reason; "" when none.
std::string SetAsideSummary(const std::vector<EventDb::SetAsideItem>& items) {
  std::vector<std::pair<std::pair<std::string, std::string>, int>> groups;  // (kind, reason) -> count
  for (const EventDb::SetAsideItem& item : items) {
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const auto& g) { return g.first == std::make_pair(item.kind, item.reason); });
    if (it == groups.end()) groups.push_back({{item.kind, item.reason}, 1});
    else ++it->second;
  }
  std::string out;
  for (const auto& [what, n] : groups) {
    const std::string& kind = what.first;
    const std::string noun = kind == "encounter"          ? Count(n, "encounter")
                             : kind == "attendee"         ? Count(n, "profile change")
                             : kind == "suggestion_shown" ? Count(n, "suggestion shown", "suggestions shown")
                             : kind == "forgotten"        ? Count(n, "forget request")
                                                          : Count(n, "change");
    out += (out.empty() ? "" : "; ") + noun + " refused by the hub: " + what.second;
  }
  return out;
}

// Brings the database at `db_path` and the hub up to date both ways; reports
// the sync state as `kiosk_id` (the hub's name for a kiosk's URL; nothing
// when both are empty). One line in *err when the hub cannot be used.
// *refused (may be null): what the hub refused, kept in the database.
bool SyncNow(const std::string& db_path, const HubArgs& args, const std::string& kiosk_id, bool changes_roster,
             std::string* err, std::vector<EventDb::SetAsideItem>* refused = nullptr) {
  auto hub = Connect(args, true, err);
  if (!hub) return false;
  if (changes_roster && !hub->kiosk_name().empty()) {
    *err = "this URL signs in as kiosk '" + hub->kiosk_name() +
           "'; the roster is the organisers': use an organiser's URL (kindred hub add-organiser)";
    return false;
  }
  auto db = EventDb::Open(db_path, err);
  if (!db || !db->EnableHubOutbox(args.url, err)) return false;
  if (!hub->Exchange(*db, nullptr, nullptr, err)) return false;
  if (refused && !db->ListSetAside(refused, err)) return false;
  const std::string me = hub->kiosk_name().empty() ? kiosk_id : hub->kiosk_name();
  if (me.empty()) return true;
  int64_t waiting = 0, set_aside = 0;
  std::string when;
  const bool shredded = db->GetSetting("shredded_at", &when, err) == Lookup::kFound;
  return db->CountOutbox(&waiting, err) && db->CountSetAside(&set_aside, err) &&
         hub->Report(me, waiting, set_aside, shredded, err);
}

bool IsRevoked(const std::vector<KioskState>& kiosks, const std::string& name) {
  for (const KioskState& k : kiosks)
    if (k.kiosk_id == name) return !k.revoked_at.empty();
  return false;
}

std::string Absolute(const std::string& path) { return std::filesystem::absolute(path).lexically_normal().string(); }

}  // namespace

int PrepareDb(std::string* db_path, const HubArgs& hub, bool changes_roster) {
  std::string err;
  if (hub.url.empty()) {
    if (db_path->empty()) return Fail("give the event database with --db (or a hub with --hub)");
    return kOk;
  }
  if (db_path->empty() && !HubCopyPath(hub.url, db_path, &err)) return Fail(err);
  if (!SyncNow(*db_path, hub, "", changes_roster, &err)) return Fail(err);
  return kOk;
}

int SyncOnce(const std::string& db_path, const HubArgs& hub, std::string* err, bool changes_roster) {
  return SyncNow(db_path, hub, "", changes_roster, err) ? kOk : kFailed;
}

bool ForgetStateOnHub(const HubArgs& args, const std::string& key, std::string* state, std::string* err) {
  state->clear();
  auto hub = Connect(args, true, err);
  std::vector<ForgetRequest> requests;
  if (!hub || !hub->ForgetRequests(&requests, err)) return false;
  for (const ForgetRequest& r : requests)
    if (r.key == key) *state = r.state;
  return true;
}

int DecideForgetRequestsCommand(const HubArgs& args, bool confirm, const std::string& from_kiosk, bool yes) {
  std::string err;
  auto hub = Connect(args, true, &err);
  if (!hub) return Fail(err);
  if (!hub->kiosk_name().empty())
    return Fail("this URL signs in as kiosk '" + hub->kiosk_name() + "'; only an organiser decides forget requests");
  std::vector<ForgetRequest> requests;
  if (!hub->ForgetRequests(&requests, &err)) return Fail(err);
  std::vector<std::vector<std::string>> rows;
  for (const ForgetRequest& r : requests)
    if (r.state == "pending" && (from_kiosk.empty() || r.kiosk == from_kiosk))
      rows.push_back({r.requested_at, r.kiosk, r.badge_id.empty() ? "-" : r.badge_id, r.name.empty() ? "-" : r.name});
  if (rows.empty()) {
    fmt::print("No forget requests wait{}.\n", from_kiosk.empty() ? "" : " from kiosk " + from_kiosk);
    return kOk;
  }
  PrintColumns(rows);
  const std::string what = Count(static_cast<long long>(rows.size()), "request");
  if (!yes && !Confirmed(confirm ? "Forget everyone listed, at every kiosk and the hub?"
                                 : "Refuse these " + what + " (the people stay in the event)?",
                         confirm ? "FORGET" : "REFUSE"))
    return Fail(isatty(0) ? "nothing decided: confirmation not given"
                          : "deciding needs confirmation: run it in a terminal, or add --yes");
  int64_t decided = 0;
  if (!hub->DecideForgetRequests(confirm, from_kiosk, &decided, &err)) return Fail(err);
  if (confirm)
    fmt::print("Confirmed {}: forgotten on the hub; every kiosk forgets them when it next syncs.\n",
               Count(decided, "request"));
  else
    fmt::print("Refused {}: the people stay in the event (the kiosk that asked has forgotten them already).\n",
               Count(decided, "request"));
  return kOk;
}

bool UnforgetOnHub(const HubArgs& args, const std::vector<std::string>& keys, std::string* err) {
  auto hub = Connect(args, true, err);
  return hub && hub->Unforget(keys, err);
}

int HubInit(const HubArgs& args, const std::string& address, const std::string& root_cert_file,
            const std::string& event_from) {
  std::string err;
  HubSetup setup;
  setup.kiosk_address = address;
  if (!event_from.empty()) {
    // The lost hub's event, from any of its databases (a kiosk's, a backup
    // opened with kindred restore, the organiser's copy).
    if (!std::filesystem::exists(event_from)) return Fail(event_from + " does not exist");
    auto db = EventDb::Open(event_from, &err);
    if (!db || !db->ForgetSecretHexIfAny(&setup.forget_secret, &err)) return Fail(err);
    if (setup.forget_secret.empty())
      return Fail(event_from + " never synced with a hub and holds no event key: nothing to take over");
  }
  if (!root_cert_file.empty()) {
    if (!ReadWholeFile(root_cert_file, &setup.root_cert_pem, &err)) return Fail(err);
    if (setup.root_cert_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
      return Fail(root_cert_file + " is not a certificate (PEM): give the hub's root certificate, hub-ca.crt");
  }
  auto hub = Connect(args, false, &err);
  if (!hub) return Fail(err);
  if (!hub->Init(setup, &err)) return Fail(err);
  fmt::print("The hub is ready (schema {}). Add each kiosk with: kindred hub add-kiosk NAME --hub {} --pgpass FILE "
             "--bundle FILE\n",
             kHubSchemaVersion, args.url);
  return kOk;
}

int HubAddMember(const HubArgs& args, MemberKind kind, const std::string& name, const std::string& pgpass,
                 const std::string& bundle_path) {
  const bool kiosk = kind != MemberKind::kOrganiser;
  std::string err;
  auto hub = Connect(args, true, &err);
  if (!hub) return Fail(err);
  HubSetup setup;
  if (!hub->GetSetup(&setup, &err)) return Fail(err);
  if (setup.kiosk_address.empty() || setup.root_cert_pem.empty())
    return Fail("the hub does not know its address or root certificate yet: run kindred hub init --hub " + args.url +
                " --address HOST:PORT --root-cert hub-ca.crt (install-hub.sh does)");
  std::string password;
  if (!hub->AddMember(kind, name, &password, &err)) return Fail(err);
  const std::string role = (kiosk ? kKioskRolePrefix : kOrganiserRolePrefix) + name;
  if (!WriteFileAtomically(pgpass, PgpassLine(role, password) + "\n", &err, 0600))
    return Fail("the role is ready, but " + err + ": run the same command again");
  std::string url;
  if (kiosk) {
    url = MakeHubUrl(setup.kiosk_address, role, std::string(kKioskHubDir) + "/hub-ca.crt", "");
    if (!bundle_path.empty() &&
        !WriteFileAtomically(bundle_path,
                             FormatHubBundle({name, role, setup.kiosk_address, password, setup.root_cert_pem}), &err,
                             0600))
      return Fail("the role is ready, but " + err + ": run the same command again");
    fmt::print("Kiosk {} may sign in to the hub; its earlier password, if any, no longer works.\n", name);
    if (!bundle_path.empty())
      fmt::print("On the kiosk: sudo /opt/kindred/bin/kindred hub join {} (or deploy/install-pi.sh --hub-bundle)\n",
                 bundle_path);
  } else {
    // An organiser's laptop: the root certificate beside the password file,
    // and a URL that names both, ready for --hub.
    const std::string cert = Absolute(pgpass) + ".hub-ca.crt";
    if (!WriteFileAtomically(cert, setup.root_cert_pem, &err, 0644)) return Fail(err);
    url = MakeHubUrl(setup.kiosk_address, role, cert, Absolute(pgpass));
    fmt::print("Organiser {} may sign in to the hub with this URL (--hub):\n", name);
  }
  fmt::print("{}\n", url);
  return kOk;
}

int HubRevoke(const HubArgs& args, const std::string& name) {
  std::string err;
  auto hub = Connect(args, true, &err);
  if (!hub) return Fail(err);
  int ended = 0;
  if (!hub->Revoke(name, &ended, &err)) return Fail(err);
  const std::string again = HubCommandName() == "kindred hub"
                                ? "kindred hub add-kiosk " + name + " --hub " + args.url + " --pgpass FILE --bundle FILE"
                                : HubCommandName() + " add-kiosk " + name;
  fmt::print("{} is shut out of the hub ({} ended). The other kiosks carry on; what it had not sent stays on it, "
             "and arrives if it is added again ({}). Its forget requests still waiting stay listed in status.\n",
             name, Count(ended, "open connection"), again);
  return kOk;
}

int HubBackup(const HubArgs& args, const std::string& dir, const std::string& key_file, int keep) {
  namespace fs = std::filesystem;
  std::string err, key;
  if (keep < 1) return Fail("--keep must be at least 1");
  if (!key_file.empty() && !ReadPublicKey(key_file, &key, &err)) return Fail(err);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail("cannot make " + dir + ": " + ec.message());
  // Names that sort by time: the newest N stay.
  const std::string stamp = UtcNowMillis().substr(0, 23);
  std::string name = "hub-" + stamp;
  std::replace(name.begin(), name.end(), ':', '-');
  std::replace(name.begin(), name.end(), '.', '-');
  const std::string dump = dir + "/." + name + ".part";
  const std::string target = dir + "/" + name + (key.empty() ? ".dump" : ".kindred-hub-backup");
  auto hub = Connect(args, false, &err);
  if (!hub) return Fail(err);
  if (!hub->Backup(dump, &err)) {
    fs::remove(dump, ec);
    return Fail(err);
  }
  const bool ok = key.empty() ? (fs::rename(dump, target, ec), !ec)
                              : SealPath(dump, SealedKind::kHubBackup, key, target, &err);
  fs::remove(dump, ec);
  if (!ok) return Fail(err.empty() ? "cannot write " + target : err);
  std::vector<std::string> backups;
  for (const auto& f : fs::directory_iterator(dir, ec)) {
    const std::string n = f.path().filename().string();
    if (n.starts_with("hub-") && (n.ends_with(".dump") || n.ends_with(".kindred-hub-backup"))) backups.push_back(f.path());
  }
  std::sort(backups.begin(), backups.end());
  for (size_t i = 0; i + keep < backups.size(); ++i) fs::remove(backups[i], ec);
  fmt::print("Backed the hub up to {}{}\n", target, key.empty() ? "" : " (sealed: only the organiser's secret key opens it)");
  return kOk;
}

int HubPromote(const HubArgs& args) {
  std::string err;
  auto hub = Connect(args, false, &err);
  if (!hub) return Fail(err);
  if (!hub->Promote(&err)) return Fail(err);
  fmt::print("This server is now the hub's primary. Kiosks whose URL names it find it by themselves and send again "
             "what the old primary had not passed on.\n");
  return kOk;
}

int HubRestore(const HubArgs& args, const std::string& dump) {
  std::string err;
  if (!std::filesystem::exists(dump)) return Fail(dump + " does not exist");
  auto hub = Connect(args, false, &err);
  if (!hub) return Fail(err);
  if (!hub->Restore(dump, &err)) return Fail(err);
  fmt::print("Restored the hub from {}. Each kiosk notices at its next sync and offers what it saved since.\n", dump);
  return kOk;
}

int HubJoin(const std::string& bundle_path, const std::string& dir, const std::string& owner) {
  std::string text, err, url;
  if (!ReadWholeFile(bundle_path, &text, &err)) return Fail(err);
  HubBundle bundle;
  if (!ParseHubBundle(text, &bundle, &err)) return Fail(bundle_path + " is " + err);
  if (!InstallHubBundle(bundle, dir, owner, &url, &err)) return Fail(err);
  fmt::print("This kiosk is {} on the hub at {}. Its hub URL (also in {}/hub.url):\n{}\n", bundle.kiosk,
             bundle.address, dir, url);
  return kOk;
}

int HubStatus(const HubArgs& args) {
  std::string err;
  auto hub = Connect(args, true, &err);
  if (!hub) return Fail(err);
  HubCounts counts;
  std::vector<KioskState> kiosks;
  std::vector<ForgetRequest> requests;
  if (!hub->Counts(&counts, &err) || !hub->Kiosks(&kiosks, &err) || !hub->ForgetRequests(&requests, &err))
    return Fail(err);
  fmt::print("Hub: {}, {}, {}\n", Count(counts.attendees, "attendee"), Count(counts.encounters, "encounter"),
             Count(counts.suggestions_shown, "suggestion shown", "suggestions shown"));
  Hub::Replication replication;
  if (hub->GetReplication(&replication, &err) && (replication.standby || replication.standbys > 0))
    fmt::print("{}\n", replication.standby ? std::string("This server is a standby (read-only)")
                                           : fmt::format("Primary, with {} streaming (replay lag {:.1f} s)",
                                                         Count(replication.standbys, "standby", "standbys"),
                                                         replication.lag_seconds));
  if (!hub->shredded_at().empty())
    fmt::print("The event was shredded at {}; each kiosk shreds its own copy when it next syncs.\n",
               hub->shredded_at());
  std::vector<std::vector<std::string>> rows = {{"kiosk", "state", "last contact", "waiting", "set aside"}};
  for (const KioskState& k : kiosks) {
    const char* state = !k.revoked_at.empty()         ? "revoked"
                        : !k.shredded_at.empty()      ? "shredded"
                        : !hub->shredded_at().empty() ? "unshredded"
                        : k.last_contact.empty()      ? "never"
                        : k.seconds_ago <= 15         ? "online"
                                                      : "offline";
    const std::string when = !k.revoked_at.empty() ? "revoked " + k.revoked_at
                             : k.last_contact.empty() ? "-"
                             : k.last_contact + (k.seconds_ago > 15 ? fmt::format(" ({}s ago)", k.seconds_ago) : "");
    rows.push_back({k.kiosk_id, state, when, std::to_string(k.waiting), std::to_string(k.set_aside)});
  }
  PrintColumns(rows, {3, 4});
  // Forgetting from a kiosk: what took effect, and what waits for an organiser.
  std::vector<std::vector<std::string>> pending = {{"requested", "kiosk", "badge", "name"}};
  int64_t done = 0, refused = 0;
  for (const ForgetRequest& r : requests) {
    if (r.state == "pending")
      pending.push_back({r.requested_at, r.kiosk + (IsRevoked(kiosks, r.kiosk) ? " (revoked)" : ""),
                         r.badge_id.empty() ? "-" : r.badge_id, r.name.empty() ? "-" : r.name});
    done += r.state == "done";
    refused += r.state == "refused";
  }
  if (!requests.empty())
    fmt::print("Forget requests from kiosks: {} done, {} refused, {} waiting for an organiser\n", done, refused,
               pending.size() - 1);
  if (pending.size() > 1) {
    PrintColumns(pending);
    fmt::print("Decide them: kindred forget --confirm-requests (or --refuse-requests) [--from KIOSK] --hub URL\n");
  }
  return kOk;
}

int DbStatus(const std::string& db_path) {
  std::string err;
  if (!std::filesystem::exists(db_path)) return Fail(db_path + " does not exist");
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  int64_t waiting = 0;
  std::vector<EventDb::SetAsideItem> refused;
  std::string hub;
  if (db->GetSetting("hub", &hub, &err) == Lookup::kError || !db->CountOutbox(&waiting, &err) ||
      !db->ListSetAside(&refused, &err))
    return Fail(err);
  fmt::print("{}: {}\n", db_path, hub.empty() ? "not synced with a hub" : "synced with " + hub);
  fmt::print("{} waiting to be sent, {} refused by the hub\n", Count(waiting, "change"),
             Count(static_cast<long long>(refused.size()), "change"));
  if (refused.empty()) return kOk;
  std::vector<std::vector<std::string>> rows = {{"refused at", "what", "key", "why"}};
  for (const EventDb::SetAsideItem& r : refused) rows.push_back({r.at, r.kind, r.key, r.reason});
  PrintColumns(rows);
  fmt::print("When the reason is dealt with: kindred sync --once --retry-refused --db {} --hub URL\n", db_path);
  return kOk;
}

int HubSyncCommand(const std::string& db_path, const HubArgs& args, const std::string& kiosk_id, bool once,
                   bool retry_refused) {
  std::string err;
  if (retry_refused) {
    auto db = EventDb::Open(db_path, &err);
    int64_t n = 0;
    if (!db || !db->RequeueSetAside(&n, &err)) return Fail(err);
    if (n > 0) fmt::print("Offering the hub {} again\n", Count(n, "refused change"));
  }
  if (once) {
    std::vector<EventDb::SetAsideItem> refused;
    if (!SyncNow(db_path, args, kiosk_id, false, &err, &refused)) return Fail(err);
    if (!refused.empty())
      return Fail(SetAsideSummary(refused) + " (kept in " + db_path + "; kindred status --db " + db_path +
                  " lists them)");
    fmt::print("In sync with the hub\n");
    return kOk;
  }
  HubSync sync(db_path, args.url, kiosk_id);
  sync.set_allow_insecure(args.insecure);
  if (!sync.Start(&err)) return Fail(err);
  WaitUntilStopped();
  sync.Stop();
  return kOk;
}

}  // namespace kindred

namespace kindred {

void AddHubCommands(CLI::App& app, int* exit_code) {
  struct Args {
    HubArgs hub;
    std::string address, root_cert, event_from, member, pgpass, bundle, join_dir = kKioskHubDir, join_owner, db,
        kiosk_id = "cli";
    std::string backup_dir, key_file;
    int keep = 48;
    bool once = false, retry_refused = false, pages = false;
  };
  auto a = std::make_shared<Args>();
  auto* hub_cmd = app.add_subcommand("hub", "Set up the PostgreSQL hub that makes several kiosks one event");
  hub_cmd->require_subcommand(1);
  const char* kAdminHelp = "postgresql://ADMIN@HOST/kindred or the hub's socket (a superuser; password from ~/.pgpass)";
  auto* init = hub_cmd->add_subcommand("init", "Create or migrate the hub's schema, roles and row rules");
  init->add_option("--hub", a->hub.url, kAdminHelp)->required();
  init->add_option("--address", a->address, "HOST:PORT kiosks reach the hub at, for add-kiosk's URLs");
  init->add_option("--root-cert", a->root_cert, "The certificate kiosks verify the hub with (hub-ca.crt)");
  init->add_option("--event-from", a->event_from,
                   "A new hub for an event whose hub was lost: take the event from one of its databases");
  init->callback([a, exit_code] { *exit_code = HubInit(a->hub, a->address, a->root_cert, a->event_from); });
  auto* promote = hub_cmd->add_subcommand("promote", "Make the hub's standby the primary (the primary is lost)");
  promote->add_option("--hub", a->hub.url, "The standby's admin URL")->required();
  promote->callback([a, exit_code] { *exit_code = HubPromote(a->hub); });
  auto* backup = hub_cmd->add_subcommand("backup", "A consistent backup of the hub (pg_dump), time-stamped in a "
                                                   "folder, sealed to the organiser's key when given; the newest N kept");
  backup->add_option("--hub", a->hub.url, kAdminHelp)->required();
  backup->add_option("--to", a->backup_dir, "The folder")->required();
  backup->add_option("--key", a->key_file, "The organiser's public key (kindred-organiser.pub): seal each backup");
  backup->add_option("--keep", a->keep, "How many backups to keep")->capture_default_str();
  backup->callback([a, exit_code] { *exit_code = HubBackup(a->hub, a->backup_dir, a->key_file, a->keep); });
  auto* restore = hub_cmd->add_subcommand("restore", "Put a backup of the hub back (pg_dump's custom format); "
                                                     "kiosks offer what they saved since by themselves");
  restore->add_option("BACKUP", a->bundle, "The backup file")->required();
  restore->add_option("--hub", a->hub.url, kAdminHelp)->required();
  restore->callback([a, exit_code] { *exit_code = HubRestore(a->hub, a->bundle); });
  auto* add_kiosk = hub_cmd->add_subcommand(
      "add-kiosk", "Give kiosk NAME its own sign-in (again: a new password, the old one ended); prints its URL");
  auto* add_organiser = hub_cmd->add_subcommand(
      "add-organiser", "Give organiser NAME their own sign-in for import, export, send and status; prints the URL");
  for (CLI::App* add : {add_kiosk, add_organiser}) {
    add->add_option("NAME", a->member, "1 to 40 of a-z, 0-9 and '-', e.g. hall-a")->required();
    add->add_option("--hub", a->hub.url, kAdminHelp)->required();
    add->add_option("--pgpass", a->pgpass, "Write the password file (libpq format, mode 0600) here")->required();
  }
  add_kiosk->add_option("--bundle", a->bundle,
                        "Also write everything the kiosk needs (URL, password, root certificate) to this one file");
  add_kiosk->add_flag("--pages", a->pages,
                      "This sign-in is kindred serve's (the phones' pages): it may also change the note and "
                      "follow-ups of an encounter another kiosk recorded");
  add_kiosk->callback([a, exit_code] {
    *exit_code = HubAddMember(a->hub, a->pages ? MemberKind::kPages : MemberKind::kKiosk, a->member, a->pgpass,
                              a->bundle);
  });
  add_organiser->callback(
      [a, exit_code] { *exit_code = HubAddMember(a->hub, MemberKind::kOrganiser, a->member, a->pgpass, ""); });
  auto* revoke = hub_cmd->add_subcommand("revoke", "Shut kiosk NAME out at once (lost or stolen); the others carry on");
  revoke->add_option("NAME", a->member, "The kiosk's (or organiser's) name")->required();
  revoke->add_option("--hub", a->hub.url, kAdminHelp)->required();
  revoke->callback([a, exit_code] { *exit_code = HubRevoke(a->hub, a->member); });
  auto* join = hub_cmd->add_subcommand("join", "On a kiosk: install the bundle add-kiosk wrote; prints the hub URL");
  join->add_option("BUNDLE", a->bundle, "The file kindred hub add-kiosk --bundle wrote")->required();
  join->add_option("--dir", a->join_dir, "Where the kiosk keeps it")->capture_default_str();
  join->add_option("--owner", a->join_owner, "The user the kiosk runs as (default: kindred, when it exists)");
  join->callback([a, exit_code] {
    if (a->join_owner.empty() && getpwnam("kindred")) a->join_owner = "kindred";
    *exit_code = HubJoin(a->bundle, a->join_dir, a->join_owner);
  });

  auto* status = app.add_subcommand(
      "status", "The hub: every kiosk's sync state, the event's totals, forget requests waiting; "
                "a database: what waits to be sent and what the hub refused");
  status->add_option("--hub", a->hub.url, "postgresql://USER@HOST/kindred?sslmode=verify-full...");
  status->add_option("--db", a->db, "A kiosk's or organiser's event database");
  status->add_flag("--insecure-hub", a->hub.insecure, kInsecureHubHelp);
  status->callback([a, exit_code] {
    *exit_code = a->db.empty() == a->hub.url.empty() ? Fail("give the hub with --hub, or a database with --db")
                 : a->db.empty()                     ? HubStatus(a->hub)
                                                     : DbStatus(a->db);
  });

  auto* sync = app.add_subcommand("sync", "Sync an event database with the hub: once, or until stopped");
  sync->add_option("--db", a->db, "Event database")->required();
  sync->add_option("--hub", a->hub.url, "postgresql://USER@HOST/kindred?sslmode=verify-full...")->required();
  sync->add_flag("--insecure-hub", a->hub.insecure, kInsecureHubHelp);
  sync->add_option("--kiosk-id", a->kiosk_id, "This copy's name on the hub (a kiosk's URL names it)")
      ->capture_default_str();
  sync->add_flag("--once", a->once, "Push and pull what is waiting, then exit (1 when the hub refused something)");
  sync->add_flag("--retry-refused", a->retry_refused,
                 "Offer what the hub refused again (the kiosk was added again, or this is an organiser's URL)");
  sync->callback([a, exit_code] {
    *exit_code = HubSyncCommand(a->db, a->hub, a->kiosk_id, a->once, a->retry_refused);
  });
}

}  // namespace kindred
