// Names in Latin letters, for a kiosk keyboard that types only those:
// "Tanaka" or "tian zhong" for 田中, "omar alhdad" for عمر الحداد,
// "jose alvarez" for José Álvarez. ICU's transliterators (Any-Latin, then
// Latin-ASCII), lower case.
#pragma once

#include <string>
#include <string_view>

namespace kindred::i18n {

// `text` in plain ASCII letters, lower case; "" when `text` is plain ASCII
// already (nothing to add) or cannot be read. Thread-safe.
std::string LatinSpelling(std::string_view text);

// The consonants of a Latin spelling, for names from a script that writes
// few vowels (Arabic, Hebrew: "عمر" is "mr"): "omar" -> "mr".
std::string ConsonantSkeleton(std::string_view latin);

}  // namespace kindred::i18n
