#include "cli/privacy_commands.h"

#include <fmt/core.h>

#include <filesystem>

#include "cli/cli_common.h"
#include "common/hex.h"
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
  if (!db->Forget(badge_id, &counts, &err)) return Fail("nothing forgotten: " + err);
  db.reset();
  if (!hub.url.empty() && SyncOnce(db_path, hub, &err) != kOk)
    return Fail("forgotten in " + db_path + ", but the hub does not know yet (" + err +
                "): run the same command again");
  fmt::print("Forgot {}{}: {} encounter{} kept for the people they met, without them; {} suggestion{} removed.\n",
             name, hub.url.empty() ? "" : " at the hub (every kiosk forgets them when it next syncs)",
             counts.encounters, counts.encounters == 1 ? "" : "s", counts.suggestions,
             counts.suggestions == 1 ? "" : "s");
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
  } else {
    fmt::print("Opened the export {} into {}\n", backup, to);
  }
  return kOk;
}

}  // namespace kindred
