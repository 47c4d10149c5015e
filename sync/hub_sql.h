// The hub's statements for the synced tables, made from their one
// description (storage/tables.h), with the same merge rules kindred merge
// applies in SQLite (SqliteMergeSql). Internal to sync/.
#pragma once

#include <string>
#include <vector>

#include "storage/tables.h"

namespace kindred {

// The upsert of one row ($1.. in the table's column order) into `t` on the
// hub, with the merge rules; a row that changes takes the next sequence
// number. `kiosk`: as a kiosk's session, which changes only the columns a
// kiosk may change (Column::kiosk_changes) of a row the hub has.
std::string HubUpsertSql(const SyncTable& t, bool kiosk);
// The same for several rows in one statement: `rows` are the VALUES lists
// ("('a', '1', ...)", each value an SQL literal in the table's column order,
// without seq), no two with the same key.
std::string HubUpsertRowsSql(const SyncTable& t, bool kiosk, const std::vector<std::string>& rows);

// A kiosk's change to an attendee the hub already has, as an UPDATE (an
// upsert would also be checked as an INSERT, which kiosks may do for
// walk-ins only).
std::string HubKioskUpdateSql(const SyncTable& t);

}  // namespace kindred
