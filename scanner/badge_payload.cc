#include "scanner/badge_payload.h"
#include "scanner/badge_signing.h"

#include "common/utf8.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace kindred {

namespace {

constexpr size_t kMaxPayloadBytes = 2953;  // the most bytes a QR code can hold
constexpr size_t kMaxIdBytes = 128;

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// An attendee ID or ticket secret: printable ASCII without spaces or quotes.
bool IsIdLike(std::string_view s) {
  if (s.empty() || s.size() > kMaxIdBytes) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':' || c == '+' || c == '=' || c == '/';
  });
}


BadgePayload NotABadge(std::string reason) {
  BadgePayload p;
  p.reason = std::move(reason);
  return p;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeQuotedPrintable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '=' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string Latin1ToUtf8(std::string_view s) {
  std::string out;
  for (unsigned char c : s) AppendUtf8(c, &out);
  return out;
}

// Unescapes vCard text values: "\," "\;" "\n" "\\".
std::string UnescapeVCardText(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      out.push_back(n == 'n' || n == 'N' ? ' ' : n);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Unfolds vCard lines: RFC 2425/6350 folding (CRLF + space or tab) and
// vCard 2.1 quoted-printable soft line breaks ("=" at the end of a line).
std::vector<std::string> UnfoldVCardLines(std::string_view text) {
  std::vector<std::string> lines;
  std::string current;
  bool qp_continues = false;
  for (std::string_view raw : Split(text, '\n')) {
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (qp_continues) {
      current.pop_back();  // the soft-break '='
      current.append(raw);
    } else if (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t') && !lines.empty()) {
      current.append(raw.substr(1));
    } else {
      if (!current.empty()) lines.push_back(std::move(current));
      current.assign(raw);
    }
    qp_continues = !current.empty() && current.back() == '=' &&
                   Upper(current).find("QUOTED-PRINTABLE") != std::string::npos;
  }
  if (!current.empty()) lines.push_back(std::move(current));
  return lines;
}

// A card with a name is a person: use its UID or e-mail as the badge ID when
// it has one, else derive one from what it says (a business card).
BadgePayload FinishCard(BadgePayload p, const std::string& uid) {
  p.name = std::string(Trim(p.name));
  p.email = std::string(Trim(p.email));
  if (IsIdLike(uid)) p.attendee_id = uid;
  else if (LooksLikeEmail(p.email) && p.email.size() <= 254) p.attendee_id = p.email;
  if (p.attendee_id.empty() && !p.name.empty()) {
    p.attendee_id = CardId(p.name, p.email, p.phone, p.company);
    p.business_card = true;
  }
  if (p.attendee_id.empty()) {
    p.reason = p.kind == BadgeKind::kVCard ? "a contact card without a name" : "a MECARD without a name";
    p.kind = BadgeKind::kNotABadge;
  }
  return p;
}

BadgePayload ParseVCard(std::string_view text) {
  BadgePayload p;
  p.kind = BadgeKind::kVCard;
  std::string uid, n_name;
  int depth = 0, cards = 0;
  for (const std::string& raw : UnfoldVCardLines(text)) {
    const std::string line(Trim(raw));  // stray spaces around lines
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string_view head = Trim(std::string_view(line.data(), colon));
    std::string_view value(line.data() + colon + 1, line.size() - colon - 1);
    std::vector<std::string_view> params = Split(head, ';');
    std::string name = Upper(Trim(params[0]));
    if (size_t dot = name.rfind('.'); dot != std::string::npos) name.erase(0, dot + 1);
    if (name == "BEGIN" && StartsWithNoCase(Trim(value), "VCARD")) {
      ++depth;
      ++cards;
      if (depth > 1) return NotABadge("nested vCard");
      continue;
    }
    if (name == "END" && StartsWithNoCase(Trim(value), "VCARD")) {
      --depth;
      continue;
    }
    if (depth != 1) continue;
    bool qp = false, latin1 = false;
    for (size_t i = 1; i < params.size(); ++i) {
      std::string param = Upper(Trim(params[i]));
      if (param == "QUOTED-PRINTABLE" || param == "ENCODING=QUOTED-PRINTABLE") qp = true;
      if (param.starts_with("CHARSET=") && param != "CHARSET=UTF-8") latin1 = true;
    }
    std::string v = qp ? DecodeQuotedPrintable(value) : std::string(value);
    if (latin1 || !IsValidUtf8(v)) v = Latin1ToUtf8(v);
    // VERSION is not needed: Android writes and reads cards without one.
    if (name == "FN") {
      p.name = UnescapeVCardText(Trim(v));
    } else if (name == "N" && n_name.empty()) {
      // N:Family;Given;Additional;Prefix;Suffix
      std::vector<std::string_view> parts = Split(v, ';');
      std::string given = parts.size() > 1 ? std::string(Trim(parts[1])) : "";
      std::string family(Trim(parts[0]));
      n_name = UnescapeVCardText(Trim(given + " " + family));
    } else if (name == "EMAIL" && p.email.empty()) {
      p.email = std::string(Trim(v));
    } else if (name == "TEL" && p.phone.empty()) {
      p.phone = std::string(Trim(v));
    } else if (name == "ORG" && p.company.empty()) {
      p.company = UnescapeVCardText(Trim(Split(v, ';')[0]));
    } else if (name == "TITLE" && p.title.empty()) {
      p.title = UnescapeVCardText(Trim(v));
    } else if (name == "UID" && uid.empty()) {
      uid = std::string(Trim(v));
    }
  }
  if (cards == 0) return NotABadge("vCard without BEGIN:VCARD");
  if (cards > 1) return NotABadge("several vCards in one code");
  if (p.name.empty()) p.name = n_name;
  if (uid.starts_with("urn:uuid:")) uid.erase(0, 9);
  return FinishCard(std::move(p), uid);
}

BadgePayload ParseMeCard(std::string_view text) {
  BadgePayload p;
  p.kind = BadgeKind::kMeCard;
  std::string_view body = text.substr(7);  // after "MECARD:"
  // Fields are "KEY:value;" with "\;" "\:" "\," escapes.
  std::string field;
  auto flush = [&p](const std::string& raw) {
    const std::string f(Trim(raw));
    size_t colon = f.find(':');
    if (colon == std::string::npos) return;
    std::string key = Upper(Trim(f.substr(0, colon)));
    std::string value(Trim(f.substr(colon + 1)));
    if (key == "N") {
      size_t comma = value.find(',');
      p.name = comma == std::string::npos
                   ? value
                   : std::string(Trim(value.substr(comma + 1) + " " + value.substr(0, comma)));
    } else if (key == "EMAIL" && p.email.empty()) {
      p.email = value;
    } else if (key == "TEL" && p.phone.empty()) {
      p.phone = value;
    } else if (key == "ORG" && p.company.empty()) {
      p.company = value;
    }
  };
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size()) {
      field.push_back(body[++i]);
    } else if (body[i] == ';') {
      flush(field);
      field.clear();
    } else {
      field.push_back(body[i]);
    }
  }
  flush(field);
  if (!IsValidUtf8(p.name)) p.name = Latin1ToUtf8(p.name);
  return FinishCard(std::move(p), "");
}

BadgePayload ParseUrl(std::string_view url) {
  // Ticket URLs carry the token as /t/at/TOKEN/ (pretix-style) or in a query.
  size_t path_start = url.find('/', url.find("://") + 3);
  std::string_view path = path_start == std::string_view::npos ? "" : url.substr(path_start);
  for (std::string_view key : {"secret=", "token=", "ticket=", "badge="}) {
    size_t q = path.find('?');
    if (q == std::string_view::npos) break;
    for (std::string_view param : Split(path.substr(q + 1), '&')) {
      if (param.starts_with(key)) {
        std::string_view token = param.substr(key.size());
        if (IsIdLike(token)) {
          BadgePayload p;
          p.kind = BadgeKind::kUrlToken;
          p.attendee_id = std::string(token);
          return p;
        }
      }
    }
  }
  std::vector<std::string_view> segments;
  for (std::string_view s : Split(path.substr(0, path.find('?')), '/'))
    if (!s.empty()) segments.push_back(s);
  for (size_t i = 0; i + 2 < segments.size(); ++i) {
    if (segments[i] == "t" && segments[i + 1] == "at" && IsIdLike(segments[i + 2])) {
      BadgePayload p;
      p.kind = BadgeKind::kUrlToken;
      p.attendee_id = std::string(segments[i + 2]);
      return p;
    }
  }
  return NotABadge("a web address, not a badge");
}

BadgePayload ParseFieldList(std::string_view text) {
  std::vector<std::string_view> f = Split(text, ',');
  for (auto& s : f) s = Trim(s);
  if (f.size() < 4 || !IsIdLike(f[0]) || !LooksLikeEmail(f[3]))
    return NotABadge("comma-separated text that is not an attendee record");
  BadgePayload p;
  p.kind = BadgeKind::kFieldList;
  p.attendee_id = std::string(f[0]);
  p.name = std::string(Trim(std::string(f[1]) + " " + std::string(f[2])));
  p.email = std::string(f[3]);
  if (f.size() > 4) p.company = std::string(f[4]);
  return p;
}

}  // namespace

bool LooksLikeEmail(std::string_view s) {
  auto at = s.find('@');
  return at != std::string_view::npos && at > 0 && s.find('.', at) != std::string_view::npos &&
         s.find('.', at) + 1 < s.size() && s.find(' ') == std::string_view::npos;
}

std::string CardId(const std::string& name, const std::string& email, const std::string& phone,
                   const std::string& company) {
  // Folded: case and spacing do not change who someone is.
  auto fold = [](std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      const unsigned char u = static_cast<unsigned char>(s[i]);
      if (u < 0x80) {
        if (std::isalnum(u)) out.push_back(static_cast<char>(std::tolower(u)));
        continue;
      }
      out.push_back(static_cast<char>(u));
      // Latin-1 capitals (U+00C0..U+00DE but ×) to small: "É" and "é" are one.
      if (u == 0xC3 && i + 1 < s.size()) {
        unsigned char n = static_cast<unsigned char>(s[++i]);
        if (n >= 0x80 && n <= 0x9E && n != 0x97) n = static_cast<unsigned char>(n + 0x20);
        out.push_back(static_cast<char>(n));
      }
    }
    return out;
  };
  std::string digits;
  for (char c : phone)
    if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  const std::string key = fold(name) + "|" + (!email.empty() ? fold(email) : !digits.empty() ? digits : fold(company));
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return "card-" + std::string(hex, 12);
}

std::vector<std::string> EventbriteAttendeeIds(std::string_view code) {
  std::vector<std::string> ids;
  if (code.size() < 17 || code.size() > 40 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return ids;
  // The suffix is three digits; the attendee number is 8 to 12 digits (10 in
  // today's reports) and the order number before it at least as long.
  const std::string_view body = code.substr(0, code.size() - 3);
  for (size_t len : {10u, 11u, 9u, 12u, 8u}) {
    if (body.size() < 2 * len - 2) continue;
    ids.emplace_back(body.substr(body.size() - len));
  }
  return ids;
}

const char* BadgeKindName(BadgeKind kind) {
  switch (kind) {
    case BadgeKind::kPlainId: return "plain_id";
    case BadgeKind::kUrlToken: return "url_token";
    case BadgeKind::kAtToken: return "at_token";
    case BadgeKind::kFieldList: return "field_list";
    case BadgeKind::kVCard: return "vcard";
    case BadgeKind::kMeCard: return "mecard";
    case BadgeKind::kSigned: return "signed";
    case BadgeKind::kNotABadge: return "not_a_badge";
  }
  return "not_a_badge";
}

BadgePayload ParseBadgePayload(std::string_view raw) {
  if (raw.size() > kMaxPayloadBytes) return NotABadge("payload too long for a badge");
  if (!IsValidUtf8(raw)) return NotABadge("payload is not valid UTF-8 text");
  std::string_view text = Trim(raw);
  if (text.empty()) return NotABadge("empty payload");
  if (text.starts_with("KDN1:")) {
    size_t colon = text.rfind(':');
    std::string_view id = text.substr(5, colon - 5);
    if (colon <= 5 || !IsIdLike(id)) return NotABadge("malformed signed badge");
    BadgePayload p;
    p.kind = BadgeKind::kSigned;
    p.attendee_id = std::string(id);
    return p;
  }
  if (StartsWithNoCase(Trim(text), "BEGIN:VCARD")) return ParseVCard(Trim(text));
  if (StartsWithNoCase(text, "MECARD:")) return ParseMeCard(text);
  if (StartsWithNoCase(text, "WIFI:")) return NotABadge("a Wi-Fi code, not a badge");
  if (text.starts_with("AT$") && text.ends_with("$AT") && text.size() > 6) {
    std::string_view token = text.substr(3, text.size() - 6);
    if (!IsIdLike(token)) return NotABadge("AT$...$AT code with a malformed token");
    BadgePayload p;
    p.kind = BadgeKind::kAtToken;
    p.attendee_id = std::string(token);
    return p;
  }
  if (const std::string inner = SignedBadgeInUrl(text); !inner.empty()) return ParseBadgePayload(inner);
  if (StartsWithNoCase(text, "http://") || StartsWithNoCase(text, "https://")) return ParseUrl(text);
  if (text.find(',') != std::string_view::npos) return ParseFieldList(text);
  if (IsIdLike(text)) {
    BadgePayload p;
    p.kind = BadgeKind::kPlainId;
    p.attendee_id = std::string(text);
    return p;
  }
  return NotABadge("text of no badge format Kindred knows");
}

}  // namespace kindred
