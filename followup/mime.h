// The pieces of an Internet message (RFC 5322, MIME: RFC 2045-2047) that
// follow-up e-mail needs: addresses, encoded headers, bodies in 7-bit-safe
// encodings. Pure functions on strings; every line ends in CRLF.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kindred {

struct Mailbox {
  std::string name;     // display name, UTF-8; may be empty
  std::string address;  // "maya@example.org"
};

// True for an address a mail server accepts and a header cannot be broken
// by: printable ASCII, one '@', a dotted domain, no spaces, quotes, angle
// brackets, commas or line breaks, at most 254 octets.
bool IsMailAddress(std::string_view address);

// Reads "Maya Okafor <maya@example.org>", "\"Okafor, Maya\" <maya@...>" or a
// bare address. False with a one-line reason when it is not one mailbox.
bool ParseMailbox(std::string_view text, Mailbox* out, std::string* err);

// The mailbox as a header value: the name as is when it is plain ASCII
// words, quoted when it has specials, RFC 2047 encoded-words when it is not
// ASCII: "=?UTF-8?B?Sm9zw6k=?= <jose@example.org>".
std::string FormatMailbox(const Mailbox& m);

// One header field, "Name: value\r\n", folded so no line passes 78 octets.
// A value that is not ASCII becomes UTF-8 encoded-words (RFC 2047, base64),
// never splitting a character.
std::string HeaderField(std::string_view name, std::string_view value);

// As HeaderField, for a value already in header syntax (addresses from
// FormatMailbox, message IDs): folded at spaces only, never encoded.
std::string StructuredHeaderField(std::string_view name, std::string_view value);

// UTF-8 text as quoted-printable (RFC 2045): line ends become CRLF, lines
// are at most 76 octets (soft breaks never inside an escape), trailing
// spaces and '=' escaped.
std::string QuotedPrintable(std::string_view text);

// Bytes as base64 in lines of 76 characters, each ending in CRLF.
std::string Base64Lines(std::string_view data);

// `t` (seconds since the epoch) as an RFC 5322 date: "Sun, 22 Nov 2026 18:04:05 +0000".
std::string MailDate(int64_t t);

struct MailAttachment {
  std::string file_name;     // ASCII, e.g. "contacts.vcf"
  std::string content_type;  // e.g. "text/vcard; charset=utf-8"
  std::string data;
};

// A whole message: `headers` (already formatted fields), then a
// multipart/alternative of `text` and `html` (quoted-printable, UTF-8),
// inside multipart/mixed with the attachments (base64) when there are any.
// `boundary_seed` makes the MIME boundaries (any text unique per message).
std::string ComposeMessage(const std::string& headers, std::string_view text, std::string_view html,
                           const std::vector<MailAttachment>& attachments, std::string_view boundary_seed);

}  // namespace kindred
