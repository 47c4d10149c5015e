// Passions, offers and asks as normalised tags, so "Urban Beekeeping",
// "urban-beekeeping" and "urban beekeepers" are one thing, and organisers'
// synonyms ("ML" = "machine learning") fold onto one tag.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kindred {

// Folds case (Latin, Greek, Cyrillic), Latin accents and punctuation, and
// English plurals and "-ing" forms of each word: "Urban Beekeepers!" and
// "urban beekeeping" both become "urban beekeep". Never fails; text of no
// letters or digits folds to "".
std::string FoldTag(std::string_view text);

// The words of `text`, folded for case (Latin, Greek, Cyrillic), Latin accents
// and punctuation, but not for word forms: "Urban Beekeepers!" gives "urban",
// "beekeepers". With `written`, also each word as written, in lower case.
// Invalid UTF-8 gives no words.
std::vector<std::string> FoldWords(std::string_view text, std::vector<std::string>* written);

class TagSynonyms {
 public:
  // Loads lines of the form "alias = canonical" ('#' starts a comment). A
  // line "[de]" starts the aliases in a language ("[]" ends them): the first
  // alias of a canonical passion in a language is its name there, for
  // people who read that language ("Segeln = sailing" under [de]).
  // Returns false and sets *err (with the line number) on a malformed line.
  bool Load(std::string_view text, std::string* err);
  bool LoadFile(const std::string& path, std::string* err);

  // The folded canonical tag for `text`: FoldTag, then the synonym table.
  std::string Canonical(std::string_view text) const;

  // True when `text` (folded) is an alias; sets *canonical (folded).
  bool Lookup(std::string_view text, std::string* canonical) const;

  size_t size() const { return map_.size(); }

  // A canonical passion's (folded) name for readers of `lang` as the file
  // writes it: the [lang] alias ("Segeln"), else the canonical as written
  // ("sailing"); "" when the file does not know it.
  std::string Label(const std::string& canonical, const std::string& lang) const;
  // Every canonical passion (folded).
  std::vector<std::string> Canonicals() const;

 private:
  std::unordered_map<std::string, std::string> map_;  // folded alias -> folded canonical
  std::unordered_map<std::string, std::string> written_;  // folded canonical -> as written
  std::unordered_map<std::string, std::unordered_map<std::string, std::string>> labels_;  // canonical -> lang -> alias
};

}  // namespace kindred
