// UTF-8 helpers shared by scanner/ and storage/ (text from badges and rosters).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kindred {

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values
// past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Decodes the code point starting at text[*pos] and advances *pos past it.
// REQUIRES: IsValidUtf8(text) and *pos < text.size().
uint32_t NextCodePoint(std::string_view text, size_t* pos);

// The longest start of `text` of at most `most` bytes that ends between
// two characters (a character crossing the limit is left out whole).
// REQUIRES: IsValidUtf8(text).
std::string_view Utf8Prefix(std::string_view text, size_t most);

// Appends `cp` to *out as UTF-8.
void AppendUtf8(uint32_t cp, std::string* out);

}  // namespace kindred
