// Follow-up exports: what organisers and attendees take home from the event.
// Follow-up is where networking really happens, so every file is made to be
// used: opened in a spreadsheet, imported into a phone or a CRM, or read.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "match/matcher.h"
#include "storage/event_db.h"

namespace kindred {

struct ExportOptions {
  std::string event_name = "the event";
  bool excel_bom = false;       // start CSV files with a UTF-8 BOM so Excel reads them as UTF-8
  bool attendee_files = true;   // also write attendees/ (three files per attendee who met someone)
};

struct ExportReport {
  int64_t encounters = 0;
  int64_t attendees = 0;  // attendees who met someone (and got their own files)
  std::vector<std::string> files;  // top-level paths written
};

// Called now and then with (done, total) attendees.
using ExportProgress = std::function<void(size_t done, size_t total)>;

// The columns of encounters.csv and crm-contacts.csv, in order. Stable: scripts rely on them.
extern const std::vector<std::string> kEncounterCsvColumns;
extern const std::vector<std::string> kCrmCsvColumns;
extern const std::vector<std::string> kWalkInCsvColumns;

// Writes into `out_dir` (created if needed):
//   encounters.csv    every encounter, one row each, for organisers
//   crm-contacts.csv  attendees who met someone and consented, in columns a
//                     HubSpot or Salesforce contact import accepts
//   walk-ins.csv      people who joined at a kiosk without being on the roster
//   attendees/ID.csv  per attendee: the people they met (unless !attendee_files)
//   attendees/ID.vcf  per attendee: vCard 3.0 of those who agreed to share
//   attendees/ID.md   per attendee: a readable summary with follow-ups
// Contact details appear only for people who consented. Cells a spreadsheet
// would evaluate are neutralised. Each top-level file is replaced atomically;
// attendees/ is written beside and swapped in whole.
// What two people share comes from `matcher` (the event's, built from `db`).
bool ExportFollowUps(EventDb& db, const Matcher& matcher, const std::string& out_dir, const ExportOptions& options,
                     ExportReport* report, std::string* err, const ExportProgress& progress = nullptr);

}  // namespace kindred
