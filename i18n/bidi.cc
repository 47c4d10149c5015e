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

std::string VisualOrder(std::string_view text) {
  if (!HasRightToLeft(text) || text.size() > 1u << 16) return std::string(text);
  std::vector<FriBidiChar> logical(text.size() + 1), visual(text.size() + 1);
  const FriBidiStrIndex n = fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, text.data(),
                                                       static_cast<FriBidiStrIndex>(text.size()), logical.data());
  if (n <= 0) return std::string(text);
  FriBidiParType base = FRIBIDI_PAR_ON;
  // log2vis reorders and shapes (FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC).
  if (!fribidi_log2vis(logical.data(), n, &base, visual.data(), nullptr, nullptr, nullptr)) return std::string(text);
  std::string out(static_cast<size_t>(n) * 4 + 1, '\0');
  const FriBidiStrIndex bytes = fribidi_unicode_to_charset(FRIBIDI_CHAR_SET_UTF8, visual.data(), n, out.data());
  out.resize(static_cast<size_t>(bytes));
  return out;
}

}  // namespace kindred::i18n
