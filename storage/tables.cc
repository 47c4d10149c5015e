#include "storage/tables.h"

namespace kindred {

namespace {

using enum ColumnType;
using enum Merge;

std::vector<SyncTable> MakeTables() {
  std::vector<SyncTable> t;
  t.push_back({"forgotten", "key", RowRule::kFirstOnly, {{"key", kText, kKey}, {"forgotten_at", kText, kFixed}}});
  t.push_back({"attendee",
               "badge_id",
               RowRule::kMergeColumns,
               {{"badge_id", kText, kKey},
                {"name", kText, kNewer},
                {"email", kText, kNewer},
                {"company", kText, kNewer},
                {"title", kText, kNewer},
                {"field", kText, kNewer},
                {"stage", kText, kNewer},
                {"passions", kText, kNewer, true},
                {"offers", kText, kNewer, true},
                {"seeking", kText, kNewer, true},
                {"consent", kInteger, kNewer},
                {"opt_out", kInteger, kNewer},
                {"updated_at", kText, kStamp, true},
                {"checked_in", kInteger, kMax, true},
                {"last_seen_at", kText, kLastSeen, true},
                {"last_seen_kiosk", kText, kSeenAt, true},
                {"walk_in", kInteger, kMin},
                {"language", kText, kNewer},
                {"name_latin", kText, kNewer}},
               "updated_at"});
  t.push_back({"encounter",
               "id",
               RowRule::kNewerRow,
               {{"id", kText, kKey},
                {"a_id", kText, kFixed},
                {"b_id", kText, kFixed},
                {"met_at", kText, kFixed},
                {"updated_at", kText, kStamp, true},
                {"kiosk_id", kText, kNewer, true},
                {"shared", kText, kNewer, true},
                {"starter", kText, kNewer, true},
                {"intents", kText, kNewer, true},
                {"note", kText, kNewer, true},
                {"consent_a", kInteger, kNewer, true},
                {"consent_b", kInteger, kNewer, true}},
               "updated_at"});
  t.push_back({"suggestion_shown",
               "id",
               RowRule::kFirstOnly,
               {{"id", kText, kKey},
                {"shown_at", kText, kFixed},
                {"kiosk_id", kText, kFixed},
                {"viewer_id", kText, kFixed},
                {"suggested_id", kText, kFixed},
                {"shared", kText, kFixed}}});
  return t;
}

bool Flag(const std::string& v) { return !v.empty() && v != "0"; }

}  // namespace

int SyncTable::IndexOf(const std::string& column) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (column == columns[i].name) return static_cast<int>(i);
  return -1;
}

std::string SyncTable::ColumnList(const char* prefix) const {
  std::string out;
  for (const Column& c : columns) out += (out.empty() ? "" : ", ") + std::string(prefix) + c.name;
  return out;
}

const std::vector<SyncTable>& SyncTables() {
  static const std::vector<SyncTable> tables = MakeTables();
  return tables;
}

const SyncTable* FindSyncTable(const std::string& name) {
  for (const SyncTable& t : SyncTables())
    if (name == t.name) return &t;
  return nullptr;
}

const SyncTable& AttendeeTable() { return *FindSyncTable("attendee"); }
const SyncTable& EncounterTable() { return *FindSyncTable("encounter"); }

void SetAttendeeColumn(Attendee* a, size_t column, const std::string& v) {
  switch (column) {
    case 0: a->badge_id = v; break;
    case 1: a->name = v; break;
    case 2: a->email = v; break;
    case 3: a->company = v; break;
    case 4: a->title = v; break;
    case 5: a->field = v; break;
    case 6: a->stage = v; break;
    case 7: a->passions = SplitList(v); break;
    case 8: a->offers = SplitList(v); break;
    case 9: a->seeking = SplitList(v); break;
    case 10: a->consent = Flag(v); break;
    case 11: a->opt_out = Flag(v); break;
    case 12: break;  // updated_at: the row's, not the person's
    case 13: a->checked_in = Flag(v); break;
    case 14: a->last_seen_at = v; break;
    case 15: a->last_seen_kiosk = v; break;
    case 16: a->walk_in = Flag(v); break;
    case 17: a->language = v; break;
    case 18: a->name_latin = v; break;
    default: break;
  }
}

void SetEncounterColumn(Encounter* e, size_t column, const std::string& v) {
  switch (column) {
    case 0: e->id = v; break;
    case 1: e->a_id = v; break;
    case 2: e->b_id = v; break;
    case 3: e->met_at = v; break;
    case 4: break;  // updated_at
    case 5: e->kiosk_id = v; break;
    case 6: e->shared = SplitList(v); break;
    case 7: e->starter = v; break;
    case 8: e->intents = SplitList(v); break;
    case 9: e->note = v; break;
    case 10: e->consent_a = Flag(v); break;
    case 11: e->consent_b = Flag(v); break;
    default: break;
  }
}

Attendee AttendeeFromRow(const SyncRow& row) {
  Attendee a;
  for (size_t i = 0; i < row.size(); ++i) SetAttendeeColumn(&a, i, row[i]);
  return a;
}

Encounter EncounterFromRow(const SyncRow& row) {
  Encounter e;
  for (size_t i = 0; i < row.size(); ++i) SetEncounterColumn(&e, i, row[i]);
  return e;
}

std::string SqliteMergeSql(const std::string& src) {
  std::string sql;
  for (const SyncTable& t : SyncTables()) {
    const std::string cols = t.ColumnList();
    const std::string name = t.name;
    if (t.rule == RowRule::kFirstOnly) {
      sql += "INSERT OR IGNORE INTO main." + name + "(" + cols + ") SELECT " + cols + " FROM " + src + "." + name +
             ";\n";
      continue;
    }
    // "WHERE true" lets SQLite parse the upsert after a SELECT.
    sql += "INSERT INTO main." + name + "(" + cols + ") SELECT " + cols + " FROM " + src + "." + name +
           " WHERE true ON CONFLICT(" + t.key + ") DO UPDATE SET ";
    const std::string newer = "excluded." + std::string(t.stamp) + " > " + name + "." + t.stamp;
    std::string sets;
    for (const Column& c : t.columns) {
      const std::string mine = name + "." + c.name, theirs = std::string("excluded.") + c.name;
      std::string value;
      switch (c.merge) {
        case Merge::kKey:
        case Merge::kFixed: continue;
        case Merge::kNewer: value = t.rule == RowRule::kNewerRow ? theirs : "iif(" + newer + ", " + theirs + ", " + mine + ")"; break;
        case Merge::kStamp: value = t.rule == RowRule::kNewerRow ? theirs : "max(" + mine + ", " + theirs + ")"; break;
        case Merge::kMax: value = "max(" + mine + ", " + theirs + ")"; break;
        case Merge::kMin: value = "min(" + mine + ", " + theirs + ")"; break;
        case Merge::kLastSeen: value = "max(" + mine + ", " + theirs + ")"; break;
        case Merge::kSeenAt:
          value = "iif((excluded.last_seen_at, " + theirs + ") > (" + name + ".last_seen_at, " + mine + "), " + theirs +
                  ", " + mine + ")";
          break;
      }
      sets += (sets.empty() ? "" : ", ") + std::string(c.name) + " = " + value;
    }
    sql += sets;
    if (t.rule == RowRule::kNewerRow) sql += " WHERE " + newer;
    sql += ";\n";
  }
  return sql;
}

}  // namespace kindred
