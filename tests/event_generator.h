// Events generated for the matcher's quality tests and benchmark: rosters as
// people really fill in registration forms. Deterministic for a seed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "storage/attendee.h"

namespace kindred::test {

// A free-text event of `people` (at least 2 x pairs): everyone lists two to
// four common passions (Zipf: a few that everyone lists); `pairs` planted
// pairs also share one rare passion, each side written its own way: a word
// more or less, another word form, a typo, another order, a sentence,
// shouting capitals. planted[i] = {badge ID, partner's badge ID}.
struct FreeTextEvent {
  std::vector<Attendee> people;
  std::vector<std::pair<std::string, std::string>> planted;
};
FreeTextEvent MakeFreeTextEvent(int people, int pairs, unsigned seed);

// An event of `people` with Zipf-like passions over `passions` distinct ones
// (a few that everyone lists, a long tail), offers and asks, fields and stages.
std::vector<Attendee> MakeZipfEvent(int people, int passions, unsigned seed);

// How evenly a set of suggestion lists spreads attention: how many lists the
// most suggested person is in, the mean over everyone, and the share of
// people in nobody's list.
struct Exposure {
  int max = 0;
  double mean = 0;
  double unsought = 0;  // 0..1
};
Exposure MeasureExposure(const std::vector<std::vector<std::string>>& lists, size_t people);

}  // namespace kindred::test
