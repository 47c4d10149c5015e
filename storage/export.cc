#include "storage/export.h"

#include <filesystem>
#include <unordered_map>

#include "storage/csv_writer.h"

namespace kindred {

const char* const kEncounterCsvColumns[] = {
    "encounter_id", "met_at",  "kiosk_id",        "a_badge_id", "a_name",  "a_email",
    "b_badge_id",   "b_name",  "b_email",         "shared_passions", "starter", "intents",
    "note",         nullptr};

bool ExportFollowUps(EventDb& db, const std::string& out_dir, const ExportOptions& options,
                     ExportReport* report, std::string* err) {
  *report = {};
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    *err = "cannot create " + out_dir + ": " + ec.message();
    return false;
  }
  std::vector<Attendee> attendees;
  if (!db.LoadAttendees(&attendees, err)) return false;
  std::unordered_map<std::string, const Attendee*> by_id;
  for (const Attendee& a : attendees) by_id[a.badge_id] = &a;

  std::string csv;
  if (options.excel_bom) csv = "\xEF\xBB\xBF";
  std::vector<std::string> row;
  for (const char* const* c = kEncounterCsvColumns; *c; ++c) row.emplace_back(*c);
  AppendCsvRow(row, &csv);
  auto name = [&by_id](const std::string& id) {
    auto it = by_id.find(id);
    return it == by_id.end() ? std::string() : it->second->name;
  };
  auto email = [&by_id](const std::string& id, bool consent) {
    auto it = by_id.find(id);
    return it == by_id.end() || !consent ? std::string() : it->second->email;
  };
  bool ok = db.ForEachEncounter(
      [&](const Encounter& e) {
        row = {e.id,       e.met_at,         e.kiosk_id,
               e.a_id,     name(e.a_id),     email(e.a_id, e.consent_a),
               e.b_id,     name(e.b_id),     email(e.b_id, e.consent_b),
               JoinList(e.shared), e.starter, JoinList(e.intents),
               e.note};
        AppendCsvRow(row, &csv);
        ++report->encounters;
      },
      err);
  if (!ok) return false;
  std::string path = (std::filesystem::path(out_dir) / "encounters.csv").string();
  if (!WriteFileAtomically(path, csv, err)) return false;
  report->files.push_back(path);
  return true;
}

}  // namespace kindred
