#include "storage/vcard_writer.h"

#include <algorithm>

#include "common/utf8.h"

namespace kindred {

namespace {

// True for a name in Han characters, kana or Hangul: written family name first.
bool FamilyFirst(const std::string& name) {
  if (!IsValidUtf8(name)) return false;
  for (size_t pos = 0; pos < name.size();) {
    const uint32_t cp = NextCodePoint(name, &pos);
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF))
      return true;
  }
  return false;
}

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == ',' || c == ';') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') continue;
    out.push_back(c);
  }
  return out;
}

// Folds a content line at 75 octets, continuing with CRLF + space, without
// splitting a UTF-8 sequence.
void AppendFolded(const std::string& line, std::string* out) {
  size_t start = 0, limit = 75;
  while (line.size() - start > limit) {
    size_t cut = start + limit;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out->append(line, start, cut - start);
    out->append("\r\n ");
    start = cut;
    limit = 74;  // the leading space counts
  }
  out->append(line, start, std::string::npos);
  out->append("\r\n");
}

}  // namespace

std::string VCard30(const Attendee& p, const std::string& note) {
  std::string out = "BEGIN:VCARD\r\nVERSION:3.0\r\n";
  // N is Family;Given. Japanese, Chinese and Korean names are written family
  // name first (田中 由紀); "Okafor, Maya" says so with its comma; otherwise
  // the last word is the family name. A name without spaces goes whole into
  // the family name.
  std::string family = p.name, given;
  if (const size_t comma = p.name.find(','); comma != std::string::npos) {
    family = p.name.substr(0, comma);
    given = p.name.substr(std::min(p.name.size(), p.name.find_first_not_of(' ', comma + 1)));
  } else if (const size_t space = FamilyFirst(p.name) ? p.name.find(' ') : p.name.rfind(' ');
             space != std::string::npos) {
    family = FamilyFirst(p.name) ? p.name.substr(0, space) : p.name.substr(space + 1);
    given = FamilyFirst(p.name) ? p.name.substr(space + 1) : p.name.substr(0, space);
  }
  AppendFolded("FN:" + Escape(p.name), &out);
  AppendFolded("N:" + Escape(family) + ";" + Escape(given) + ";;;", &out);
  if (!p.company.empty()) AppendFolded("ORG:" + Escape(p.company), &out);
  if (!p.title.empty()) AppendFolded("TITLE:" + Escape(p.title), &out);
  if (!p.email.empty()) AppendFolded("EMAIL;TYPE=INTERNET:" + Escape(p.email), &out);
  if (!note.empty()) AppendFolded("NOTE:" + Escape(note), &out);
  out += "END:VCARD\r\n";
  return out;
}

}  // namespace kindred
