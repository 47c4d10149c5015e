// The tables kiosks share, described once: columns, types, key and how two
// copies of a row merge. Every statement that reads, writes or merges these
// tables, in SQLite (storage/) and on the PostgreSQL hub (sync/), is made
// from this description, and so is every mapping between a row and a
// record (Attendee, Encounter). A column added here reaches kindred merge,
// the hub and every reader at once; a schema migration still adds it to
// each database (storage/event_db_schema.cc, sync/hub_schema.cc), and
// tests/tables_test checks both databases against this description.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/attendee.h"

namespace kindred {

enum class ColumnType { kText, kInteger };

// How a column of a row both sides hold becomes one value (kindred merge,
// and a push to the hub, take the same rule).
enum class Merge {
  kKey,       // the row's key
  kFixed,     // set when the row is made; a merge keeps the first (who met whom, and when)
  kNewer,     // from the copy changed last: the row's stamp (updated_at) decides
  kStamp,     // the stamp itself: the later of the two
  kMax,       // the larger (checked in: once checked in, always)
  kMin,       // the smaller (walk-in: once on the list, on the list)
  kLastSeen,  // last_seen_at: the later; last_seen_kiosk goes with it (kSeenAt)
  kSeenAt,    // where the later last_seen_at was
};

struct Column {
  const char* name;
  ColumnType type;
  Merge merge;
  // A kiosk may change it on a row the hub already has (row rules, sync/).
  bool kiosk_changes = false;
};

// How rows of a table combine.
enum class RowRule {
  kMergeColumns,  // column by column (Merge above)
  kNewerRow,      // the whole copy changed last wins (encounters)
  kFirstOnly,     // made once, never changed (suggestions shown, tombstones)
};

struct SyncTable {
  const char* name;
  const char* key;
  RowRule rule;
  std::vector<Column> columns;  // in EventDb::SyncRow order
  // The column holding the row's stamp (kNewerRow, kMergeColumns); "" for none.
  const char* stamp = "";

  // The column's index in `columns`, or -1.
  int IndexOf(const std::string& column) const;
  bool IsInteger(size_t i) const { return columns[i].type == ColumnType::kInteger; }
  // "badge_id, name, ...": the columns in SyncRow order, for SQL.
  std::string ColumnList(const char* prefix = "") const;
};

// forgotten, attendee, encounter, suggestion_shown: in the order they are
// applied (a person forgotten elsewhere goes before any row about them lands).
const std::vector<SyncTable>& SyncTables();
const SyncTable* FindSyncTable(const std::string& name);
const SyncTable& AttendeeTable();
const SyncTable& EncounterTable();

// One row of a synced table, every column as text (integers in decimal), in
// the table's column order.
using SyncRow = std::vector<std::string>;

// The one mapping between the records and their rows: sets the field of `a`
// (or `e`) that column `column` of its table holds, from its text. Columns
// the record does not carry (updated_at) are ignored.
void SetAttendeeColumn(Attendee* a, size_t column, const std::string& value);
void SetEncounterColumn(Encounter* e, size_t column, const std::string& value);
Attendee AttendeeFromRow(const SyncRow& row);
Encounter EncounterFromRow(const SyncRow& row);

// kindred merge's rule in SQLite, made from the description: folds every
// row of schema `src`'s synced tables into schema main's.
std::string SqliteMergeSql(const std::string& src);

}  // namespace kindred
