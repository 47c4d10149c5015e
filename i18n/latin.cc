#include "i18n/latin.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

namespace kindred::i18n {

std::string LatinSpelling(std::string_view text) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return "";
  // One transliterator per thread: ICU's are not to be shared while in use.
  thread_local std::unique_ptr<icu::Transliterator> to_latin = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    return U_SUCCESS(status) ? std::move(t) : nullptr;
  }();
  if (!to_latin) return "";
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  to_latin->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  // Only letters, digits and single spaces are kept (transliteration leaves
  // marks such as ' and ` for some letters).
  std::string clean;
  for (char c : out) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) clean += c;
    else if ((c == ' ' || c == '-') && !clean.empty() && clean.back() != ' ') clean += ' ';
  }
  while (!clean.empty() && clean.back() == ' ') clean.pop_back();
  return clean;
}

std::string ConsonantSkeleton(std::string_view latin) {
  std::string out;
  for (char c : latin) {
    const char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (l >= 'a' && l <= 'z' && std::string_view("aeiouy").find(l) == std::string_view::npos) out += l;
    else if (l == ' ' && !out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

}  // namespace kindred::i18n
