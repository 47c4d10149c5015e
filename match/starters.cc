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

// The kinds as starters files name them.
constexpr std::pair<const char*, StarterKind> kKinds[] = {
    {"passion", StarterKind::kPassion}, {"offer", StarterKind::kOffer},
    {"field", StarterKind::kField},     {"open", StarterKind::kOpen}};

}  // namespace

StarterTemplates::StarterTemplates() {
  by_kind_[{StarterKind::kPassion, Audience::kOne}] = {"Ask {name}: what got you into {passion}?"};
  by_kind_[{StarterKind::kOffer, Audience::kOne}] = {"Ask {name} about {offer}: what would help most right now?"};
  by_kind_[{StarterKind::kField, Audience::kOne}] = {"Ask {name}: what are you working on in {field} right now?"};
  by_kind_[{StarterKind::kOpen, Audience::kOne}] = {"Ask {name}: what are you passionate about?"};
  by_kind_[{StarterKind::kPassion, Audience::kBoth}] = {"Ask each other: what got you into {passion}?"};
  by_kind_[{StarterKind::kOffer, Audience::kBoth}] = {"Talk about {offer}: what would help most right now?"};
  by_kind_[{StarterKind::kField, Audience::kBoth}] = {"Ask each other: what are you working on in {field} right now?"};
  by_kind_[{StarterKind::kOpen, Audience::kBoth}] = {"Ask each other: what are you passionate about?"};
}

bool StarterTemplates::Load(const std::string& text, std::string* err) {
  std::map<std::pair<StarterKind, Audience>, std::vector<std::string>> loaded;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    size_t colon = line.find(':');
    std::string name = colon == std::string::npos ? "" : line.substr(start, colon - start);
    std::string tmpl = colon == std::string::npos ? "" : line.substr(colon + 1);
    tmpl.erase(0, tmpl.find_first_not_of(" \t"));
    const Audience audience = name.rfind("both-", 0) == 0 ? Audience::kBoth : Audience::kOne;
    if (audience == Audience::kBoth) name = name.substr(5);
    const StarterKind* kind = nullptr;
    for (const auto& [n, k] : kKinds)
      if (name == n) kind = &k;
    if (!kind) {
      *err = "line " + std::to_string(number) +
             ": expected 'passion:', 'offer:', 'field:', 'open:' or 'both-passion:', 'both-offer:', ...";
      return false;
    }
    if (audience == Audience::kOne && tmpl.find("{name}") == std::string::npos) {
      *err = "line " + std::to_string(number) + ": a starter for one person must mention {name}";
      return false;
    }
    loaded[{*kind, audience}].push_back(tmpl);
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

bool StarterTemplates::Has(StarterKind kind, Audience audience) const {
  auto it = by_kind_.find({kind, audience});
  return it != by_kind_.end() && !it->second.empty();
}

std::string StarterTemplates::Fill(StarterKind kind, Audience audience, const std::string& key,
                                   const std::map<std::string, std::string>& values) const {
  auto it = by_kind_.find({kind, audience});
  if (it == by_kind_.end() || it->second.empty()) return "";
  std::string out = it->second[StableHash(key) % it->second.size()];
  for (const auto& [name, value] : values) {
    const std::string placeholder = "{" + name + "}";
    for (size_t pos = 0; (pos = out.find(placeholder, pos)) != std::string::npos; pos += value.size())
      out.replace(pos, placeholder.size(), value);
  }
  return out;
}

}  // namespace kindred
