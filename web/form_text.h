// The parts of a request Kindred reads itself (the library reads the rest):
// the browser's languages, and the lists people type into the page's text
// boxes. Plain functions over text, fuzzed (fuzz/fuzz_form_text.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kindred {

// The language tags of an Accept-Language header, most wanted first
// ("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.1" -> fr-CH, fr, en), without "*" and
// those weighted 0; equal weights keep their order. At most 20.
std::vector<std::string> AcceptedLanguages(std::string_view header);

// One item per line of a text box: each trimmed, ';' and tabs made spaces
// (a list is stored "a; b"), cut at a character to at most `longest` bytes;
// empty lines and lines that are not UTF-8 dropped; at most `most` items.
std::vector<std::string> TypedItems(std::string_view text, size_t most = 20, size_t longest = 200);

// A one-line text box's text (a note): line breaks and tabs made spaces,
// trimmed, cut at a character to at most `longest` bytes; "" when it is not
// UTF-8.
std::string TypedLine(std::string_view text, size_t longest);

}  // namespace kindred
