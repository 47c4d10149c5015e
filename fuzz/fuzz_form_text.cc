// libFuzzer target: any bytes as an Accept-Language header and as a text box
// of the phone page: never a crash; every item typed is UTF-8, trimmed,
// within the limits, and holds no ';' or line break (a stored list is "a; b");
// a typed note is one such line (';' allowed).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/utf8.h"
#include "web/form_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto tags = kindred::AcceptedLanguages(text);
  if (tags.size() > 20) __builtin_trap();
  for (const std::string& tag : tags)
    if (tag.empty() || tag == "*" || tag.find(',') != std::string::npos) __builtin_trap();
  const auto items = kindred::TypedItems(text, 5, 40);
  if (items.size() > 5) __builtin_trap();
  for (const std::string& item : items) {
    if (item.empty() || item.size() > 40 || !kindred::IsValidUtf8(item)) __builtin_trap();
    if (item.find_first_of(";\r\n\t") != std::string::npos || item.front() == ' ' || item.back() == ' ') __builtin_trap();
  }
  const std::string note = kindred::TypedLine(text, 40);
  if (note.size() > 40 || !kindred::IsValidUtf8(note) || note.find_first_of("\r\n\t") != std::string::npos ||
      (!note.empty() && (note.front() == ' ' || note.back() == ' ')))
    __builtin_trap();
  return 0;
}
