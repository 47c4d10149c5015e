// Follow-up exports: what organisers and attendees take home from the event.
#pragma once

#include <string>

#include "storage/event_db.h"

namespace kindred {

struct ExportOptions {
  bool excel_bom = false;  // start CSV files with a UTF-8 BOM so Excel reads them as UTF-8
};

struct ExportReport {
  int64_t encounters = 0;
  std::vector<std::string> files;  // paths written
};

// The columns of encounters.csv, in order. Stable: scripts rely on them.
extern const char* const kEncounterCsvColumns[];

// Writes `out_dir`/encounters.csv: a header and one row per encounter. E-mail
// addresses appear only for people who consented to share them. Creates
// `out_dir` if needed; each file is written atomically.
bool ExportFollowUps(EventDb& db, const std::string& out_dir, const ExportOptions& options,
                     ExportReport* report, std::string* err);

}  // namespace kindred
