// `kindred send`: every attendee who met someone gets their own follow-up by
// e-mail, once. The event database's send journal records what the mail
// server accepted, so runs can be repeated, interrupted and resumed.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "followup/mail.h"
#include "followup/smtp.h"
#include "match/matcher.h"
#include "storage/event_db.h"

namespace kindred {

struct SendOptions {
  MailSettings mail;
  std::vector<std::string> only;  // badge IDs to send to; empty for everyone
  double per_minute = 0;          // at most this many messages a minute; 0 for no limit
  std::string dry_run_dir;        // write DIR/ID.eml instead of sending (the journal is only read)
};

struct SendReport {
  int64_t sent = 0;           // accepted by the server in this run
  int64_t written = 0;        // .eml files written (dry run)
  int64_t refused = 0;        // refused by the server (in `problems`)
  int64_t already_sent = 0;   // accepted in an earlier run: not sent again
  int64_t no_address = 0;     // met someone but have no usable e-mail address (in `problems`)
  int64_t not_attempted = 0;  // left for the next run after the server became unreachable
  std::vector<std::string> problems;  // one line each: "A17 <x@y.org>: 550 5.1.1 no such user"
  std::string stopped;        // why the run stopped early; "" when it went through
};

// Called after each attendee with the report so far.
using SendProgress = std::function<void(const SendReport&)>;

// Sends (or with a dry run, writes) each attendee's follow-up. Per attendee
// the journal says "sending" (durably) before the message leaves and "sent"
// with the server's reply once it is accepted, or "failed" with the reason;
// an attendee already accepted at the same address is skipped. A refused
// message does not stop the others; an unreachable server stops the run
// (report->stopped) and leaves the rest for the next one. `client` may be
// null for a dry run. Returns false with *err only when the database or the
// dry-run folder fails, or an `only` ID is not in the roster.
// What two people share comes from `matcher` (the event's, built from `db`).
bool SendFollowUps(EventDb& db, const Matcher& matcher, const SendOptions& options, SmtpClient* client,
                   SendReport* report, std::string* err, const SendProgress& progress = nullptr);

}  // namespace kindred
