#include "scanner/keyboard_wedge.h"

namespace kindred {

void KeyboardWedge::OnText(std::string_view text, int64_t now_ms) {
  if (!buffer_.empty() && now_ms - last_key_ms_ > options_.max_key_gap_ms) {
    // Slow typing: whatever came before was a person, and so may this be.
    buffer_.clear();
    human_ = false;
  }
  if (buffer_.size() + text.size() > options_.max_length) human_ = true;
  if (!human_) buffer_.append(text);
  last_key_ms_ = now_ms;
}

std::optional<std::string> KeyboardWedge::OnEnter(int64_t now_ms) {
  if (!buffer_.empty() && now_ms - last_key_ms_ > options_.max_key_gap_ms) human_ = true;
  return Finish();
}

std::optional<std::string> KeyboardWedge::Poll(int64_t now_ms) {
  if (buffer_.empty() || now_ms - last_key_ms_ < options_.end_pause_ms) return std::nullopt;
  return Finish();
}

std::optional<std::string> KeyboardWedge::Finish() {
  std::optional<std::string> scan;
  if (!human_ && buffer_.size() >= options_.min_length) scan = std::move(buffer_);
  buffer_.clear();
  human_ = false;
  return scan;
}

}  // namespace kindred
