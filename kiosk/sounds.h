// Short tones people notice in a noisy room: a rising chime for success, a
// single tone for "that was your badge again", a low buzz for failure.
// Generated, not recorded: no sound files to ship or lose.
#pragma once

#include <cstdint>

#include "kiosk/flow.h"

namespace kindred {

class Sounds {
 public:
  Sounds() = default;
  ~Sounds();
  Sounds(const Sounds&) = delete;
  Sounds& operator=(const Sounds&) = delete;

  // Opens the default audio output. Returns false (and stays silent) when
  // there is none; the kiosk works without sound.
  bool Open();

  // Plays the tone for `tone` (nothing for Tone::kNone), replacing any playing.
  void Play(Tone tone);

 private:
  uint32_t device_ = 0;
};

}  // namespace kindred
