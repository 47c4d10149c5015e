#include "match/words.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <unordered_set>

#include "match/tags.h"

namespace kindred {

namespace {

// Words that carry no passion of their own, as people write them in forms:
// "I love ...", "my weekends are for ...", "passionate about ...".
const std::unordered_set<std::string>& Fillers() {
  static const std::unordered_set<std::string> kFillers = {
      // English
      "i", "im", "ive", "me", "my", "mine", "we", "our", "you", "your", "a", "an", "the", "and", "or", "of", "in",
      "on", "at", "to", "for", "with", "about", "into", "from", "by", "is", "am", "are", "be", "been", "being",
      "it", "its", "that", "this", "these", "those", "some", "any", "such", "as", "so", "just", "also", "too",
      "very", "really", "lot", "lots", "much", "many", "love", "loves", "loving", "like", "likes", "enjoy",
      "enjoys", "enjoying", "passionate", "passion", "passions", "spend", "spending", "spent", "weekend",
      "weekends", "time", "free", "all", "things", "thing", "stuff", "especially", "mostly", "big", "huge", "fan",
      "interested", "interest", "interests", "hobby", "hobbies", "do", "doing", "get", "getting", "anything",
      "everything", "etc", "when", "whenever", "can", "cannot", "where", "how", "what", "who", "which",
      // German
      "ich", "und", "oder", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "mein", "meine",
      "meinen", "gerne", "gern", "liebe", "mit", "im", "von", "zu", "am", "fur",
      // French
      "je", "j", "et", "ou", "le", "la", "les", "l", "de", "du", "des", "un", "une", "mon", "ma", "mes", "aime",
      "adore", "avec", "en", "au", "aux", "pour",
      // Spanish
      "yo", "y", "o", "el", "los", "las", "del", "mi", "mis", "encanta", "gusta", "con", "por", "para", "al"};
  return kFillers;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// English agent nouns and Porter2's final i/e, so that the person and the
// activity meet: cyclist ~ cycling, runner ~ running, baker ~ baking,
// philosopher ~ philosophy.
std::string EnglishAgentFold(std::string s) {
  if (s.ends_with("ist") && s.size() >= 6) s.resize(s.size() - 3);
  else if ((s.ends_with("er") || s.ends_with("or")) && s.size() >= 5) s.resize(s.size() - 2);
  if (s.size() >= 4 && s[s.size() - 1] == s[s.size() - 2] && !IsVowel(s.back()) && s.back() != 's' &&
      s.back() != 'l')
    s.pop_back();  // runn -> run, swimm -> swim (but not "chess", "ball")
  if (s.size() >= 4 && (s.back() == 'e' || s.back() == 'i')) s.pop_back();
  return s;
}

std::string SnowballName(std::string lang) {
  for (char& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::pair<const char*, const char*> kCodes[] = {
      {"en", "english"}, {"de", "german"},  {"fr", "french"},     {"es", "spanish"}, {"it", "italian"},
      {"pt", "portuguese"}, {"nl", "dutch"}, {"sv", "swedish"}, {"da", "danish"},  {"no", "norwegian"},
      {"fi", "finnish"}, {"ru", "russian"}, {"el", "greek"}};
  for (const auto& [code, name] : kCodes)
    if (lang == code) return name;
  return lang;
}

}  // namespace

std::vector<std::string> SplitPassions(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    size_t b = current.find_first_not_of(" \t\r\n\"'.");
    size_t e = current.find_last_not_of(" \t\r\n\"'.");
    if (b != std::string::npos) out.push_back(current.substr(b, e - b + 1));
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ';' || c == ',' || c == '/' || c == '&' || c == '+' || c == '\n' || c == '|') {
      // Keep "c++" and "c#"-like names whole: '+' only splits between spaces.
      if (c == '+' && !(i > 0 && text[i - 1] == ' ')) {
        current.push_back(c);
        continue;
      }
      flush();
      continue;
    }
    current.push_back(c);
    // A joining word between spaces ends a passion: " and ", " und ", " et ", " y ".
    for (std::string_view joiner : {" and ", " und ", " et ", " y ", " AND "}) {
      if (current.size() >= joiner.size() &&
          current.compare(current.size() - joiner.size(), joiner.size(), joiner) == 0) {
        current.resize(current.size() - joiner.size());
        flush();
        current.assign(1, ' ');
        break;
      }
    }
  }
  flush();
  return out;
}

std::vector<PassionWord> ContentWords(std::string_view passion) {
  std::vector<std::string> written;
  std::vector<std::string> folded = FoldWords(passion, &written);
  std::vector<PassionWord> out;
  for (size_t i = 0; i < folded.size(); ++i)
    if (!Fillers().count(folded[i])) out.push_back({std::move(folded[i]), std::move(written[i])});
  return out;
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;  // equal, or one letter added at the end
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // one substituted
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
  }
  return a.substr(i) == b.substr(i + 1);  // one inserted
}

struct WordKeys::Stemmer {
  sb_stemmer* stemmer = nullptr;
  bool english = false;
  ~Stemmer() {
    if (stemmer) sb_stemmer_delete(stemmer);
  }
};

WordKeys::WordKeys(const std::vector<std::string>& languages) {
  for (const std::string& lang : languages) {
    std::string name = SnowballName(lang.substr(0, lang.find('-')));  // "de-informal" is German
    if (std::find(names_.begin(), names_.end(), name) != names_.end()) continue;
    // Languages written without word forms to strip (Japanese, Chinese):
    // their words are keys as they are, no stemmer needed.
    if (name == "ja" || name == "japanese" || name == "zh" || name == "chinese") {
      names_.push_back(name);
      continue;
    }
    auto s = std::make_unique<Stemmer>();
    s->stemmer = sb_stemmer_new(name.c_str(), "UTF_8");
    if (!s->stemmer) {
      unknown_.push_back(lang);
      continue;
    }
    s->english = name == "english";
    stemmers_.push_back(std::move(s));
    names_.push_back(name);
  }
}

WordKeys::~WordKeys() = default;

std::string WordKeys::Key(const std::string& folded) const {
  if (stemmers_.empty()) return folded;
  std::string best;
  for (const auto& s : stemmers_) {
    const sb_symbol* stem =
        sb_stemmer_stem(s->stemmer, reinterpret_cast<const sb_symbol*>(folded.data()), static_cast<int>(folded.size()));
    std::string key = stem ? std::string(reinterpret_cast<const char*>(stem), sb_stemmer_length(s->stemmer)) : folded;
    if (s->english) key = EnglishAgentFold(std::move(key));
    if (key.empty()) key = folded;
    if (best.empty() || key.size() < best.size() || (key.size() == best.size() && key < best)) best = std::move(key);
  }
  return best;
}

}  // namespace kindred
