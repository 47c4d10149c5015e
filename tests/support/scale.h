// How much of a large sample a test draws. The ASan+UBSan build looks for
// memory and undefined-behaviour errors: it needs every code path, not the
// statistics, and runs several times slower; the Release build's run of the
// same tests keeps the full samples (10,000 saves killed at random points,
// every screen in every language, a 50,000-person event sampled densely).
#pragma once

namespace kindred::test {

#ifdef KINDRED_SANITIZED
inline constexpr int kSampleDivisor = 5;
inline constexpr bool kSanitized = true;
#else
inline constexpr int kSampleDivisor = 1;
inline constexpr bool kSanitized = false;
#endif

}  // namespace kindred::test
