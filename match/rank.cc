// The matcher's ranking: scoring a pair, finding the best candidates through
// the inverted index, choosing a diverse few, and balancing the whole event.
#include "match/matcher.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>
#include <unordered_set>

#include "i18n/catalog.h"
#include "match/matcher_internal.h"

namespace kindred {

using namespace matching;  // NOLINT: the matcher's own internals

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

std::vector<Suggestion> Matcher::Suggest(const std::string& id, int k) const { return Suggest(id, k, "en"); }

std::vector<Suggestion> Matcher::Suggest(const std::string& id, int k, const std::string& lang) const {
  auto it = index_of_.find(id);
  if (it == index_of_.end() || k <= 0) return {};
  return Select(it->second, Candidates(it->second, PoolSize(k)), k, lang);
}

std::vector<Suggestion> Matcher::SuggestThese(const std::string& id, const std::vector<std::string>& ids,
                                              const std::string& lang) const {
  std::vector<Suggestion> out;
  auto it = index_of_.find(id);
  if (it == index_of_.end()) return out;
  const uint32_t a = it->second;
  for (const std::string& other : ids) {
    auto ib = index_of_.find(other);
    if (ib == index_of_.end() || Excluded(a, ib->second)) continue;
    const uint32_t b = ib->second;
    const ScoreParts parts = ScorePair(a, b);
    out.push_back(Explain(a, {b, parts, hot_[b].present != 0, parts.passion == 0 && parts.complement == 0}, lang));
  }
  return out;
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
  return Select(a, std::move(candidates), k, "en");  // sorts everyone: the reference, not the fast path
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

std::vector<Suggestion> Matcher::Select(uint32_t a, std::vector<Candidate> candidates, int k,
                                        const std::string& lang) const {
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
    chosen.push_back(Explain(a, candidates[best], lang));
  }
  if (chosen.size() < static_cast<size_t>(k)) {
    std::vector<Candidate> peers;
    AddFallbacks(a, k + static_cast<int>(chosen.size()), &peers);
    for (const Candidate& c : peers) {
      if (chosen.size() >= static_cast<size_t>(k)) break;
      bool dup = std::any_of(chosen.begin(), chosen.end(),
                             [&](const Suggestion& s) { return s.id == people_[c.person].id; });
      if (!dup) chosen.push_back(Explain(a, c, lang));
    }
  }
  return chosen;
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
    for (const Candidate& c : lists[a]) all[a].push_back(Explain(a, c, "en"));
  });
  return all;
}

}  // namespace kindred
