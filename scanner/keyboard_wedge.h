// Recognises scans from keyboard-wedge barcode scanners (USB or Bluetooth
// scanners that "type" the badge text). A scanner types a burst of characters
// a few milliseconds apart, ended by Enter or, for scanners configured without
// a suffix, by a short pause. A person types far slower, so a burst whose keys
// come further apart than `max_key_gap_ms` is not a scan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kindred {

struct KeyboardWedgeOptions {
  int64_t max_key_gap_ms = 35;    // scanners send a key every 1-20 ms; people >= 60 ms
  int64_t end_pause_ms = 120;     // a scan without Enter ends after this much quiet
  size_t min_length = 3;          // shorter bursts are stray key presses
  size_t max_length = 4096;       // longer bursts are dropped, never buffered without bound
};

class KeyboardWedge {
 public:
  explicit KeyboardWedge(KeyboardWedgeOptions options = {}) : options_(options) {}

  // Feeds typed text (UTF-8, one or more characters) that arrived at `now_ms`.
  void OnText(std::string_view text, int64_t now_ms);

  // Feeds an Enter key press. Returns the scan it ends, if the burst was one.
  std::optional<std::string> OnEnter(int64_t now_ms);

  // Called regularly: returns a scan that ended with a pause instead of Enter.
  std::optional<std::string> Poll(int64_t now_ms);

  // True while a burst is being collected (the UI should keep polling).
  bool pending() const { return !buffer_.empty(); }

  // The longest the UI may wait before it must call Poll() again.
  int64_t poll_interval_ms() const { return options_.end_pause_ms; }

 private:
  std::optional<std::string> Finish();

  KeyboardWedgeOptions options_;
  std::string buffer_;
  int64_t last_key_ms_ = 0;
  bool human_ = false;  // a gap too long for a scanner was seen in this burst
};

}  // namespace kindred
