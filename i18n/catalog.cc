#include "i18n/catalog.h"

#include "i18n/bidi.h"

#include <boost/locale/generator.hpp>
#include <boost/locale/format.hpp>
#include <boost/locale/formatting.hpp>
#include <boost/locale/message.hpp>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <system_error>

namespace kindred::i18n {

const std::vector<std::string>& Languages() {
  static const std::vector<std::string> kLanguages = {"en", "de", "de-informal", "fr", "es", "ja"};
  return kLanguages;
}

Register ParseRegister(std::string_view text) {
  return text == "informal" || text == "du" ? Register::kInformal : Register::kFormal;
}

std::string Resolve(std::string_view tag, Register unsaid) {
  std::string lang, lower;
  for (char c : tag) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char c : lower) {
    if (c == '-' || c == '_' || c == '.' || c == '@') break;
    lang += c;
  }
  if (lang == kPseudo) return lang;
  // pretix's "de-informal" (also "de_informal", "de@informal"): German with du.
  if (lang == "de") {
    if (lower.find("informal") != std::string::npos) return "de-informal";
    if (lower.find("formal") != std::string::npos) return "de";
    return WithRegister("de", unsaid);
  }
  const auto& all = Languages();
  return std::find(all.begin(), all.end(), lang) != all.end() ? lang : "";
}

std::string Normalize(std::string_view tag) { return Resolve(tag, Register::kFormal); }

std::string Base(const std::string& lang) { return lang.substr(0, lang.find('-')); }

std::string WithRegister(const std::string& lang, Register reg) {
  if (lang == "de" && reg == Register::kInformal) return "de-informal";
  if (lang == "de-informal" && reg == Register::kFormal) return "de";
  return lang;
}

std::string NativeName(const std::string& lang) {
  static const std::map<std::string, std::string> kNames = {
      {"en", "English"},     {"de", "Deutsch"}, {"de-informal", "Deutsch (du)"}, {"fr", "Français"},
      {"es", "Español"},     {"ja", "日本語"}, {kPseudo, "[[Pseudo]]"}};
  auto it = kNames.find(lang);
  return it == kNames.end() ? lang : it->second;
}

std::string CatalogFolder(const std::string& lang) {
  const size_t dash = lang.find('-');
  return dash == std::string::npos ? lang : lang.substr(0, dash) + "@" + lang.substr(dash + 1);
}

Catalog::Catalog(std::string dir) : dir_(std::move(dir)) {}

const std::locale& Catalog::For(const std::string& lang) const {
  const std::string key = Normalize(lang).empty() ? "en" : Normalize(lang);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = made_.find(key);
  if (it != made_.end()) return it->second;
  boost::locale::generator gen;
  gen.add_messages_path(dir_);
  gen.add_messages_domain("kindred");
  // A register is a variant: "de-informal" is de.UTF-8@informal (its
  // catalogue in de@informal/, dates and plurals as German's).
  const size_t dash = key.find('-');
  const std::string name =
      dash == std::string::npos ? key + ".UTF-8" : key.substr(0, dash) + ".UTF-8@" + key.substr(dash + 1);
  return made_.emplace(key, gen(name)).first->second;
}

bool Catalog::Has(const std::string& lang) const {
  std::error_code ec;
  return std::filesystem::exists(dir_ + "/" + CatalogFolder(lang) + "/LC_MESSAGES/kindred.mo", ec);
}

std::string Catalog::AllTranslations(const std::string& lang) const {
  std::string mo;
  {
    FILE* f = std::fopen((dir_ + "/" + CatalogFolder(lang) + "/LC_MESSAGES/kindred.mo").c_str(), "rb");
    if (!f) return "";
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) mo.append(buf, n);
    std::fclose(f);
  }
  // GNU .mo: magic, revision, N, offset of the originals' table, offset of
  // the translations' table; each table N (length, offset) pairs. Written
  // in the byte order of the machine that made it (msgfmt: this one's).
  auto u32 = [&mo](size_t at) -> uint32_t {
    if (at + 4 > mo.size()) return 0;
    uint32_t v;
    std::memcpy(&v, mo.data() + at, 4);
    return v;
  };
  if (u32(0) != 0x950412deu) return "";
  const uint32_t count = u32(8), table = u32(16);
  std::string out;
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t len = u32(table + 8ull * i), at = u32(table + 8ull * i + 4);
    if (static_cast<uint64_t>(at) + len > mo.size()) return "";
    out.append(mo, at, len).push_back('\n');
  }
  return out;
}

std::string LocaleDir() {
  if (const char* env = std::getenv("KINDRED_LOCALE"); env && *env) return env;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "locale";
    if (std::filesystem::exists(installed / "de" / "LC_MESSAGES" / "kindred.mo", ec)) return installed.string();
  }
  return KINDRED_BUILD_LOCALE;
}

const Catalog& Default() {
  static const Catalog catalog(LocaleDir());
  return catalog;
}

const std::locale& English() { return Default().For("en"); }

std::string Tr(const std::locale& loc, const char* msgid) { return boost::locale::translate(msgid).str(loc); }

std::string TrN(const std::locale& loc, const char* one, const char* many, long n) {
  return boost::locale::translate(one, many, n).str(loc);
}

std::string Fill(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> args) {
  std::string out;
  out.reserve(text.size() + 32);
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      const size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view key = text.substr(i + 1, close - i - 1);
        const auto* hit = std::find_if(args.begin(), args.end(), [&](const auto& a) { return a.first == key; });
        if (hit != args.end()) {
          out += Isolated(hit->second);  // a name or word in another script keeps its own order
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

std::string FormatDateTime(const std::locale& loc, int64_t unix_seconds) {
  std::ostringstream out;
  out.imbue(loc);
  out << boost::locale::as::datetime << boost::locale::as::date_long << boost::locale::as::time_short
      << boost::locale::as::local_time << static_cast<double>(unix_seconds);
  return out.str();
}

std::string FormatDateTimeIn(const std::locale& loc, int64_t unix_seconds, const std::string& time_zone) {
  if (time_zone.empty()) return FormatDateTime(loc, unix_seconds);
  std::ostringstream when, zone;
  for (std::ostringstream* o : {&when, &zone}) o->imbue(loc);
  when << boost::locale::as::datetime << boost::locale::as::date_long << boost::locale::as::time_short
       << boost::locale::as::time_zone(time_zone) << static_cast<double>(unix_seconds);
  zone << boost::locale::as::time_zone(time_zone) << boost::locale::as::ftime("%Z") << static_cast<double>(unix_seconds);
  // TRANSLATORS: a moment and the time zone it is in: "18. November 2026 um
  // 12:06 (Mitteleuropäische Zeit)".
  return Fill(Tr(loc, "{when} ({zone})"), {{"when", when.str()}, {"zone", zone.str()}});
}

bool IsTimeZone(const std::string& name) {
  if (name == "UTC") return true;
  if (name.empty() || name.find("..") != std::string::npos || name[0] == '/') return false;
  std::error_code ec;
  return std::filesystem::is_regular_file("/usr/share/zoneinfo/" + name, ec);
}

std::string HowLongAgo(const std::locale& loc, int64_t seconds) {
  if (seconds < 0) return "";
  if (seconds < 90) return Tr(loc, "just now");
  if (seconds < 90 * 60) {
    const long minutes = static_cast<long>((seconds + 30) / 60);
    return Fill(TrN(loc, "{n} minute ago", "{n} minutes ago", minutes), {{"n", std::to_string(minutes)}});
  }
  const long hours = static_cast<long>((seconds + 1800) / 3600);
  return hours == 1 ? Tr(loc, "an hour ago")
                    : Fill(TrN(loc, "{n} hour ago", "{n} hours ago", hours), {{"n", std::to_string(hours)}});
}

std::string JoinAnd(const std::locale& loc, const std::vector<std::string>& items) {
  if (items.empty()) return "";
  if (items.size() == 1) return items[0];
  // TRANSLATORS: the separator between the first items of a list: "a, b and c".
  const std::string comma = Tr(loc, ", ");
  std::string head = items[0];
  for (size_t i = 1; i + 1 < items.size(); ++i) head += comma + items[i];
  // TRANSLATORS: the last two items of a list: "{a} and {b}".
  return Fill(Tr(loc, "{a} and {b}"), {{"a", head}, {"b", items.back()}});
}

}  // namespace kindred::i18n
