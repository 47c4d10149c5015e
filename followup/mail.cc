#include "followup/mail.h"

#include <fmt/core.h>

#include <algorithm>

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

// Whether anyone in `f` shared their contact details (contacts.vcf is attached).
bool AnyCard(const FollowUp& f) {
  return std::any_of(f.met.begin(), f.met.end(), [](const MetPerson& p) { return p.shown.contact; });
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
  std::string t = Salutation(f) + "\n\n" + Opening(f, s.event_name) + "\n";
  for (const MetPerson& p : f.met) {
    t += fmt::format("\n{}\n", Heading(f, p));
    const PersonLines lines = LinesAbout(f, p);
    for (const std::string& line : lines.next) t += "  " + Fill(Tr(loc, "Next: {step}"), {{"step", line}}) + "\n";
    for (const std::string& line : lines.facts) t += "  " + line + "\n";
    if (!lines.contact.empty()) t += "  " + lines.contact + "\n";
  }
  if (AnyCard(f))
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
      "<!DOCTYPE html>\n<html lang=\"" + i18n::Base(f.language) + "\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light only\">\n<meta name=\"supported-color-schemes\" content=\"light\">\n"
      "<title>" +
      esc(FollowUpSubject(f, s)) +
      "</title></head>\n"
      "<body style=\"margin:0;padding:0;background-color:#f4f1ea;color:#222222\">\n"
      "<div style=\"max-width:600px;margin:0 auto;padding:16px;background-color:#ffffff;color:#222222;"
      "font-family:sans-serif;font-size:16px;line-height:1.5\">\n<p>" +
      esc(Salutation(f)) + "</p>\n<p>" + esc(Opening(f, s.event_name)) + "</p>\n";
  for (const MetPerson& p : f.met) {
    h += "<h2 style=\"font-size:20px;margin:24px 0 4px;color:#222222;background-color:#ffffff\">" +
         esc(ShownName(f, *p.them)) + "</h2>\n";
    if (const std::string role = p.shown.Role(); !role.empty())
      h += "<p style=\"margin:0;color:#555555;background-color:#ffffff\">" + esc(role) + "</p>\n";
    // The same lines as the plain part (LinesAbout); the point of the
    // message, what to do next, set apart.
    const PersonLines lines = LinesAbout(f, p);
    for (const std::string& step : lines.next)
      h += "<p style=\"margin:8px 0;padding:8px 12px;border-left:4px solid #8a6100;background-color:#fff4d6;"
           "color:#222222\">" + EscapedWith(Tr(loc, "Next: {step}"), "step", esc(step)) + "</p>\n";
    h += "<ul style=\"padding-left:20px\">\n";
    for (const std::string& line : lines.facts) h += "<li>" + esc(line) + "</li>\n";
    if (p.shown.contact && !p.shown.email.empty()) {
      const std::string link = "<a style=\"color:#1a4fa0\" href=\"mailto:" + esc(p.shown.email) + "\">" +
                               esc(p.shown.email) + "</a>";
      // The address on a line of its own: long ones wrap on a phone, and no
      // tag meets the label's last letter (in Japanese, with no space between,
      // spam filters read text split by tags as hiding words: HTML_OBFUSCATE).
      h += "<li>" + EscapedWith(Tr(loc, "Contact: {email}"), "email", "<br>" + link) + "</li>\n";
    } else if (!lines.contact.empty()) {
      h += "<li>" + esc(lines.contact) + "</li>\n";
    }
    h += "</ul>\n";
  }
  if (AnyCard(f)) {
    h += "<p>" + esc(Tr(loc, "The contacts of the people who agreed to share are attached (contacts.vcf): open it "
                             "to add them to your phone.")) + "</p>\n";
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
  headers += StructuredHeaderField("Content-Language", i18n::Base(f.language));
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
