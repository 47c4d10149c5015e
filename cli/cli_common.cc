#include "cli/cli_common.h"

#include <pthread.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace kindred {

bool ReadSecret(const char* prompt, bool confirm, std::string* out) {
  auto read_line = [](const char* text, std::string* line) {
    if (isatty(0)) std::fprintf(stderr, "%s", text);
    char buf[256] = {};
    if (!std::fgets(buf, sizeof buf, stdin)) return false;
    *line = buf;
    while (!line->empty() && (line->back() == '\n' || line->back() == '\r')) line->pop_back();
    if (isatty(0)) std::fputc('\n', stderr);
    return true;
  };
  termios old{};
  const bool tty = isatty(0) && tcgetattr(0, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(0, TCSANOW, &quiet);
  }
  std::string again;
  const bool ok = read_line(prompt, out) && !out->empty() &&
                  (!tty || !confirm || (read_line("Again: ", &again) && again == *out));
  if (tty) tcsetattr(0, TCSANOW, &old);
  return ok;
}

std::string HubCommandName() {
  const char* via = std::getenv("KINDRED_VIA");
  return via && std::string(via) == "kindred-hub" ? "sudo kindred-hub" : "kindred hub";
}

void PrintColumns(const std::vector<std::vector<std::string>>& rows, const std::vector<size_t>& right) {
  // Characters, not bytes (names in any script; wide ones may still lean out).
  auto width = [](const std::string& s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  };
  std::vector<size_t> widths;
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], width(row[i]));
    }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string pad(widths[i] - width(row[i]), ' ');
      const bool last = i + 1 == row.size();
      const bool to_right = std::find(right.begin(), right.end(), i) != right.end();
      line += (i ? "  " : "") + (to_right ? pad + row[i] : row[i] + (last ? "" : pad));
    }
    std::printf("%s\n", line.c_str());
  }
}

bool Confirmed(const std::string& question, const char* word) {
  if (!isatty(0)) return false;
  std::fprintf(stderr, "%s Type %s to confirm: ", question.c_str(), word);
  char answer[64] = {};
  return std::fgets(answer, sizeof answer, stdin) && std::string(answer) == std::string(word) + "\n";
}

void WaitUntilStopped() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int sig = 0;
  sigwait(&set, &sig);
}

}  // namespace kindred
