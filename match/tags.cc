#include "match/tags.h"

#include <sstream>

#include "common/file.h"
#include "common/utf8.h"

namespace kindred {

namespace {

// Latin-1 Supplement and Latin Extended-A letters to their ASCII base.
char FoldLatin(uint32_t cp) {
  static const char kLatin1[] =  // U+00C0 .. U+00FF
      "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
      "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  static const char kExtA[] =  // U+0100 .. U+017F
      "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
      "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  if (cp >= 0x100 && cp <= 0x17F) return kExtA[cp - 0x100];
  return 0;
}

uint32_t LowerNonLatin(uint32_t cp) {
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;  // Greek
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;                 // Cyrillic
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

// English plural and "-ing" folding for one ASCII word; other scripts pass.
std::string FoldWord(std::string w) {
  bool ascii = true;
  for (char c : w) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (!ascii || w.size() <= 3) return w;
  if (w.ends_with("ies") && w.size() > 4) {
    w.replace(w.size() - 3, 3, "y");
  } else if (w.ends_with("sses") || w.ends_with("ches") || w.ends_with("shes") ||
             w.ends_with("xes")) {
    w.resize(w.size() - 2);
  } else if (w.ends_with("s") && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")) {
    w.pop_back();
  }
  if (w.ends_with("ing") && w.size() >= 7) w.resize(w.size() - 3);
  if (w.ends_with("er") && w.size() >= 7) w.resize(w.size() - 2);  // beekeeper ~ beekeeping
  return w;
}

}  // namespace

std::vector<std::string> FoldWords(std::string_view text, std::vector<std::string>* written) {
  std::vector<std::string> words;
  if (written) written->clear();
  if (!IsValidUtf8(text)) return words;
  std::string word, raw;
  auto flush = [&] {
    if (word.empty()) return;
    words.push_back(std::move(word));
    if (written) written->push_back(std::move(raw));
    word.clear();
    raw.clear();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    uint32_t cp = NextCodePoint(text, &pos);
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '#') {
        word.push_back(c);  // keep "c++" and "c#" apart from "c"
        raw.push_back(c);
      } else {
        flush();
      }
    } else if (char base = FoldLatin(cp)) {
      word.push_back(base);
      if (cp <= 0xDE && cp != 0xD7) cp += 0x20;  // Latin-1 capitals to small, for reading
      AppendUtf8(cp, &raw);
    } else if (cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F)) {
      flush();  // ×, ÷, general and CJK punctuation
    } else {
      AppendUtf8(LowerNonLatin(cp), &word);
      raw.append(text.substr(start, pos - start));
    }
  }
  flush();
  return words;
}

std::string FoldTag(std::string_view text) {
  std::string out;
  for (std::string& word : FoldWords(text, nullptr)) {
    if (!out.empty()) out.push_back(' ');
    out += FoldWord(std::move(word));
  }
  return out;
}

bool TagSynonyms::Load(std::string_view text, std::string* err) {
  std::istringstream in{std::string(text)};
  std::string line, lang;
  int number = 0;
  auto trimmed = [](std::string s) {
    s.erase(0, s.find_first_not_of(" \t\r"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
    return s;
  };
  while (std::getline(in, line)) {
    ++number;
    if (size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    line = trimmed(line);
    if (line.empty()) continue;
    if (line.front() == '[' && line.back() == ']') {
      lang = trimmed(line.substr(1, line.size() - 2));
      continue;
    }
    size_t eq = line.find('=');
    const std::string alias_text = eq == std::string::npos ? "" : trimmed(line.substr(0, eq));
    const std::string canonical_text = eq == std::string::npos ? "" : trimmed(line.substr(eq + 1));
    std::string alias = FoldTag(alias_text), canonical = FoldTag(canonical_text);
    if (alias.empty() || canonical.empty()) {
      *err = "line " + std::to_string(number) + ": expected 'alias = canonical'";
      return false;
    }
    map_[alias] = canonical;
    written_.emplace(canonical, canonical_text);
    if (!lang.empty()) labels_[canonical].emplace(lang, alias_text);
  }
  return true;
}

bool TagSynonyms::LoadFile(const std::string& path, std::string* err) {
  std::string text;
  if (!ReadWholeFile(path, &text, err)) return false;
  if (!Load(text, err)) {
    *err = path + ": " + *err;
    return false;
  }
  return true;
}

bool TagSynonyms::Lookup(std::string_view text, std::string* canonical) const {
  if (map_.empty()) return false;
  auto it = map_.find(FoldTag(text));
  if (it == map_.end()) return false;
  *canonical = it->second;
  return true;
}

std::string TagSynonyms::Label(const std::string& canonical, const std::string& lang) const {
  if (auto it = labels_.find(canonical); it != labels_.end())
    if (auto l = it->second.find(lang); l != it->second.end()) return l->second;
  auto it = written_.find(canonical);
  return it == written_.end() ? "" : it->second;
}

std::vector<std::string> TagSynonyms::Canonicals() const {
  std::vector<std::string> out;
  for (const auto& [canonical, text] : written_) out.push_back(canonical);
  return out;
}

std::string TagSynonyms::Canonical(std::string_view text) const {
  std::string folded = FoldTag(text);
  auto it = map_.find(folded);
  return it == map_.end() ? folded : it->second;
}

}  // namespace kindred
