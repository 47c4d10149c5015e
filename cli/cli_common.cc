#include "cli/cli_common.h"

#include <termios.h>
#include <unistd.h>

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

bool Confirmed(const std::string& question, const char* word) {
  if (!isatty(0)) return false;
  std::fprintf(stderr, "%s Type %s to confirm: ", question.c_str(), word);
  char answer[64] = {};
  return std::fgets(answer, sizeof answer, stdin) && std::string(answer) == std::string(word) + "\n";
}

}  // namespace kindred
