// Every word a person reads, in their language: GNU gettext catalogues
// (po/<lang>.po, compiled to <dir>/<lang>/LC_MESSAGES/kindred.mo at build
// time) read with Boost.Locale.
//
// Why Boost.Locale and not libintl: libintl translates into one process-wide
// language (LANGUAGE, setlocale), while Kindred speaks several at once: the
// kiosk shows Maya's welcome in English while the follow-up for Ingrid is
// written in German on another thread. Boost.Locale gives one std::locale
// per language, each carrying its catalogue and plural rule, read from the
// same .mo files translators' tools make.
#pragma once

#include <locale>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kindred::i18n {

// The languages Kindred speaks, each with a complete catalogue: en, de
// (German with Sie), de-informal (German with du, as pretix names it), fr,
// es, ja. English is the source language. po/STYLE.md says how each speaks.
const std::vector<std::string>& Languages();

// How a language with two registers addresses the reader.
enum class Register { kFormal, kInformal };
// "informal" / "formal", as the event's setting stores it (kRegisterSetting).
Register ParseRegister(std::string_view text);

// The pseudo-language of the tests: every translated string marked "[[...]]",
// so a test can prove nothing a person reads escapes the catalogue.
inline constexpr const char* kPseudo = "qps";

// One of Languages() (or kPseudo) for a language tag as rosters and
// registration systems write it: "de", "de-DE", "de_AT", "DE", "pt-br";
// "" when Kindred does not speak it. A register the tag says is kept
// ("de-informal", "de@informal": du; "de-formal": Sie); German without one
// is `unsaid` (the event's register: a setting, formal unless set).
std::string Resolve(std::string_view tag, Register unsaid);
// Resolve with German's register Sie where the tag says none.
std::string Normalize(std::string_view tag);

// The language's own name, for a language picker: "Deutsch", "日本語".
std::string NativeName(const std::string& lang);

// The language without its register, for HTML's lang, Content-Language,
// word forms and fonts: "de" for "de-informal".
std::string Base(const std::string& lang);

// `lang` in register `reg` where it has two ("de" informal is
// "de-informal"); any other language as it is.
std::string WithRegister(const std::string& lang, Register reg);

// Where a language's compiled catalogue lives below the locale folder:
// "de@informal" for "de-informal" (a locale variant), else the code.
std::string CatalogFolder(const std::string& lang);

// The catalogues in one folder. Thread-safe; locales are made once per
// language and kept.
class Catalog {
 public:
  // `dir` holds <lang>/LC_MESSAGES/kindred.mo; a missing catalogue is
  // English (the msgids), never an error.
  explicit Catalog(std::string dir);

  // The locale for `lang` (one of Languages() or kPseudo; anything else is
  // English). The reference stays valid for the catalogue's life.
  const std::locale& For(const std::string& lang) const;

  // Whether a compiled catalogue for `lang` is in the folder.
  bool Has(const std::string& lang) const;

  // Every translation in `lang`'s catalogue, one after another: the glyphs a
  // screen in that language can need (the kiosk's font atlas loads only
  // those). "" when there is no catalogue or it is not a .mo file.
  std::string AllTranslations(const std::string& lang) const;

  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::locale> made_;
};

// Where the compiled catalogues are: $KINDRED_LOCALE, else ../share/locale
// beside the executable (an installed tree) when it holds Kindred's, else the
// build tree's locale/ folder.
std::string LocaleDir();

// The catalogue of LocaleDir(), made on first use.
const Catalog& Default();
// Default().For("en"): what the command line speaks.
const std::locale& English();

// `msgid` in `loc`'s language. xgettext finds these calls (keyword Tr:2).
std::string Tr(const std::locale& loc, const char* msgid);
// The plural form for `n` (keyword TrN:2,3): "{n} encounter" / "{n} encounters".
std::string TrN(const std::locale& loc, const char* one, const char* many, long n);
// Marks a string for the catalogue where it is defined (a table of labels)
// and translated later with Tr(loc, label). Keyword N_.
constexpr const char* N_(const char* msgid) { return msgid; }

// `text` with each "{key}" replaced by its value; unknown keys stay. Values
// are not searched again, so a name with braces in it is safe. A value in a
// right-to-left script is isolated (i18n/bidi.h: Isolated), so it keeps its
// place in the sentence whatever the sentence's language.
std::string Fill(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> args);

// A moment in `loc`'s language and form, in the local time zone (TZ):
// "November 22, 2026 at 6:04 PM", "22. November 2026 um 18:04", "2026年11月22日 18:04".
std::string FormatDateTime(const std::locale& loc, int64_t unix_seconds);

// The same in the IANA time zone `time_zone` ("Europe/Berlin"), named:
// "18. November 2026 um 12:06 (Mitteleuropäische Zeit)". "" is the local zone, unnamed.
std::string FormatDateTimeIn(const std::locale& loc, int64_t unix_seconds, const std::string& time_zone);

// True for an IANA time zone this machine knows ("Europe/Berlin", "UTC").
bool IsTimeZone(const std::string& name);

// How long ago, for "seen 5 minutes ago": "just now", "5 minutes ago",
// "an hour ago", "3 hours ago" in `loc`'s language; "" when seconds < 0.
std::string HowLongAgo(const std::locale& loc, int64_t seconds);

// The language's own way of listing: "a and b", "a, b and c" (English),
// "a und b" (German), "aとb" (Japanese).
std::string JoinAnd(const std::locale& loc, const std::vector<std::string>& items);

}  // namespace kindred::i18n
