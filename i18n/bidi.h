// Right-to-left scripts as a screen that draws left to right needs them:
// Arabic and Hebrew in visual order, Arabic letters joined (presentation
// forms), through GNU FriBidi (Unicode's bidirectional algorithm, UAX #9).
// Dear ImGui draws code points in the order given and shapes nothing.
#pragma once

#include <string>
#include <string_view>

namespace kindred::i18n {

// Whether `text` (UTF-8) holds a right-to-left letter (Hebrew, Arabic,
// Syriac, Thaana, NKo, their presentation forms).
bool HasRightToLeft(std::string_view text);

// `text` (UTF-8, in logical order: as typed and stored) in visual order, left
// to right on the screen, Arabic shaped into its joined presentation forms.
// The paragraph direction is that of the first strong letter: "Hi, שרה!" stays
// a left-to-right sentence with the name's letters reversed. One line: draw a
// wrapped text line by line. Text without right-to-left letters is returned
// as it is; invalid UTF-8 too.
std::string VisualOrder(std::string_view text);

}  // namespace kindred::i18n
