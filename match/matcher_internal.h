// What the pieces of the matcher share (match/matcher.cc, rank.cc,
// explain.cc). Internal to match/.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kindred::matching {

// The most a person never suggested yet gains when others have been.
inline constexpr double kMaxExposureBoost = 1.3;

// At most this many passions per person are matched: a long list says less
// about each, and it bounds the work per pair.
inline constexpr size_t kMaxPassions = 16;

// Past the event's mean exposure the score shrinks as the excess grows
// relative to the mean: twice the mean of 10 halves it. Below the mean it
// grows a little, up to kMaxExposureBoost for someone nobody has been shown
// yet, so that the people not yet sought out come forward.
inline double ExposureFactorAt(double exposure, double mean) {
  const double excess = exposure - mean;
  if (excess > 0) return 1.0 / (1.0 + excess / (mean + 1.0));
  return 1.0 + (kMaxExposureBoost - 1.0) * (-excess / (mean + 1.0));
}

// ASCII letters lowered.
std::string Lower(std::string s);

// How many of the best candidates the diversity pass chooses from.
inline size_t PoolSize(int k) { return static_cast<size_t>(std::max(30, 10 * k)); }

// Calls fn with each item in both sorted lists.
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

}  // namespace kindred::matching
