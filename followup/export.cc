#include "followup/export.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "event/consent.h"
#include "followup/summary.h"
#include "storage/csv_writer.h"
#include "common/utc_time.h"

namespace kindred {

const std::vector<std::string> kEncounterCsvColumns = {
    "encounter_id", "met_at",  "kiosk_id", "a_badge_id",      "a_name",  "a_email", "b_badge_id",
    "b_name",       "b_email", "shared_passions", "starter", "intents", "note"};

const std::vector<std::string> kCrmCsvColumns = {"First Name", "Last Name",   "Email",      "Company",
                                                 "Job Title",  "Lead Source", "Description"};
const std::vector<std::string> kWalkInCsvColumns = {"badge_id", "name",     "email",   "company",
                                                    "title",    "consent",  "passions", "met"};

namespace {

namespace fs = std::filesystem;

// Writes `content` without syncing: files under a folder that is synced and
// swapped in whole.
bool WriteUnsynced(const fs::path& path, const std::string& content, std::string* err) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) {
    *err = "cannot write " + path.string();
    return false;
  }
  return true;
}

bool SyncFolder(const fs::path& dir, std::string* err) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  bool ok = fd >= 0 && syncfs(fd) == 0;
  if (fd >= 0) close(fd);
  if (!ok) *err = "cannot sync " + dir.string();
  return ok;
}

bool WritePeople(EventDb& db, const Matcher& matcher, const std::vector<Attendee>& attendees, const fs::path& out_dir,
                 const ExportOptions& options, std::string* err, const ExportProgress& progress) {
  const fs::path final_dir = out_dir / "attendees";
  const fs::path tmp_dir = out_dir / (".attendees-" + std::to_string(getpid()));
  std::error_code ec;
  fs::remove_all(tmp_dir, ec);
  fs::create_directories(tmp_dir, ec);
  if (ec) {
    *err = "cannot create " + tmp_dir.string() + ": " + ec.message();
    return false;
  }
  std::unordered_set<std::string> used_names;
  auto write = [&](const FollowUp& f, std::string* e) {
    std::string name = SafeFileName(f.me->badge_id);
    while (!used_names.insert(name).second) name += "_";
    const std::string vcf = FollowUpVCards(f, options.event_name);
    return WriteUnsynced(tmp_dir / (name + ".csv"), FollowUpCsv(f, options.excel_bom), e) &&
           WriteUnsynced(tmp_dir / (name + ".md"), FollowUpMarkdown(f, options.event_name), e) &&
           (vcf.empty() || WriteUnsynced(tmp_dir / (name + ".vcf"), vcf, e));
  };
  if (!ForEachFollowUp(db, matcher, attendees, write, err, progress)) return false;
  if (!SyncFolder(tmp_dir, err)) return false;
  // Swap the whole folder in: readers see the old set or the new one.
  const fs::path old_dir = out_dir / (".attendees-old-" + std::to_string(getpid()));
  if (fs::exists(final_dir)) fs::rename(final_dir, old_dir, ec);
  if (!ec) fs::rename(tmp_dir, final_dir, ec);
  if (ec) {
    *err = "cannot replace " + final_dir.string() + ": " + ec.message();
    return false;
  }
  fs::remove_all(old_dir, ec);
  return true;
}

}  // namespace

bool ExportFollowUps(EventDb& db, const Matcher& matcher, const std::string& out_dir_arg, const ExportOptions& options,
                     ExportReport* report, std::string* err, const ExportProgress& progress) {
  *report = {};
  const fs::path out_dir(out_dir_arg);
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    *err = "cannot create " + out_dir.string() + ": " + ec.message();
    return false;
  }
  std::vector<Attendee> attendees;
  if (!db.LoadAttendees(&attendees, err)) return false;
  std::unordered_map<std::string, const Attendee*> by_id;
  for (const Attendee& a : attendees) by_id[a.badge_id] = &a;
  const std::string bom = options.excel_bom ? "\xEF\xBB\xBF" : "";

  // One pass over the encounters writes encounters.csv and gathers, per
  // attendee, what the CRM file needs.
  struct Met {
    int count = 0;
    std::vector<std::string> passions;
  };
  std::unordered_map<std::string, Met> met;
  std::string csv = bom;
  AppendCsvRow(kEncounterCsvColumns, &csv);
  auto name = [&by_id](const std::string& id) {
    auto it = by_id.find(id);
    return it == by_id.end() ? std::string() : it->second->name;
  };
  auto email = [&by_id](const std::string& id) {
    auto it = by_id.find(id);
    return it == by_id.end() ? std::string() : ShownToOthers(*it->second).email;
  };
  std::vector<std::string> row;
  bool ok = db.ForEachEncounter(
      [&](const Encounter& e) {
        row = {e.id,   e.met_at,     e.kiosk_id,   e.a_id,             name(e.a_id), email(e.a_id),
               e.b_id, name(e.b_id), email(e.b_id), JoinList(e.shared), e.starter,    JoinList(e.intents),
               e.note};
        AppendCsvRow(row, &csv);
        ++report->encounters;
        for (const std::string* id : {&e.a_id, &e.b_id}) {
          Met& m = met[*id];
          ++m.count;
          for (const std::string& p : e.shared)
            if (std::find(m.passions.begin(), m.passions.end(), p) == m.passions.end()) m.passions.push_back(p);
        }
      },
      err);
  if (!ok) return false;
  const std::string encounters_path = (out_dir / "encounters.csv").string();
  if (!WriteFileAtomically(encounters_path, csv, err)) return false;
  report->files.push_back(encounters_path);
  csv.clear();
  csv.shrink_to_fit();

  std::string crm = bom;
  AppendCsvRow(kCrmCsvColumns, &crm);
  for (const Attendee& a : attendees) {
    auto it = met.find(a.badge_id);
    if (it == met.end()) continue;
    ++report->attendees;
    if (!a.consent) continue;
    size_t space = a.name.rfind(' ');
    const Met& m = it->second;
    AppendCsvRow({space == std::string::npos ? a.name : a.name.substr(0, space),
                  space == std::string::npos ? "" : a.name.substr(space + 1), a.email, a.company, a.title,
                  "Kindred: " + options.event_name + (a.walk_in ? " (walk-in)" : ""),
                  "Met " + std::to_string(m.count) + (m.count == 1 ? " person" : " people") +
                      (m.passions.empty() ? "" : "; passions: " + JoinList(m.passions))},
                 &crm);
  }
  const std::string crm_path = (out_dir / "crm-contacts.csv").string();
  if (!WriteFileAtomically(crm_path, crm, err)) return false;
  report->files.push_back(crm_path);

  // Walk-ins, so that organisers can add them to their own records.
  std::string walk_ins = bom;
  AppendCsvRow(kWalkInCsvColumns, &walk_ins);
  for (const Attendee& a : attendees) {
    if (!a.walk_in) continue;
    auto it = met.find(a.badge_id);
    AppendCsvRow({a.badge_id, a.name, a.email, a.company, a.title, a.consent ? "yes" : "no", JoinList(a.passions),
                  std::to_string(it == met.end() ? 0 : it->second.count)},
                 &walk_ins);
  }
  const std::string walk_ins_path = (out_dir / "walk-ins.csv").string();
  if (!WriteFileAtomically(walk_ins_path, walk_ins, err)) return false;
  report->files.push_back(walk_ins_path);

  if (options.attendee_files) {
    if (!WritePeople(db, matcher, attendees, out_dir, options, err, progress)) return false;
    report->files.push_back((out_dir / "attendees").string());
  }
  // The follow-ups have left the event: it may be shredded now.
  return db.SetSetting(kFollowUpsDoneSetting, UtcNow(), err);
}

}  // namespace kindred
