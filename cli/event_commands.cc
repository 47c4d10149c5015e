// The event's own commands: import a roster, read badges, record that two
// people met, suggest, print badges, set the organiser PIN, merge kiosks'
// databases, wipe.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

#include "cli/badge_sheet.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/hub_commands.h"
#include "cli/progress_bar.h"
#include "common/file.h"
#include "common/hex.h"
#include "event/badge_resolver.h"
#include "event/event_context.h"
#include "event/intents.h"
#include "event/kiosk_settings.h"
#include "event/organiser_pin.h"
#include "event/people_search.h"
#include "event/paths.h"
#include "i18n/catalog.h"
#include "scanner/badge_payload.h"
#include "scanner/badge_signing.h"
#include "scanner/decoder.h"
#include "storage/roster.h"
#include "sync/hub_url.h"
#include "event/meeting.h"
#include "event/page_token.h"

namespace kindred {

namespace {

struct ImportArgs {
  std::string roster, db, languages, language, format, register_, time_zone;
  HubArgs hub;
  bool include_forgotten = false;
};

int Import(const ImportArgs& a, const std::string& db_path, std::vector<std::string>* unforgotten) {
  const std::string& roster_path = a.roster;
  const std::string& languages = a.languages;
  std::string err;
  if (!a.language.empty() && i18n::Normalize(a.language).empty())
    return Fail("--language " + a.language + ": Kindred speaks en, de, de-informal, fr, es and ja"), kUsage;
  if (!a.register_.empty() && a.register_ != "formal" && a.register_ != "informal")
    return Fail("--register " + a.register_ + ": use formal (Sie) or informal (du)"), kUsage;
  if (!a.time_zone.empty() && !i18n::IsTimeZone(a.time_zone))
    return Fail("--time-zone " + a.time_zone + ": not a time zone this machine knows (e.g. Europe/Berlin)"), kUsage;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  if (!a.register_.empty() && !db->SetSetting(kRegisterSetting, a.register_, &err)) return Fail(err);
  if (!a.time_zone.empty() && !db->SetSetting(kTimeZoneSetting, a.time_zone, &err)) return Fail(err);
  if (!a.language.empty() && !db->SetSetting(kEventLanguageSetting, i18n::Normalize(a.language), &err))
    return Fail(err);
  const bool include_forgotten = a.include_forgotten;
  const std::string& format = a.format;
  db->set_import_forgotten(include_forgotten);
  if (!languages.empty()) {
    WordKeys keys(SplitLanguages(languages));
    if (!keys.unknown().empty() || keys.languages().empty())
      return Fail("unknown language '" + (keys.unknown().empty() ? languages : keys.unknown()[0]) +
                  "'; use codes such as en, de, fr, es, ja");
    if (!db->SetSetting(kLanguagesSetting, languages, &err)) return Fail(err);
  }
  Roster roster;
  EventDb::UpsertCounts counts;
  bool ok;
  {
    ProgressBar bar("Importing roster");
    ok = ImportRosterFile(roster_path, *db, &roster, &counts, &err,
                          [&bar](size_t done, size_t total) { bar.Update(done, total); }, format, AddLatinSpelling);
  }
  if (!ok) return Fail("nothing imported: " + err);
  *unforgotten = counts.unforgotten;
  for (const RosterRejection& r : roster.rejected)
    std::fprintf(stderr, "%s:%d: rejected: %s\n", roster_path.c_str(), r.line, r.reason.c_str());
  fmt::print("Imported {} attendees ({} new, {} updated) from {} ({} format); {} lines rejected{}\n",
             counts.inserted + counts.updated, counts.inserted, counts.updated, roster_path, roster.format,
             roster.rejected.size(),
             counts.forgotten ? fmt::format("; {} left out: they asked to be forgotten (--include-forgotten brings "
                                            "them back)",
                                            counts.forgotten)
                              : "");
  return roster.rejected.empty() ? kOk : kPartly;
}

nlohmann::json BadgeJson(const BadgePayload& b, const std::string& text, const std::string* public_key) {
  nlohmann::json j{{"kind", BadgeKindName(b.kind)}};
  if (b.kind == BadgeKind::kSigned && public_key) {
    std::string id, reason;
    j["verified"] = VerifySignedBadge(text, *public_key, &id, &reason);
    if (!reason.empty()) j["reason"] = reason;
  }
  // The name, e-mail, company and title are reported whenever the code carried
  // them, also when it cannot be used (then with the reason).
  if (b.is_badge()) j["id"] = b.attendee_id;
  else j["reason"] = b.reason;
  if (b.business_card) j["walk_in"] = true;
  for (const auto& [key, value] : {std::pair{"name", &b.name}, std::pair{"email", &b.email},
                                   std::pair{"company", &b.company}, std::pair{"title", &b.title}})
    if (!value->empty()) j[key] = *value;
  return j;
}

int Scan(const std::vector<std::string>& images, bool json, const std::string& format_list,
         const std::string& db_path) {
  DecoderOptions options;
  std::string err;
  if (!ParseCodeFormats(format_list, &options.formats, &err)) return Fail(err);
  // With the event's database, signed badges are verified too.
  std::optional<std::string> public_key;
  if (!db_path.empty()) {
    auto db = EventDb::Open(db_path, &err);
    if (!db) return Fail(err);
    std::string hex;
    if (db->GetSetting(kPublicKeySetting, &hex, &err) == Lookup::kError) return Fail(err);
    public_key = FromHex(hex);
  }
  int status = kOk;
  for (const std::string& path : images) {
    LumaImage image;
    nlohmann::json line{{"file", path}, {"codes", nlohmann::json::array()}};
    if (!LoadLumaImage(path, &image, &err)) {
      status = kFailed;
      if (json) {
        line["error"] = err;
        std::puts(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      } else {
        std::fprintf(stderr, "kindred: %s\n", err.c_str());
      }
      continue;
    }
    std::vector<DecodedCode> codes = DecodeCodes(image.view(), options);
    for (const DecodedCode& c : codes) {
      BadgePayload badge = ParseBadgePayload(c.text);
      if (json) {
        nlohmann::json corners = nlohmann::json::array();
        for (const PointI& p : c.corners) corners.push_back({p.x, p.y});
        line["codes"].push_back(
            {{"text", c.text}, {"format", c.format}, {"corners", corners}, {"badge", BadgeJson(badge, c.text, public_key ? &*public_key : nullptr)}});
      } else {
        fmt::print("{}: {} {} [{}]\n", path, c.format, c.text,
                   badge.is_badge() ? std::string(BadgeKindName(badge.kind)) + " " + badge.attendee_id
                                    : "not a badge: " + badge.reason);
      }
    }
    if (json)
      std::puts(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    else if (codes.empty())
      fmt::print("{}: no code found\n", path);
  }
  std::fflush(stdout);
  return status;
}

// The attendee a badge ID, or anything a badge's code may carry (URL,
// vCard, a signed badge), names at this event; false and one line in *err
// when it names nobody on the list.
bool Resolve(EventContext& event, const std::string& arg, Attendee* out, std::string* err) {
  BadgeIdentity who = WhoIs(*event.db, arg, event.public_key);
  switch (who.status) {
    case BadgeIdentity::Status::kKnown:
      *out = std::move(who.person);
      return true;
    case BadgeIdentity::Status::kError: *err = who.error; break;
    case BadgeIdentity::Status::kForged: *err = "'" + arg + "' is a signed badge that does not verify: " + who.error; break;
    case BadgeIdentity::Status::kNotABadge: *err = "'" + arg + "' is not a badge: " + who.badge.reason; break;
    case BadgeIdentity::Status::kUnknown:
      *err = "badge " + who.badge.attendee_id + " is not in the roster of " + event.db->path();
      break;
  }
  return false;
}

// The name the hub knows this copy by, so what is recorded here is this
// kiosk's own: the kiosk URL the database syncs with, else the one `kindred
// hub join` installed on this machine, else "cli".
std::string ThisKiosksName(EventDb& db) {
  std::string url, err;
  if (db.GetSetting("hub", &url, &err) == Lookup::kFound && !KioskNameFromHubUrl(url).empty())
    return KioskNameFromHubUrl(url);
  const char* dir = std::getenv("KINDRED_HUB_DIR");
  std::string text;
  if (ReadWholeFile(std::string(dir ? dir : kKioskHubDir) + "/hub.url", &text, &err)) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (!KioskNameFromHubUrl(text).empty()) return KioskNameFromHubUrl(text);
  }
  return "cli";
}

int Meet(const std::string& db_path, const std::string& a_arg, const std::string& b_arg,
         const std::string& kiosk_id, const std::vector<std::string>& intents, const std::string& note) {
  for (const std::string& intent : intents) {
    if (!FindIntent(intent)) return Fail("unknown follow-up intent '" + intent + "' (use " + IntentIds() + ")");
  }
  EventContext event;
  std::string err;
  if (!OpenEvent(db_path, AssetsDir(), &event, &err)) return Fail(err);
  Attendee a, b;
  if (!Resolve(event, a_arg, &a, &err) || !Resolve(event, b_arg, &b, &err)) return Fail(err);
  Meeting meeting;
  meeting.encounter.intents = intents;
  meeting.encounter.note = note;
  if (!SaveMeeting(*event.db, *event.matcher, a.badge_id, b.badge_id, "en",
                   kiosk_id.empty() ? ThisKiosksName(*event.db) : kiosk_id, &meeting, &err))
    return Fail(err);
  const Encounter& e = meeting.encounter;
  fmt::print("Saved encounter {} between {} and {}{}\n", e.id, e.a_id, e.b_id,
             e.shared.empty() ? "" : " (shared: " + JoinList(e.shared) + ")");
  return kOk;
}

nlohmann::json SuggestionJson(const Suggestion& s) {
  std::vector<std::string> shared, theirs, they_offer, you_offer;
  for (const SharedPassion& p : s.common.passions) shared.push_back(p.a_word), theirs.push_back(p.b_word);
  for (const OfferMatch& o : s.common.b_offers_a) they_offer.push_back(o.seeker_word);
  for (const OfferMatch& o : s.common.a_offers_b) you_offer.push_back(o.giver_word);
  return {{"id", s.id},
          {"name", s.name},
          {"score", s.parts.score()},
          {"parts",
           {{"passion", s.parts.passion},
            {"complement", s.parts.complement},
            {"field", s.parts.field},
            {"stage", s.parts.stage},
            {"yours", s.parts.total()},
            {"theirs", s.parts.theirs},
            {"mutual", s.parts.mutual()},
            {"exposure_factor", s.parts.exposure}}},
          {"exposure", s.exposure},
          {"words", s.common.words},
          {"present", s.present},
          {"last_seen_at", s.last_seen_at},
          {"fallback", s.fallback},
          {"shared", shared},
          {"shared_as_they_wrote_it", theirs},
          {"they_offer", they_offer},
          {"you_offer", you_offer},
          {"reason", s.reason},
          {"starter", s.starter}};
}

void PrintSuggestions(const std::string& id, const std::string& name,
                      const std::vector<Suggestion>& list, bool json) {
  if (json) {
    nlohmann::json j{{"id", id}, {"name", name}, {"suggestions", nlohmann::json::array()}};
    for (const Suggestion& s : list) j["suggestions"].push_back(SuggestionJson(s));
    std::puts(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return;
  }
  fmt::print("{} ({}): {}\n", name, id, list.empty() ? "no suggestions yet" : "talk to");
  for (const Suggestion& s : list) {
    fmt::print("  {} ({})  score {:.2f} = passion {:.2f} + complement {:.2f} + field {:.2f} + stage {:.2f}\n",
               s.name, s.id, s.parts.total(), s.parts.passion, s.parts.complement, s.parts.field,
               s.parts.stage);
    fmt::print("    {}\n    {}\n", s.reason, s.starter);
  }
}

int Suggest(const std::string& db_path, const std::string& id_arg, bool all, int k, bool json) {
  if (k < 1 || k > 50) return Fail("-k must be between 1 and 50");
  if (all == !id_arg.empty()) {
    std::fprintf(stderr, "kindred: give either a badge ID or --all\n");
    return kUsage;
  }
  EventContext event;
  std::string err;
  if (!OpenEvent(db_path, AssetsDir(), &event, &err)) return Fail(err);
  std::vector<Attendee> roster;
  if (!event.db->LoadAttendees(&roster, &err)) return Fail(err);
  if (all) {
    const int threads = std::max(1u, std::thread::hardware_concurrency());
    // The whole event at once: balanced, so nobody draws a crowd and everyone is sought.
    std::vector<std::vector<Suggestion>> lists = event.matcher->SuggestBalanced(k, threads);
    for (size_t i = 0; i < roster.size(); ++i)
      PrintSuggestions(roster[i].badge_id, roster[i].name, lists[i], json);
    return kOk;
  }
  Attendee a;
  if (!Resolve(event, id_arg, &a, &err)) return Fail(err);
  PrintSuggestions(a.badge_id, a.name, event.matcher->Suggest(a.badge_id, k), json);
  return kOk;
}

int Badges(const std::string& db_path, const std::string& out_dir, const std::string& event_name,
           const std::string& url_base) {
  if (!url_base.empty() && !IsPhoneUrl(url_base))
    return Fail("--url-base is kindred serve's address as phones reach it, e.g. http://192.168.1.10:8080");
  std::string err;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  BadgeReport report;
  if (!WriteBadges(*db, out_dir, event_name.empty() ? "Kindred" : event_name, url_base, &report, &err))
    return Fail(err);
  fmt::print("Wrote {} signed badges to {} (png/, svg/, badges.html to print){}\n", report.badges, out_dir,
             report.new_key ? "; a new signing key for this event is stored in " + db_path : "");
  return kOk;
}

// Reads a PIN: from the terminal without echo (asked twice), or one line of stdin.
int SetPin(const std::string& db_path) {
  std::string err, pin;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  if (!ReadSecret("New organiser PIN (4 to 8 digits): ", true, &pin))
    return Fail("PIN not set: the two entries differ, or nothing was typed");
  if (!ValidPin(pin)) return Fail("PIN not set: use 4 to 8 digits");
  std::string hash = HashPin(pin);
  if (hash.empty()) return Fail("PIN not set: out of memory while hashing it");
  if (!db->SetSetting(kPinSetting, hash, &err)) return Fail("PIN not set: " + err);
  fmt::print("Organiser PIN set for {} (stored hashed). On the kiosk, hold the top-right corner for 2 s.\n", db_path);
  return kOk;
}

int MergeCommand(const std::string& db_path, const std::vector<std::string>& others) {
  std::string err;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  for (const std::string& other : others) {
    EventDb::MergeCounts c;
    if (!db->MergeFrom(other, &c, &err)) return Fail(err);
    fmt::print("Merged {}: {} attendees added, {} updated; {} encounters added, {} updated\n", other,
               c.attendees_added, c.attendees_updated, c.encounters_added, c.encounters_updated);
  }
  return kOk;
}

int Wipe(const std::string& db_path, bool yes) {
  std::string err;
  if (!std::filesystem::exists(db_path)) return Fail("no database at " + db_path);
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  int64_t people = 0, encounters = 0;
  if (!db->CountAttendees(&people, &err) || !db->CountEncounters(&encounters, &err)) return Fail(err);
  if (!yes && !Confirmed(fmt::format("This permanently deletes {} attendees and {} encounters from {}.\n"
                                     "Export follow-ups and take a backup first.",
                                     people, encounters, db_path),
                         "WIPE"))
    return Fail(isatty(0) ? "not wiped: confirmation not given"
                          : "wipe needs confirmation: run it in a terminal, or add --yes");
  if (!db->Wipe(&err)) return Fail("not wiped: " + err);
  fmt::print("Wiped {}: {} attendees and {} encounters deleted\n", db_path, people, encounters);
  return kOk;
}

}  // namespace

void AddEventCommands(CLI::App& app, int* exit_code) {
  auto im = std::make_shared<ImportArgs>();
  auto* import = app.add_subcommand("import", "Import or update attendees from a roster CSV");
  import->add_option("ROSTER", im->roster, "Roster CSV (Kindred template or a registration export)")->required();
  import->add_option("--db", im->db, "Event database (created if missing)");
  import->add_option("--hub", im->hub.url, "Also send the attendees to every kiosk through this hub (an organiser's URL)");
  import->add_flag("--insecure-hub", im->hub.insecure, kInsecureHubHelp);
  import->add_option("--languages", im->languages,
                     "The roster's languages, for matching word forms: en,de,fr,es... (default en)");
  import->add_option("--language", im->language,
                     "The event's language (en, de, fr, es, ja): for everyone the roster gives none");
  import->add_flag("--include-forgotten", im->include_forgotten,
                   "Import again people on the roster who asked to be forgotten (their request is taken back)");
  import->add_option("--register", im->register_,
                     "How German addresses people whose roster entry says no register: formal (Sie, the default) "
                     "or informal (du); pretix's locales say it themselves");
  import->add_option("--time-zone", im->time_zone,
                     "The event's time zone, for meeting times in the follow-ups (e.g. Europe/Berlin)");
  import->add_option("--format", im->format,
                     "Read the roster as this export instead of recognising it: " + RosterFormatNames());
  import->callback([im, exit_code] {
    std::string db = im->db;
    if (int rc = PrepareDb(&db, im->hub, true); rc != kOk) {
      *exit_code = rc;
      return;
    }
    std::vector<std::string> unforgotten;
    const int rc = Import(*im, db, &unforgotten);
    std::string err;
    if (rc != kFailed && !im->hub.url.empty() && !unforgotten.empty() && !UnforgetOnHub(im->hub, unforgotten, &err))
      *exit_code = Fail("imported into " + db + ", but the hub still forgets them: " + err);
    else if (rc != kFailed && !im->hub.url.empty() && SyncOnce(db, im->hub, &err) != kOk)
      *exit_code = Fail("imported into " + db + ", but not yet on the hub: " + err);
    else
      *exit_code = rc;
  });

  struct ScanArgs {
    std::vector<std::string> images;
    bool json = false;
    std::string formats = "qr", db;
  };
  auto sc = std::make_shared<ScanArgs>();
  auto* scan = app.add_subcommand("scan", "Decode badge codes in images");
  scan->add_option("IMAGE", sc->images, "PNG or JPEG images")->required();
  scan->add_flag("--json", sc->json, "One JSON object per image per line");
  scan->add_option("--formats", sc->formats, "qr,aztec,datamatrix,pdf417")->capture_default_str();
  scan->add_option("--db", sc->db, "Event database, to verify Kindred's signed badges");
  scan->callback([sc, exit_code] { *exit_code = Scan(sc->images, sc->json, sc->formats, sc->db); });

  struct MeetArgs {
    std::string db, kiosk_id, note;
    std::vector<std::string> pair, intents;
  };
  auto me = std::make_shared<MeetArgs>();
  auto* meet = app.add_subcommand("meet", "Record that two attendees met");
  meet->add_option("--db", me->db, "Event database")->required();
  meet->add_option("IDS", me->pair, "The two badge IDs")->required()->expected(2);
  meet->add_option("--kiosk-id", me->kiosk_id,
                   "Recorded as where they met (default: this kiosk's name on the hub, else \"cli\")");
  meet->add_option("--intent", me->intents,
                   "A follow-up they want (repeatable): send-contact, introduce, share-resource, meet-again");
  meet->add_option("--note", me->note, "A short note about the conversation");
  meet->callback([me, exit_code] { *exit_code = Meet(me->db, me->pair[0], me->pair[1], me->kiosk_id, me->intents, me->note); });

  struct SuggestArgs {
    std::string db, id;
    bool all = false, json = false;
    int k = 3;
  };
  auto su = std::make_shared<SuggestArgs>();
  auto* suggest = app.add_subcommand("suggest", "Who an attendee should talk to, and why");
  suggest->add_option("--db", su->db, "Event database")->required();
  suggest->add_option("ID", su->id, "Badge ID");
  suggest->add_flag("--all", su->all,
                    "Everyone's suggestions, balanced over the event: nobody in more than 2k lists, everyone sought");
  suggest->add_option("-k", su->k, "How many people to suggest")->capture_default_str();
  suggest->add_flag("--json", su->json, "JSON output (one object per attendee per line)");
  suggest->callback([su, exit_code] { *exit_code = Suggest(su->db, su->id, su->all, su->k, su->json); });

  struct BadgesArgs {
    std::string db, out, event_name, url_base;
  };
  auto ba = std::make_shared<BadgesArgs>();
  auto* badges = app.add_subcommand("badges", "Write signed QR badges to print (PNG, SVG, a sheet)");
  badges->add_option("--db", ba->db, "Event database")->required();
  badges->add_option("--out", ba->out, "Output folder (created if missing)")->required();
  badges->add_option("--event-name", ba->event_name, "Shown on the sheet's title");
  badges->add_option("--url-base", ba->url_base,
                      "kindred serve's address (http://HOST:PORT): each code is then a link a phone's camera opens "
                      "(\"We met\" from two phones); kiosks read it as before");
  badges->callback([ba, exit_code] { *exit_code = Badges(ba->db, ba->out, ba->event_name, ba->url_base); });

  auto pin_db = std::make_shared<std::string>();
  auto* pin = app.add_subcommand("pin", "Set the organiser PIN that opens organiser mode on the kiosk");
  pin->add_option("--db", *pin_db, "Event database")->required();
  pin->callback([pin_db, exit_code] { *exit_code = SetPin(*pin_db); });

  struct MergeArgs {
    std::string db;
    std::vector<std::string> others;
  };
  auto mg = std::make_shared<MergeArgs>();
  auto* merge = app.add_subcommand("merge", "Fold other kiosks' databases into this one");
  merge->add_option("--db", mg->db, "The main event database")->required();
  merge->add_option("OTHER", mg->others, "Other kiosks' databases (never changed)")->required();
  merge->callback([mg, exit_code] { *exit_code = MergeCommand(mg->db, mg->others); });

  struct WipeArgs {
    std::string db;
    bool yes = false;
  };
  auto wi = std::make_shared<WipeArgs>();
  auto* wipe = app.add_subcommand("wipe", "Delete all personal data after the retention period");
  wipe->add_option("--db", wi->db, "Event database")->required();
  wipe->add_flag("--yes", wi->yes, "Do not ask for confirmation (for scripts)");
  wipe->callback([wi, exit_code] { *exit_code = Wipe(wi->db, wi->yes); });
}

}  // namespace kindred
