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
// The paragraph's direction is the reader's language's (`rtl`: none of the
// languages Kindred speaks yet), not the first letter's: a Hebrew name at
// the start of a Japanese sentence stays a name inside it. Values set into a
// sentence by Fill are isolated (FSI ... PDI) so each keeps its own order;
// the marks are gone from the result (a font has no glyph for them). One
// line: draw a wrapped text line by line. Text without right-to-left letters
// comes back as it is, without bidi marks; invalid UTF-8 as it is.
std::string VisualOrder(std::string_view text, bool rtl = false);

// `value` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when it
// holds a right-to-left letter (a name or word set into a sentence), else as it is.
std::string Isolated(std::string_view value);

// `text` without the invisible bidi controls (U+200E/F, U+202A-E, U+2066-9):
// for a font, a file name or a comparison.
std::string WithoutBidiMarks(std::string_view text);

}  // namespace kindred::i18n
