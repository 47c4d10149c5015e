// Where a line of text may break, for a screen that wraps text itself:
// between words, and between the characters of Chinese and Japanese (which
// put no spaces between words), never inside a word written in Latin,
// Greek, Cyrillic, Hebrew or Arabic letters or digits, never before a
// closing mark (、。」) or after an opening one (「（). A simplified Unicode
// line breaking algorithm (UAX #14) for what Kindred's screens show.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kindred::i18n {

// `text` (UTF-8, one paragraph) as lines no wider than `width`, as
// `measure` says how wide a piece is. Spaces where a line breaks are
// dropped. A word wider than a whole line is the only thing ever cut, at a
// character. Invalid UTF-8 comes back as one line.
std::vector<std::string> WrapLines(std::string_view text, float width,
                                   const std::function<float(std::string_view)>& measure);

}  // namespace kindred::i18n
