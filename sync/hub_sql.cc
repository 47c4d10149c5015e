#include "sync/hub_sql.h"

namespace kindred {

namespace {

std::string Greatest(const std::string& a, const std::string& b) { return "greatest(" + a + ", " + b + ")"; }

// "SET c = rule, ..., seq = next WHERE (something changes)" for a row the
// hub has (`name`) and the change (`excluded`).
std::string MergeSet(const SyncTable& t, bool kiosk, const std::string& next_seq, const std::string& from) {
  const std::string name = t.name;
  const std::string newer = "excluded." + std::string(t.stamp) + " > " + name + "." + t.stamp;
  const std::string seen = "(excluded.last_seen_at, excluded.last_seen_kiosk) > (" + name + ".last_seen_at, " + name +
                           ".last_seen_kiosk)";
  std::string sets, when;
  auto changes_if = [&when](const std::string& condition) {
    if (when.find(condition) == std::string::npos) when += (when.empty() ? "" : " OR ") + condition;
  };
  for (const Column& c : t.columns) {
    if (kiosk && !c.kiosk_changes) continue;
    const std::string mine = name + "." + c.name, theirs = std::string("excluded.") + c.name;
    std::string value;
    switch (c.merge) {
      case Merge::kKey:
      case Merge::kFixed: continue;
      case Merge::kNewer:
        value = t.rule == RowRule::kNewerRow ? theirs : "CASE WHEN " + newer + " THEN " + theirs + " ELSE " + mine + " END";
        changes_if(newer);
        break;
      case Merge::kStamp:
        value = t.rule == RowRule::kNewerRow ? theirs : Greatest(mine, theirs);
        changes_if(newer);
        break;
      case Merge::kMax:
        value = Greatest(mine, theirs);
        changes_if(theirs + " > " + mine);
        break;
      case Merge::kMin:
        value = "least(" + mine + ", " + theirs + ")";
        changes_if(theirs + " < " + mine);
        break;
      case Merge::kLastSeen:
        value = Greatest(mine, theirs);
        changes_if(seen);
        break;
      case Merge::kSeenAt:
        value = "CASE WHEN " + seen + " THEN " + theirs + " ELSE " + mine + " END";
        changes_if(seen);
        break;
    }
    sets += std::string(c.name) + " = " + value + ", ";
  }
  if (t.rule == RowRule::kNewerRow) when = newer;  // the whole row, or nothing
  return "SET " + sets + "seq = " + next_seq + from + " WHERE (" + when + ")";
}

}  // namespace

namespace {

// INSERT of `values` ("(...), (...)", each ending in the seq) with the merge rules.
std::string UpsertWithValues(const SyncTable& t, bool kiosk, const std::string& values) {
  std::string sql = "INSERT INTO " + std::string(t.name) + "(" + t.ColumnList() + ", seq) VALUES " + values +
                    " ON CONFLICT (" + t.key + ") DO ";
  if (t.rule == RowRule::kFirstOnly) return sql + "NOTHING";
  return sql + "UPDATE " + MergeSet(t, kiosk, "excluded.seq", "");
}

}  // namespace

std::string HubUpsertSql(const SyncTable& t, bool kiosk) {
  std::string params;
  for (size_t i = 0; i < t.columns.size(); ++i) params += (i ? ", $" : "$") + std::to_string(i + 1);
  return UpsertWithValues(t, kiosk, "(" + params + ", nextval('change_seq'))");
}

std::string HubUpsertRowsSql(const SyncTable& t, bool kiosk, const std::vector<std::string>& rows) {
  std::string values;
  for (const std::string& row : rows) {
    if (!values.empty()) values += ", ";
    values += row.substr(0, row.size() - 1) + ", nextval('change_seq'))";
  }
  return UpsertWithValues(t, kiosk, values);
}

std::string HubKioskUpdateSql(const SyncTable& t) {
  std::string values;
  for (size_t i = 0; i < t.columns.size(); ++i)
    values += std::string(i ? ", $" : "$") + std::to_string(i + 1) + (t.IsInteger(i) ? "::bigint AS " : "::text AS ") +
              t.columns[i].name;
  return "UPDATE " + std::string(t.name) + " " +
         MergeSet(t, true, "nextval('change_seq')", " FROM (SELECT " + values + ") AS excluded") + " AND " + t.name +
         "." + t.key + " = excluded." + t.key;
}

}  // namespace kindred
