// What every `kindred` command shares: its exit codes and how it fails.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

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

// Waits until the process is told to stop (Ctrl-C, or SIGTERM from systemd),
// for commands that serve until then.
void WaitUntilStopped();

// "1 encounter", "2 encounters": `n` with the noun's singular or plural.
inline std::string Count(long long n, const std::string& one, const std::string& many = "") {
  return std::to_string(n) + " " + (n == 1 ? one : many.empty() ? one + "s" : many);
}

// How this program is typed where it runs: "sudo kindred-hub" on a hub
// installed by deploy/install-hub.sh (its wrapper sets KINDRED_VIA), else
// "kindred hub".
std::string HubCommandName();

// Prints `rows` as columns as wide as their longest value, two spaces
// apart; the columns listed in `right` (by index) aligned right.
void PrintColumns(const std::vector<std::vector<std::string>>& rows, const std::vector<size_t>& right = {});

// Reads a secret (a PIN, a passphrase) as one line: from the terminal without
// echo, asked twice when `confirm`; from standard input as it comes (scripts).
// False when nothing was read or the two entries differ.
bool ReadSecret(const char* prompt, bool confirm, std::string* out);

// Asks on the terminal to type `word` to go on; true when it was typed.
// Without a terminal, false (scripts say --yes).
bool Confirmed(const std::string& question, const char* word);

}  // namespace kindred
