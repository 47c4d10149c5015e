#include "cli/privacy_commands.h"

#include <fmt/core.h>

#include <filesystem>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "common/hex.h"
#include "common/utc_time.h"
#include "event/paths.h"
#include "storage/event_db.h"
#include "storage/sealed_file.h"
#include "sync/hub.h"

namespace kindred {

namespace {

namespace fs = std::filesystem;

// True when the follow-ups left the event: exported, or sent to someone.
bool FollowUpsDone(EventDb& db, std::string* err) {
  std::string when;
  const Lookup l = db.GetSetting(kFollowUpsDoneSetting, &when, err);
  if (l != Lookup::kNotFound) return l == Lookup::kFound;
  std::vector<EventDb::SendEntry> journal;
  if (!db.LoadSendJournal(&journal, err)) return false;
  for (const EventDb::SendEntry& e : journal)
    if (e.status == "sent") return true;
  return false;
}

}  // namespace

int ForgetCommand(std::string db_path, const HubArgs& hub, const std::string& badge_id, bool yes) {
  std::string err;
  if (int rc = PrepareDb(&db_path, hub, false); rc != kOk) return rc;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  Attendee who;
  const Lookup l = db->FindAttendee(badge_id, &who, &err);
  if (l == Lookup::kError) return Fail(err);
  const std::string name = l == Lookup::kFound ? who.name + " (" + badge_id + ")" : "badge " + badge_id;
  if (l == Lookup::kNotFound)
    std::fprintf(stderr, "kindred: nobody with badge %s is in %s; recording the request anyway, so they are never "
                         "imported or synced in\n", badge_id.c_str(), hub.url.empty() ? db_path.c_str() : "the hub");
  if (!yes && !Confirmed("Forget " + name + (hub.url.empty() ? " in " + db_path : " at every kiosk and the hub") +
                             "? Their name, contact details, passions and notes go; the people they met keep the "
                             "fact of the conversation, without them.",
                         "FORGET"))
    return Fail(isatty(0) ? "nothing forgotten: confirmation not given"
                          : "forget needs confirmation: run it in a terminal, or add --yes");
  EventDb::ForgetCounts counts;
  std::string key;
  if (!db->Forget(badge_id, &counts, &err) || !db->ForgetKey(badge_id, &key, &err))
    return Fail("nothing forgotten: " + err);
  db.reset();
  if (!hub.url.empty() && SyncOnce(db_path, hub, &err, false) != kOk)
    return Fail("forgotten in " + db_path + ", but the hub does not know yet (" + err +
                "): run the same command again");
  // A kiosk's URL asks; the hub forgets at once within the kiosk's allowance.
  std::string state;
  if (!hub.url.empty() && !ForgetStateOnHub(hub, key, &state, &err))
    return Fail("forgotten in " + db_path + " and sent to the hub, which did not say what it did (" + err + ")");
  const std::string kept = fmt::format("{} kept for the people they met, without them; {} removed",
                                       Count(counts.encounters, "encounter"),
                                       Count(counts.suggestions, "suggestion"));
  if (state == "pending") {
    fmt::print("Forgot {} in {} ({}). The hub holds the request until an organiser confirms it: this kiosk asked "
               "to forget more than {} people within the hour.\n",
               name, db_path, kept, kForgetAllowance);
    return kOk;
  }
  if (state == "refused")
    return Fail("forgotten in " + db_path + ", but an organiser refused this request on the hub earlier");
  fmt::print("Forgot {}{}: {}.\n", name,
             hub.url.empty() ? "" : " at the hub (every kiosk forgets them when it next syncs)", kept);
  return kOk;
}

int ShredCommand(std::string db_path, const HubArgs& hub, bool yes, bool force, int after_days) {
  std::string err;
  if (after_days > 0) {
    if (hub.url.empty()) return Fail("--after is a setting of the hub: give --hub");
    auto h = Hub::Connect(hub.url, {.check_schema = true, .allow_insecure = hub.insecure}, &err);
    if (!h || !h->SetShredAfter(after_days, &err)) return Fail(err);
    fmt::print("The hub shreds the event by itself {} days after its last encounter.\n", after_days);
    return kOk;
  }
  if (int rc = PrepareDb(&db_path, hub, false); rc != kOk) return rc;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  if (!force) {
    const bool done = FollowUpsDone(*db, &err);
    if (!err.empty()) return Fail(err);
    if (!done)
      return Fail("not shredded: the follow-ups were neither exported nor sent; run kindred export or kindred send "
                  "first (or --force to shred without them)");
  }
  EventDb::PersonalData data;
  if (!db->CountPersonalData(&data, &err)) return Fail(err);
  const std::string what =
      fmt::format("This removes {} attendees, {} encounters, {} suggestions shown and {} send journal entries{}. "
                  "Kept: encounters per hour and how many people hold each passion, which name nobody.",
                  data.attendees, data.encounters, data.suggestions, data.journal,
                  hub.url.empty() ? " from " + db_path : " from the hub, and every kiosk shreds its own when it next syncs");
  if (!yes && !Confirmed(what, "SHRED"))
    return Fail(isatty(0) ? "not shredded: confirmation not given"
                          : "shred needs confirmation: run it in a terminal, or add --yes");
  if (!hub.url.empty()) {
    db.reset();
    auto h = Hub::Connect(hub.url, {.check_schema = true, .allow_insecure = hub.insecure}, &err);
    if (!h || !h->Shred(&err)) return Fail("not shredded: " + err);
    if (SyncOnce(db_path, hub, &err) != kOk)
      return Fail("shredded on the hub; this copy (" + db_path + ") is not yet: " + err);
    fmt::print("Shredded the event on the hub and in {}. kindred status --hub shows which kiosks have shredded "
               "theirs.\n",
               db_path);
    return kOk;
  }
  EventDb::PersonalData removed;
  if (!db->Shred(&removed, &err)) return Fail("not shredded: " + err);
  fmt::print("Shredded {}: {} attendees, {} encounters, {} suggestions and {} journal entries removed.\n", db_path,
             removed.attendees, removed.encounters, removed.suggestions, removed.journal);
  return kOk;
}

int KeysCommand(const std::string& out_dir, const std::string& install, const std::string& db_path) {
  std::string err;
  if (!install.empty()) {
    if (db_path.empty()) return Fail("--install stores the public key in an event database: give --db");
    std::string key;
    if (!ReadPublicKey(install, &key, &err)) return Fail(err);
    auto db = EventDb::Open(db_path, &err);
    if (!db || !db->SetSetting(kOrganiserKeySetting, ToHex(key), &err)) return Fail(err);
    fmt::print("Backups and exports of {} are now sealed to {}.\n", db_path, install);
    return kOk;
  }
  if (out_dir.empty()) return Fail("give --out DIR to make keys, or --install PUBLIC_KEY --db EVENT.db");
  std::string passphrase;
  if (!ReadSecret("Passphrase for the secret key (8 characters or more): ", true, &passphrase))
    return Fail("no keys made: the two entries differ, or nothing was typed");
  if (!MakeOrganiserKeys(out_dir, passphrase, &err)) return Fail(err);
  fmt::print("Made {}/{} (give it to the kiosks: kindred keys --install ... --db EVENT.db, or install-pi.sh "
             "--organiser-key) and {}/{} (keep it, and its passphrase, with you: it opens every backup).\n",
             out_dir, kPublicKeyFile, out_dir, kSecretKeyFile);
  return kOk;
}

int BackupCommand(const std::string& db_path, const std::string& to, const std::string& public_key_file) {
  std::string err, key, hex;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  if (!public_key_file.empty()) {
    if (!ReadPublicKey(public_key_file, &key, &err)) return Fail(err);
  } else {
    const Lookup l = LoadOrganiserKey(*db, &key, &err);
    if (l == Lookup::kError) return Fail(err);
    if (l == Lookup::kNotFound)
      return Fail("backups are sealed to the organiser's public key, and " + db_path +
                  " has none: kindred keys --install kindred-organiser.pub --db " + db_path + " (or --key FILE)");
  }
  std::string target = to;
  if (fs::is_directory(to)) {
    // Into a folder (a USB stick): a new file each time, never overwriting.
    target = (fs::path(to) / (fs::path(db_path).stem().string() + "-" + UtcStampForFileName() + ".kindred-backup"))
                 .string();
  }
  // A consistent copy first (SQLite's online backup), then sealed; the
  // plain copy never leaves this machine's temporary folder.
  const std::string plain = (fs::temp_directory_path() / ("kindred-backup-" + std::to_string(getpid()) + ".db")).string();
  const bool ok = db->BackupTo(plain, &err) && SealPath(plain, SealedKind::kDatabase, key, target, &err);
  std::error_code ec;
  fs::remove(plain, ec);
  if (!ok) return Fail(err);
  fmt::print("Backed up {} to {} (sealed: only the organiser's secret key opens it)\n", db_path, target);
  return kOk;
}

int RestoreCommand(const std::string& backup, const std::string& secret_key_file, const std::string& to) {
  std::string err;
  if (fs::exists(to) && !(fs::is_directory(to) && fs::is_empty(to)))
    return Fail(to + " exists: restore into a new file or an empty folder, so nothing is overwritten");
  std::string passphrase, secret_key, public_key;
  if (!ReadSecret("Passphrase: ", false, &passphrase)) return Fail("nothing restored: no passphrase was typed");
  if (!ReadSecretKey(secret_key_file, passphrase, &secret_key, &public_key, &err))
    return Fail("nothing restored: " + err);
  SealedKind kind;
  if (!OpenSealed(backup, public_key, secret_key, to, &kind, &err)) return Fail(err);
  if (kind == SealedKind::kDatabase) {
    auto db = EventDb::Open(to, &err);
    int64_t people = 0, encounters = 0;
    if (!db || !db->CountAttendees(&people, &err) || !db->CountEncounters(&encounters, &err)) {
      std::error_code ec;
      fs::remove(to, ec);
      return Fail("nothing restored: the backup opened but is not a usable event database (" + err + ")");
    }
    fmt::print("Restored {} to {}: {} attendees, {} encounters\n", backup, to, people, encounters);
  } else if (kind == SealedKind::kHubBackup) {
    fmt::print("Opened the hub's backup {} into {}: put it back with kindred hub restore {} --hub ADMIN_URL\n", backup,
               to, to);
  } else {
    fmt::print("Opened the export {} into {}\n", backup, to);
  }
  return kOk;
}

}  // namespace kindred

namespace kindred {

void AddPrivacyCommands(CLI::App& app, int* exit_code) {
  struct Args {
    std::string db, to, key_file, sealed, out, install_key, forget_id, from_kiosk;
    HubArgs hub;
    bool yes = false, force = false, confirm_requests = false, refuse_requests = false;
    int after_days = 0;
  };
  auto a = std::make_shared<Args>();
  auto* backup = app.add_subcommand("backup", "A copy of the database sealed to the organiser's key, even while a "
                                              "kiosk runs (only the organiser's secret key opens it)");
  backup->add_option("--db", a->db, "Event database")->required();
  backup->add_option("--to", a->to, "A file, or a folder (e.g. a USB stick) for a time-stamped copy")->required();
  backup->add_option("--key", a->key_file, "The organiser's public key (default: the one stored in the event)");
  backup->callback([a, exit_code] { *exit_code = BackupCommand(a->db, a->to, a->key_file); });

  auto* restore = app.add_subcommand("restore", "Open a sealed backup (or export) with the organiser's secret key");
  restore->add_option("BACKUP", a->sealed, "A .kindred-backup or .kindred-export file")->required();
  restore->add_option("--key", a->key_file, "The organiser's secret key file (kindred-organiser.key)")->required();
  restore->add_option("--to", a->to, "A new event database (or an empty folder, for an export)")->required();
  restore->callback([a, exit_code] { *exit_code = RestoreCommand(a->sealed, a->key_file, a->to); });

  auto* keys = app.add_subcommand("keys", "Make the organiser's key pair, or give an event its public key");
  keys->add_option("--out", a->out, "Make kindred-organiser.pub and kindred-organiser.key (passphrase) here");
  keys->add_option("--install", a->install_key, "Store this public key in the event (--db): backups are sealed to it");
  keys->add_option("--db", a->db, "Event database, with --install");
  keys->callback([a, exit_code] { *exit_code = KeysCommand(a->out, a->install_key, a->db); });

  auto* forget = app.add_subcommand("forget", "Forget one person everywhere (their encounters stay for the others, "
                                              "without them)");
  forget->add_option("BADGE_ID", a->forget_id, "Their badge ID");
  forget->add_option("--db", a->db, "Event database");
  forget->add_option("--hub", a->hub.url, "Forget them on the hub and at every kiosk");
  forget->add_flag("--insecure-hub", a->hub.insecure, kInsecureHubHelp);
  forget->add_flag("--yes", a->yes, "Do not ask (for scripts)");
  auto* confirm = forget->add_flag("--confirm-requests", a->confirm_requests,
                                   "With an organiser's --hub: forget everyone kiosks asked for beyond their allowance");
  auto* refuse = forget->add_flag("--refuse-requests", a->refuse_requests,
                                  "With an organiser's --hub: refuse those requests (the people stay in the event)");
  confirm->excludes(refuse);
  forget->add_option("--from", a->from_kiosk, "With --confirm-requests or --refuse-requests: only this kiosk's");
  forget->callback([a, exit_code] {
    if (a->confirm_requests || a->refuse_requests) {
      *exit_code = a->hub.url.empty() || !a->forget_id.empty() || !a->db.empty()
                       ? Fail("--confirm-requests and --refuse-requests take the hub (--hub), no badge and no --db")
                       : DecideForgetRequestsCommand(a->hub, a->confirm_requests, a->from_kiosk, a->yes);
      return;
    }
    *exit_code = a->forget_id.empty()                  ? Fail("give the badge ID of the person to forget")
                 : a->db.empty() == a->hub.url.empty() ? Fail("give the event database with --db, or the hub with --hub")
                                                       : ForgetCommand(a->db, a->hub, a->forget_id, a->yes);
  });

  auto* shred = app.add_subcommand("shred", "Remove all personal data of the event once the follow-ups are out");
  shred->add_option("--db", a->db, "Event database");
  shred->add_option("--hub", a->hub.url, "Shred the hub's event; every kiosk shreds its own when it next syncs");
  shred->add_flag("--insecure-hub", a->hub.insecure, kInsecureHubHelp);
  shred->add_flag("--yes", a->yes, "Do not ask (for scripts)");
  shred->add_flag("--force", a->force, "Shred even though the follow-ups were neither exported nor sent");
  shred->add_option("--after", a->after_days, "With --hub: shred by itself this many days after the last encounter");
  shred->callback([a, exit_code] {
    *exit_code = a->db.empty() == a->hub.url.empty()
                     ? Fail("give the event database with --db, or the hub with --hub")
                     : ShredCommand(a->db, a->hub, a->yes, a->force, a->after_days);
  });
}

}  // namespace kindred
