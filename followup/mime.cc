#include "followup/mime.h"

#include <sodium.h>

#include <fmt/core.h>

#include <ctime>

#include "common/utf8.h"

namespace kindred {

namespace {

constexpr size_t kMaxLine = 78;   // RFC 5322's recommended line length
constexpr size_t kQpLine = 76;    // RFC 2045's limit for encoded lines

bool IsAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Line breaks and other control characters would end a header early.
std::string NoControls(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c);
  return out;
}

std::string Base64(std::string_view data) {
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// The longest prefix of `s` of at most `max` octets that ends between two
// UTF-8 characters (at least one character, so progress is always made).
size_t CharBoundary(std::string_view s, size_t max) {
  if (s.size() <= max) return s.size();
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  if (n == 0) {  // a character longer than `max`: take it whole
    n = 1;
    while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
  }
  return n;
}

// `value` as encoded-words joined by folding whitespace; the first word fits
// after `used` octets already on its line.
std::string EncodedWords(std::string_view value, size_t used) {
  std::string out;
  size_t room = kMaxLine - used;
  while (!value.empty()) {
    // "=?UTF-8?B?" + "?=" is 12 octets; an encoded-word is at most 75.
    const size_t b64_room = std::min<size_t>(room > 12 ? room - 12 : 4, 75 - 12);
    const size_t n = CharBoundary(value, std::max<size_t>(3, b64_room / 4 * 3));
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(value.substr(0, n)) + "?=";
    value.remove_prefix(n);
    room = kMaxLine - 1;
  }
  return out;
}

// "Name: value" folded at spaces so lines stay within 78 octets where the
// words allow.
std::string FoldAtSpaces(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ":";
  size_t line = out.size();
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(' ', start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view word = value.substr(start, end - start);
    if (!word.empty()) {
      if (line + 1 + word.size() > kMaxLine && line > name.size() + 1) {
        out += "\r\n";
        line = 0;
      }
      out += " ";
      out += word;
      line += 1 + word.size();
    }
    start = end + 1;
  }
  return out + "\r\n";
}

}  // namespace

bool IsMailAddress(std::string_view a) {
  if (a.size() < 3 || a.size() > 254) return false;
  const size_t at = a.find('@');
  if (at == 0 || at == std::string_view::npos || a.find('@', at + 1) != std::string_view::npos) return false;
  for (unsigned char c : a)
    if (c <= 0x20 || c >= 0x7F || std::string_view("\"(),:;<>[\\]").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  const std::string_view domain = a.substr(at + 1);
  return domain.find('.') != std::string_view::npos && domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

bool ParseMailbox(std::string_view text, Mailbox* out, std::string* err) {
  *out = {};
  text = Trim(text);
  std::string_view address = text;
  if (const size_t open = text.rfind('<'); open != std::string_view::npos) {
    const size_t close = text.find('>', open);
    if (close == std::string_view::npos || !Trim(text.substr(close + 1)).empty()) {
      *err = fmt::format("\"{}\" is not an address: write it as \"Name <name@example.org>\"", text);
      return false;
    }
    address = Trim(text.substr(open + 1, close - open - 1));
    std::string_view name = Trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    for (size_t i = 0; i < name.size(); ++i) {
      if (name[i] == '\\' && i + 1 < name.size()) ++i;
      out->name.push_back(name[i]);
    }
    if (!IsValidUtf8(out->name)) {
      *err = "the name in \"" + std::string(text) + "\" is not valid UTF-8";
      return false;
    }
    out->name = NoControls(out->name);
  }
  if (!IsMailAddress(address)) {
    *err = fmt::format("\"{}\" is not an e-mail address", address);
    return false;
  }
  out->address = std::string(address);
  return true;
}

std::string FormatMailbox(const Mailbox& m) {
  const std::string name = NoControls(Trim(m.name));
  if (name.empty()) return m.address;
  if (!IsAscii(name)) return EncodedWords(name, 6) + " <" + m.address + ">";
  if (name.find_first_of("()<>[]:;@\\,.\"") == std::string::npos) return name + " <" + m.address + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  return quoted + "\" <" + m.address + ">";
}

std::string HeaderField(std::string_view name, std::string_view value) {
  const std::string clean = NoControls(value);
  if (IsAscii(clean)) return FoldAtSpaces(name, clean);
  return std::string(name) + ": " + EncodedWords(clean, name.size() + 2) + "\r\n";
}

std::string StructuredHeaderField(std::string_view name, std::string_view value) {
  return FoldAtSpaces(name, NoControls(value));
}

std::string QuotedPrintable(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t line = 0;
  auto emit = [&](std::string_view piece) {
    if (line + piece.size() > kQpLine - 1) {  // room for the soft break's '='
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      out += "\r\n";
      line = 0;
      continue;
    }
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    const bool literal = (c >= 33 && c <= 126 && c != '=' && !(c == '.' && line == 0)) ||
                         ((c == ' ' || c == '\t') && !line_end);
    if (literal) {
      const char ch = static_cast<char>(c);
      emit(std::string_view(&ch, 1));
    } else {
      const char esc[3] = {'=', kHex[c >> 4], kHex[c & 15]};
      emit(std::string_view(esc, 3));
    }
  }
  return out;
}

std::string Base64Lines(std::string_view data) {
  const std::string b64 = Base64(data);
  std::string out;
  for (size_t i = 0; i < b64.size(); i += kQpLine) out += b64.substr(i, kQpLine) + "\r\n";
  return out;
}

std::string MailDate(int64_t t) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  gmtime_r(&tt, &tm);
  char buf[64];
  snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
           kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string ComposeMessage(const std::string& headers, std::string_view text, std::string_view html,
                           const std::vector<MailAttachment>& attachments, std::string_view boundary_seed) {
  // "=_" cannot occur in quoted-printable or base64 text, so no body can
  // contain a boundary.
  std::string seed;
  for (char c : boundary_seed)
    if (std::isalnum(static_cast<unsigned char>(c))) seed.push_back(c);
  const std::string alt = "=_alt_" + seed, mixed = "=_mixed_" + seed;

  std::string alternative;
  alternative += "--" + alt + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                 "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + QuotedPrintable(text) + "\r\n";
  alternative += "--" + alt + "\r\nContent-Type: text/html; charset=utf-8\r\n"
                 "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + QuotedPrintable(html) + "\r\n";
  alternative += "--" + alt + "--\r\n";
  const std::string alt_type = "Content-Type: multipart/alternative;\r\n boundary=\"" + alt + "\"\r\n";

  std::string out = headers + "MIME-Version: 1.0\r\n";
  if (attachments.empty()) return out + alt_type + "\r\n" + alternative;
  out += "Content-Type: multipart/mixed;\r\n boundary=\"" + mixed + "\"\r\n\r\n";
  out += "--" + mixed + "\r\n" + alt_type + "\r\n" + alternative;
  for (const MailAttachment& a : attachments) {
    out += "--" + mixed + "\r\nContent-Type: " + a.content_type + ";\r\n name=\"" + a.file_name +
           "\"\r\nContent-Disposition: attachment;\r\n filename=\"" + a.file_name +
           "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(a.data);
  }
  return out + "--" + mixed + "--\r\n";
}

}  // namespace kindred
