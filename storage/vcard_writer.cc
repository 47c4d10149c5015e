#include "storage/vcard_writer.h"

namespace kindred {

namespace {

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
  // N is Family;Given: the last word is taken as the family name, except for
  // names without spaces (e.g. CJK), which go whole into the family name.
  size_t space = p.name.rfind(' ');
  std::string family = space == std::string::npos ? p.name : p.name.substr(space + 1);
  std::string given = space == std::string::npos ? "" : p.name.substr(0, space);
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
