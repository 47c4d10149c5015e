// Passions, offers and asks as normalised tags, so "Urban Beekeeping",
// "urban-beekeeping" and "urban beekeepers" are one thing, and organisers'
// synonyms ("ML" = "machine learning") fold onto one tag.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

namespace kindred {

// Folds case (Latin, Greek, Cyrillic), Latin accents and punctuation, and
// English plurals and "-ing" forms of each word: "Urban Beekeepers!" and
// "urban beekeeping" both become "urban beekeep". Never fails; text of no
// letters or digits folds to "".
std::string FoldTag(std::string_view text);

class TagSynonyms {
 public:
  // Loads lines of the form "alias = canonical" ('#' starts a comment).
  // Returns false and sets *err (with the line number) on a malformed line.
  bool Load(std::string_view text, std::string* err);
  bool LoadFile(const std::string& path, std::string* err);

  // The folded canonical tag for `text`: FoldTag, then the synonym table.
  std::string Canonical(std::string_view text) const;

  size_t size() const { return map_.size(); }

 private:
  std::unordered_map<std::string, std::string> map_;  // folded alias -> folded canonical
};

}  // namespace kindred
