#include "storage/roster.h"

#include "common/file.h"
#include "common/utf8.h"
#include "storage/text_encoding.h"

#include <csv.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <unordered_map>
#include <optional>

namespace kindred {

namespace {

enum Column { kBadge, kName, kFirst, kLast, kEmail, kCompany, kTitle, kField, kStage, kPassions,
              kOffers, kSeeking, kConsent, kOptOut, kCheckedIn, kLanguage, kNameLatin, kColumnCount };

struct Alias {
  const char* header;  // lower case, trimmed; matched exactly
  Column column;
};

// A registration system's export: how to recognise it and what its headers mean.
// Exact header matches only, so pretix's "Attendee name: Title" (a salutation)
// is never taken for a job title.
struct RosterFormat {
  const char* name;
  const char* signature;  // a header only this export has; "" for the fallback
  std::vector<Alias> aliases;
  bool badge_is_url;      // the badge column holds the URL the QR code carries
};

// Kindred's own template, and the generic names any export may use.
const std::vector<Alias> kCommonAliases = {
    {"badge_id", kBadge}, {"badge id", kBadge}, {"badge", kBadge}, {"ticket secret", kBadge},
    {"barcode", kBadge}, {"name", kName}, {"full name", kName}, {"first name", kFirst},
    {"first_name", kFirst}, {"last name", kLast}, {"last_name", kLast}, {"family name", kLast},
    {"email", kEmail}, {"e-mail", kEmail}, {"email address", kEmail}, {"company", kCompany},
    {"organisation", kCompany}, {"organization", kCompany}, {"title", kTitle}, {"job title", kTitle},
    {"field", kField}, {"industry", kField}, {"stage", kStage}, {"career stage", kStage},
    {"passions", kPassions}, {"interests", kPassions}, {"offers", kOffers}, {"can offer", kOffers},
    {"seeking", kSeeking}, {"looking for", kSeeking}, {"consent", kConsent},
    {"share contact details", kConsent}, {"opt_out", kOptOut}, {"no suggestions", kOptOut},
    {"checked_in", kCheckedIn}, {"checked in", kCheckedIn}, {"language", kLanguage}, {"locale", kLanguage},
    {"preferred language", kLanguage}, {"name_latin", kNameLatin}, {"name latin", kNameLatin},
    {"latin name", kNameLatin}, {"name (latin)", kNameLatin}, {"romanized name", kNameLatin},
    {"romanised name", kNameLatin}};

const std::vector<RosterFormat>& Formats() {
  static const std::vector<RosterFormat> formats = {
      // pretix check-in list: the ticket QR code carries "Secret".
      // Its order data export (the positions sheet: "Ticket secret",
      // "Attendee email") names each order's language "Order locale"
      // ("de", "de-informal", "en").
      {"pretix", "order code", {{"secret", kBadge}, {"attendee name", kName}, {"e-mail", kEmail},
                                {"attendee email", kEmail}, {"order locale", kLanguage}}, false},
      // Eventbrite attendee report: the ticket barcode is "Barcode #".
      {"eventbrite", "barcode #", {{"barcode #", kBadge}, {"first name", kFirst}, {"last name", kLast},
                                   {"email", kEmail}, {"job title", kTitle}, {"company", kCompany},
                                   {"attendee status", kCheckedIn}}, false},
      // Eventbrite's default attendee report has no "Barcode #": attendees are
      // keyed by "Attendee #", and a scanned ticket resolves to it
      // (EventbriteAttendeeIds in scanner/badge_payload.h).
      {"eventbrite", "attendee #", {{"attendee #", kBadge}, {"first name", kFirst}, {"last name", kLast},
                                    {"email", kEmail}, {"job title", kTitle}, {"company", kCompany},
                                    {"attendee status", kCheckedIn}}, false},
      // Tito attendee export: the ticket QR code carries the ticket reference.
      {"tito", "ticket reference", {{"ticket reference", kBadge}, {"ticket full name", kName},
                                    {"ticket first name", kFirst}, {"ticket last name", kLast},
                                    {"ticket email", kEmail}, {"ticket company name", kCompany},
                                    {"ticket job title", kTitle}}, false},
      // Luma guest export: the check-in QR code carries qr_code_url.
      {"luma", "qr_code_url", {{"qr_code_url", kBadge}, {"name", kName}, {"first_name", kFirst},
                               {"last_name", kLast}, {"email", kEmail}, {"checked_in_at", kCheckedIn}}, true},
      {"kindred", "", {}, false},
  };
  return formats;
}

// Custom-question columns ("What are you passionate about?", "Passion 2")
// found by a word in the header. Several columns may feed one list.
Column QuestionColumn(const std::string& h) {
  auto has = [&h](const char* word) { return h.find(word) != std::string::npos; };
  if (has("passion") || has("interest")) return kPassions;
  if (has("looking for") || has("seeking")) return kSeeking;
  if (has("offer")) return kOffers;
  if (has("industry")) return kField;
  if (has("career stage")) return kStage;
  if (has("share my contact") || has("share your contact")) return kConsent;
  return kColumnCount;
}

// The language a cell names, as its primary subtag in lower case: "de-DE",
// "de_AT" and "DE" are "de". A register said is kept: pretix's
// "de-informal" (du) stays so, and pretix's plain "de" means Sie
// ("de-formal"); a plain "de" elsewhere takes the event's register
// (i18n::Resolve). Whether Kindred speaks it is the reader's call.
std::string LanguageCode(std::string_view cell, bool pretix) {
  std::string code, lower;
  for (char c : cell) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char c : lower) {
    if (c == '-' || c == '_' || c == '.' || c == ' ' || c == '@') break;
    if (!std::isalpha(static_cast<unsigned char>(c)) || code.size() == 8) return "";
    code += c;
  }
  if (code.empty()) return code;
  if (lower.find("informal") != std::string::npos) return code + "-informal";
  if (lower.find("formal") != std::string::npos || (pretix && code == "de")) return code + "-formal";
  return code;
}

// The token a ticket URL carries: its "pk", "secret" or "token" query value,
// else its last path segment. Luma prints such URLs in its QR codes.
std::string UrlToken(const std::string& url) {
  size_t q = url.find('?');
  if (q != std::string::npos) {
    for (const char* key : {"pk=", "secret=", "token=", "ticket="}) {
      size_t at = url.find(key, q);
      if (at != std::string::npos && (url[at - 1] == '?' || url[at - 1] == '&')) {
        size_t start = at + std::strlen(key);
        return url.substr(start, url.find('&', start) - start);
      }
    }
  }
  std::string path = url.substr(0, q);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path.substr(path.rfind('/') + 1);
}

std::string NormalizeHeader(std::string h) {
  size_t b = h.find_first_not_of(" \t\r\n\"");
  size_t e = h.find_last_not_of(" \t\r\n\"");
  h = b == std::string::npos ? "" : h.substr(b, e - b + 1);
  for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return h;
}

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool EqualsNoCase(std::string_view a, std::string_view lower) {
  return a.size() == lower.size() &&
         std::equal(a.begin(), a.end(), lower.begin(),
                    [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == y; });
}

std::optional<bool> ParseYesNo(std::string_view v) {
  for (const char* no : {"", "no", "n", "false", "0"})
    if (EqualsNoCase(v, no)) return false;
  for (const char* yes : {"yes", "y", "true", "1", "x"})
    if (EqualsNoCase(v, yes)) return true;
  return std::nullopt;
}

// pretix and Luma write the check-in time, Eventbrite "Checked In" or
// "Attending", Kindred's template yes/no.
bool CheckedIn(std::string_view v) {
  if (EqualsNoCase(v, "attending") || EqualsNoCase(v, "not checked in")) return false;
  std::optional<bool> yes_no = ParseYesNo(v);
  return !yes_no || *yes_no;
}

char DetectDelimiter(std::string_view header_line) {
  size_t commas = std::count(header_line.begin(), header_line.end(), ',');
  size_t semis = std::count(header_line.begin(), header_line.end(), ';');
  size_t tabs = std::count(header_line.begin(), header_line.end(), '\t');
  if (tabs > commas && tabs > semis) return '\t';
  return semis > commas ? ';' : ',';
}

// Collects libcsv's field and record callbacks into rows tagged with lines.
// The field strings are reused from row to row: no allocation per field.
struct RowCollector {
  std::vector<std::string> fields;  // the first `count` are this row's
  size_t count = 0;
  int current_line = 1;     // the physical line being fed to libcsv
  int row_start_line = 1;   // where the record being assembled started
  std::function<void(int line, std::vector<std::string>& fields)> on_row;
};

void OnField(void* s, size_t len, void* data) {
  auto* rc = static_cast<RowCollector*>(data);
  if (rc->count == rc->fields.size()) rc->fields.emplace_back();
  rc->fields[rc->count++].assign(s ? static_cast<const char*>(s) : "", s ? len : 0);
}

void OnRow(int, void* data) {
  auto* rc = static_cast<RowCollector*>(data);
  rc->fields.resize(rc->count);  // no-op but for rows shorter than the longest so far
  rc->on_row(rc->row_start_line, rc->fields);
  rc->count = 0;
  rc->row_start_line = rc->current_line + 1;
}

// Splits into physical lines, keeping each line's '\n'.
std::vector<std::string_view> PhysicalLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

class RosterMapper {
 public:
  // Picks the format (`forced`, or recognised from the header) and maps its columns.
  bool MapHeader(const std::vector<std::string>& raw_header, const std::string& forced, Roster* out,
                 std::string* err) {
    std::vector<std::string> header;
    for (const std::string& h : raw_header) header.push_back(NormalizeHeader(h));
    const RosterFormat* format = nullptr;
    for (const RosterFormat& f : Formats()) {
      bool match = forced.empty() ? (*f.signature == '\0' ||
                                     std::find(header.begin(), header.end(), f.signature) != header.end())
                                  : forced == f.name;
      if (match) {
        format = &f;
        break;
      }
    }
    if (!format) {
      *err = "unknown roster format '" + forced + "' (use " + RosterFormatNames() + ")";
      return false;
    }
    out->format = format->name;
    badge_is_url_ = format->badge_is_url;
    pretix_ = std::string(format->name) == "pretix";
    for (auto& c : cols_) c.clear();
    // The format's own names first, then the common ones, then question columns.
    for (const std::vector<Alias>* aliases : {&format->aliases, &kCommonAliases})
      for (size_t i = 0; i < header.size(); ++i)
        for (const Alias& a : *aliases)
          if (header[i] == a.header && !Mapped(i) && (cols_[a.column].empty() || IsList(a.column)))
            cols_[a.column].push_back(static_cast<int>(i));
    for (size_t i = 0; i < header.size(); ++i) {
      Column c = QuestionColumn(header[i]);
      if (c != kColumnCount && !Mapped(i) && (cols_[c].empty() || IsList(c))) cols_[c].push_back(static_cast<int>(i));
    }
    if (cols_[kBadge].empty()) {
      *err = "no badge ID column for a " + out->format + " roster (expected a header such as badge_id)";
      return false;
    }
    if (cols_[kName].empty() && cols_[kFirst].empty()) {
      *err = "no name column (expected a header such as name, or first name and last name)";
      return false;
    }
    return true;
  }

  void MapRow(int line, const std::vector<std::string>& f, Roster* out,
              const std::function<void(Attendee&&)>& sink) {
    // A trimmed view of a column's cell ("" when the row is short).
    auto cell = [&f, this](Column c) -> std::string_view {
      if (cols_[c].empty() || static_cast<size_t>(cols_[c][0]) >= f.size()) return {};
      return Trim(f[cols_[c][0]]);
    };
    // A list column may come from several question columns: split them all.
    auto list = [&f, this](Column c) {
      std::vector<std::string> items;
      for (int i : cols_[c])
        if (static_cast<size_t>(i) < f.size())
          for (std::string& item : SplitList(f[i])) items.push_back(std::move(item));
      return items;
    };
    auto reject = [out, line](std::string reason) { out->rejected.push_back({line, std::move(reason)}); };
    if (std::all_of(f.begin(), f.end(), [](const std::string& s) { return Trim(s).empty(); })) return;
    for (const std::string& s : f)
      if (!IsValidUtf8(s)) return reject("not UTF-8 text (save the roster as CSV UTF-8)");
    Attendee a;
    a.badge_id = badge_is_url_ ? UrlToken(std::string(cell(kBadge))) : std::string(cell(kBadge));
    a.name = cell(kName);
    if (a.name.empty()) a.name = Trim(std::string(cell(kFirst)) + " " + std::string(cell(kLast)));
    if (a.badge_id.empty()) return reject("no badge ID");
    if (a.badge_id.size() > 128 ||
        std::any_of(a.badge_id.begin(), a.badge_id.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == ' '; }))
      return reject("badge ID '" + a.badge_id.substr(0, 40) + "' has spaces or is too long");
    if (a.name.empty()) return reject("no name for badge " + a.badge_id);
    if (auto [it, fresh] = seen_.emplace(a.badge_id, line); !fresh)
      return reject("badge ID " + a.badge_id + " already used on line " + std::to_string(it->second));
    a.email = cell(kEmail);
    a.company = cell(kCompany);
    a.title = cell(kTitle);
    a.field = cell(kField);
    a.stage = cell(kStage);
    a.passions = list(kPassions);
    a.offers = list(kOffers);
    a.seeking = list(kSeeking);
    std::optional<bool> consent = ParseYesNo(cell(kConsent));
    if (!consent) return reject("consent must be yes or no, not '" + std::string(cell(kConsent)) + "'");
    a.consent = *consent;
    std::optional<bool> opt_out = ParseYesNo(cell(kOptOut));
    if (!opt_out) return reject("opt_out must be yes or no, not '" + std::string(cell(kOptOut)) + "'");
    a.opt_out = *opt_out;
    a.checked_in = CheckedIn(cell(kCheckedIn));
    a.language = LanguageCode(cell(kLanguage), pretix_);
    a.name_latin = cell(kNameLatin);
    if (sink) sink(std::move(a));
    else out->attendees.push_back(std::move(a));
  }

 private:
  static bool IsList(Column c) { return c == kPassions || c == kOffers || c == kSeeking; }
  bool Mapped(size_t i) const {
    for (const auto& c : cols_)
      if (std::find(c.begin(), c.end(), static_cast<int>(i)) != c.end()) return true;
    return false;
  }

  std::vector<int> cols_[kColumnCount];
  bool badge_is_url_ = false;
  std::unordered_map<std::string, int> seen_;  // badge ID -> first line
  bool pretix_ = false;                        // pretix's locales say the register ("de" is Sie)
};

}  // namespace

std::string RosterFormatNames() {
  std::string names;
  for (const RosterFormat& f : Formats()) names += (names.empty() ? "" : ", ") + std::string(f.name);
  return names;
}

bool ParseRoster(std::string_view csv, Roster* out, std::string* err, const RosterProgress& progress,
                 const std::string& format, const std::function<void(Attendee&&)>& sink) {
  *out = {};
  const size_t total = csv.size();
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);
  std::vector<std::string_view> lines = PhysicalLines(csv);
  // Excel's separator hint, "sep=;" on a line of its own before the header.
  size_t first = 0;
  char delimiter = 0;
  if (std::string_view hint = lines.empty() ? "" : lines[0].substr(0, lines[0].find_first_of("\r\n"));
      hint.size() == 5 && hint.starts_with("sep=")) {
    delimiter = hint[4];
    first = 1;
  }
  if (first >= lines.size()) {
    *err = "the roster is empty";
    return false;
  }
  if (!delimiter) delimiter = DetectDelimiter(lines[first]);
  if (!sink) out->attendees.reserve(lines.size());

  RosterMapper mapper;
  bool have_header = false;
  std::string header_error;
  RowCollector rc;
  rc.on_row = [&](int line, std::vector<std::string>& fields) {
    if (!have_header) {
      have_header = true;
      if (!mapper.MapHeader(fields, format, out, &header_error))
        header_error = std::string("line ").append(std::to_string(line)).append(": ").append(header_error);
      return;
    }
    if (header_error.empty()) mapper.MapRow(line, fields, out, sink);
  };

  // Parse strictly (RFC 4180) from `first` to the end. A record with broken
  // quotes is rejected and parsing resumes on the line after the one it
  // started on, so one bad quote never swallows the rest of the file.
  size_t done_bytes = 0;
  while (first < lines.size() && header_error.empty()) {
    csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_delim(&p, static_cast<unsigned char>(delimiter));
    rc.count = 0;
    rc.row_start_line = static_cast<int>(first) + 1;
    bool broken = false;
    const char* reason = "unterminated quote (\") in this record";
    for (size_t i = first; i < lines.size() && header_error.empty(); ++i) {
      rc.current_line = static_cast<int>(i) + 1;
      if (csv_parse(&p, lines[i].data(), lines[i].size(), OnField, OnRow, &rc) != lines[i].size()) {
        broken = true;
        reason = "misplaced quote (\"): a field with quotes must be wholly quoted";
        break;
      }
      done_bytes += lines[i].size();
      if (progress && (i % 4096) == 0) progress(std::min(done_bytes, total), total);
    }
    if (!broken) broken = csv_fini(&p, OnField, OnRow, &rc) != 0;
    csv_free(&p);
    if (!broken || !header_error.empty() || !have_header) break;
    out->rejected.push_back({rc.row_start_line, reason});
    first = static_cast<size_t>(rc.row_start_line);  // the next physical line
  }
  if (progress) progress(total, total);
  if (!have_header) {
    *err = lines.size() > 1 ? "the header row has an unterminated quote (\")"
                            : "the roster has no header row";
    return false;
  }
  if (!header_error.empty()) {
    *err = header_error;
    return false;
  }
  std::sort(out->rejected.begin(), out->rejected.end(),
            [](const RosterRejection& a, const RosterRejection& b) { return a.line < b.line; });
  return true;
}

bool ReadRosterFile(const std::string& path, Roster* out, std::string* err,
                    const RosterProgress& progress, const std::string& format) {
  std::string csv, encoding;
  if (!ReadWholeFile(path, &csv, err)) return false;
  if (!DecodeSpreadsheetText(&csv, &encoding, err)) {
    *err = path + ": " + *err;
    return false;
  }
  if (!ParseRoster(csv, out, err, progress, format)) {
    *err = path + ": " + *err;
    return false;
  }
  out->encoding = encoding;
  return true;
}

}  // namespace kindred

namespace kindred {

bool ImportRosterFile(const std::string& path, EventDb& db, Roster* out, EventDb::UpsertCounts* counts,
                      std::string* err, const RosterProgress& progress, const std::string& format,
                      const std::function<void(Attendee*)>& prepare) {
  std::string csv, encoding;
  if (!ReadWholeFile(path, &csv, err)) return false;
  if (!DecodeSpreadsheetText(&csv, &encoding, err)) return false;
  // The parser hands batches to the writer through a small queue.
  constexpr size_t kBatch = 512;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::vector<Attendee>> queue;
  bool parsed = false;
  bool parse_ok = false;
  std::string parse_err;
  std::thread parser([&] {
    std::vector<Attendee> batch;
    auto flush = [&] {
      std::lock_guard<std::mutex> lock(mu);
      queue.push_back(std::move(batch));
      batch.clear();
      cv.notify_one();
    };
    bool ok = ParseRoster(csv, out, &parse_err, progress, format, [&](Attendee&& a) {
      if (prepare) prepare(&a);
      batch.push_back(std::move(a));
      if (batch.size() == kBatch) flush();
    });
    if (!batch.empty()) flush();
    std::lock_guard<std::mutex> lock(mu);
    parse_ok = ok;
    parsed = true;
    cv.notify_one();
  });
  std::vector<Attendee> current;
  size_t next = 0;
  bool write_ok = db.UpsertAttendeeStream(
      [&](const Attendee** a) {
        if (next == current.size()) {
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return !queue.empty() || parsed; });
          if (queue.empty() || !(parsed ? parse_ok : true)) return false;
          current = std::move(queue.front());
          queue.pop_front();
          next = 0;
        }
        *a = &current[next++];
        return true;
      },
      // Commit only if the whole file could be read as a roster.
      [&] {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return parsed; });
        return parse_ok;
      },
      counts, err);
  parser.join();
  out->encoding = encoding;
  if (!parse_ok) {
    *err = path + ": " + parse_err;
    return false;
  }
  return write_ok;
}

}  // namespace kindred
