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

namespace matching {

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace matching

namespace {

// Shouting capitals are not anyone's wording: "URBAN GARDENING" reads as
// "urban gardening"; anything else stays as written.
std::string Readable(std::string s) {
  bool lower = false, upper = false;
  for (char c : s) lower |= c >= 'a' && c <= 'z', upper |= c >= 'A' && c <= 'Z';
  return upper && !lower ? Lower(std::move(s)) : s;
}

template <typename T>
size_t VecBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
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
  // Each synonym group's canonical passion, to name the group in any language.
  for (const std::string& canonical : synonyms_.Canonicals()) canonical_of_group_.emplace(GroupOf(canonical), canonical);
}

void Matcher::AppendPerson(const Attendee& a) {
  Person p;
  p.id = a.badge_id;
  p.name = a.name;
  p.field_display = a.field;
  p.stage_display = Lower(a.stage);
  p.last_seen_at = a.last_seen_at;
  p.language = a.language;
  // Sorted, unique tags, and each as this person wrote it.
  auto intern_all = [this](const std::vector<std::string>& raw, std::vector<TagId>* tags,
                           std::vector<std::string>* written) {
    std::vector<std::pair<TagId, std::string>> both;
    for (const std::string& r : raw)
      if (TagId t = Intern(r); t != UINT32_MAX) both.push_back({t, Readable(r)});
    std::stable_sort(both.begin(), both.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto& [t, w] : both)
      if (tags->empty() || tags->back() != t) tags->push_back(t), written->push_back(std::move(w));
  };
  p.passions = ReadPassions(a.passions);
  intern_all(a.offers, &p.offers, &p.offers_written);
  intern_all(a.seeking, &p.seeking, &p.seeking_written);
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

std::vector<PassionWord> Matcher::WordsOf(const std::string& passion) const {
  // Synonyms apply to the whole passion ("ML"), else to single words.
  std::string canonical;
  if (synonyms_.Lookup(passion, &canonical)) return ContentWords(canonical);
  std::vector<PassionWord> words;
  for (PassionWord& w : ContentWords(passion)) {
    if (synonyms_.Lookup(w.folded, &canonical)) {
      for (PassionWord& c : ContentWords(canonical)) words.push_back({std::move(c.folded), w.written});
    } else {
      words.push_back(std::move(w));
    }
  }
  return words;
}

std::vector<Matcher::Passion> Matcher::ReadPassions(const std::vector<std::string>& raw) {
  std::vector<Passion> out;
  for (const std::string& cell : raw) {
    for (std::string& piece : SplitPassions(cell)) {
      if (out.size() >= kMaxPassions) return out;
      std::vector<PassionWord> words = WordsOf(piece);
      if (words.empty()) continue;
      Passion p;
      p.written = Readable(std::move(piece));
      for (PassionWord& w : words) p.words.push_back(InternWord(w.folded, w.written));
      std::sort(p.words.begin(), p.words.end());
      p.words.erase(std::unique(p.words.begin(), p.words.end()), p.words.end());
      p.group = GroupKey(p.words);
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

std::string Matcher::GroupKey(const std::vector<WordId>& words) const {
  std::vector<std::string> keys;
  for (WordId w : words) keys.push_back(word_keys_[w]);
  std::sort(keys.begin(), keys.end());
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : " ") + k;
  return out;
}

std::string Matcher::GroupOf(const std::string& passion) const {
  // As ReadPassions reads a passion, without adding its words to the index.
  std::vector<std::string> keys;
  for (const PassionWord& w : WordsOf(passion)) {
    std::string key = keys_->Key(w.folded);
    if (auto it = word_ids_.find(key); it != word_ids_.end()) key = word_keys_[it->second];  // a known typo's word
    keys.push_back(std::move(key));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : " ") + k;
  return out;
}

std::string Matcher::GroupLabel(const std::string& group, const std::string& lang) const {
  const auto canonical = canonical_of_group_.find(group);
  // The synonyms' own name for it in `lang` (a [lang] section).
  if (canonical != canonical_of_group_.end()) {
    const std::string here = synonyms_.Label(canonical->second, lang), anywhere = synonyms_.Label(canonical->second, "");
    if (!here.empty() && here != anywhere) return here;
  }
  // What people wrote: most often among readers of `lang`, else among everyone.
  std::map<std::string, std::pair<size_t, size_t>> written;  // word -> (by readers of lang, by all)
  for (const Person& p : people_)
    for (const Passion& q : p.passions)
      if (q.group == group) {
        auto& [theirs, all] = written[q.written];
        ++all;
        if (!p.language.empty() && p.language.substr(0, 2) == lang.substr(0, 2)) ++theirs;
      }
  std::string best;
  std::pair<size_t, size_t> best_count{0, 0};
  for (const auto& [word, count] : written)
    if (count.first > best_count.first) best = word, best_count = count;
  if (!best.empty()) return best;
  if (canonical != canonical_of_group_.end()) return synonyms_.Label(canonical->second, lang);
  for (const auto& [word, count] : written)
    if (count.second > best_count.second) best = word, best_count = count;
  return best;
}

std::vector<std::string> Matcher::PopularPassions(size_t limit, const std::string& lang) const {
  // Groups, so "Urban Gardening", "gardening, urban" and a synonym are one.
  std::map<std::string, size_t> counts;
  for (const Person& p : people_)
    for (const Passion& q : p.passions) ++counts[q.group];
  std::vector<std::pair<size_t, std::string>> sorted;
  for (const auto& [group, count] : counts) sorted.push_back({count, group});
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  std::vector<std::string> out;
  for (size_t i = 0; i < sorted.size() && out.size() < limit; ++i) {
    const std::string label = GroupLabel(sorted[i].second, lang);
    if (!label.empty() && std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
  }
  return out;
}

size_t Matcher::MemoryBytes() const {
  size_t bytes = VecBytes(people_) + VecBytes(tag_display_) + VecBytes(word_keys_) + VecBytes(word_weight_) +
                 VecBytes(word_people_);
  for (const Person& p : people_) {
    bytes += p.id.capacity() + p.name.capacity() +
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