#include "tests/event_generator.h"

#include <algorithm>
#include <map>
#include <random>

namespace kindred::test {

namespace {

// prefix + n, spelled so GCC 12 does not warn falsely (PR 105651).
std::string Named(const char* prefix, long n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

// Two ways of writing one rare passion, as two people would.
const std::pair<const char*, const char*> kRareWritings[] = {
    // a word more or less
    {"urban gardening", "gardening"}, {"sourdough baking", "sourdough"}, {"competitive chess", "chess"},
    {"medieval history", "history of the middle ages"}, {"salsa dancing", "salsa"},
    // another word form
    {"cycling", "cyclist"}, {"beekeeping", "beekeeper"}, {"woodworking", "woodworker"},
    {"birdwatching", "birdwatcher"}, {"knitting", "knitter"}, {"kayaking", "kayaker"},
    // a typo
    {"philosophy", "philosphy"}, {"calligraphy", "caligraphy"}, {"astronomy", "astronmy"},
    {"mycology", "mycollogy"}, {"archaeology", "archeology"},
    // another order
    {"trail running", "running trails"}, {"vintage synthesizers", "synthesizers, vintage"},
    {"restoring furniture", "furniture restoring"}, {"jazz piano", "piano jazz"},
    // a sentence
    {"I spend my weekends restoring old boats", "boat restoration"},
    {"I love brewing my own beer at home", "home brewing"},
    {"Passionate about teaching kids to code", "coding for kids"},
    {"I'm really into growing bonsai trees", "bonsai"},
    {"My passion is long-distance sailing", "sailing"},
    // shouting capitals
    {"ORIGAMI", "origami"}, {"FERMENTATION", "Fermentation"}, {"ROCK CLIMBING", "rock climbing"},
    {"STAND-UP COMEDY", "stand up comedy"}, {"CERAMICS", "ceramics"},
};

const char* const kCommon[] = {"music", "travel", "coffee", "reading", "movies", "hiking", "cooking",
                               "football", "yoga", "startups", "technology", "art", "podcasts",
                               "fitness", "food", "photography", "running", "design", "gaming", "tennis"};
const char* const kFields[] = {"design", "energy", "software", "arts", "finance", "health", "education", "research"};
const char* const kStages[] = {"student", "early career", "mid career", "senior", "founder"};

std::vector<double> ZipfWeights(size_t n) {
  std::vector<double> w(n);
  for (size_t i = 0; i < n; ++i) w[i] = 1.0 / static_cast<double>(i + 1);
  return w;
}

}  // namespace

FreeTextEvent MakeFreeTextEvent(int people, int pairs, unsigned seed) {
  std::mt19937 rng(seed);
  const size_t n_common = std::size(kCommon);
  std::vector<double> w = ZipfWeights(n_common);
  std::discrete_distribution<size_t> common(w.begin(), w.end());
  FreeTextEvent event;
  event.people.resize(people);
  for (int i = 0; i < people; ++i) {
    Attendee& a = event.people[i];
    a.badge_id = Named("F", 1000 + i);
    a.name = Named("Person ", i);
    for (int k = 2 + static_cast<int>(rng() % 3); k > 0; --k) {
      std::string p = kCommon[common(rng)];
      if (std::find(a.passions.begin(), a.passions.end(), p) == a.passions.end()) a.passions.push_back(p);
    }
    a.field = kFields[rng() % std::size(kFields)];
    a.stage = kStages[rng() % std::size(kStages)];
  }
  // Planted pairs at random places in the roster, each with a rare passion.
  std::vector<int> slots(people);
  for (int i = 0; i < people; ++i) slots[i] = i;
  std::shuffle(slots.begin(), slots.end(), rng);
  const int n_rare = static_cast<int>(std::size(kRareWritings));
  for (int p = 0; p < pairs && 2 * p + 1 < people; ++p) {
    Attendee& x = event.people[slots[2 * p]];
    Attendee& y = event.people[slots[2 * p + 1]];
    const auto& [one, other] = kRareWritings[p % n_rare];
    x.passions.insert(x.passions.begin() + static_cast<long>(rng() % (x.passions.size() + 1)), one);
    y.passions.insert(y.passions.begin() + static_cast<long>(rng() % (y.passions.size() + 1)), other);
    event.planted.emplace_back(x.badge_id, y.badge_id);
    event.planted.emplace_back(y.badge_id, x.badge_id);
  }
  return event;
}

std::vector<Attendee> MakeZipfEvent(int people, int passions, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<double> w = ZipfWeights(static_cast<size_t>(passions));
  std::discrete_distribution<int> pick(w.begin(), w.end());
  std::vector<Attendee> out(people);
  for (int i = 0; i < people; ++i) {
    Attendee& a = out[i];
    a.badge_id = Named("Z", 100000 + i);
    a.name = Named("Person ", i);
    for (int k = 2 + static_cast<int>(rng() % 4); k > 0; --k) a.passions.push_back(Named("interest", pick(rng)));
    if (rng() % 2) a.offers.push_back(Named("help", rng() % 40));
    if (rng() % 2) a.seeking.push_back(Named("help", rng() % 40));
    a.field = kFields[rng() % std::size(kFields)];
    a.stage = kStages[rng() % std::size(kStages)];
  }
  return out;
}

Exposure MeasureExposure(const std::vector<std::vector<std::string>>& lists, size_t people) {
  std::map<std::string, int> count;
  size_t entries = 0;
  for (const auto& list : lists)
    for (const std::string& id : list) ++count[id], ++entries;
  Exposure e;
  for (const auto& [id, c] : count) e.max = std::max(e.max, c);
  e.mean = people ? static_cast<double>(entries) / static_cast<double>(people) : 0;
  e.unsought = people ? 1.0 - static_cast<double>(count.size()) / static_cast<double>(people) : 0;
  return e;
}

}  // namespace kindred::test
