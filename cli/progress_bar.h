// A terminal progress bar on stderr, only when a person is watching.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <string>

namespace kindred {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)), tty_(isatty(2)) {}
  ~ProgressBar() {
    if (tty_ && shown_) std::fputc('\n', stderr);
  }
  void Update(size_t done, size_t total) {
    if (!tty_ || total == 0) return;
    int percent = static_cast<int>(done * 100 / total);
    if (percent == last_) return;
    last_ = percent;
    shown_ = true;
    int filled = percent * 30 / 100;
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label_.c_str(), filled,
                 "##############################", 30 - filled, "", percent);
  }

 private:
  std::string label_;
  bool tty_;
  bool shown_ = false;
  int last_ = -1;
};

}  // namespace kindred
