// storage-bench: the event database's speed, each figure beside its reference.
//
//   storage-bench [ROWS] [ENCOUNTERS]
//
// 1. Importing a ROWS-row roster (parsing, header mapping, upsert), beside the
//    sqlite3 shell's ".import" of the same file into a bare table.
// 2. Durable encounter saves (synchronous=FULL): p50 and p99 latency.
// 3. Exporting ENCOUNTERS encounters: encounters.csv alone, and everything
//    (with per-attendee follow-ups and the CRM file).
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "storage/event_db.h"
#include "followup/export.h"
#include "storage/roster.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void Die(const std::string& what) {
  std::fprintf(stderr, "storage-bench: %s\n", what.c_str());
  std::exit(1);
}

std::string MakeRoster(int rows) {
  std::mt19937 rng(1);
  std::string csv = "badge_id,name,email,company,title,field,stage,passions,offers,seeking,consent\n";
  const char* fields[] = {"design", "energy", "software", "arts", "finance"};
  for (int i = 0; i < rows; ++i) {
    char line[512];
    std::snprintf(line, sizeof line,
                  "B%06d,\"Person %d, Jr\",p%d@example.org,Company %d,Title,%s,mid career,"
                  "passion %u; passion %u; passion %u,offer %u,offer %u,%s\n",
                  i, i, i, i % 977, fields[i % 5], static_cast<unsigned>(rng() % 200),
                  static_cast<unsigned>(rng() % 200), static_cast<unsigned>(rng() % 200),
                  static_cast<unsigned>(rng() % 50), static_cast<unsigned>(rng() % 50), i % 3 ? "yes" : "no");
    csv += line;
  }
  return csv;
}

}  // namespace

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::atoi(argv[1]) : 50000;
  const long encounters = argc > 2 ? std::atol(argv[2]) : 1000000;
  const fs::path dir = fs::temp_directory_path() / ("kindred-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string roster_path = (dir / "roster.csv").string();
  std::ofstream(roster_path) << MakeRoster(rows);
  std::string err;

  // 1. Import.
  auto start = Clock::now();
  std::string ref_cmd = "sqlite3 " + (dir / "ref.db").string() + " '.mode csv' '.import " + roster_path + " roster'";
  if (std::system(ref_cmd.c_str()) != 0) Die("the sqlite3 shell is needed for the reference (apt-get install sqlite3)");
  double ref_s = Seconds(start);
  start = Clock::now();
  auto db = kindred::EventDb::Open((dir / "event.db").string(), &err);
  if (!db) Die(err);
  kindred::Roster roster;
  kindred::EventDb::UpsertCounts counts;
  if (!kindred::ImportRosterFile(roster_path, *db, &roster, &counts, &err)) Die(err);
  double import_s = Seconds(start);
  if (counts.inserted != rows) Die("import lost rows");
  std::vector<kindred::Attendee> people;
  if (!db->LoadAttendees(&people, &err)) Die(err);

  // 2. Durable saves.
  std::vector<double> ms;
  std::mt19937 rng(2);
  for (int i = 0; i < 2000; ++i) {
    kindred::Encounter e;
    e.a_id = people[rng() % rows].badge_id;
    e.b_id = people[rng() % rows].badge_id;
    if (e.a_id == e.b_id) continue;
    e.shared = {"passion 1"};
    auto t = Clock::now();
    if (!db->SaveEncounter(&e, 3600, &err)) Die(err);
    ms.push_back(Seconds(t) * 1000);
  }
  std::sort(ms.begin(), ms.end());

  // 3. Export: fill up to ENCOUNTERS with one bulk statement, then export.
  {
    sqlite3* raw = nullptr;
    sqlite3_open((dir / "event.db").string().c_str(), &raw);
    std::string fill =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(encounters - static_cast<long>(ms.size())) +
        ") INSERT INTO encounter(id, a_id, b_id, met_at, updated_at, kiosk_id, shared, starter, intents) "
        "SELECT printf('%08x-0000-4000-8000-%012x', i, i), printf('B%06d', i % " + std::to_string(rows) +
        "), printf('B%06d', (i % " + std::to_string(rows) + ") + 1 + (i / " + std::to_string(rows) + ") % 7), "
        "'2026-11-22T18:00:00Z', '2026-11-22T18:00:00.000Z', 'bench', 'passion 3; passion 9', "
        "'Ask them: what got you into passion 3?', 'send-contact' FROM n WHERE (i % " + std::to_string(rows) +
        ") + 1 + (i / " + std::to_string(rows) + ") % 7 < " + std::to_string(rows) + "";
    char* msg = nullptr;
    if (sqlite3_exec(raw, fill.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) Die(msg ? msg : "fill failed");
    sqlite3_close(raw);
  }
  int64_t total = 0;
  db->CountEncounters(&total, &err);
  start = Clock::now();
  std::string csv;
  db->ForEachEncounter([&csv](const kindred::Encounter& e) { csv += e.id + "\n"; }, &err);
  double scan_s = Seconds(start);
  // What two people share comes from the event's matcher, built as the CLI builds it.
  start = Clock::now();
  std::vector<kindred::Attendee> everyone;
  if (!db->LoadAttendees(&everyone, &err)) Die(err);
  const kindred::Matcher matcher(everyone, kindred::TagSynonyms{});
  const double matcher_s = Seconds(start);
  start = Clock::now();
  kindred::ExportReport report;
  kindred::ExportOptions organiser_only;
  organiser_only.attendee_files = false;
  if (!kindred::ExportFollowUps(*db, matcher, (dir / "out").string(), organiser_only, &report, &err)) Die(err);
  double organiser_s = Seconds(start);
  start = Clock::now();
  if (!kindred::ExportFollowUps(*db, matcher, (dir / "out").string(), {}, &report, &err)) Die(err);
  double export_s = Seconds(start) + matcher_s;

  std::printf("storage-bench: %d roster rows, %lld encounters\n", rows, static_cast<long long>(total));
  std::printf("import %d rows (parse, map, upsert, on 2 threads): %.3f s   sqlite3 shell .import (reference): %.3f s   ratio %.2fx\n",
              rows, import_s, ref_s, import_s / ref_s);
  std::printf("durable encounter save (synchronous=FULL): p50 %.3f ms   p99 %.3f ms\n", ms[ms.size() / 2],
              ms[ms.size() * 99 / 100]);
  std::printf("reading every encounter:                 %.2f s\n", scan_s);
  std::printf("export encounters.csv + crm-contacts.csv (%lld encounters): %.2f s\n",
              static_cast<long long>(report.encounters), organiser_s);
  std::printf("export everything, with 3 files for each of %lld attendees: %.2f s (the event's matcher built in %.2f s)\n",
              static_cast<long long>(report.attendees), export_s, matcher_s);
  if (std::getenv("KINDRED_BENCH_KEEP")) std::printf("kept %s\n", dir.c_str());
  else fs::remove_all(dir);
  return 0;
}
