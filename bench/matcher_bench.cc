// matcher-bench: the matcher against a 50,000-person event with 200 passions,
// side by side with the naive scan-everyone reference, in the same run.
//
//   matcher-bench [PEOPLE] [PASSIONS]
//
// Prints per-attendee suggestion latency (p50, p99, max) for both, everyone's
// top 3 on 2 threads, and the index's memory; then, on events generated here,
// how many planted partners with free-text passions are found (beside a
// plain token matcher) and how evenly everyone's top 3 spreads attention.
// Figures go in the README.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include "match/matcher.h"
#include "match/tags.h"
#include "tests/event_generator.h"
#include <cmath>
#include <map>
#include <set>

namespace {

using Clock = std::chrono::steady_clock;

// prefix + n, spelled so GCC 12 does not warn falsely (PR 105651).
std::string Named(const char* prefix, long n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

std::vector<kindred::Attendee> RandomEvent(int n, int passions, unsigned seed) {
  std::mt19937 rng(seed);
  // Zipf-like popularity: a few passions everyone lists, a long tail of rare ones.
  std::vector<double> weights(passions);
  for (int i = 0; i < passions; ++i) weights[i] = 1.0 / (i + 1);
  std::discrete_distribution<int> pick(weights.begin(), weights.end());
  const char* fields[] = {"design", "energy", "software", "arts", "finance", "health", "education", "research"};
  const char* stages[] = {"student", "early career", "mid career", "senior", "founder"};
  std::vector<kindred::Attendee> people(n);
  for (int i = 0; i < n; ++i) {
    kindred::Attendee& a = people[i];
    a.badge_id = Named("B", 100000 + i);
    a.name = Named("Person ", i);
    for (int k = 1 + static_cast<int>(rng() % 5); k > 0; --k) a.passions.push_back(Named("passion ", pick(rng)));
    a.offers.push_back(Named("offer ", rng() % 50));
    a.seeking.push_back(Named("offer ", rng() % 50));
    a.field = fields[rng() % 8];
    a.stage = stages[rng() % 5];
  }
  return people;
}

struct Latency {
  double p50_us, p99_us, max_us;
};

template <typename F>
Latency Measure(const std::vector<std::string>& ids, F&& suggest) {
  std::vector<double> us;
  us.reserve(ids.size());
  for (const std::string& id : ids) {
    auto start = Clock::now();
    auto list = suggest(id);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    if (list.empty()) std::abort();  // every random attendee has somebody to meet
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100], us.back()};
}

// The reference for free text: a plain token matcher. Lower-cased words,
// each weighted by its rarity, shared words added up; the top k by that.
class TokenMatcher {
 public:
  explicit TokenMatcher(const std::vector<kindred::Attendee>& people) : people_(people) {
    for (const auto& a : people_) {
      std::set<std::string> words;
      for (const auto& p : a.passions)
        for (const std::string& w : kindred::FoldWords(p, nullptr)) words.insert(w);
      for (const auto& w : words) ++df_[w];
      tokens_.push_back(std::move(words));
    }
  }
  std::vector<std::string> Top(size_t who, size_t k) const {
    std::vector<std::pair<double, size_t>> scored;
    for (size_t b = 0; b < people_.size(); ++b) {
      if (b == who) continue;
      double s = 0;
      for (const auto& w : tokens_[who])
        if (tokens_[b].count(w)) s += std::log(1.0 + people_.size() / static_cast<double>(df_.at(w)));
      if (s > 0) scored.emplace_back(-s, b);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (size_t i = 0; i < scored.size() && i < k; ++i) out.push_back(people_[scored[i].second].badge_id);
    return out;
  }

 private:
  const std::vector<kindred::Attendee>& people_;
  std::vector<std::set<std::string>> tokens_;
  std::map<std::string, int> df_;
};

void FreeTextFigures() {
  int kindred_found = 0, token_found = 0, planted = 0;
  for (unsigned seed = 1; seed <= 3; ++seed) {
    kindred::test::FreeTextEvent e = kindred::test::MakeFreeTextEvent(400, 30, seed);
    kindred::Matcher m(e.people, {});
    TokenMatcher tokens(e.people);
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < e.people.size(); ++i) index[e.people[i].badge_id] = i;
    for (const auto& [who, partner] : e.planted) {
      ++planted;
      for (const auto& s : m.Suggest(who, 3)) kindred_found += s.id == partner;
      for (const auto& id : tokens.Top(index[who], 3)) token_found += id == partner;
    }
  }
  std::printf("free text, 3 events of 400 (60 planted people each), partner in the top 3:\n");
  std::printf("  Kindred                               %d of %d (%.1f%%)\n", kindred_found, planted,
              100.0 * kindred_found / planted);
  std::printf("  plain token matcher (reference)       %d of %d (%.1f%%)\n", token_found, planted,
              100.0 * token_found / planted);
}

void ExposureFigures() {
  const int n = 2000;
  auto people = kindred::test::MakeZipfEvent(n, 300, 7);
  kindred::Matcher m(people, {});
  auto ids_of = [](const std::vector<std::vector<kindred::Suggestion>>& all) {
    std::vector<std::vector<std::string>> ids;
    for (const auto& list : all) {
      ids.emplace_back();
      for (const auto& s : list) ids.back().push_back(s.id);
    }
    return ids;
  };
  auto print = [n](const char* what, const kindred::test::Exposure& e) {
    std::printf("  %-36s most suggested in %d lists (%.1fx the mean of %.2f); %.1f%% in nobody's top 3\n", what,
                e.max, e.max / e.mean, e.mean, 100 * e.unsought);
  };
  std::printf("exposure, everyone's top 3 on a %d-person Zipf event (300 passions, offers and asks):\n", n);
  print("each alone (reference)", kindred::test::MeasureExposure(ids_of(m.SuggestAll(3, 2)), n));
  print("balanced (suggest --all)", kindred::test::MeasureExposure(ids_of(m.SuggestBalanced(3, 2)), n));
  // At the kiosk: people come one by one, and each suggestion shown counts.
  kindred::Matcher live(people, {});
  std::vector<std::vector<std::string>> shown;
  std::mt19937 rng(3);
  std::vector<size_t> order(n);
  for (int i = 0; i < n; ++i) order[i] = static_cast<size_t>(i);
  std::shuffle(order.begin(), order.end(), rng);
  for (size_t i : order) {
    shown.emplace_back();
    for (const auto& s : live.Suggest(people[i].badge_id, 3)) {
      shown.back().push_back(s.id);
      live.AddExposure(s.id);
    }
  }
  print("at the kiosk, one by one, discounted", kindred::test::MeasureExposure(shown, n));
}

}  // namespace

int main(int argc, char** argv) {
  const int people = argc > 1 ? std::atoi(argv[1]) : 50000;
  const int passions = argc > 2 ? std::atoi(argv[2]) : 200;
  auto roster = RandomEvent(people, passions, 1);

  auto t0 = Clock::now();
  kindred::Matcher matcher(roster, {});
  double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();

  std::mt19937 rng(2);
  std::vector<std::string> sample;
  for (int i = 0; i < 2000; ++i) sample.push_back(roster[rng() % roster.size()].badge_id);
  std::vector<std::string> naive_sample(sample.begin(), sample.begin() + 200);

  Latency index = Measure(sample, [&](const std::string& id) { return matcher.Suggest(id, 3); });
  Latency naive = Measure(naive_sample, [&](const std::string& id) { return matcher.SuggestByScan(id, 3); });

  t0 = Clock::now();
  auto all = matcher.SuggestAll(3, 2);
  double all_s = std::chrono::duration<double>(Clock::now() - t0).count();

  std::printf("matcher-bench: %d people, %d distinct passions\n", people, passions);
  std::printf("%-38s %10s %10s %10s\n", "suggestions for one attendee (k=3)", "p50", "p99", "max");
  std::printf("%-38s %8.3f ms %7.3f ms %7.3f ms\n", "inverted index (Kindred)", index.p50_us / 1000,
              index.p99_us / 1000, index.max_us / 1000);
  std::printf("%-38s %8.3f ms %7.3f ms %7.3f ms\n", "naive scan of everyone (reference)", naive.p50_us / 1000,
              naive.p99_us / 1000, naive.max_us / 1000);
  std::printf("everyone's top 3, 2 threads:           %.2f s (%zu lists)\n", all_s, all.size());
  std::printf("index build:                           %.0f ms\n", build_ms);
  std::printf("index memory:                          %.1f MB\n", matcher.MemoryBytes() / 1e6);

  // Mid-event: everyone's top 3 has been shown once (3 per person on
  // average, most to a few), so exposure discounts and boosts apply.
  for (const auto& list : all)
    for (const auto& s : list) matcher.AddExposure(s.id);
  index = Measure(sample, [&](const std::string& id) { return matcher.Suggest(id, 3); });
  naive = Measure(naive_sample, [&](const std::string& id) { return matcher.SuggestByScan(id, 3); });
  std::printf("mid-event (everyone's top 3 shown once, exposure counted):\n");
  std::printf("%-38s %8.3f ms %7.3f ms %7.3f ms\n", "inverted index (Kindred)", index.p50_us / 1000,
              index.p99_us / 1000, index.max_us / 1000);
  std::printf("%-38s %8.3f ms %7.3f ms %7.3f ms\n", "naive scan of everyone (reference)", naive.p50_us / 1000,
              naive.p99_us / 1000, naive.max_us / 1000);
  FreeTextFigures();
  ExposureFigures();
  return 0;
}
