#include "i18n/bidi.h"

#include <fribidi.h>

#include <vector>

namespace kindred::i18n {

bool HasRightToLeft(std::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]), n = static_cast<unsigned char>(text[i + 1]);
    if (b >= 0xD6 && b <= 0xDF) return true;  // U+0580..U+07FF: Hebrew, Arabic, Syriac, Thaana, NKo
    if (b == 0xEF && n >= 0xAC && n <= 0xBB) return true;  // U+FB00..U+FEFF: presentation forms
  }
  return false;
}

namespace {

bool IsBidiMark(FriBidiChar c) {
  return c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string WithoutBidiMarks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    // The marks are three bytes: E2 80 8E/8F/AA-AE, E2 81 A6-A9.
    if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xE2) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]), b2 = static_cast<unsigned char>(text[i + 2]);
      if ((b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) ||
          (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
        i += 3;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

std::string Isolated(std::string_view value) {
  if (!HasRightToLeft(value)) return std::string(value);
  return "\u2068" + std::string(value) + "\u2069";
}

std::string VisualOrder(std::string_view text, bool rtl) {
  if (!HasRightToLeft(text) || text.size() > 1u << 16) return WithoutBidiMarks(text);
  std::vector<FriBidiChar> logical(text.size() + 1), visual(text.size() + 1);
  const FriBidiStrIndex n = fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, text.data(),
                                                       static_cast<FriBidiStrIndex>(text.size()), logical.data());
  if (n <= 0) return std::string(text);
  FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
  // log2vis reorders and shapes (FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC).
  if (!fribidi_log2vis(logical.data(), n, &base, visual.data(), nullptr, nullptr, nullptr)) return std::string(text);
  FriBidiStrIndex kept = 0;
  for (FriBidiStrIndex i = 0; i < n; ++i)
    if (!IsBidiMark(visual[i])) visual[kept++] = visual[i];
  std::string out(static_cast<size_t>(kept) * 4 + 1, '\0');
  const FriBidiStrIndex bytes = fribidi_unicode_to_charset(FRIBIDI_CHAR_SET_UTF8, visual.data(), kept, out.data());
  out.resize(static_cast<size_t>(bytes));
  return out;
}

}  // namespace kindred::i18n
