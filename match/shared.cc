#include "match/shared.h"

#include "match/tags.h"

namespace kindred {

Common Common::Flipped() const {
  Common f;
  for (const SharedPassion& p : passions) f.passions.push_back({p.group, p.b_word, p.a_word});
  for (const SharedPassion& p : related) f.related.push_back({p.group, p.b_word, p.a_word});
  f.a_offers_b = b_offers_a;
  f.b_offers_a = a_offers_b;
  f.a_field = b_field, f.b_field = a_field, f.same_field = same_field;
  f.a_stage = b_stage, f.b_stage = a_stage, f.same_stage = same_stage;
  return f;  // words: a's matched words, which b's side does not keep
}

std::vector<std::string> Common::PassionWords() const {
  std::vector<std::string> out;
  for (const SharedPassion& p : passions) out.push_back(p.a_word);
  return out;
}

bool Common::empty() const {
  return passions.empty() && related.empty() && a_offers_b.empty() && b_offers_a.empty() && !same_field &&
         !same_stage;
}

std::vector<std::string> ForTheRecord(const Common& c) {
  std::vector<std::string> out;
  for (const SharedPassion& p : c.passions) out.push_back(SameWord(p.a_word, p.b_word) ? p.a_word : p.a_word + " / " + p.b_word);
  return out;
}

bool SameWord(const std::string& x, const std::string& y) {
  return x == y || FoldWords(x, nullptr) == FoldWords(y, nullptr);
}

}  // namespace kindred
