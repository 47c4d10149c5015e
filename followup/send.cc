#include "followup/send.h"

#include <chrono>
#include <filesystem>
#include <thread>
#include <unordered_set>

#include "storage/csv_writer.h"

namespace kindred {

namespace {

using Clock = std::chrono::steady_clock;

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

bool SendFollowUps(EventDb& db, const Matcher& matcher, const SendOptions& options, SmtpClient* client,
                   SendReport* report,
                   std::string* err, const SendProgress& progress) {
  *report = {};
  const bool dry_run = !options.dry_run_dir.empty();
  if (!dry_run && !client) {
    *err = "no mail server to send through";
    return false;
  }
  std::vector<Attendee> attendees;
  if (!db.LoadAttendees(&attendees, err)) return false;
  if (!options.only.empty()) {
    std::unordered_set<std::string> wanted(options.only.begin(), options.only.end());
    std::erase_if(attendees, [&](const Attendee& a) { return !wanted.erase(a.badge_id); });
    if (!wanted.empty()) {
      *err = "badge " + *wanted.begin() + " is not in the roster";
      return false;
    }
  }
  if (dry_run) {
    std::error_code ec;
    std::filesystem::create_directories(options.dry_run_dir, ec);
    if (ec) {
      *err = "cannot create " + options.dry_run_dir + ": " + ec.message();
      return false;
    }
  }
  const auto gap = options.per_minute > 0
                       ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(60.0 / options.per_minute))
                       : Clock::duration::zero();
  Clock::time_point next_send = Clock::now();

  auto one = [&](const FollowUp& f, std::string* e) {
    const Attendee& me = *f.me;
    if (!IsMailAddress(me.email)) {
      ++report->no_address;
      report->problems.push_back(me.badge_id + " (" + me.name + "): " +
                                 (me.email.empty() ? "no e-mail address" : "\"" + me.email + "\" is not an e-mail address"));
      return true;
    }
    EventDb::SendEntry entry;
    const Lookup found = db.GetSendEntry(me.badge_id, &entry, e);
    if (found == Lookup::kError) return false;
    if (found == Lookup::kFound && entry.status == "sent" && entry.recipient == me.email) {
      ++report->already_sent;
      return true;
    }
    if (!report->stopped.empty()) {
      ++report->not_attempted;
      return true;
    }
    // A retry keeps its Message-ID: a copy that did arrive is the same message.
    if (found == Lookup::kNotFound || entry.message_id.empty() || entry.recipient != me.email)
      entry.message_id = NewMessageId(options.mail);
    if (dry_run) {
      const std::string path = options.dry_run_dir + "/" + SafeFileName(me.badge_id) + ".eml";
      if (!WriteFileAtomically(path, ComposeFollowUpMail(f, options.mail, entry.message_id, NowSeconds()), e))
        return false;
      ++report->written;
      return true;
    }
    std::this_thread::sleep_until(next_send);
    entry.badge_id = me.badge_id;
    entry.recipient = me.email;
    entry.status = "sending";
    entry.reply.clear();
    ++entry.attempts;
    if (!db.PutSendEntry(&entry, e)) return false;
    const std::string message = ComposeFollowUpMail(f, options.mail, entry.message_id, NowSeconds());
    next_send = Clock::now() + gap;
    const SmtpResult r = client->Send(options.mail.from.address, me.email, message);
    entry.reply = r.reply;
    entry.status = r.outcome == SmtpOutcome::kAccepted ? "sent" : "failed";
    if (!db.PutSendEntry(&entry, e)) return false;
    switch (r.outcome) {
      case SmtpOutcome::kAccepted:
        ++report->sent;
        break;
      case SmtpOutcome::kRefused:
        ++report->refused;
        report->problems.push_back(me.badge_id + " <" + me.email + ">: " + r.reply);
        break;
      case SmtpOutcome::kUnreachable:
        ++report->not_attempted;
        report->stopped = r.reply;
        break;
    }
    if (progress) progress(*report);
    return true;
  };
  return ForEachFollowUp(db, matcher, attendees, one, err);
}

}  // namespace kindred
