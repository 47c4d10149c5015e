#include "followup/mail.h"

#include <fmt/core.h>

#include "common/html.h"
#include "storage/event_db.h"

namespace kindred {

namespace {

std::string Domain(const std::string& address) { return address.substr(address.find('@') + 1); }

std::string ReplyAddress(const MailSettings& s) { return s.reply_to.empty() ? s.from.address : s.reply_to; }

std::string PeopleCount(size_t n) { return std::to_string(n) + (n == 1 ? " person" : " people"); }

std::string NoContactLine(const MetPerson& p) {
  return FirstName(p.them->name) +
         " chose not to share contact details. Reply to this e-mail and the organisers will pass your message on.";
}

}  // namespace

std::string NewMessageId(const MailSettings& settings) {
  return fmt::format("<{}@{}>", NewUuid(), Domain(settings.from.address));
}

std::string FollowUpSubject(const FollowUp& f, const MailSettings& settings) {
  return "Your conversations at " + settings.event_name + ": " + PeopleCount(f.met.size()) + " to follow up";
}

std::string FollowUpPlainText(const FollowUp& f, const MailSettings& s) {
  std::string t = "Hi " + FirstName(f.me->name) + ",\n\nat " + s.event_name + " you met " +
                  PeopleCount(f.met.size()) +
                  ". Conversations are where networking starts; here is how to keep yours going.\n";
  for (const MetPerson& p : f.met) {
    const Encounter& e = p.encounter;
    t += fmt::format("\n{}\n", NameWithRole(*p.them, p.role));
    for (const std::string& step : p.next_steps) t += "  Next: " + step + "\n";
    if (!p.shared.empty()) t += "  You both love " + p.shared + "\n";
    if (!p.starter.empty()) t += "  To pick up where you left off: " + p.starter + "\n";
    if (!e.note.empty()) t += "  Noted at the kiosk: " + e.note + "\n";
    if (!IsForgottenId(p.them->badge_id))
      t += p.shared_contact ? "  Contact: " + p.them->email + "\n" : "  " + NoContactLine(p) + "\n";
  }
  bool any_card = false;
  for (const MetPerson& p : f.met) any_card = any_card || p.shared_contact;
  if (any_card) t += "\nThe contacts of the people who agreed to share are attached (contacts.vcf): open it to add them to your phone.\n";
  t += "\nThank you for coming,\n" + (s.from.name.empty() ? s.event_name : s.from.name) + "\n\n-- \n" +
       "You get this e-mail once, because you met people at " + s.event_name +
       ". Questions, or to be left out of future e-mail: reply to " + ReplyAddress(s) + ".\n";
  return t;
}

// Colours are set as pairs (text on its own background) so that a mail app
// painting its own dark background cannot leave dark text on it, and every
// text colour is at least 4.5:1 against its background (tests/check_mail.py).
std::string FollowUpHtml(const FollowUp& f, const MailSettings& s) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light only\">\n<meta name=\"supported-color-schemes\" content=\"light\">\n"
      "<title>" +
      EscapeHtml(FollowUpSubject(f, s)) +
      "</title></head>\n"
      "<body style=\"margin:0;padding:0;background-color:#f4f1ea;color:#222222\">\n"
      "<div style=\"max-width:600px;margin:0 auto;padding:16px;background-color:#ffffff;color:#222222;"
      "font-family:sans-serif;font-size:16px;line-height:1.5\">\n<p>Hi " +
      EscapeHtml(FirstName(f.me->name)) + ",</p>\n<p>at " + EscapeHtml(s.event_name) + " you met " +
      PeopleCount(f.met.size()) +
      ". Conversations are where networking starts; here is how to keep yours going.</p>\n";
  bool any_card = false;
  for (const MetPerson& p : f.met) {
    const Encounter& e = p.encounter;
    any_card = any_card || p.shared_contact;
    h += "<h2 style=\"font-size:20px;margin:24px 0 4px;color:#222222;background-color:#ffffff\">" +
         EscapeHtml(p.them->name) + "</h2>\n";
    if (!p.role.empty())
      h += "<p style=\"margin:0;color:#555555;background-color:#ffffff\">" + EscapeHtml(p.role) + "</p>\n";
    // The point of the message: what to do next, set apart.
    for (const std::string& step : p.next_steps)
      h += "<p style=\"margin:8px 0;padding:8px 12px;border-left:4px solid #8a6100;background-color:#fff4d6;"
           "color:#222222\"><b>Next:</b> " +
           EscapeHtml(step) + "</p>\n";
    h += "<ul style=\"padding-left:20px\">\n";
    if (!p.shared.empty()) h += "<li>You both love <b>" + EscapeHtml(p.shared) + "</b></li>\n";
    if (!p.starter.empty()) h += "<li>To pick up where you left off: " + EscapeHtml(p.starter) + "</li>\n";
    if (!e.note.empty()) h += "<li>Noted at the kiosk: " + EscapeHtml(e.note) + "</li>\n";
    if (!IsForgottenId(p.them->badge_id))
      h += p.shared_contact ? "<li>Contact: <a style=\"color:#1a4fa0\" href=\"mailto:" + EscapeHtml(p.them->email) +
                                  "\">" + EscapeHtml(p.them->email) + "</a></li>\n"
                            : "<li>" + EscapeHtml(NoContactLine(p)) + "</li>\n";
    h += "</ul>\n";
  }
  if (any_card)
    h += "<p>The contacts of the people who agreed to share are attached (<b>contacts.vcf</b>): open it to add "
         "them to your phone.</p>\n";
  h += "<p>Thank you for coming,<br>" + EscapeHtml(s.from.name.empty() ? s.event_name : s.from.name) +
       "</p>\n<p style=\"font-size:13px;color:#595959;background-color:#ffffff\">You get this e-mail once, because "
       "you met people at " +
       EscapeHtml(s.event_name) + ". Questions, or to be left out of future e-mail: reply to " +
       EscapeHtml(ReplyAddress(s)) + ".</p>\n</div>\n</body></html>\n";
  return h;
}

std::string ComposeFollowUpMail(const FollowUp& f, const MailSettings& s, const std::string& message_id,
                                int64_t date) {
  std::string headers = StructuredHeaderField("From", FormatMailbox(s.from));
  headers += StructuredHeaderField("To", FormatMailbox({f.me->name, f.me->email}));
  if (!s.reply_to.empty()) headers += StructuredHeaderField("Reply-To", s.reply_to);
  headers += HeaderField("Subject", FollowUpSubject(f, s));
  headers += StructuredHeaderField("Date", MailDate(date));
  headers += StructuredHeaderField("Message-ID", message_id);
  headers += StructuredHeaderField("List-Unsubscribe",
                                   "<mailto:" + ReplyAddress(s) + "?subject=unsubscribe>");
  headers += "Auto-Submitted: auto-generated\r\n";
  std::vector<MailAttachment> attachments;
  if (std::string vcf = FollowUpVCards(f, s.event_name); !vcf.empty())
    attachments.push_back({"contacts.vcf", "text/vcard; charset=utf-8", std::move(vcf)});
  return ComposeMessage(headers, FollowUpPlainText(f, s), FollowUpHtml(f, s), attachments, message_id);
}

}  // namespace kindred
