#include "match/matcher.h"

#include "i18n/catalog.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>
#include <unordered_set>


namespace kindred {

const std::vector<FollowUpIntent> kFollowUpIntents = {
    {"send-contact", i18n::N_("Swap contact details")},
    {"introduce", i18n::N_("Introductions to people we know")},
    {"share-resource", i18n::N_("Share a resource we talked about")},
    {"meet-again", i18n::N_("Let's meet again after the event")},
};

namespace {

// The most a person never suggested yet gains when others have been.
constexpr double kMaxExposureBoost = 1.3;

// Past the event's mean exposure the score shrinks as the excess grows
// relative to the mean: twice the mean of 10 halves it. Below the mean it
// grows a little, up to kMaxExposureBoost for someone nobody has been shown
// yet, so that the people not yet sought out come forward.
double ExposureFactorAt(double exposure, double mean) {
  const double excess = exposure - mean;
  if (excess > 0) return 1.0 / (1.0 + excess / (mean + 1.0));
  return 1.0 + (kMaxExposureBoost - 1.0) * (-excess / (mean + 1.0));
}

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}


// At most this many passions per person are matched: a long list says less
// about each, and it bounds the work per pair.
constexpr size_t kMaxPassions = 16;

// Shouting capitals are not anyone's wording: "URBAN GARDENING" reads as
// "urban gardening"; anything else stays as written.
std::string Readable(std::string s) {
  bool lower = false, upper = false;
  for (char c : s) lower |= c >= 'a' && c <= 'z', upper |= c >= 'A' && c <= 'Z';
  return upper && !lower ? Lower(std::move(s)) : s;
}

// How many of the best candidates the diversity pass chooses from.
size_t PoolSize(int k) { return static_cast<size_t>(std::max(30, 10 * k)); }

template <typename T>
size_t VecBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// Sorted intersection of two sorted lists.
template <typename F>
void ForEachCommon(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b, F&& fn) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else {
      fn(a[i]);
      ++i, ++j;
    }
  }
}

}  // namespace

Matcher::Matcher(const std::vector<Attendee>& attendees, const TagSynonyms& synonyms,
                 StarterTemplates starters, MatcherOptions options)
    : synonyms_(synonyms),
      starters_(std::move(starters)),
      weights_(options.weights),
      keys_(std::make_unique<WordKeys>(options.languages)) {
  std::vector<const Attendee*> sorted;
  sorted.reserve(attendees.size());
  for (const Attendee& a : attendees) sorted.push_back(&a);
  std::sort(sorted.begin(), sorted.end(),
            [](const Attendee* x, const Attendee* y) { return x->badge_id < y->badge_id; });
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [](const Attendee* x, const Attendee* y) { return x->badge_id == y->badge_id; }),
               sorted.end());
  field_ids_[""] = 0;
  stage_ids_[""] = 0;
  by_field_.emplace_back();
  people_.reserve(sorted.size());
  for (const Attendee* a : sorted) AppendPerson(*a);
  by_offer_.resize(tag_display_.size());
  by_seeking_.resize(tag_display_.size());
  by_field_.resize(field_ids_.size());
  for (uint32_t i = 0; i < people_.size(); ++i) {
    const Person& p = people_[i];
    for (TagId t : p.offers) by_offer_[t].push_back(i);
    for (TagId t : p.seeking) by_seeking_[t].push_back(i);
    if (hot_[i].field) by_field_[hot_[i].field].push_back(i);
    IndexPassions(i, +1);
  }
  std::vector<WordId> all(word_keys_.size());
  std::iota(all.begin(), all.end(), 0);
  SetWeights(std::move(all));
  met_.resize(people_.size());
}

void Matcher::AppendPerson(const Attendee& a) {
  Person p;
  p.id = a.badge_id;
  p.name = a.name;
  p.company = a.company;
  p.title = a.title;
  p.field_display = a.field;
  p.stage_display = Lower(a.stage);
  p.last_seen_at = a.last_seen_at;
  auto intern_all = [this](const std::vector<std::string>& raw) {
    std::vector<TagId> tags;
    for (const std::string& r : raw)
      if (TagId t = Intern(r); t != UINT32_MAX) tags.push_back(t);
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    return tags;
  };
  p.passions = ReadPassions(a.passions);
  p.offers = intern_all(a.offers);
  p.seeking = intern_all(a.seeking);
  hot_.push_back({InternWord(&field_ids_, a.field), InternWord(&stage_ids_, a.stage), 0,
                  static_cast<uint8_t>(a.opt_out), 0});
  index_of_[p.id] = static_cast<uint32_t>(people_.size());
  people_.push_back(std::move(p));
}

void Matcher::AddAttendee(const Attendee& a) {
  if (a.badge_id.empty() || Contains(a.badge_id)) return;
  AppendPerson(a);
  const uint32_t i = static_cast<uint32_t>(people_.size() - 1);
  by_offer_.resize(tag_display_.size());
  by_seeking_.resize(tag_display_.size());
  by_field_.resize(field_ids_.size());
  for (TagId t : people_[i].offers) by_offer_[t].push_back(i);
  for (TagId t : people_[i].seeking) by_seeking_[t].push_back(i);
  if (hot_[i].field) by_field_[hot_[i].field].push_back(i);
  met_.emplace_back();
  IndexPassions(i, +1);
  std::vector<WordId> words;
  for (const Passion& q : people_[i].passions) words.insert(words.end(), q.words.begin(), q.words.end());
  SetWeights(std::move(words));
}

Matcher::TagId Matcher::Intern(const std::string& raw) {
  std::string canonical = synonyms_.Canonical(raw);
  if (canonical.empty()) return UINT32_MAX;
  auto [it, fresh] = tag_ids_.emplace(canonical, static_cast<TagId>(tag_display_.size()));
  if (fresh) {
    std::string display = Readable(raw);  // "across Europe" keeps its capital
    display.erase(0, display.find_first_not_of(" \t"));
    display.erase(display.find_last_not_of(" \t") + 1);
    tag_display_.push_back(display);
  }
  return it->second;
}

uint32_t Matcher::InternWord(std::unordered_map<std::string, uint32_t>* ids, const std::string& raw) {
  std::string folded = FoldTag(raw);
  auto [it, fresh] = ids->emplace(folded, static_cast<uint32_t>(ids->size()));
  return it->second;
}

Matcher::WordId Matcher::InternWord(const std::string& folded, const std::string& written) {
  const std::string key = keys_->Key(folded);
  if (auto it = word_ids_.find(key); it != word_ids_.end()) return it->second;
  // A long word one letter away from one already known is a typo of it
  // ("philosphy"): the first spelling seen stands for both. Short words are
  // left alone: "hiking" and "biking" are two passions.
  constexpr size_t kTypoMinLength = 7;
  std::vector<std::string> variants;
  if (key.size() >= kTypoMinLength) {
    variants.push_back(key);
    for (size_t i = 0; i < key.size(); ++i) variants.push_back(key.substr(0, i) + key.substr(i + 1));
    WordId best = UINT32_MAX;
    for (const std::string& v : variants)
      if (auto it = near_.find(v); it != near_.end())
        for (WordId w : it->second)
          if (w < best && word_keys_[w].size() >= kTypoMinLength && WithinOneEdit(key, word_keys_[w])) best = w;
    if (best != UINT32_MAX) {
      word_ids_.emplace(key, best);
      return best;
    }
  }
  const WordId id = static_cast<WordId>(word_keys_.size());
  word_ids_.emplace(key, id);
  word_keys_.push_back(key);
  word_written_.push_back(Lower(written));
  word_weight_.push_back(0);
  word_people_.push_back(0);
  by_word_.emplace_back();
  for (const std::string& v : variants) near_[v].push_back(id);
  return id;
}

std::vector<Matcher::Passion> Matcher::ReadPassions(const std::vector<std::string>& raw) {
  std::vector<Passion> out;
  for (const std::string& cell : raw) {
    for (std::string& piece : SplitPassions(cell)) {
      if (out.size() >= kMaxPassions) return out;
      // Synonyms apply to the whole passion ("ML"), else to single words.
      std::vector<PassionWord> words;
      std::string canonical;
      if (synonyms_.Lookup(piece, &canonical)) {
        words = ContentWords(canonical);
      } else {
        for (PassionWord& w : ContentWords(piece)) {
          if (synonyms_.Lookup(w.folded, &canonical)) {
            for (PassionWord& c : ContentWords(canonical)) words.push_back({std::move(c.folded), w.written});
          } else {
            words.push_back(std::move(w));
          }
        }
      }
      if (words.empty()) continue;
      Passion p;
      p.written = Readable(std::move(piece));
      for (PassionWord& w : words) p.words.push_back(InternWord(w.folded, w.written));
      std::sort(p.words.begin(), p.words.end());
      p.words.erase(std::unique(p.words.begin(), p.words.end()), p.words.end());
      const bool repeat = std::any_of(out.begin(), out.end(), [&](const Passion& q) { return q.words == p.words; });
      if (!repeat) out.push_back(std::move(p));
    }
  }
  return out;
}

// by_word_ lists a person once for each of their passions that holds the
// word, so the walk's sums bound both sides' passion scores.
void Matcher::IndexPassions(uint32_t person, int delta) {
  std::vector<WordId> all;
  for (const Passion& p : people_[person].passions) all.insert(all.end(), p.words.begin(), p.words.end());
  std::sort(all.begin(), all.end());
  for (size_t i = 0; i < all.size(); ++i) {
    const WordId w = all[i];
    auto& list = by_word_[w];
    auto pos = std::lower_bound(list.begin(), list.end(), person);
    if (delta > 0) list.insert(pos, person);
    else if (pos != list.end() && *pos == person) list.erase(pos);
    if (i == 0 || all[i - 1] != w) word_people_[w] += delta;
  }
}

// Rarity: a word two people share out of hundreds says more than one everybody
// uses. log(1 + N/df) is > 0 and falls as df grows.
void Matcher::SetWeights(std::vector<WordId> words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  const double n = std::max<size_t>(people_.size(), 1);
  for (WordId w : words) word_weight_[w] = std::log(1.0 + n / std::max<uint32_t>(word_people_[w], 1));
  for (WordId w : words)
    for (uint32_t person : by_word_[w])
      for (Passion& q : people_[person].passions) {
        if (!std::binary_search(q.words.begin(), q.words.end(), w)) continue;
        q.weight = 0;
        for (WordId x : q.words) q.weight += word_weight_[x];
      }
}

double Matcher::PassionMatch(double shared, double tx, double ty) {
  if (shared <= 0) return 0;
  const double coverage = shared / std::min(tx, ty);
  return shared * coverage * coverage;
}

void Matcher::AddEncounter(const std::string& a, const std::string& b) {
  auto ia = index_of_.find(a), ib = index_of_.find(b);
  if (ia == index_of_.end() || ib == index_of_.end() || ia->second == ib->second) return;
  for (auto [x, y] : {std::pair{ia->second, ib->second}, std::pair{ib->second, ia->second}}) {
    auto& list = met_[x];
    auto pos = std::lower_bound(list.begin(), list.end(), y);
    if (pos == list.end() || *pos != y) list.insert(pos, y);
  }
}

void Matcher::MarkPresent(const std::string& id) {
  if (auto it = index_of_.find(id); it != index_of_.end()) hot_[it->second].present = 1;
}

void Matcher::MarkSeen(const std::string& id, const std::string& at) {
  if (auto it = index_of_.find(id); it != index_of_.end() && at > people_[it->second].last_seen_at)
    people_[it->second].last_seen_at = at;
}

void Matcher::AddExposure(const std::string& id, int times) {
  auto it = index_of_.find(id);
  if (it == index_of_.end() || times <= 0) return;
  hot_[it->second].exposure += static_cast<uint32_t>(times);
  total_exposure_ += static_cast<uint64_t>(times);
}

int Matcher::Exposure(const std::string& id) const {
  auto it = index_of_.find(id);
  return it == index_of_.end() ? 0 : static_cast<int>(hot_[it->second].exposure);
}

double Matcher::MeanExposure() const {
  return people_.empty() ? 0 : static_cast<double>(total_exposure_) / static_cast<double>(people_.size());
}

double Matcher::ExposureFactor(uint32_t b) const { return ExposureFactorAt(hot_[b].exposure, MeanExposure()); }

bool Matcher::Better(const Candidate& x, const Candidate& y) {
  if (x.present != y.present) return x.present;
  double sx = x.parts.score(), sy = y.parts.score();
  if (sx != sy) return sx > sy;
  return x.person < y.person;
}

void Matcher::Offer(std::vector<Candidate>* pool, size_t size, const Candidate& c) {
  // A heap whose top is the worst kept candidate: most people are rejected
  // with one comparison, and nothing is sorted that cannot reach the top.
  if (pool->size() < size) {
    pool->push_back(c);
    std::push_heap(pool->begin(), pool->end(), Better);
  } else if (Better(c, pool->front())) {
    std::pop_heap(pool->begin(), pool->end(), Better);
    pool->back() = c;
    std::push_heap(pool->begin(), pool->end(), Better);
  }
}

void Matcher::UpdatePassions(const std::string& id, const std::vector<std::string>& raw) {
  auto it = index_of_.find(id);
  if (it == index_of_.end()) return;
  const uint32_t person = it->second;
  std::vector<WordId> touched;
  for (const Passion& p : people_[person].passions) touched.insert(touched.end(), p.words.begin(), p.words.end());
  IndexPassions(person, -1);
  people_[person].passions = ReadPassions(raw);
  IndexPassions(person, +1);
  for (const Passion& p : people_[person].passions) touched.insert(touched.end(), p.words.begin(), p.words.end());
  SetWeights(std::move(touched));
}

bool Matcher::Excluded(uint32_t a, uint32_t b) const {
  return a == b || hot_[b].opt_out || std::binary_search(met_[a].begin(), met_[a].end(), b);
}

void Matcher::PassionSums(uint32_t a, uint32_t b, const double* shared, double* mine, double* theirs) const {
  const auto& pa = people_[a].passions;
  const auto& pb = people_[b].passions;
  double best_b[kMaxPassions] = {};
  *mine = 0;
  for (size_t i = 0; i < pa.size(); ++i) {
    double best = 0;
    for (size_t j = 0; j < pb.size(); ++j) {
      const double m = PassionMatch(shared[i * pb.size() + j], pa[i].weight, pb[j].weight);
      best = std::max(best, m);
      best_b[j] = std::max(best_b[j], m);
    }
    *mine += best;
  }
  *theirs = 0;
  for (size_t j = 0; j < pb.size(); ++j) *theirs += best_b[j];
}

void Matcher::FinishParts(uint32_t a, uint32_t b, int a_seeks, int b_seeks, ScoreParts* s) const {
  // What one looks for and the other offers: worth most to the one who looks,
  // and something to the one who gives (offer before you ask).
  const double cm = weights_.complement_match;
  s->complement = cm * a_seeks + cm * weights_.giving * b_seeks;
  const double their_complement = cm * b_seeks + cm * weights_.giving * a_seeks;
  const Hot& ha = hot_[a];
  const Hot& hb = hot_[b];
  if (s->passion > 0 && ha.field && hb.field && ha.field != hb.field) s->field = weights_.different_field;
  if ((s->passion > 0 || a_seeks + b_seeks > 0) && ha.stage && ha.stage == hb.stage) s->stage = weights_.same_stage;
  s->theirs = s->theirs + their_complement + s->field + s->stage;
  s->exposure = ExposureFactor(b);
}

ScoreParts Matcher::ScorePair(uint32_t a, uint32_t b) const {
  const Person& pa = people_[a];
  const Person& pb = people_[b];
  double shared[kMaxPassions * kMaxPassions];
  std::fill_n(shared, pa.passions.size() * pb.passions.size(), 0.0);
  for (size_t i = 0; i < pa.passions.size(); ++i)
    for (size_t j = 0; j < pb.passions.size(); ++j)
      ForEachCommon(pa.passions[i].words, pb.passions[j].words,
                    [&](uint32_t w) { shared[i * pb.passions.size() + j] += word_weight_[w]; });
  ScoreParts s;
  PassionSums(a, b, shared, &s.passion, &s.theirs);
  int a_seeks = 0, b_seeks = 0;
  ForEachCommon(pa.seeking, pb.offers, [&](uint32_t) { ++a_seeks; });
  ForEachCommon(pa.offers, pb.seeking, [&](uint32_t) { ++b_seeks; });
  FinishParts(a, b, a_seeks, b_seeks, &s);
  return s;
}

std::vector<Matcher::Candidate> Matcher::Candidates(uint32_t a, size_t pool_size) const {
  const Person& pa = people_[a];
  // 1. Walk the inverted indexes: only people who share a word or match an
  // offer/ask are ever looked at. For each, a cheap upper bound: the sum of
  // every shared word's weight over every pair of passions.
  struct Slot {
    uint32_t epoch;
    uint16_t a_seeks;
    uint16_t b_seeks;
    double shared;
  };
  struct Bound {
    double score;
    uint32_t person;
    bool present;
  };
  struct Scratch {
    std::vector<Slot> slots;
    uint32_t epoch = 0;
    std::vector<uint32_t> touched;
    std::vector<Bound> top;
  };
  thread_local Scratch s;
  if (s.slots.size() < people_.size()) {
    s.slots.assign(people_.size(), Slot{0, 0, 0, 0});
    s.epoch = 0;
  }
  if (++s.epoch == 0) {
    for (Slot& slot : s.slots) slot.epoch = 0;
    s.epoch = 1;
  }
  s.touched.clear();
  auto touch = [&](uint32_t b) -> Slot& {
    Slot& slot = s.slots[b];
    if (slot.epoch != s.epoch) {
      slot = {s.epoch, 0, 0, 0};
      s.touched.push_back(b);
    }
    return slot;
  };
  for (const Passion& p : pa.passions)
    for (WordId w : p.words) {
      const double weight = word_weight_[w];
      for (uint32_t b : by_word_[w]) touch(b).shared += weight;
    }
  for (TagId t : pa.seeking)
    for (uint32_t b : by_offer_[t]) ++touch(b).a_seeks;
  for (TagId t : pa.offers)
    for (uint32_t b : by_seeking_[t]) ++touch(b).b_seeks;
  // A passion's match never exceeds its shared weight, so neither side's sum
  // exceeds its bound, nor does the harmonic mean.
  const double cm = weights_.complement_match;
  const double bonus = weights_.different_field + weights_.same_stage;
  auto promising = [](const Bound& x, const Bound& y) {
    if (x.present != y.present) return x.present;
    return x.score != y.score ? x.score > y.score : x.person < y.person;
  };
  // The most promising few, kept in a heap (worst on top) while the bounds
  // are written down; most people are turned away with one comparison.
  const size_t first = pool_size;
  // Neither side's sum exceeds the shared weight, every offer and ask, and
  // both bonuses; the harmonic mean stays below, the exposure factor below
  // what someone never suggested gets today.
  const double most_boost = ExposureFactorAt(0, MeanExposure());
  auto loose = [&](uint32_t b) {
    const Slot& slot = s.slots[b];
    const double most = (slot.shared + cm * (slot.a_seeks + slot.b_seeks) + bonus) * most_boost;
    return Bound{most * (1 + 1e-9) + 1e-12, b, hot_[b].present != 0};
  };
  // Tighter, for the few that pass the loose one: the bonuses as FinishParts
  // gives them, the harmonic mean of both sides' bounds, the exposure factor.
  const Hot& ha = hot_[a];
  auto tight = [&](uint32_t b) {
    const Slot& slot = s.slots[b];
    const Hot& hb = hot_[b];
    double extra = 0;
    if (slot.shared > 0 && ha.field && hb.field && ha.field != hb.field) extra += weights_.different_field;
    if ((slot.shared > 0 || slot.a_seeks + slot.b_seeks > 0) && ha.stage && ha.stage == hb.stage)
      extra += weights_.same_stage;
    const double mine = slot.shared + cm * slot.a_seeks + cm * weights_.giving * slot.b_seeks + extra;
    const double theirs = slot.shared + cm * slot.b_seeks + cm * weights_.giving * slot.a_seeks + extra;
    return 2 * mine * theirs / (mine + theirs) * ExposureFactor(b) * (1 + 1e-9) + 1e-12;
  };
  // The most promising few by the loose bound, in a heap (worst on top);
  // most people are turned away with one comparison.
  s.top.clear();
  size_t eligible = 0;
  const std::vector<uint32_t>& met = met_[a];
  auto excluded = [&](uint32_t b) {  // Excluded(a, b), inline for the hot loops
    return b == a || hot_[b].opt_out || (!met.empty() && std::binary_search(met.begin(), met.end(), b));
  };
  for (uint32_t b : s.touched) {
    if (excluded(b)) continue;
    ++eligible;
    const Bound bound = loose(b);
    if (s.top.size() < first) {
      s.top.push_back(bound);
      std::push_heap(s.top.begin(), s.top.end(), promising);
    } else if (promising(bound, s.top.front())) {
      std::pop_heap(s.top.begin(), s.top.end(), promising);
      s.top.back() = bound;
      std::push_heap(s.top.begin(), s.top.end(), promising);
    }
  }
  // 2. Score those exactly (as the scan does), then only the others whose
  // bounds could still beat the worst kept.
  std::vector<Candidate> pool;
  pool.reserve(pool_size + 1);
  for (const Bound& bound : s.top)
    Offer(&pool, pool_size, {bound.person, ScorePair(a, bound.person), bound.present, false});
  if (s.top.size() < eligible) {
    const Bound last = s.top.front();  // the least promising of those scored
    for (uint32_t b : s.touched) {
      if (excluded(b)) continue;
      const Bound bound = loose(b);
      if (promising(bound, last) || b == last.person) continue;  // scored above
      if (pool.size() >= pool_size) {
        const Candidate& worst = pool.front();
        if (worst.present && !bound.present) continue;
        if (worst.present == bound.present &&
            (bound.score < worst.parts.score() || tight(b) < worst.parts.score()))
          continue;
      }
      Offer(&pool, pool_size, {b, ScorePair(a, b), bound.present, false});
    }
  }
  return pool;
}

std::vector<Suggestion> Matcher::Suggest(const std::string& id, int k) const {
  auto it = index_of_.find(id);
  if (it == index_of_.end() || k <= 0) return {};
  return Select(it->second, Candidates(it->second, PoolSize(k)), k);
}

std::vector<Suggestion> Matcher::SuggestByScan(const std::string& id, int k) const {
  auto it = index_of_.find(id);
  if (it == index_of_.end() || k <= 0) return {};
  const uint32_t a = it->second;
  std::vector<Candidate> candidates;
  for (uint32_t b = 0; b < people_.size(); ++b) {
    if (Excluded(a, b)) continue;
    ScoreParts s = ScorePair(a, b);
    if (s.passion > 0 || s.complement > 0) candidates.push_back({b, s, hot_[b].present != 0, false});
  }
  return Select(a, std::move(candidates), k);  // sorts everyone: the reference, not the fast path
}

void Matcher::AddFallbacks(uint32_t a, int k, std::vector<Candidate>* out) const {
  // Nobody shares a passion or an offer: peers in the same field still have
  // plenty to compare notes on. Present people and the same stage first.
  const Hot& ha = hot_[a];
  if (!ha.field) return;
  std::vector<Candidate> peers;
  for (uint32_t b : by_field_[ha.field]) {
    if (Excluded(a, b)) continue;
    ScoreParts s;
    if (ha.stage && ha.stage == hot_[b].stage) s.stage = weights_.same_stage;
    s.theirs = s.stage;
    s.exposure = ExposureFactor(b);
    peers.push_back({b, s, hot_[b].present != 0, true});
  }
  // Peers rank by presence, the same stage, then the least suggested today.
  auto better_peer = [this](const Candidate& x, const Candidate& y) {
    if (x.present != y.present) return x.present;
    if (x.parts.stage != y.parts.stage) return x.parts.stage > y.parts.stage;
    if (hot_[x.person].exposure != hot_[y.person].exposure) return hot_[x.person].exposure < hot_[y.person].exposure;
    return x.person < y.person;
  };
  size_t n = std::min<size_t>(peers.size(), static_cast<size_t>(k));
  std::partial_sort(peers.begin(), peers.begin() + n, peers.end(), better_peer);
  out->insert(out->end(), peers.begin(), peers.begin() + n);
}

std::vector<uint32_t> Matcher::MatchedPassions(uint32_t a, uint32_t b) const {
  std::vector<uint32_t> matched;
  const auto& pa = people_[a].passions;
  const auto& pb = people_[b].passions;
  for (uint32_t i = 0; i < pa.size(); ++i) {
    bool any = false;
    for (const Passion& q : pb) ForEachCommon(pa[i].words, q.words, [&](uint32_t) { any = true; });
    if (any) matched.push_back(i);
  }
  return matched;
}

std::vector<Suggestion> Matcher::Select(uint32_t a, std::vector<Candidate> candidates, int k) const {
  // Diversity works on a short pool of the best; the rest cannot reach the top k.
  size_t pool_size = std::min(candidates.size(), PoolSize(k));
  std::partial_sort(candidates.begin(), candidates.begin() + pool_size, candidates.end(), Better);
  candidates.resize(pool_size);

  std::vector<Suggestion> chosen;
  std::vector<uint32_t> covered;  // a's passions already matched by an earlier pick
  std::vector<bool> taken(candidates.size(), false);
  std::vector<std::vector<uint32_t>> shared(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) shared[i] = MatchedPassions(a, candidates[i].person);
  while (chosen.size() < static_cast<size_t>(k)) {
    int best = -1;
    double best_score = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (taken[i]) continue;
      // Someone who only shares passions an earlier pick already covers
      // adds little: three people who all share just "AI" is one conversation.
      bool novel = shared[i].empty() || std::any_of(shared[i].begin(), shared[i].end(), [&](uint32_t t) {
                     return std::find(covered.begin(), covered.end(), t) == covered.end();
                   });
      double score = candidates[i].parts.score() * (novel ? 1.0 : 0.5);
      if (best < 0) {
        best = static_cast<int>(i), best_score = score;
        continue;
      }
      const Candidate& c = candidates[i];
      const Candidate& b = candidates[best];
      if (c.present != b.present ? c.present
                                 : score != best_score ? score > best_score : c.person < b.person)
        best = static_cast<int>(i), best_score = score;
    }
    if (best < 0) break;
    taken[best] = true;
    covered.insert(covered.end(), shared[best].begin(), shared[best].end());
    chosen.push_back(Explain(a, candidates[best]));
  }
  if (chosen.size() < static_cast<size_t>(k)) {
    std::vector<Candidate> peers;
    AddFallbacks(a, k + static_cast<int>(chosen.size()), &peers);
    for (const Candidate& c : peers) {
      if (chosen.size() >= static_cast<size_t>(k)) break;
      bool dup = std::any_of(chosen.begin(), chosen.end(),
                             [&](const Suggestion& s) { return s.id == people_[c.person].id; });
      if (!dup) chosen.push_back(Explain(a, c));
    }
  }
  return chosen;
}

void Matcher::SharedPassions(uint32_t a, uint32_t b, std::vector<std::string>* shared,
                             std::vector<std::pair<std::string, std::string>>* related,
                             std::vector<std::string>* words) const {
  const auto& pa = people_[a].passions;
  const auto& pb = people_[b].passions;
  struct Found {
    double match;
    bool same;                  // both hold it
    std::string mine, theirs;   // each one's wording
    std::vector<std::string> words;
  };
  std::vector<Found> found;
  for (size_t i = 0; i < pa.size(); ++i) {
    double best = 0;
    size_t best_j = 0, best_common = 0;
    std::vector<std::string> best_words;
    for (size_t j = 0; j < pb.size(); ++j) {
      double s = 0;
      size_t common = 0;
      std::vector<std::string> w;
      ForEachCommon(pa[i].words, pb[j].words, [&](uint32_t x) {
        s += word_weight_[x];
        ++common;
        w.push_back(word_written_[x]);
      });
      const double m = PassionMatch(s, pa[i].weight, pb[j].weight);
      if (m > best) best = m, best_j = j, best_common = common, best_words = std::move(w);
    }
    if (best <= 0) continue;
    // What may be said: the same passion ("you both love"), or one inside
    // the other (each in their own words); a word in common is no claim.
    const bool same = pa[i].words == pb[best_j].words;
    const bool inside = best_common == std::min(pa[i].words.size(), pb[best_j].words.size());
    if (!same && !inside) continue;
    found.push_back({best, same, pa[i].written, pb[best_j].written, std::move(best_words)});
  }
  // Strongest first; ties by wording, so both sides of a card read the same.
  std::stable_sort(found.begin(), found.end(), [](const Found& x, const Found& y) {
    return x.match != y.match ? x.match > y.match : Lower(x.mine) < Lower(y.mine);
  });
  shared->clear();
  if (related) related->clear();
  if (words) words->clear();
  std::unordered_set<std::string> seen;
  for (Found& f : found) {
    if (!seen.insert(Lower(f.mine)).second) continue;
    if (f.same) shared->push_back(f.mine);
    else if (related) related->push_back({f.mine, f.theirs});
    if (words)
      for (std::string& w : f.words)
        if (std::find(words->begin(), words->end(), w) == words->end()) words->push_back(std::move(w));
  }
}

std::vector<std::string> Matcher::Matches(const std::vector<TagId>& offers,
                                          const std::vector<TagId>& seeking) const {
  std::vector<std::string> out;
  ForEachCommon(offers, seeking, [&](uint32_t t) { out.push_back(tag_display_[t]); });
  return out;
}

Suggestion Matcher::Explain(uint32_t a, const Candidate& c) const {
  const Person& pa = people_[a];
  const Person& pb = people_[c.person];
  Suggestion s;
  s.id = pb.id;
  s.name = pb.name;
  s.company = pb.company;
  s.title = pb.title;
  s.parts = c.parts;
  s.present = c.present;
  s.last_seen_at = pb.last_seen_at;
  s.exposure = static_cast<int>(hot_[c.person].exposure);
  s.fallback = c.fallback;
  SharedPassions(a, c.person, &s.shared, &s.related, &s.words);
  s.they_offer = Matches(pb.offers, pa.seeking);
  s.you_offer = Matches(pa.offers, pb.seeking);
  Phrase(pa, pb, "en", &s);
  return s;
}

std::vector<Suggestion> Matcher::Suggest(const std::string& id, int k, const std::string& lang) const {
  std::vector<Suggestion> list = Suggest(id, k);
  auto ia = index_of_.find(id);
  if (lang == "en" || ia == index_of_.end()) return list;
  for (Suggestion& s : list)
    if (auto ib = index_of_.find(s.id); ib != index_of_.end()) Phrase(people_[ia->second], people_[ib->second], lang, &s);
  return list;
}

void Matcher::Phrase(const Person& pa, const Person& pb, const std::string& lang, Suggestion* out) const {
  Suggestion& s = *out;
  s.reason.clear();
  const std::string first = FirstName(pb.name);
  const std::locale& loc = i18n::Default().For(lang);
  auto list = [&loc](const std::vector<std::string>& items, size_t most) {
    return i18n::JoinAnd(loc, std::vector<std::string>(items.begin(), items.begin() + std::min(most, items.size())));
  };
  using i18n::Fill;
  using i18n::Tr;
  std::vector<std::string> why;
  if (!s.shared.empty()) why.push_back(Fill(Tr(loc, "you both love {passions}"), {{"passions", list(s.shared, 3)}}));
  if (s.shared.empty() && !s.related.empty())
    why.push_back(Fill(Tr(loc, "you love {yours} and {name} loves {theirs}"),
                       {{"yours", s.related[0].first}, {"name", first}, {"theirs", s.related[0].second}}));
  if (!s.they_offer.empty())
    why.push_back(Fill(Tr(loc, "{name} offers {offers}, which you are looking for"),
                       {{"name", first}, {"offers", list(s.they_offer, 2)}}));
  if (!s.you_offer.empty())
    why.push_back(Fill(Tr(loc, "{name} is looking for {offers}, which you offer"),
                       {{"name", first}, {"offers", list(s.you_offer, 2)}}));
  if (s.parts.field > 0)
    why.push_back(Fill(Tr(loc, "{name} works in {field}, a different field from yours"),
                       {{"name", first}, {"field", pb.field_display}}));
  if (s.fallback)
    why.push_back(Fill(Tr(loc, "you both work in {field}: compare notes"), {{"field", pb.field_display}}));
  if (s.parts.stage > 0) why.push_back(Fill(Tr(loc, "you are both {stage}"), {{"stage", pb.stage_display}}));
  // TRANSLATORS: between the reasons of one suggestion: "you both love jazz; Maya offers ...".
  const std::string between = Tr(loc, "; ");
  for (size_t i = 0; i < why.size(); ++i) s.reason += (i ? between : "") + why[i];
  if (!s.reason.empty()) {
    s.reason[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s.reason[0])));
    // TRANSLATORS: the end of a suggestion's sentence of reasons.
    s.reason += Tr(loc, ".");
  }
  const StarterTemplates& starters = StartersFor(lang);
  const std::string key = pa.id + "|" + pb.id;
  if (!s.shared.empty())
    s.starter = starters.Fill("passion", key, {{"name", first}, {"passion", s.shared[0]}});
  else if (!s.related.empty())  // about their passion: the question is put to them
    s.starter = starters.Fill("passion", key, {{"name", first}, {"passion", s.related[0].second}});
  else if (!s.they_offer.empty() || !s.you_offer.empty())
    s.starter = starters.Fill(
        "offer", key, {{"name", first}, {"offer", s.they_offer.empty() ? s.you_offer[0] : s.they_offer[0]}});
  else
    s.starter = starters.Fill("field", key, {{"name", first}, {"field", pb.field_display}});
}

void Matcher::AddStarters(const std::string& lang, StarterTemplates starters) {
  starters_by_lang_[lang] = std::move(starters);
}

const StarterTemplates& Matcher::StartersFor(const std::string& lang) const {
  auto it = starters_by_lang_.find(lang);
  return it == starters_by_lang_.end() ? starters_ : it->second;
}

std::vector<std::vector<Suggestion>> Matcher::SuggestAll(int k, int threads) const {
  std::vector<std::vector<Suggestion>> all(people_.size());
  threads = std::max(1, threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < people_.size(); i += static_cast<size_t>(threads))
        all[i] = Suggest(people_[i].id, k);
    });
  for (std::thread& t : workers) t.join();
  return all;
}

std::vector<std::vector<Suggestion>> Matcher::SuggestBalanced(int k, int threads) const {
  const size_t n = people_.size();
  std::vector<std::vector<Suggestion>> all(n);
  if (k <= 0 || n == 0) return all;
  threads = std::max(1, threads);
  // Everyone's best candidates, best first.
  const size_t pool = PoolSize(k);
  std::vector<std::vector<Candidate>> options(n);
  auto in_parallel = [&](auto&& body) {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([&, t] {
        for (size_t i = static_cast<size_t>(t); i < n; i += static_cast<size_t>(threads)) body(static_cast<uint32_t>(i));
      });
    for (std::thread& w : workers) w.join();
  };
  in_parallel([&](uint32_t a) {
    options[a] = Candidates(a, pool);
    std::sort(options[a].begin(), options[a].end(), Better);
  });
  const size_t cap = 2 * static_cast<size_t>(k);  // nobody in more lists than this
  std::vector<std::vector<Candidate>> lists(n);
  std::vector<size_t> used(n, 0);
  auto listed = [&](uint32_t a, uint32_t b) {
    return std::any_of(lists[a].begin(), lists[a].end(), [b](const Candidate& c) { return c.person == b; });
  };
  // 1. Everybody sought: each person goes into the list of the person who
  // suits them best and still has room; those with the fewest options first.
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t x, uint32_t y) { return options[x].size() < options[y].size(); });
  // A list takes at most k - 1 people this way: its last place is kept for
  // the owner's own best, so strong pairs are never crowded out.
  const size_t seekers = static_cast<size_t>(std::max(1, k - 1));
  for (uint32_t b : order) {
    if (hot_[b].opt_out) continue;
    for (const Candidate& c : options[b]) {
      const uint32_t a = c.person;
      if (lists[a].size() >= seekers || Excluded(a, b) || listed(a, b)) continue;
      lists[a].push_back({b, ScorePair(a, b), hot_[b].present != 0, false});
      ++used[b];
      break;
    }
  }
  // 2. The rest in rounds, each person's best who is not yet in `cap` lists.
  for (int round = 0; round < k; ++round)
    for (uint32_t a = 0; a < n; ++a) {
      if (lists[a].size() > static_cast<size_t>(round)) continue;
      for (const Candidate& c : options[a]) {
        if (used[c.person] >= cap || listed(a, c.person)) continue;
        lists[a].push_back(c);
        ++used[c.person];
        break;
      }
    }
  // 3. Nobody shares anything with them: same-field peers, within the cap.
  for (uint32_t a = 0; a < n; ++a) {
    if (lists[a].size() >= static_cast<size_t>(k)) continue;
    std::vector<Candidate> peers;
    AddFallbacks(a, static_cast<int>(cap), &peers);
    for (const Candidate& c : peers) {
      if (lists[a].size() >= static_cast<size_t>(k)) break;
      if (used[c.person] >= cap || listed(a, c.person)) continue;
      lists[a].push_back(c);
      ++used[c.person];
    }
  }
  in_parallel([&](uint32_t a) {
    std::sort(lists[a].begin(), lists[a].end(), Better);
    for (const Candidate& c : lists[a]) all[a].push_back(Explain(a, c));
  });
  return all;
}

EncounterCard Matcher::Card(const std::string& a, const std::string& b, const std::string& lang) const {
  EncounterCard card;
  auto ia = index_of_.find(a), ib = index_of_.find(b);
  if (ia == index_of_.end() || ib == index_of_.end()) return card;
  const Person& pa = people_[ia->second];
  const Person& pb = people_[ib->second];
  SharedPassions(ia->second, ib->second, &card.shared, &card.related, nullptr);
  const uint32_t field = hot_[ia->second].field;
  if (field && field == hot_[ib->second].field) card.common_field = pb.field_display;
  card.a_offers_b = Matches(pa.offers, pb.seeking);
  card.b_offers_a = Matches(pb.offers, pa.seeking);
  card.starter = CardStarter(card, a, b, lang);
  return card;
}

std::string Matcher::CardStarter(const EncounterCard& card, const std::string& a, const std::string& b,
                                 const std::string& lang) const {
  auto ia = index_of_.find(a);
  if (ia == index_of_.end()) return "";
  const Person& pa = people_[ia->second];
  // One starter for both, the same whichever badge was scanned first, and
  // addressed to the two people reading it together: "Ask each other: ...".
  // Each one's follow-up later names the other (storage/export.cc).
  const std::string key = std::min(a, b) + "|" + std::max(a, b);
  const std::locale& loc = i18n::Default().For(lang);
  // TRANSLATORS: fills {name} in a starter the two people read together: "Ask each other: ...".
  const std::string names = i18n::Tr(loc, kEachOther);
  const StarterTemplates& starters = StartersFor(lang);
  // A language's own "ask each other" (both-*) where it has one.
  auto fill = [&](const std::string& kind, std::map<std::string, std::string> values) {
    if (starters.Has("both-" + kind)) return starters.Fill("both-" + kind, key, values);
    values["name"] = names;
    return starters.Fill(kind, key, values);
  };
  if (!card.shared.empty()) return fill("passion", {{"passion", card.shared[0]}});
  if (!card.a_offers_b.empty() || !card.b_offers_a.empty())
    return fill("offer", {{"offer", card.a_offers_b.empty() ? card.b_offers_a[0] : card.a_offers_b[0]}});
  return fill("field", {{"field", pa.field_display.empty() ? i18n::Tr(loc, "your work") : pa.field_display}});
}

std::vector<std::string> Matcher::PopularPassions(size_t limit) const {
  // Passions by their words, so "Urban Gardening" and "gardening, urban" are one.
  std::map<std::vector<WordId>, std::pair<size_t, std::string>> counts;
  for (const Person& p : people_)
    for (const Passion& q : p.passions) {
      auto& [count, display] = counts[q.words];
      if (count++ == 0) display = Lower(q.written);
    }
  std::vector<std::pair<size_t, std::string>> sorted;
  for (auto& [words, entry] : counts) sorted.push_back(entry);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  std::vector<std::string> out;
  for (size_t i = 0; i < sorted.size() && out.size() < limit; ++i)
    if (std::find(out.begin(), out.end(), sorted[i].second) == out.end()) out.push_back(sorted[i].second);
  return out;
}

size_t Matcher::MemoryBytes() const {
  size_t bytes = VecBytes(people_) + VecBytes(tag_display_) + VecBytes(word_keys_) + VecBytes(word_weight_) +
                 VecBytes(word_people_);
  for (const Person& p : people_) {
    bytes += p.id.capacity() + p.name.capacity() + p.company.capacity() + p.title.capacity() +
             p.field_display.capacity() + p.stage_display.capacity() + p.last_seen_at.capacity() +
             VecBytes(p.passions) + VecBytes(p.offers) + VecBytes(p.seeking);
    for (const Passion& q : p.passions) {
      bytes += q.written.capacity() + VecBytes(q.words);
    }
  }
  for (const auto* lists : {&by_offer_, &by_seeking_, &by_field_, &met_}) {
    bytes += VecBytes(*lists);
    for (const auto& l : *lists) bytes += VecBytes(l);
  }
  bytes += VecBytes(by_word_);
  for (const auto& l : by_word_) bytes += VecBytes(l);
  for (const std::string& k : word_keys_) bytes += k.capacity();
  for (const std::string& k : word_written_) bytes += k.capacity() + sizeof(k);
  // Hash maps: one node (key, value, next pointer) and one bucket per entry.
  for (const auto* m : {&index_of_, &tag_ids_, &field_ids_, &stage_ids_, &word_ids_})
    for (const auto& [key, value] : *m) bytes += key.capacity() + sizeof(key) + sizeof(value) + 2 * sizeof(void*);
  for (const auto& [key, value] : near_) bytes += key.capacity() + sizeof(key) + VecBytes(value) + 3 * sizeof(void*);
  bytes += VecBytes(hot_);
  return bytes;
}

}  // namespace kindred
