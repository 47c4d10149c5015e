#include "followup/mail.h"

#include <fmt/core.h>

#include "common/html.h"
#include "i18n/catalog.h"
#include "storage/event_db.h"

namespace kindred {

using i18n::Fill;
using i18n::Tr;
using i18n::TrN;

namespace {

std::string Domain(const std::string& address) { return address.substr(address.find('@') + 1); }

std::string ReplyAddress(const MailSettings& s) { return s.reply_to.empty() ? s.from.address : s.reply_to; }

// `text` (a translation with a {key} placeholder) escaped as HTML, with
// `html` (markup, its own text already escaped) where the placeholder was.
std::string EscapedWith(const std::string& text, const std::string& key, const std::string& html) {
  const std::string mark = "{" + key + "}";
  const size_t at = text.find(mark);
  if (at == std::string::npos) return EscapeHtml(text);
  return EscapeHtml(text.substr(0, at)) + html + EscapeHtml(text.substr(at + mark.size()));
}

std::string NoContactLine(const std::locale& loc, const MetPerson& p) {
  return Fill(Tr(loc, "{name} chose not to share contact details. Reply to this e-mail and the organisers will pass "
                      "your message on."),
              {{"name", FirstName(p.them->name)}});
}

std::string Greeting(const std::locale& loc, const FollowUp& f, const MailSettings& s) {
  return Fill(TrN(loc, "at {event} you met {n} person. Conversations are where networking starts; here is how to keep "
                       "yours going.",
                  "at {event} you met {n} people. Conversations are where networking starts; here is how to keep "
                  "yours going.",
                  static_cast<long>(f.met.size())),
              {{"event", s.event_name}, {"n", std::to_string(f.met.size())}});
}

std::string Footer(const std::locale& loc, const MailSettings& s) {
  return Fill(Tr(loc, "You get this e-mail once, because you met people at {event}. Questions, or to be left out of "
                      "future e-mail: reply to {address}."),
              {{"event", s.event_name}, {"address", ReplyAddress(s)}});
}

}  // namespace

std::string NewMessageId(const MailSettings& settings) {
  return fmt::format("<{}@{}>", NewUuid(), Domain(settings.from.address));
}

std::string FollowUpSubject(const FollowUp& f, const MailSettings& settings) {
  const std::locale& loc = i18n::Default().For(f.language);
  return Fill(TrN(loc, "Your conversations at {event}: {n} person to follow up",
                  "Your conversations at {event}: {n} people to follow up", static_cast<long>(f.met.size())),
              {{"event", settings.event_name}, {"n", std::to_string(f.met.size())}});
}

std::string FollowUpPlainText(const FollowUp& f, const MailSettings& s) {
  const std::locale& loc = i18n::Default().For(f.language);
  std::string t = Fill(Tr(loc, "Hi {name},"), {{"name", FirstName(f.me->name)}}) + "\n\n" + Greeting(loc, f, s) + "\n";
  for (const MetPerson& p : f.met) {
    t += fmt::format("\n{}\n", Heading(f, p));
    const PersonLines lines = LinesAbout(f, p);
    for (const std::string& line : lines.next) t += "  " + line + "\n";
    for (const std::string& line : lines.facts) t += "  " + line + "\n";
    if (!IsForgottenId(p.them->badge_id))
      t += p.shared_contact ? "  " + Fill(Tr(loc, "Contact: {email}"), {{"email", p.them->email}}) + "\n"
                            : "  " + NoContactLine(loc, p) + "\n";
  }
  bool any_card = false;
  for (const MetPerson& p : f.met) any_card = any_card || p.shared_contact;
  if (any_card)
    t.append("\n")
        .append(Tr(loc, "The contacts of the people who agreed to share are attached (contacts.vcf): open it to add "
                        "them to your phone."))
        .append("\n");
  t.append("\n").append(Tr(loc, "Thank you for coming,")).append("\n");
  t.append(s.from.name.empty() ? s.event_name : s.from.name).append("\n\n-- \n").append(Footer(loc, s)).append("\n");
  return t;
}

// Colours are set as pairs (text on its own background) so that a mail app
// painting its own dark background cannot leave dark text on it, and every
// text colour is at least 4.5:1 against its background (tests/check_mail.py).
std::string FollowUpHtml(const FollowUp& f, const MailSettings& s) {
  const std::locale& loc = i18n::Default().For(f.language);
  auto esc = [](const std::string& text) { return EscapeHtml(text); };
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"" + f.language + "\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light only\">\n<meta name=\"supported-color-schemes\" content=\"light\">\n"
      "<title>" +
      esc(FollowUpSubject(f, s)) +
      "</title></head>\n"
      "<body style=\"margin:0;padding:0;background-color:#f4f1ea;color:#222222\">\n"
      "<div style=\"max-width:600px;margin:0 auto;padding:16px;background-color:#ffffff;color:#222222;"
      "font-family:sans-serif;font-size:16px;line-height:1.5\">\n<p>" +
      esc(Fill(Tr(loc, "Hi {name},"), {{"name", FirstName(f.me->name)}})) + "</p>\n<p>" + esc(Greeting(loc, f, s)) +
      "</p>\n";
  bool any_card = false;
  for (const MetPerson& p : f.met) {
    const Encounter& e = p.encounter;
    any_card = any_card || p.shared_contact;
    h += "<h2 style=\"font-size:20px;margin:24px 0 4px;color:#222222;background-color:#ffffff\">" +
         esc(ShownName(f, *p.them)) + "</h2>\n";
    if (!p.role.empty())
      h += "<p style=\"margin:0;color:#555555;background-color:#ffffff\">" + esc(p.role) + "</p>\n";
    // The point of the message: what to do next, set apart.
    for (const std::string& step : p.next_steps)
      h += "<p style=\"margin:8px 0;padding:8px 12px;border-left:4px solid #8a6100;background-color:#fff4d6;"
           "color:#222222\"><b>" + esc(Tr(loc, "Next:")) + "</b> " + esc(step) + "</p>\n";
    h += "<ul style=\"padding-left:20px\">\n";
    if (!p.shared.empty())
      h += "<li>" + EscapedWith(Tr(loc, "You both love {passions}"), "passions", "<b>" + esc(p.shared) + "</b>") +
           "</li>\n";
    if (!p.starter.empty())
      h += "<li>" + esc(Fill(Tr(loc, "To pick up where you left off: {question}"), {{"question", p.starter}})) + "</li>\n";
    if (!e.note.empty()) h += "<li>" + esc(Fill(Tr(loc, "Noted at the kiosk: {note}"), {{"note", e.note}})) + "</li>\n";
    if (!e.met_at.empty()) h += "<li>" + esc(Fill(Tr(loc, "You met: {when}"), {{"when", MetWhen(f, e.met_at)}})) + "</li>\n";
    if (!IsForgottenId(p.them->badge_id)) {
      if (p.shared_contact) {
        const std::string link = "<a style=\"color:#1a4fa0\" href=\"mailto:" + esc(p.them->email) + "\">" +
                                 esc(p.them->email) + "</a>";
        h += "<li>" + EscapedWith(Tr(loc, "Contact: {email}"), "email", link) + "</li>\n";
      } else {
        h += "<li>" + esc(NoContactLine(loc, p)) + "</li>\n";
      }
    }
    h += "</ul>\n";
  }
  if (any_card) {
    std::string line = esc(Tr(loc, "The contacts of the people who agreed to share are attached (contacts.vcf): open it "
                                   "to add them to your phone."));
    if (const size_t at = line.find("contacts.vcf"); at != std::string::npos) line.replace(at, 12, "<b>contacts.vcf</b>");
    h += "<p>" + line + "</p>\n";
  }
  h += "<p>" + esc(Tr(loc, "Thank you for coming,")) + "<br>" + esc(s.from.name.empty() ? s.event_name : s.from.name) +
       "</p>\n<p style=\"font-size:13px;color:#595959;background-color:#ffffff\">" + esc(Footer(loc, s)) +
       "</p>\n</div>\n</body></html>\n";
  return h;
}

std::string ComposeFollowUpMail(const FollowUp& f, const MailSettings& s, const std::string& message_id,
                                int64_t date) {
  std::string headers = StructuredHeaderField("From", FormatMailbox(s.from));
  headers += StructuredHeaderField("To", FormatMailbox({f.me->name, f.me->email}));
  if (!s.reply_to.empty()) headers += StructuredHeaderField("Reply-To", s.reply_to);
  headers += HeaderField("Subject", FollowUpSubject(f, s));
  headers += StructuredHeaderField("Content-Language", f.language);
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
