// Conversation starters: organiser-editable templates filled with a name and
// what two people share.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kindred {

// Conversation starters, by kind: "passion" ({name}, {passion}), "offer"
// ({name}, {offer}), "field" ({name}, {field}), each put to one person; and
// "both-passion", "both-offer", "both-field" for the card two people read
// together, where a language cannot say it with {name} = "each other"
// (German "Fragt euch gegenseitig" is not "Frag {name}"). Organisers edit them
// in assets/starters.txt (starters.<lang>.txt per language), one
// "kind: template" per line.
class StarterTemplates {
 public:
  StarterTemplates();  // a small built-in English set
  bool Load(const std::string& text, std::string* err);
  bool LoadFile(const std::string& path, std::string* err);
  bool Has(const std::string& kind) const;
  // A template of `kind` picked deterministically from `key`, filled in.
  std::string Fill(const std::string& kind, const std::string& key,
                   const std::map<std::string, std::string>& values) const;

 private:
  std::map<std::string, std::vector<std::string>> by_kind_;
};

}  // namespace kindred
