#include "kiosk/sounds.h"

#include <SDL.h>

#include <cmath>
#include <vector>

namespace kindred {

namespace {

constexpr int kRate = 22050;

// Appends a sine tone with soft edges (no clicks).
void AppendTone(std::vector<int16_t>* pcm, double hz, int ms, double volume) {
  const int n = kRate * ms / 1000, fade = kRate / 200;
  for (int i = 0; i < n; ++i) {
    double env = std::min({1.0, static_cast<double>(i) / fade, static_cast<double>(n - i) / fade});
    pcm->push_back(static_cast<int16_t>(volume * env * 32767 * std::sin(2 * M_PI * hz * i / kRate)));
  }
}

}  // namespace

Sounds::~Sounds() {
  if (device_) SDL_CloseAudioDevice(device_);
}

bool Sounds::Open() {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return false;
  SDL_AudioSpec want{}, have{};
  want.freq = kRate;
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 1024;
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
  if (device_) SDL_PauseAudioDevice(device_, 0);
  return device_ != 0;
}

void Sounds::Play(kindred::Tone tone) {
  if (!device_ || tone == kindred::Tone::kNone) return;
  std::vector<int16_t> pcm;
  switch (tone) {
    case kindred::Tone::kSuccess:
      AppendTone(&pcm, 660, 90, 0.35);
      AppendTone(&pcm, 880, 140, 0.35);
      break;
    case kindred::Tone::kDuplicate:
      AppendTone(&pcm, 520, 160, 0.3);
      break;
    case kindred::Tone::kFailure:
      AppendTone(&pcm, 220, 120, 0.4);
      AppendTone(&pcm, 196, 200, 0.4);
      break;
    case kindred::Tone::kNone:
      break;
  }
  SDL_ClearQueuedAudio(device_);
  SDL_QueueAudio(device_, pcm.data(), static_cast<Uint32>(pcm.size() * sizeof(int16_t)));
}

}  // namespace kindred
