// What every `kindred` command shares: its exit codes and how it fails.
#pragma once

#include <cstdio>
#include <string>

namespace kindred {

// Exit codes (scripts rely on them):
//   0  done
//   1  failed: bad input or a problem on disk; nothing already saved was changed
//   2  usage error
//   3  partly done: some roster lines were rejected, the rest were imported
inline constexpr int kOk = 0, kFailed = 1, kUsage = 2, kPartly = 3;

// Prints "kindred: MESSAGE" as one line on stderr; returns kFailed.
inline int Fail(const std::string& message) {
  std::fprintf(stderr, "kindred: %s\n", message.c_str());
  return kFailed;
}

}  // namespace kindred
