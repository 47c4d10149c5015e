#include "i18n/line_break.h"

#include "common/utf8.h"

namespace kindred::i18n {

namespace {

// Ideographs, kana, fullwidth forms: each one may stand on a line of its own.
bool IsCjk(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

// Marks a line must not start with (closing punctuation, small kana, the prolonged sound mark).
bool NoBreakBefore(uint32_t cp) {
  static const std::u32string kClosing = U"、。，．・：；？！）」』】〕〉》〙〗ゝゞーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ)]},.:;!?%\u2019\u201d\u2026";
  return kClosing.find(static_cast<char32_t>(cp)) != std::u32string::npos;
}

// Marks a line must not end with (opening punctuation).
bool NoBreakAfter(uint32_t cp) {
  static const std::u32string kOpening = U"（「『【〔〈《〘〖([{\u2018\u201c\u201e\u00ab";
  return kOpening.find(static_cast<char32_t>(cp)) != std::u32string::npos;
}

bool IsSpace(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

// The bidi controls Fill puts round a value: they belong to what they surround.
bool IsMark(uint32_t cp) { return cp == 0x200E || cp == 0x200F || (cp >= 0x2066 && cp <= 0x2069); }

}  // namespace

std::vector<std::string> WrapLines(std::string_view text, float width,
                                   const std::function<float(std::string_view)>& measure) {
  if (!IsValidUtf8(text) || measure(text) <= width) return {std::string(text)};
  // Each character's start, and whether a line may break before it.
  std::vector<size_t> starts;
  std::vector<bool> may_break;
  uint32_t prev = 0, prev_shown = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    const uint32_t cp = NextCodePoint(text, &pos);
    bool brk = false;
    if (!starts.empty() && !IsMark(cp)) {
      if (IsSpace(prev)) brk = !IsSpace(cp);                                     // after a space
      else if (IsCjk(cp) || IsCjk(prev_shown)) brk = !IsSpace(cp);               // around CJK
      if (brk && (NoBreakBefore(cp) || NoBreakAfter(prev_shown))) brk = false;
    }
    starts.push_back(start);
    may_break.push_back(brk);
    prev = cp;
    if (!IsMark(cp)) prev_shown = cp;
  }
  starts.push_back(text.size());
  auto trimmed = [&](size_t from, size_t to) {  // [from, to) without spaces at its ends
    std::string_view s = text.substr(starts[from], starts[to] - starts[from]);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return std::string(s);
  };
  std::vector<std::string> lines;
  const size_t n = starts.size() - 1;
  size_t line = 0;
  while (line < n) {
    // The furthest break (or the end) that still fits.
    size_t fit = line, last_char_fit = line;
    for (size_t i = line + 1; i <= n; ++i) {
      const bool can_end = i == n || may_break[i];
      if (measure(trimmed(line, i)) > width) break;
      last_char_fit = i;
      if (can_end) fit = i;
    }
    if (fit == line) fit = last_char_fit > line ? last_char_fit : line + 1;  // a word longer than a line
    lines.push_back(trimmed(line, fit));
    line = fit;
    while (line < n && IsSpace(static_cast<unsigned char>(text[starts[line]]))) ++line;
  }
  return lines;
}

}  // namespace kindred::i18n
