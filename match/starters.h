// Conversation starters: organiser-editable templates filled with a name and
// what two people share.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kindred {

// What an opening question is about: a passion both hold ({passion}), what
// one offers and the other looks for ({offer}), the field both work in
// ({field}), or nothing they share yet (an open question).
enum class StarterKind { kPassion, kOffer, kField, kOpen };

// Who reads it: one person, who puts it to the other ({name}: "Ask {name}:
// ..."), or the two together on the encounter card ("Ask each other: ...").
enum class Audience { kOne, kBoth };

// The templates of one language, by kind and audience. Organisers edit them
// in assets/starters.txt (starters.<lang>.txt per language), one
// "kind: template" per line: passion, offer, field, open for one reader,
// both-passion, both-offer, both-field, both-open for two. The values put
// in are quoted as terms already (say::Term): templates are written for
// that (po/STYLE.md).
class StarterTemplates {
 public:
  StarterTemplates();  // a small built-in English set
  bool Load(const std::string& text, std::string* err);
  bool LoadFile(const std::string& path, std::string* err);
  bool Has(StarterKind kind, Audience audience) const;
  // A template of `kind` for `audience` picked deterministically from `key`,
  // filled in; "" when there is none.
  std::string Fill(StarterKind kind, Audience audience, const std::string& key,
                   const std::map<std::string, std::string>& values) const;

 private:
  std::map<std::pair<StarterKind, Audience>, std::vector<std::string>> by_kind_;
};

}  // namespace kindred
