// Helpers the pieces of EventDb share (storage/event_db*.cc). Internal to
// storage/: nothing outside includes it.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

#include "storage/attendee.h"
#include "storage/event_db.h"
#include "storage/sqlite_stmt.h"

namespace kindred {

// Another writer (a backup, the CLI): wait this long, then say so.
inline constexpr int kBusyTimeoutMs = 2000;

// Runs a query whose first column of its one row is an integer.
bool PragmaInt(sqlite3* db, const char* sql, int* out, std::string* err);
bool CountRows(sqlite3* db, const char* sql, int64_t* count, std::string* err);

// Runs a prepared one-row lookup: `read` takes the row when there is one.
template <typename Read>
Lookup LookupOne(Stmt& s, Read&& read, std::string* err) {
  int rc = s.ok() ? s.Step() : SQLITE_ERROR;
  if (rc == SQLITE_ROW) {
    read(s);
    return Lookup::kFound;
  }
  if (rc == SQLITE_DONE) return Lookup::kNotFound;
  *err = s.Error();
  return Lookup::kError;
}

// "SELECT " + AttendeeColumns() + " FROM attendee ...": every column of the
// attendee table (storage/tables.h), read back by ReadAttendee; the same for
// encounters.
const std::string& AttendeeColumns();
const std::string& EncounterColumns();
Attendee ReadAttendee(const Stmt& s);
Encounter ReadEncounter(const Stmt& s);

}  // namespace kindred
