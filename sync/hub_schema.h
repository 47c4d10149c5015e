// The hub's schema: the migrations from an empty database to this build's
// (tables, roles, row rules and the functions forgetting and shredding
// run). Internal to sync/.
#pragma once

namespace kindred {

// The statements that lead from schema version `v` to v + 1 (0 <= v < kHubSchemaVersion).
const char* HubMigration(int v);

}  // namespace kindred
