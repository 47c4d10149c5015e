#include "match/matcher.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>


namespace kindred {

const std::vector<FollowUpIntent> kFollowUpIntents = {
    {"send-contact", "Send me their contact details"},
    {"introduce", "Introduce me to someone they know"},
    {"share-resource", "Share a resource we talked about"},
    {"meet-again", "Let's meet again after the event"},
};

namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// "a", "a and b", "a, b and c".
std::string JoinAnd(const std::vector<std::string>& items, size_t max_items) {
  std::string out;
  size_t n = std::min(items.size(), max_items);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += i + 1 == n ? " and " : ", ";
    out += items[i];
  }
  return out;
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
                 StarterTemplates starters, MatcherWeights weights)
    : synonyms_(synonyms), starters_(std::move(starters)), weights_(weights) {
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
  for (const Attendee* a : sorted) {
    Person p;
    p.id = a->badge_id;
    p.name = a->name;
    p.field_display = a->field;
    p.stage_display = Lower(a->stage);
    auto intern_all = [this](const std::vector<std::string>& raw) {
      std::vector<TagId> tags;
      for (const std::string& r : raw)
        if (TagId t = Intern(r); t != UINT32_MAX) tags.push_back(t);
      std::sort(tags.begin(), tags.end());
      tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
      return tags;
    };
    p.passions = intern_all(a->passions);
    p.offers = intern_all(a->offers);
    p.seeking = intern_all(a->seeking);
    hot_.push_back({InternWord(&field_ids_, a->field), InternWord(&stage_ids_, a->stage),
                    static_cast<uint8_t>(a->opt_out), 0});
    index_of_[p.id] = static_cast<uint32_t>(people_.size());
    people_.push_back(std::move(p));
  }
  const size_t n_tags = tag_display_.size();
  by_passion_.resize(n_tags);
  by_offer_.resize(n_tags);
  by_seeking_.resize(n_tags);
  by_field_.resize(field_ids_.size());
  for (uint32_t i = 0; i < people_.size(); ++i) {
    const Person& p = people_[i];
    for (TagId t : p.passions) by_passion_[t].push_back(i);
    for (TagId t : p.offers) by_offer_[t].push_back(i);
    for (TagId t : p.seeking) by_seeking_[t].push_back(i);
    if (hot_[i].field) by_field_[hot_[i].field].push_back(i);
  }
  // Rarity: a passion two people share out of hundreds says more than one
  // everybody lists. log(1 + N/df) is > 0 and falls as df grows.
  tag_weight_.resize(n_tags);
  const double n = std::max<size_t>(people_.size(), 1);
  for (TagId t = 0; t < n_tags; ++t)
    tag_weight_[t] = std::log(1.0 + n / std::max<size_t>(by_passion_[t].size(), 1));
  met_.resize(people_.size());
}

Matcher::TagId Matcher::Intern(const std::string& raw) {
  std::string canonical = synonyms_.Canonical(raw);
  if (canonical.empty()) return UINT32_MAX;
  auto [it, fresh] = tag_ids_.emplace(canonical, static_cast<TagId>(tag_display_.size()));
  if (fresh) {
    std::string display = Lower(raw);
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

bool Matcher::Better(const Candidate& x, const Candidate& y) {
  if (x.present != y.present) return x.present;
  double sx = x.parts.total(), sy = y.parts.total();
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
  std::vector<TagId> tags;
  for (const std::string& r : raw)
    if (TagId t = Intern(r); t != UINT32_MAX) tags.push_back(t);
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  // New tags may have been interned: grow the per-tag tables.
  by_passion_.resize(tag_display_.size());
  by_offer_.resize(tag_display_.size());
  by_seeking_.resize(tag_display_.size());
  tag_weight_.resize(tag_display_.size());
  std::vector<TagId> touched = people_[person].passions;
  for (TagId t : people_[person].passions) {
    auto& posting = by_passion_[t];
    posting.erase(std::lower_bound(posting.begin(), posting.end(), person));
  }
  for (TagId t : tags) {
    auto& posting = by_passion_[t];
    posting.insert(std::lower_bound(posting.begin(), posting.end(), person), person);
    touched.push_back(t);
  }
  people_[person].passions = std::move(tags);
  const double n = std::max<size_t>(people_.size(), 1);
  for (TagId t : touched) tag_weight_[t] = std::log(1.0 + n / std::max<size_t>(by_passion_[t].size(), 1));
}

bool Matcher::Excluded(uint32_t a, uint32_t b) const {
  return a == b || hot_[b].opt_out || std::binary_search(met_[a].begin(), met_[a].end(), b);
}

ScoreParts Matcher::ScorePair(uint32_t a, uint32_t b) const {
  const Person& pa = people_[a];
  const Person& pb = people_[b];
  ScoreParts s;
  ForEachCommon(pa.passions, pb.passions, [&](uint32_t t) { s.passion += tag_weight_[t]; });
  int matches = 0;
  ForEachCommon(pa.seeking, pb.offers, [&](uint32_t) { ++matches; });
  ForEachCommon(pa.offers, pb.seeking, [&](uint32_t) { ++matches; });
  s.complement = matches * weights_.complement_match;
  const Hot& ha = hot_[a];
  const Hot& hb = hot_[b];
  if (s.passion > 0 && ha.field && hb.field && ha.field != hb.field) s.field = weights_.different_field;
  if ((s.passion > 0 || s.complement > 0) && ha.stage && ha.stage == hb.stage) s.stage = weights_.same_stage;
  return s;
}

std::vector<Suggestion> Matcher::Suggest(const std::string& id, int k) const {
  auto it = index_of_.find(id);
  if (it == index_of_.end() || k <= 0) return {};
  const uint32_t a = it->second;
  const Person& pa = people_[a];
  // Scores accumulate while walking the inverted indexes: only people who
  // share a passion or match an offer/ask are ever looked at. Passion weights
  // are added in ascending tag order, as ScorePair does, so both agree exactly.
  struct Slot {  // one cache line holds four people's accumulators
    double passion;
    uint32_t epoch;
    uint32_t matches;
  };
  struct Scratch {
    std::vector<Slot> slots;
    uint32_t epoch = 0;
    std::vector<uint32_t> touched;
  };
  thread_local Scratch s;
  if (s.slots.size() < people_.size()) {
    s.slots.assign(people_.size(), Slot{0, 0, 0});
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
      slot = {0, s.epoch, 0};
      s.touched.push_back(b);
    }
    return slot;
  };
  for (TagId t : pa.passions) {
    const double w = tag_weight_[t];
    for (uint32_t b : by_passion_[t]) touch(b).passion += w;
  }
  for (const auto& [mine, theirs] : {std::pair{&pa.seeking, &by_offer_}, std::pair{&pa.offers, &by_seeking_}})
    for (TagId t : *mine)
      for (uint32_t b : (*theirs)[t]) ++touch(b).matches;
  std::vector<Candidate> pool;
  pool.reserve(PoolSize(k) + 1);
  const Hot& ha = hot_[a];
  for (uint32_t b : s.touched) {
    if (Excluded(a, b)) continue;
    const Hot& hb = hot_[b];
    ScoreParts parts;
    parts.passion = s.slots[b].passion;
    parts.complement = s.slots[b].matches * weights_.complement_match;
    if (parts.passion > 0 && ha.field && hb.field && ha.field != hb.field) parts.field = weights_.different_field;
    if (ha.stage && ha.stage == hb.stage) parts.stage = weights_.same_stage;
    Offer(&pool, PoolSize(k), {b, parts, hot_[b].present != 0, false});
  }
  return Select(a, std::move(pool), k);
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
    peers.push_back({b, s, hot_[b].present != 0, true});
  }
  size_t n = std::min<size_t>(peers.size(), static_cast<size_t>(k));
  std::partial_sort(peers.begin(), peers.begin() + n, peers.end(), Better);
  out->insert(out->end(), peers.begin(), peers.begin() + n);
}

std::vector<Suggestion> Matcher::Select(uint32_t a, std::vector<Candidate> candidates, int k) const {
  // Diversity works on a short pool of the best; the rest cannot reach the top k.
  size_t pool_size = std::min(candidates.size(), PoolSize(k));
  std::partial_sort(candidates.begin(), candidates.begin() + pool_size, candidates.end(), Better);
  candidates.resize(pool_size);

  std::vector<Suggestion> chosen;
  std::vector<TagId> covered;
  std::vector<bool> taken(candidates.size(), false);
  std::vector<std::vector<TagId>> shared(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i)
    ForEachCommon(people_[a].passions, people_[candidates[i].person].passions,
                  [&](uint32_t t) { shared[i].push_back(t); });
  while (chosen.size() < static_cast<size_t>(k)) {
    int best = -1;
    double best_score = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (taken[i]) continue;
      // Someone who only shares passions an earlier pick already covers
      // adds little: three people who all share just "AI" is one conversation.
      bool novel = shared[i].empty() || std::any_of(shared[i].begin(), shared[i].end(), [&](TagId t) {
                     return std::find(covered.begin(), covered.end(), t) == covered.end();
                   });
      double score = candidates[i].parts.total() * (novel ? 1.0 : 0.5);
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

std::vector<std::string> Matcher::SharedPassions(uint32_t a, uint32_t b) const {
  std::vector<TagId> tags;
  ForEachCommon(people_[a].passions, people_[b].passions, [&](uint32_t t) { tags.push_back(t); });
  std::stable_sort(tags.begin(), tags.end(),
                   [this](TagId x, TagId y) { return tag_weight_[x] > tag_weight_[y]; });
  std::vector<std::string> out;
  for (TagId t : tags) out.push_back(tag_display_[t]);
  return out;
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
  s.parts = c.parts;
  s.present = c.present;
  s.fallback = c.fallback;
  s.shared = SharedPassions(a, c.person);
  s.they_offer = Matches(pb.offers, pa.seeking);
  s.you_offer = Matches(pa.offers, pb.seeking);
  const std::string first = FirstName(pb.name);
  std::vector<std::string> why;
  if (!s.shared.empty()) why.push_back("you are both passionate about " + JoinAnd(s.shared, 3));
  if (!s.they_offer.empty())
    why.push_back(first + " offers " + JoinAnd(s.they_offer, 2) + ", which you are looking for");
  if (!s.you_offer.empty())
    why.push_back(first + " is looking for " + JoinAnd(s.you_offer, 2) + ", which you offer");
  if (c.parts.field > 0)
    why.push_back(first + " works in " + pb.field_display + ", a different field from yours");
  if (c.fallback) why.push_back("you both work in " + pb.field_display + ": compare notes");
  if (c.parts.stage > 0) why.push_back("you are both " + pb.stage_display);
  for (size_t i = 0; i < why.size(); ++i) s.reason += (i ? "; " : "") + why[i];
  if (!s.reason.empty()) {
    s.reason[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s.reason[0])));
    s.reason += ".";
  }
  const std::string key = pa.id + "|" + pb.id;
  if (!s.shared.empty())
    s.starter = starters_.Fill("passion", key, {{"name", first}, {"passion", s.shared[0]}});
  else if (!s.they_offer.empty() || !s.you_offer.empty())
    s.starter = starters_.Fill(
        "offer", key, {{"name", first}, {"offer", s.they_offer.empty() ? s.you_offer[0] : s.they_offer[0]}});
  else
    s.starter = starters_.Fill("field", key, {{"name", first}, {"field", pb.field_display}});
  return s;
}

std::vector<std::vector<Suggestion>> Matcher::SuggestAll(int k, int threads) const {
  std::vector<std::vector<Suggestion>> all(people_.size());
  threads = std::max(1, threads);
  std::vector<std::thread> workers;
  for (int w = 0; w < threads; ++w)
    workers.emplace_back([this, &all, k, w, threads] {
      for (size_t i = w; i < people_.size(); i += threads) all[i] = Suggest(people_[i].id, k);
    });
  for (std::thread& t : workers) t.join();
  return all;
}

EncounterCard Matcher::Card(const std::string& a, const std::string& b) const {
  EncounterCard card;
  auto ia = index_of_.find(a), ib = index_of_.find(b);
  if (ia == index_of_.end() || ib == index_of_.end()) return card;
  const Person& pa = people_[ia->second];
  const Person& pb = people_[ib->second];
  card.shared = SharedPassions(ia->second, ib->second);
  const uint32_t field = hot_[ia->second].field;
  if (field && field == hot_[ib->second].field) card.common_field = pb.field_display;
  card.a_offers_b = Matches(pa.offers, pb.seeking);
  card.b_offers_a = Matches(pb.offers, pa.seeking);
  // One starter for both, the same whichever badge was scanned first, and
  // addressed to the two people reading it together: "Ask each other: ...".
  // Each one's follow-up later names the other (storage/export.cc).
  const std::string key = std::min(a, b) + "|" + std::max(a, b);
  const std::string names = kEachOther;
  if (!card.shared.empty())
    card.starter = starters_.Fill("passion", key, {{"name", names}, {"passion", card.shared[0]}});
  else if (!card.a_offers_b.empty() || !card.b_offers_a.empty())
    card.starter = starters_.Fill(
        "offer", key,
        {{"name", names}, {"offer", card.a_offers_b.empty() ? card.b_offers_a[0] : card.a_offers_b[0]}});
  else
    card.starter = starters_.Fill(
        "field", key, {{"name", names}, {"field", pa.field_display.empty() ? "your work" : pa.field_display}});
  return card;
}

std::vector<std::string> Matcher::PopularPassions(size_t limit) const {
  std::vector<TagId> tags(by_passion_.size());
  std::iota(tags.begin(), tags.end(), 0);
  std::stable_sort(tags.begin(), tags.end(), [this](TagId x, TagId y) {
    if (by_passion_[x].size() != by_passion_[y].size()) return by_passion_[x].size() > by_passion_[y].size();
    return tag_display_[x] < tag_display_[y];
  });
  std::vector<std::string> out;
  for (size_t i = 0; i < tags.size() && i < limit; ++i) out.push_back(tag_display_[tags[i]]);
  return out;
}

size_t Matcher::MemoryBytes() const {
  size_t bytes = VecBytes(people_) + VecBytes(tag_display_) + VecBytes(tag_weight_);
  for (const Person& p : people_)
    bytes += p.id.capacity() + p.name.capacity() + p.field_display.capacity() +
             p.stage_display.capacity() + VecBytes(p.passions) + VecBytes(p.offers) +
             VecBytes(p.seeking);
  for (const auto* lists : {&by_passion_, &by_offer_, &by_seeking_, &by_field_, &met_}) {
    bytes += VecBytes(*lists);
    for (const auto& l : *lists) bytes += VecBytes(l);
  }
  // Hash maps: one node (key, value, next pointer) and one bucket per entry.
  for (const auto* m : {&index_of_, &tag_ids_, &field_ids_, &stage_ids_})
    for (const auto& [key, value] : *m) bytes += key.capacity() + sizeof(key) + sizeof(value) + 2 * sizeof(void*);
  bytes += VecBytes(hot_);
  return bytes;
}

}  // namespace kindred
