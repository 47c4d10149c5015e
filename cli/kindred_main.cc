// kindred: the organiser and diagnostics command line. Exit codes: see
// cli/cli_common.h.
#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include "cli/badge_sheet.h"
#include "cli/cli_common.h"
#include "cli/hub_commands.h"
#include "cli/privacy_commands.h"
#include "sync/hub_url.h"
#include "followup/export.h"
#include "followup/send.h"
#include "event/event_context.h"
#include "event/kiosk_settings.h"
#include "event/organiser_pin.h"
#include "event/paths.h"
#include "i18n/catalog.h"
#include "scanner/badge_payload.h"
#include "scanner/badge_signing.h"
#include "scanner/decoder.h"
#include "storage/roster.h"

namespace kindred {
namespace {

// A terminal progress bar on stderr, only when a person is watching.
class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)), tty_(isatty(2)) {}
  ~ProgressBar() {
    if (tty_ && shown_) std::fputc('\n', stderr);
  }
  void Update(size_t done, size_t total) {
    if (!tty_ || total == 0) return;
    int percent = static_cast<int>(done * 100 / total);
    if (percent == last_) return;
    last_ = percent;
    shown_ = true;
    int filled = percent * 30 / 100;
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label_.c_str(), filled,
                 "##############################", 30 - filled, "", percent);
  }

 private:
  std::string label_;
  bool tty_;
  bool shown_ = false;
  int last_ = -1;
};

int Import(const std::string& roster_path, const std::string& db_path, const std::string& format,
           const std::string& languages, const std::string& event_language, bool include_forgotten,
           std::vector<std::string>* unforgotten) {
  std::string err;
  if (!event_language.empty() && i18n::Normalize(event_language).empty())
    return Fail("--language " + event_language + ": Kindred speaks en, de, fr, es and ja"), kUsage;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  if (!event_language.empty() && !db->SetSetting(kEventLanguageSetting, i18n::Normalize(event_language), &err))
    return Fail(err);
  db->set_import_forgotten(include_forgotten);
  if (!languages.empty()) {
    WordKeys keys(SplitLanguages(languages));
    if (!keys.unknown().empty() || keys.languages().empty())
      return Fail("unknown language '" + (keys.unknown().empty() ? languages : keys.unknown()[0]) +
                  "'; use codes such as en, de, fr, es");
    if (!db->SetSetting(kLanguagesSetting, languages, &err)) return Fail(err);
  }
  Roster roster;
  EventDb::UpsertCounts counts;
  bool ok;
  {
    ProgressBar bar("Importing roster");
    ok = ImportRosterFile(roster_path, *db, &roster, &counts, &err,
                          [&bar](size_t done, size_t total) { bar.Update(done, total); }, format);
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

// Accepts a badge ID or anything a badge's code may carry (URL, vCard...).
std::string BadgeIdFrom(const std::string& arg) {
  BadgePayload b = ParseBadgePayload(arg);
  return b.is_badge() ? b.attendee_id : arg;
}

int Meet(const std::string& db_path, const std::string& a_arg, const std::string& b_arg,
         const std::string& kiosk_id, const std::vector<std::string>& intents, const std::string& note) {
  for (const std::string& intent : intents) {
    bool known = std::any_of(kFollowUpIntents.begin(), kFollowUpIntents.end(),
                             [&](const FollowUpIntent& f) { return intent == f.id; });
    if (!known) {
      std::string ids;
      for (const FollowUpIntent& f : kFollowUpIntents) ids += (ids.empty() ? "" : ", ") + std::string(f.id);
      return Fail("unknown follow-up intent '" + intent + "' (use " + ids + ")");
    }
  }
  EventContext event;
  std::string err;
  if (!OpenEvent(db_path, AssetsDir(), &event, &err)) return Fail(err);
  Encounter e;
  e.a_id = BadgeIdFrom(a_arg);
  e.b_id = BadgeIdFrom(b_arg);
  e.kiosk_id = kiosk_id;
  e.intents = intents;
  e.note = note;
  if (event.matcher->Contains(e.a_id) && event.matcher->Contains(e.b_id)) {
    EncounterCard card = event.matcher->Card(e.a_id, e.b_id);
    e.shared = card.shared;
    e.starter = card.starter;
  }
  if (!event.db->SaveEncounter(&e, 3600, &err)) return Fail(err);
  fmt::print("Saved encounter {} between {} and {}{}\n", e.id, e.a_id, e.b_id,
             e.shared.empty() ? "" : " (shared: " + JoinList(e.shared) + ")");
  return kOk;
}

nlohmann::json SuggestionJson(const Suggestion& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"company", s.company},
          {"title", s.title},
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
          {"words", s.words},
          {"present", s.present},
          {"last_seen_at", s.last_seen_at},
          {"fallback", s.fallback},
          {"shared", s.shared},
          {"they_offer", s.they_offer},
          {"you_offer", s.you_offer},
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
  const std::string id = BadgeIdFrom(id_arg);
  Attendee a;
  Lookup l = event.db->FindAttendee(id, &a, &err);
  if (l == Lookup::kError) return Fail(err);
  if (l == Lookup::kNotFound) return Fail("no attendee with badge " + id + " in " + db_path);
  PrintSuggestions(a.badge_id, a.name, event.matcher->Suggest(id, k), json);
  return kOk;
}

int Export(const std::string& db_path, const std::string& out_dir, bool bom, const std::string& event_name,
           bool attendee_files) {
  std::string err;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  ExportOptions options;
  options.excel_bom = bom;
  options.attendee_files = attendee_files;
  if (!event_name.empty()) options.event_name = event_name;
  ExportReport report;
  {
    ProgressBar bar("Writing follow-ups");
    if (!ExportFollowUps(*db, out_dir, options, &report, &err,
                         [&bar](size_t done, size_t total) { bar.Update(done, total); }))
      return Fail(err);
  }
  fmt::print("Exported {} encounters to {}: encounters.csv, crm-contacts.csv{}\n", report.encounters, out_dir,
             attendee_files ? ", and follow-ups for " + std::to_string(report.attendees) + " attendees in attendees/"
                            : "");
  return kOk;
}

struct SendArgs {
  std::string db, smtp, from, reply_to, event_name, credentials, ca_file, rate, dry_run;
  std::vector<std::string> only;
};

// "30/min", "30", "2/s", "600/h": messages a minute. False when unreadable.
bool ParseRate(const std::string& text, double* per_minute) {
  char* end = nullptr;
  const double n = std::strtod(text.c_str(), &end);
  const std::string unit = end ? std::string(end) : "";
  const double scale = unit.empty() || unit == "/min" || unit == "/m" ? 1 : unit == "/s" ? 60 : unit == "/h" ? 1.0 / 60 : 0;
  if (end == text.c_str() || !(n > 0) || scale == 0) return false;
  *per_minute = n * scale;
  return true;
}

int Send(const SendArgs& a) {
  std::string err;
  SendOptions options;
  if (!ParseMailbox(a.from, &options.mail.from, &err)) return Fail("--from: " + err);
  if (!a.reply_to.empty()) {
    Mailbox reply;
    if (!ParseMailbox(a.reply_to, &reply, &err)) return Fail("--reply-to: " + err);
    options.mail.reply_to = reply.address;
  }
  if (!a.rate.empty() && !ParseRate(a.rate, &options.per_minute))
    return Fail("--rate: \"" + a.rate + "\" is not a rate; write for example 30/min");
  options.only = a.only;
  options.dry_run_dir = a.dry_run;
  SmtpSettings smtp;
  std::string host;
  if (a.dry_run.empty()) {
    if (a.smtp.empty()) return Fail("--smtp URL is needed to send (or --dry-run DIR to write the messages)");
    if (!CheckSmtpUrl(a.smtp, &host, &err) ||
        !LoadSmtpCredentials(a.credentials, host, &smtp.user, &smtp.password, &err))
      return Fail(err);
    smtp.url = a.smtp;
    smtp.ca_file = a.ca_file;
  }
  auto db = EventDb::Open(a.db, &err);
  if (!db) return Fail(err);
  options.mail.event_name = a.event_name;
  if (options.mail.event_name.empty()) {
    KioskSettings settings;
    if (LoadKioskSettings(*db, &settings, &err) && !settings.event_name.empty())
      options.mail.event_name = settings.event_name;
    else
      options.mail.event_name = "the event";
  }
  std::unique_ptr<SmtpClient> client;
  if (a.dry_run.empty()) client = std::make_unique<SmtpClient>(smtp);
  SendReport report;
  const bool tty = isatty(2);
  auto progress = [tty](const SendReport& r) {
    if (tty) std::fprintf(stderr, "\rSent %lld, refused %lld", static_cast<long long>(r.sent),
                          static_cast<long long>(r.refused));
  };
  const bool ok = SendFollowUps(*db, options, client.get(), &report, &err, progress);
  if (tty && report.sent + report.refused > 0) std::fputc('\n', stderr);
  if (!ok) return Fail(err);
  if (!report.stopped.empty() && report.sent == 0 && report.refused == 0)
    return Fail("cannot send through " + a.smtp + ": " + report.stopped);
  for (const std::string& p : report.problems) std::fprintf(stderr, "kindred: not sent: %s\n", p.c_str());
  if (!a.dry_run.empty()) {
    fmt::print("Wrote {} messages to {}{}{}\n", report.written, a.dry_run,
               report.already_sent ? fmt::format(" ({} already sent, left out)", report.already_sent) : "",
               report.no_address ? fmt::format("; {} without an e-mail address", report.no_address) : "");
    return kOk;
  }
  const std::string counts =
      fmt::format("sent {}, refused {}, already sent before {}, without an address {}, left for the next run {}",
                  report.sent, report.refused, report.already_sent, report.no_address, report.not_attempted);
  if (!report.stopped.empty()) {
    std::fprintf(stderr, "kindred: stopped: %s; run the same command again to send the rest (%s)\n",
                 report.stopped.c_str(), counts.c_str());
    return kPartly;
  }
  fmt::print("Follow-ups: {}\n", counts);
  return report.refused > 0 ? kPartly : kOk;
}

int Badges(const std::string& db_path, const std::string& out_dir, const std::string& event_name) {
  std::string err;
  auto db = EventDb::Open(db_path, &err);
  if (!db) return Fail(err);
  BadgeReport report;
  if (!WriteBadges(*db, out_dir, event_name.empty() ? "Kindred" : event_name, &report, &err)) return Fail(err);
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

int Merge(const std::string& db_path, const std::vector<std::string>& others) {
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
}  // namespace kindred

int main(int argc, char** argv) {
  using namespace kindred;
  CLI::App app{"kindred: set up a Kindred event, check badges, and export follow-ups."};
  app.require_subcommand(1);
  app.footer("Exit codes: 0 done, 1 failed (nothing saved was changed), 2 usage error, "
             "3 partly done (some roster lines rejected, some follow-ups not sent).");
  std::string db, roster, out, id, formats = "qr", kiosk_id = "cli";
  std::vector<std::string> images, pair;
  bool json = false, all = false, bom = false;
  int k = 3;

  auto* import = app.add_subcommand("import", "Import or update attendees from a roster CSV");
  import->add_option("ROSTER", roster, "Roster CSV (Kindred template or a registration export)")
      ->required();
  import->add_option("--db", db, "Event database (created if missing)");
  HubArgs hub;
  const char* kInsecureHelp = "Accept a hub whose certificate is not verified (anyone on the network could pose as it)";
  import->add_option("--hub", hub.url, "Also send the attendees to every kiosk through this hub (an organiser's URL)");
  import->add_flag("--insecure-hub", hub.insecure, kInsecureHelp);
  std::string languages;
  import->add_option("--languages", languages,
                     "The roster's languages, for matching word forms: en,de,fr,es... (default en)");
  std::string event_language;
  import->add_option("--language", event_language,
                     "The event's language (en, de, fr, es, ja): for everyone the roster gives none");
  bool include_forgotten = false;
  import->add_flag("--include-forgotten", include_forgotten,
                   "Import again people on the roster who asked to be forgotten (their request is taken back)");
  std::string roster_format;
  import->add_option("--format", roster_format,
                     "Read the roster as this export instead of recognising it: " + RosterFormatNames());

  auto* scan = app.add_subcommand("scan", "Decode badge codes in images");
  scan->add_option("IMAGE", images, "PNG or JPEG images")->required();
  scan->add_flag("--json", json, "One JSON object per image per line");
  scan->add_option("--formats", formats, "qr,aztec,datamatrix,pdf417")->capture_default_str();
  std::string scan_db;
  scan->add_option("--db", scan_db, "Event database, to verify Kindred's signed badges");

  auto* meet = app.add_subcommand("meet", "Record that two attendees met");
  meet->add_option("--db", db, "Event database")->required();
  meet->add_option("IDS", pair, "The two badge IDs")->required()->expected(2);
  meet->add_option("--kiosk-id", kiosk_id, "Recorded as where they met")->capture_default_str();
  std::vector<std::string> intents;
  meet->add_option("--intent", intents,
                   "A follow-up they want (repeatable): send-contact, introduce, share-resource, meet-again");
  std::string note;
  meet->add_option("--note", note, "A short note about the conversation");

  auto* suggest = app.add_subcommand("suggest", "Who an attendee should talk to, and why");
  suggest->add_option("--db", db, "Event database")->required();
  suggest->add_option("ID", id, "Badge ID");
  suggest->add_flag("--all", all,
                    "Everyone's suggestions, balanced over the event: nobody in more than 2k lists, everyone sought");
  suggest->add_option("-k", k, "How many people to suggest")->capture_default_str();
  suggest->add_flag("--json", json, "JSON output (one object per attendee per line)");

  auto* exp = app.add_subcommand("export", "Write follow-up lists");
  exp->add_option("--db", db, "Event database");
  exp->add_option("--hub", hub.url, "The whole event from this hub (with --db: into that database first)");
  exp->add_flag("--insecure-hub", hub.insecure, kInsecureHelp);
  exp->add_option("--out", out, "Output folder (created if missing)")->required();
  exp->add_flag("--bom", bom, "Start CSV files with a UTF-8 BOM for Excel");
  std::string event_name;
  exp->add_option("--event-name", event_name, "The event's name, used in summaries and the CRM lead source");
  bool no_attendee_files = false;
  exp->add_flag("--no-attendee-files", no_attendee_files, "Only the organiser files, not attendees/");

  auto* send = app.add_subcommand("send", "E-mail every attendee who met someone their own follow-up, once");
  SendArgs send_args;
  send->add_option("--db", send_args.db, "Event database (keeps the send journal)");
  send->add_option("--hub", hub.url, "The whole event from this hub");
  send->add_flag("--insecure-hub", hub.insecure, kInsecureHelp);
  send->add_option("--smtp", send_args.smtp, "Mail server: smtp://HOST:587 (STARTTLS) or smtps://HOST:465");
  send->add_option("--from", send_args.from, "Sender, e.g. \"Kindred Mixer <hello@example.org>\"")->required();
  send->add_option("--reply-to", send_args.reply_to, "Where replies go (default: --from)");
  send->add_option("--event-name", send_args.event_name, "The event's name (default: the kiosk's setting)");
  send->add_option("--only", send_args.only, "Send only to this badge ID (repeatable)");
  send->add_option("--rate", send_args.rate, "At most this many messages, e.g. 30/min (default: no limit)");
  send->add_option("--dry-run", send_args.dry_run, "Write DIR/ID.eml, the exact messages, instead of sending");
  send->add_option("--credentials", send_args.credentials,
                   "The server's user and password, netrc format, chmod 600 (default: KINDRED_SMTP_USER and "
                   "KINDRED_SMTP_PASSWORD from the environment)");
  send->add_option("--ca-file", send_args.ca_file, "Trust this CA certificate for the server (self-signed relays)");

  auto* hub_cmd = app.add_subcommand("hub", "Set up the PostgreSQL hub that makes several kiosks one event");
  hub_cmd->require_subcommand(1);
  const char* kAdminHelp = "postgresql://ADMIN@HOST/kindred or the hub's socket (a superuser; password from ~/.pgpass)";
  auto* hub_init = hub_cmd->add_subcommand("init", "Create or migrate the hub's schema, roles and row rules");
  hub_init->add_option("--hub", hub.url, kAdminHelp)->required();
  std::string address, root_cert;
  hub_init->add_option("--address", address, "HOST:PORT kiosks reach the hub at, for add-kiosk's URLs");
  hub_init->add_option("--root-cert", root_cert, "The certificate kiosks verify the hub with (hub-ca.crt)");
  std::string member, pgpass, bundle;
  auto* add_kiosk = hub_cmd->add_subcommand(
      "add-kiosk", "Give kiosk NAME its own sign-in (again: a new password, the old one ended); prints its URL");
  auto* add_organiser = hub_cmd->add_subcommand(
      "add-organiser", "Give organiser NAME their own sign-in for import, export, send and status; prints the URL");
  for (CLI::App* add : {add_kiosk, add_organiser}) {
    add->add_option("NAME", member, "1 to 40 of a-z, 0-9 and '-', e.g. hall-a")->required();
    add->add_option("--hub", hub.url, kAdminHelp)->required();
    add->add_option("--pgpass", pgpass, "Write the password file (libpq format, mode 0600) here")->required();
  }
  add_kiosk->add_option("--bundle", bundle,
                        "Also write everything the kiosk needs (URL, password, root certificate) to this one file");
  auto* revoke = hub_cmd->add_subcommand("revoke", "Shut kiosk NAME out at once (lost or stolen); the others carry on");
  revoke->add_option("NAME", member, "The kiosk's (or organiser's) name")->required();
  revoke->add_option("--hub", hub.url, kAdminHelp)->required();
  std::string join_dir = kKioskHubDir, join_owner;
  auto* join = hub_cmd->add_subcommand("join", "On a kiosk: install the bundle add-kiosk wrote; prints the hub URL");
  join->add_option("BUNDLE", bundle, "The file kindred hub add-kiosk --bundle wrote")->required();
  join->add_option("--dir", join_dir, "Where the kiosk keeps it")->capture_default_str();
  join->add_option("--owner", join_owner, "The user the kiosk runs as (default: kindred, when it exists)");
  auto* status = app.add_subcommand("status", "Every kiosk's sync state and the event's totals on the hub");
  status->add_option("--hub", hub.url, "postgresql://USER@HOST/kindred?sslmode=verify-full...")->required();
  status->add_flag("--insecure-hub", hub.insecure, kInsecureHelp);
  auto* sync = app.add_subcommand("sync", "Sync an event database with the hub: once, or until stopped");
  sync->add_option("--db", db, "Event database")->required();
  sync->add_option("--hub", hub.url, "postgresql://USER@HOST/kindred?sslmode=verify-full...")->required();
  sync->add_flag("--insecure-hub", hub.insecure, kInsecureHelp);
  sync->add_option("--kiosk-id", kiosk_id, "This copy's name on the hub (a kiosk's URL names it)")
      ->capture_default_str();
  bool once = false;
  sync->add_flag("--once", once, "Push and pull what is waiting, then exit");

  auto* badges = app.add_subcommand("badges", "Write signed QR badges to print (PNG, SVG, a sheet)");
  badges->add_option("--db", db, "Event database")->required();
  badges->add_option("--out", out, "Output folder (created if missing)")->required();
  std::string badge_event;
  badges->add_option("--event-name", badge_event, "Shown on the sheet's title");

  auto* pin = app.add_subcommand("pin", "Set the organiser PIN that opens organiser mode on the kiosk");
  pin->add_option("--db", db, "Event database")->required();

  auto* merge = app.add_subcommand("merge", "Fold other kiosks' databases into this one");
  merge->add_option("--db", db, "The main event database")->required();
  std::vector<std::string> others;
  merge->add_option("OTHER", others, "Other kiosks' databases (never changed)")->required();

  auto* backup = app.add_subcommand("backup", "A copy of the database sealed to the organiser's key, even while a "
                                              "kiosk runs (only the organiser's secret key opens it)");
  backup->add_option("--db", db, "Event database")->required();
  std::string to, key_file;
  backup->add_option("--to", to, "A file, or a folder (e.g. a USB stick) for a time-stamped copy")->required();
  backup->add_option("--key", key_file, "The organiser's public key (default: the one stored in the event)");

  auto* restore = app.add_subcommand("restore", "Open a sealed backup (or export) with the organiser's secret key");
  std::string sealed;
  restore->add_option("BACKUP", sealed, "A .kindred-backup or .kindred-export file")->required();
  restore->add_option("--key", key_file, "The organiser's secret key file (kindred-organiser.key)")->required();
  restore->add_option("--to", to, "A new event database (or an empty folder, for an export)")->required();

  auto* keys = app.add_subcommand("keys", "Make the organiser's key pair, or give an event its public key");
  std::string install_key;
  keys->add_option("--out", out, "Make kindred-organiser.pub and kindred-organiser.key (passphrase) here");
  keys->add_option("--install", install_key, "Store this public key in the event (--db): backups are sealed to it");
  keys->add_option("--db", db, "Event database, with --install");

  auto* forget = app.add_subcommand("forget", "Forget one person everywhere (their encounters stay for the others, "
                                              "without them)");
  std::string forget_id;
  forget->add_option("BADGE_ID", forget_id, "Their badge ID")->required();
  forget->add_option("--db", db, "Event database");
  forget->add_option("--hub", hub.url, "Forget them on the hub and at every kiosk");
  forget->add_flag("--insecure-hub", hub.insecure, kInsecureHelp);
  bool confirmed = false;
  forget->add_flag("--yes", confirmed, "Do not ask (for scripts)");

  auto* shred = app.add_subcommand("shred", "Remove all personal data of the event once the follow-ups are out");
  shred->add_option("--db", db, "Event database");
  shred->add_option("--hub", hub.url, "Shred the hub's event; every kiosk shreds its own when it next syncs");
  shred->add_flag("--insecure-hub", hub.insecure, kInsecureHelp);
  shred->add_flag("--yes", confirmed, "Do not ask (for scripts)");
  bool force = false;
  shred->add_flag("--force", force, "Shred even though the follow-ups were neither exported nor sent");
  int after_days = 0;
  shred->add_option("--after", after_days, "With --hub: shred by itself this many days after the last encounter");

  auto* wipe = app.add_subcommand("wipe", "Delete all personal data after the retention period");
  wipe->add_option("--db", db, "Event database")->required();
  bool yes = false;
  wipe->add_flag("--yes", yes, "Do not ask for confirmation (for scripts)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "kindred: %s (see 'kindred --help')\n", e.what());
    return kUsage;
  }
  if (*import) {
    if (int rc = PrepareDb(&db, hub, true); rc != kOk) return rc;
    std::vector<std::string> unforgotten;
    const int rc = Import(roster, db, roster_format, languages, event_language, include_forgotten, &unforgotten);
    std::string err;
    if (rc != kFailed && !hub.url.empty() && !unforgotten.empty() && !UnforgetOnHub(hub, unforgotten, &err))
      return Fail("imported into " + db + ", but the hub still forgets them: " + err);
    if (rc != kFailed && !hub.url.empty() && SyncOnce(db, hub, &err) != kOk)
      return Fail("imported into " + db + ", but not yet on the hub: " + err);
    return rc;
  }
  if (*hub_init) return HubInit(hub, address, root_cert);
  if (*add_kiosk || *add_organiser) return HubAddMember(hub, add_kiosk->parsed(), member, pgpass, bundle);
  if (*revoke) return HubRevoke(hub, member);
  if (*join) {
    if (join_owner.empty() && getpwnam("kindred")) join_owner = "kindred";
    return HubJoin(bundle, join_dir, join_owner);
  }
  if (*status) return HubStatus(hub);
  if (*sync) return HubSyncCommand(db, hub, kiosk_id, once);
  if (*scan) return Scan(images, json, formats, scan_db);
  if (*meet) return Meet(db, pair[0], pair[1], kiosk_id, intents, note);
  if (*suggest) return Suggest(db, id, all, k, json);
  if (*exp) {
    if (int rc = PrepareDb(&db, hub, false); rc != kOk) return rc;
    return Export(db, out, bom, event_name, !no_attendee_files);
  }
  if (*send) {
    if (int rc = PrepareDb(&send_args.db, hub, false); rc != kOk) return rc;
    return Send(send_args);
  }
  if (*badges) return Badges(db, out, badge_event);
  if (*pin) return SetPin(db);
  if (*merge) return Merge(db, others);
  if (*backup) return BackupCommand(db, to, key_file);
  if (*restore) return RestoreCommand(sealed, key_file, to);
  if (*keys) return KeysCommand(out, install_key, db);
  if (*forget) {
    if (db.empty() == hub.url.empty()) return Fail("give the event database with --db, or the hub with --hub");
    return ForgetCommand(db, hub, forget_id, confirmed);
  }
  if (*shred) {
    if (db.empty() == hub.url.empty()) return Fail("give the event database with --db, or the hub with --hub");
    return ShredCommand(db, hub, confirmed, force, after_days);
  }
  if (*wipe) return Wipe(db, yes);
  return kUsage;
}
