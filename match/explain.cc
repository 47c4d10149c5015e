// The matcher's explanations: what two people share (Between, the one place
// that decides it), and the reasons and questions made of it (match/say.h).
#include <algorithm>
#include <unordered_set>

#include "i18n/catalog.h"
#include "match/matcher.h"
#include "match/matcher_internal.h"
#include "match/say.h"

namespace kindred {

using namespace matching;  // NOLINT: the matcher's own internals

Common Matcher::CommonOf(uint32_t a, uint32_t b) const {
  const Person& pa = people_[a];
  const Person& pb = people_[b];
  struct Found {
    double match;
    bool same;  // both hold it
    SharedPassion passion;
    std::vector<std::string> words;
  };
  std::vector<Found> found;
  for (size_t i = 0; i < pa.passions.size(); ++i) {
    double best = 0;
    size_t best_j = 0, best_common = 0;
    std::vector<std::string> best_words;
    for (size_t j = 0; j < pb.passions.size(); ++j) {
      double s = 0;
      size_t common = 0;
      std::vector<std::string> w;
      ForEachCommon(pa.passions[i].words, pb.passions[j].words, [&](uint32_t x) {
        s += word_weight_[x];
        ++common;
        w.push_back(word_written_[x]);
      });
      const double m = PassionMatch(s, pa.passions[i].weight, pb.passions[j].weight);
      if (m > best) best = m, best_j = j, best_common = common, best_words = std::move(w);
    }
    if (best <= 0) continue;
    // What may be said: the same passion ("you both love"), or one inside
    // the other (each in their own words); a word in common is no claim.
    const Passion& mine = pa.passions[i];
    const Passion& theirs = pb.passions[best_j];
    const bool same = mine.words == theirs.words;
    const bool inside = best_common == std::min(mine.words.size(), theirs.words.size());
    if (!same && !inside) continue;
    found.push_back({best, same, {mine.group, mine.written, theirs.written}, std::move(best_words)});
  }
  // Strongest first; ties by wording, so both sides of a card read the same.
  std::stable_sort(found.begin(), found.end(), [](const Found& x, const Found& y) {
    return x.match != y.match ? x.match > y.match : Lower(x.passion.a_word) < Lower(y.passion.a_word);
  });
  Common c;
  std::unordered_set<std::string> seen;
  for (Found& f : found) {
    if (!seen.insert(f.passion.group).second) continue;
    (f.same ? c.passions : c.related).push_back(std::move(f.passion));
    for (std::string& w : f.words)
      if (std::find(c.words.begin(), c.words.end(), w) == c.words.end()) c.words.push_back(std::move(w));
  }
  c.a_offers_b = Matches(pa, pb);
  c.b_offers_a = Matches(pb, pa);
  c.a_field = pa.field_display, c.b_field = pb.field_display;
  c.same_field = hot_[a].field != 0 && hot_[a].field == hot_[b].field;
  c.a_stage = pa.stage_display, c.b_stage = pb.stage_display;
  c.same_stage = hot_[a].stage != 0 && hot_[a].stage == hot_[b].stage;
  return c;
}

Common Matcher::Between(const std::string& a, const std::string& b) const {
  auto ia = index_of_.find(a), ib = index_of_.find(b);
  if (ia == index_of_.end() || ib == index_of_.end()) return {};
  return CommonOf(ia->second, ib->second);
}

std::vector<OfferMatch> Matcher::Matches(const Person& giver, const Person& seeker) const {
  std::vector<OfferMatch> out;
  size_t i = 0, j = 0;
  while (i < giver.offers.size() && j < seeker.seeking.size()) {
    if (giver.offers[i] < seeker.seeking[j]) ++i;
    else if (seeker.seeking[j] < giver.offers[i]) ++j;
    else out.push_back({giver.offers_written[i++], seeker.seeking_written[j++]});
  }
  return out;
}

Suggestion Matcher::Explain(uint32_t a, const Candidate& c, const std::string& lang) const {
  const Person& pb = people_[c.person];
  Suggestion s;
  s.id = pb.id;
  s.name = pb.name;
  s.parts = c.parts;
  s.present = c.present;
  s.last_seen_at = pb.last_seen_at;
  s.exposure = static_cast<int>(hot_[c.person].exposure);
  s.fallback = c.fallback;
  s.common = CommonOf(a, c.person);
  Phrase(people_[a], pb, lang, &s);
  return s;
}

void Matcher::Phrase(const Person& pa, const Person& pb, const std::string& lang, Suggestion* s) const {
  const std::string first = FirstName(pb.name);
  const std::locale& loc = i18n::Default().For(lang);
  s->reasons = say::Reasons(loc, s->common, first, s->fallback);
  s->reason = say::Sentences(loc, s->reasons);
  s->starter = say::Question(StartersFor(lang), loc, s->common, first, pa.id + "|" + pb.id);
}

void Matcher::AddStarters(const std::string& lang, StarterTemplates starters) {
  starters_by_lang_[lang] = std::move(starters);
}

const StarterTemplates& Matcher::StartersFor(const std::string& lang) const {
  auto it = starters_by_lang_.find(lang);
  return it == starters_by_lang_.end() ? starters_ : it->second;
}

EncounterCard Matcher::Card(const std::string& a, const std::string& b, const std::string& lang) const {
  EncounterCard card;
  card.common = Between(a, b);
  card.starter = CardStarter(card, a, b, lang);
  return card;
}

std::string Matcher::CardStarter(const EncounterCard& card, const std::string& a, const std::string& b,
                                 const std::string& lang, CardReader reader) const {
  // One question, the same whichever badge was scanned first (the key).
  const std::string key = std::min(a, b) + "|" + std::max(a, b);
  const std::locale& loc = i18n::Default().For(lang);
  switch (reader) {
    case CardReader::kBoth: return say::JointQuestion(StartersFor(lang), loc, card.common, key);
    case CardReader::kA: return say::JointQuestion(StartersFor(lang), loc, card.common, key, true);
    case CardReader::kB: return say::JointQuestion(StartersFor(lang), loc, card.common.Flipped(), key, true);
  }
  return "";
}

std::string Matcher::QuestionFor(const std::string& reader, const std::string& other, const std::string& lang) const {
  auto ia = index_of_.find(reader), ib = index_of_.find(other);
  if (ia == index_of_.end() || ib == index_of_.end()) return "";
  return say::Question(StartersFor(lang), i18n::Default().For(lang), CommonOf(ia->second, ib->second),
                       FirstName(people_[ib->second].name), std::min(reader, other) + "|" + std::max(reader, other));
}

}  // namespace kindred
