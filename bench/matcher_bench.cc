// matcher-bench: the matcher against a 50,000-person event with 200 passions,
// side by side with the naive scan-everyone reference, in the same run.
//
//   matcher-bench [PEOPLE] [PASSIONS]
//
// Prints per-attendee suggestion latency (p50, p99, max) for both, everyone's
// top 3 on 2 threads, and the index's memory. Figures go in the README.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include "match/matcher.h"

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
  return 0;
}
