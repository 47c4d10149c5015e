// Passions as people write them: "Cycling, urban gardening & jazz", "I spend
// my weekends restoring old boats", "PHILOSPHY". Splits text into passions,
// passions into content words, and words into keys that match across word
// forms (Snowball stemming: cycling ~ cyclist, restoring ~ restoration).
// Plain C++ over Debian's libstemmer.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;

namespace kindred {

// Splits one roster cell or kiosk choice into separate passions at ';', ',',
// '/', '&', '+', line breaks and the words "and", "und", "et", "y":
// "cycling, urban gardening & jazz" -> {"cycling", "urban gardening", "jazz"}.
// Each passion keeps its writer's wording, trimmed. Never fails.
std::vector<std::string> SplitPassions(std::string_view text);

// The words of one passion, folded (case, Latin accents, punctuation; Greek and
// Cyrillic lowered), with filler words dropped ("I", "my", "love", "weekends"...)
// in English, German, French and Spanish. Each word is returned twice: folded
// (for the key) and as written, lowercased (for people to read).
struct PassionWord {
  std::string folded;
  std::string written;
};
std::vector<PassionWord> ContentWords(std::string_view passion);

// True when `a` and `b` differ by at most one insertion, deletion,
// substitution or swap of neighbouring letters (Damerau-Levenshtein <= 1).
bool WithinOneEdit(std::string_view a, std::string_view b);

// Maps folded words to keys that are equal for forms of one word. With more
// than one language, a word's key is the shortest of its languages' keys.
class WordKeys {
 public:
  // `languages`: Snowball names or ISO codes ("english", "en", "de", "fr",
  // "es"...); Japanese and Chinese ("ja", "zh") need none (their words are
  // their keys). Unknown ones are skipped and named by unknown().
  explicit WordKeys(const std::vector<std::string>& languages = {"english"});
  ~WordKeys();
  WordKeys(const WordKeys&) = delete;
  WordKeys& operator=(const WordKeys&) = delete;

  // The key of a folded word. Not thread-safe (Snowball keeps state).
  std::string Key(const std::string& folded) const;

  const std::vector<std::string>& languages() const { return names_; }
  const std::vector<std::string>& unknown() const { return unknown_; }

 private:
  struct Stemmer;
  std::vector<std::unique_ptr<Stemmer>> stemmers_;
  std::vector<std::string> names_;
  std::vector<std::string> unknown_;
};

}  // namespace kindred
