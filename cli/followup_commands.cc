// What people take home, on the organiser's command line: the follow-up
// files (kindred export) and e-mail (kindred send).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/hub_commands.h"
#include "cli/progress_bar.h"
#include "event/event_context.h"
#include "event/kiosk_settings.h"
#include "event/paths.h"
#include "followup/export.h"
#include "followup/send.h"

namespace kindred {

namespace {

int Export(const std::string& db_path, const std::string& out_dir, bool bom, const std::string& event_name,
           bool attendee_files) {
  std::string err;
  EventContext event;
  if (!OpenEvent(db_path, AssetsDir(), &event, &err)) return Fail(err);
  ExportOptions options;
  options.excel_bom = bom;
  options.attendee_files = attendee_files;
  if (!event_name.empty()) options.event_name = event_name;
  ExportReport report;
  {
    ProgressBar bar("Writing follow-ups");
    if (!ExportFollowUps(*event.db, *event.matcher, out_dir, options, &report, &err,
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
  EventContext event;
  if (!OpenEvent(a.db, AssetsDir(), &event, &err)) return Fail(err);
  EventDb* db = event.db.get();
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
  const bool ok = SendFollowUps(*db, *event.matcher, options, client.get(), &report, &err, progress);
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

}  // namespace

void AddFollowUpCommands(CLI::App& app, int* exit_code) {
  struct ExportArgs {
    std::string db, out, event_name;
    HubArgs hub;
    bool bom = false, no_attendee_files = false;
  };
  auto ex = std::make_shared<ExportArgs>();
  auto* exp = app.add_subcommand("export", "Write follow-up lists");
  exp->add_option("--db", ex->db, "Event database");
  exp->add_option("--hub", ex->hub.url, "The whole event from this hub (with --db: into that database first)");
  exp->add_flag("--insecure-hub", ex->hub.insecure, kInsecureHubHelp);
  exp->add_option("--out", ex->out, "Output folder (created if missing)")->required();
  exp->add_flag("--bom", ex->bom, "Start CSV files with a UTF-8 BOM for Excel");
  exp->add_option("--event-name", ex->event_name, "The event's name, used in summaries and the CRM lead source");
  exp->add_flag("--no-attendee-files", ex->no_attendee_files, "Only the organiser files, not attendees/");
  exp->callback([ex, exit_code] {
    std::string db = ex->db;
    *exit_code = PrepareDb(&db, ex->hub, false);
    if (*exit_code == kOk) *exit_code = Export(db, ex->out, ex->bom, ex->event_name, !ex->no_attendee_files);
  });

  struct SendCommand {
    SendArgs args;
    HubArgs hub;
  };
  auto se = std::make_shared<SendCommand>();
  SendArgs& a = se->args;
  auto* send = app.add_subcommand("send", "E-mail every attendee who met someone their own follow-up, once");
  send->add_option("--db", a.db, "Event database (keeps the send journal)");
  send->add_option("--hub", se->hub.url, "The whole event from this hub");
  send->add_flag("--insecure-hub", se->hub.insecure, kInsecureHubHelp);
  send->add_option("--smtp", a.smtp, "Mail server: smtp://HOST:587 (STARTTLS) or smtps://HOST:465");
  send->add_option("--from", a.from, "Sender, e.g. \"Kindred Mixer <hello@example.org>\"")->required();
  send->add_option("--reply-to", a.reply_to, "Where replies go (default: --from)");
  send->add_option("--event-name", a.event_name, "The event's name (default: the kiosk's setting)");
  send->add_option("--only", a.only, "Send only to this badge ID (repeatable)");
  send->add_option("--rate", a.rate, "At most this many messages, e.g. 30/min (default: no limit)");
  send->add_option("--dry-run", a.dry_run, "Write DIR/ID.eml, the exact messages, instead of sending");
  send->add_option("--credentials", a.credentials,
                   "The server's user and password, netrc format, chmod 600 (default: KINDRED_SMTP_USER and "
                   "KINDRED_SMTP_PASSWORD from the environment)");
  send->add_option("--ca-file", a.ca_file, "Trust this CA certificate for the server (self-signed relays)");
  send->callback([se, exit_code] {
    *exit_code = PrepareDb(&se->args.db, se->hub, false);
    if (*exit_code == kOk) *exit_code = Send(se->args);
  });
}

}  // namespace kindred
