// A follow-up as an e-mail: one attendee's conversations, readable as plain
// text and on a phone as HTML, with the contacts of the people who agreed to
// share as a .vcf attachment.
#pragma once

#include <cstdint>
#include <string>

#include "followup/mime.h"
#include "followup/summary.h"

namespace kindred {

struct MailSettings {
  Mailbox from;              // the organisers: "Kindred Mixer <hello@example.org>"
  std::string reply_to;      // where replies go; "" for `from`
  std::string event_name = "the event";
};

// "<uuid@domain-of-from>": unique, and kept across retries of one message.
std::string NewMessageId(const MailSettings& settings);

// The subject line: "Your conversations at Kindred Mixer: 3 people to follow up".
std::string FollowUpSubject(const FollowUp& f, const MailSettings& settings);

// The bodies. Who did not agree to share appears without contact details,
// with how to reach them through the organisers.
std::string FollowUpPlainText(const FollowUp& f, const MailSettings& settings);
std::string FollowUpHtml(const FollowUp& f, const MailSettings& settings);

// The whole message to f.me->email: RFC 5322 headers (From, To, Reply-To,
// Subject, Date, Message-ID, List-Unsubscribe to the organisers), the text
// and HTML bodies, and contacts.vcf when someone they met agreed to share.
// REQUIRES: IsMailAddress(f.me->email).
std::string ComposeFollowUpMail(const FollowUp& f, const MailSettings& settings, const std::string& message_id,
                                int64_t date);

}  // namespace kindred
