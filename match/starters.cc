#include "match/starters.h"

#include <cstdint>
#include <sstream>

#include "common/file.h"

namespace kindred {

namespace {

// FNV-1a: a stable hash, so starter choice is the same on every machine.
uint64_t StableHash(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

StarterTemplates::StarterTemplates() {
  by_kind_["passion"] = {"Ask {name}: what got you into {passion}?"};
  by_kind_["offer"] = {"Ask {name} about {offer}: what would help most right now?"};
  by_kind_["field"] = {"Ask {name}: what are you working on in {field} right now?"};
}

bool StarterTemplates::Load(const std::string& text, std::string* err) {
  std::map<std::string, std::vector<std::string>> loaded;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    size_t colon = line.find(':');
    std::string kind = colon == std::string::npos ? "" : line.substr(start, colon - start);
    std::string tmpl = colon == std::string::npos ? "" : line.substr(colon + 1);
    tmpl.erase(0, tmpl.find_first_not_of(" \t"));
    const bool both = kind.rfind("both-", 0) == 0;
    const std::string base = both ? kind.substr(5) : kind;
    if (base != "passion" && base != "offer" && base != "field") {
      *err = "line " + std::to_string(number) + ": expected 'passion:', 'offer:', 'field:' or 'both-passion:', ...";
      return false;
    }
    if (!both && tmpl.find("{name}") == std::string::npos) {
      *err = "line " + std::to_string(number) + ": a starter must mention {name}";
      return false;
    }
    loaded[kind].push_back(tmpl);
  }
  for (auto& [kind, list] : loaded) by_kind_[kind] = std::move(list);
  return true;
}

bool StarterTemplates::LoadFile(const std::string& path, std::string* err) {
  std::string text;
  if (!ReadWholeFile(path, &text, err)) return false;
  if (!Load(text, err)) {
    *err = path + ": " + *err;
    return false;
  }
  return true;
}

bool StarterTemplates::Has(const std::string& kind) const {
  auto it = by_kind_.find(kind);
  return it != by_kind_.end() && !it->second.empty();
}

std::string StarterTemplates::Fill(const std::string& kind, const std::string& key,
                                   const std::map<std::string, std::string>& values) const {
  auto it = by_kind_.find(kind);
  if (it == by_kind_.end() || it->second.empty()) return "";
  std::string out = it->second[StableHash(key) % it->second.size()];
  for (const auto& [name, value] : values) {
    std::string placeholder = "{" + name + "}";
    for (size_t pos; (pos = out.find(placeholder)) != std::string::npos;)
      out.replace(pos, placeholder.size(), value);
  }
  return out;
}

}  // namespace kindred
