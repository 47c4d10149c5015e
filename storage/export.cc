#include "storage/export.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "storage/csv_writer.h"
#include "storage/vcard_writer.h"

namespace kindred {

const std::vector<std::string> kEncounterCsvColumns = {
    "encounter_id", "met_at",  "kiosk_id", "a_badge_id",      "a_name",  "a_email", "b_badge_id",
    "b_name",       "b_email", "shared_passions", "starter", "intents", "note"};

const std::vector<std::string> kCrmCsvColumns = {"First Name", "Last Name",   "Email",      "Company",
                                                 "Job Title",  "Lead Source", "Description"};

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kPersonCsvColumns = {"met_at", "name",    "company", "title", "email",
                                                    "shared_passions", "starter", "intents", "note"};

bool Has(const std::vector<std::string>& list, const char* item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// What to do next, from what they said they wanted and what they share.
std::string SuggestedFollowUp(const Attendee& them, const Encounter& e) {
  const std::string first = FirstName(them.name);
  if (Has(e.intents, "introduce")) return "Ask " + first + " for the introduction you talked about.";
  if (Has(e.intents, "share-resource")) return "Send " + first + " the resource you talked about.";
  if (Has(e.intents, "meet-again")) return "Suggest a date to meet " + first + " again.";
  if (!e.shared.empty())
    return "Within two days, send " + first + " something about " + e.shared[0] +
           ": an article, an event, or the question you're still thinking about.";
  return "Write " + first + " a short note about what you talked about.";
}

// The opening question as `reader` should read it, naming `them`. The kiosk
// saves it addressed to both ("Ask each other: ..."); databases from before
// that say "Ask Maya and José: ..." or "Ask José and Maya: ...".
std::string StarterFor(const Attendee& reader, const Attendee& them, const std::string& starter) {
  const std::string me = FirstName(reader.name), other = FirstName(them.name);
  std::string out = starter;
  for (const std::string& both : {std::string("each other"), me + " and " + other, other + " and " + me}) {
    if (const size_t at = out.find(both); at != std::string::npos && at < 8) {
      out.replace(at, both.size(), other);
      break;
    }
  }
  return out;
}

struct PersonFiles {
  std::string csv, vcf, md;
};

PersonFiles FilesFor(const Attendee& me, const std::vector<std::pair<Encounter, const Attendee*>>& met,
                     const ExportOptions& options) {
  PersonFiles f;
  if (options.excel_bom) f.csv = "\xEF\xBB\xBF";
  AppendCsvRow(kPersonCsvColumns, &f.csv);
  f.md = "# Your conversations at " + options.event_name + "\n\nHi " + FirstName(me.name) + ", you met " +
         std::to_string(met.size()) + (met.size() == 1 ? " person" : " people") +
         ". Conversations are where networking starts; here is how to keep yours going.\n";
  for (const auto& [e, them] : met) {
    const bool shared_contact = e.a_id == them->badge_id ? e.consent_a : e.consent_b;
    const std::string starter = StarterFor(me, *them, e.starter);
    AppendCsvRow({e.met_at, them->name, them->company, them->title, shared_contact ? them->email : "",
                  JoinList(e.shared), starter, JoinList(e.intents), e.note},
                 &f.csv);
    if (shared_contact)
      f.vcf += VCard30(*them, "Met at " + options.event_name + " (" + e.met_at.substr(0, 10) + ")" +
                                  (e.shared.empty() ? "" : "; you share " + JoinList(e.shared)));
    f.md += "\n## " + them->name;
    if (!them->title.empty() || !them->company.empty())
      f.md += " - " + them->title + (them->title.empty() || them->company.empty() ? "" : ", ") + them->company;
    f.md += "\n\n";
    if (!e.shared.empty()) f.md += "- You share: " + JoinList(e.shared) + "\n";
    if (!starter.empty()) f.md += "- Your opening question: " + starter + "\n";
    if (!e.note.empty()) f.md += "- Your note: " + e.note + "\n";
    f.md += "- Next: " + SuggestedFollowUp(*them, e) + "\n";
    f.md += shared_contact ? "- Contact: " + them->email + "\n"
                           : "- " + FirstName(them->name) +
                                 " did not share contact details: reply to the organisers and they will pass "
                                 "your message on.\n";
  }
  return f;
}

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

bool WritePeople(EventDb& db, const std::vector<Attendee>& attendees,
                 const std::unordered_map<std::string, const Attendee*>& by_id, const fs::path& out_dir,
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
  std::vector<Encounter> mine;
  std::vector<std::pair<Encounter, const Attendee*>> met;
  for (size_t i = 0; i < attendees.size(); ++i) {
    if (progress && i % 256 == 0) progress(i, attendees.size());
    const Attendee& me = attendees[i];
    if (!db.EncountersOf(me.badge_id, &mine, err)) return false;
    if (mine.empty()) continue;
    met.clear();
    for (Encounter& e : mine) {
      auto it = by_id.find(e.a_id == me.badge_id ? e.b_id : e.a_id);
      if (it != by_id.end()) met.emplace_back(std::move(e), it->second);
    }
    std::string name = SafeFileName(me.badge_id);
    while (!used_names.insert(name).second) name += "_";
    PersonFiles files = FilesFor(me, met, options);
    if (!WriteUnsynced(tmp_dir / (name + ".csv"), files.csv, err) ||
        !WriteUnsynced(tmp_dir / (name + ".md"), files.md, err) ||
        (!files.vcf.empty() && !WriteUnsynced(tmp_dir / (name + ".vcf"), files.vcf, err)))
      return false;
  }
  if (progress) progress(attendees.size(), attendees.size());
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

bool ExportFollowUps(EventDb& db, const std::string& out_dir_arg, const ExportOptions& options,
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
  auto email = [&by_id](const std::string& id, bool consent) {
    auto it = by_id.find(id);
    return it == by_id.end() || !consent ? std::string() : it->second->email;
  };
  std::vector<std::string> row;
  bool ok = db.ForEachEncounter(
      [&](const Encounter& e) {
        row = {e.id,       e.met_at,     e.kiosk_id,         e.a_id,    name(e.a_id),        email(e.a_id, e.consent_a),
               e.b_id,     name(e.b_id), email(e.b_id, e.consent_b), JoinList(e.shared), e.starter, JoinList(e.intents),
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

  if (options.attendee_files) {
    if (!WritePeople(db, attendees, by_id, out_dir, options, err, progress)) return false;
    report->files.push_back((out_dir / "attendees").string());
  }
  return true;
}

}  // namespace kindred
