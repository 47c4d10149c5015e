// How much of a large sample a test draws. The ASan+UBSan build looks for
// memory and undefined-behaviour errors, and the arm64 build run under
// qemu-user for what breaks on a Raspberry Pi: both need every code path,
// not the statistics, and run several times slower. The Release build's run
// of the same tests keeps the full samples (10,000 saves killed at random
// points, every screen in every language, a 50,000-person event sampled
// densely).
#pragma once

namespace kindred::test {

#if defined(KINDRED_SANITIZED) || defined(KINDRED_EMULATED)
inline constexpr int kSampleDivisor = 5;
#else
inline constexpr int kSampleDivisor = 1;
#endif
#ifdef KINDRED_SANITIZED
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace kindred::test
