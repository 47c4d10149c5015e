// A stand-in for Raspberry Pi's rpicam-vid, put on the PATH by tests: it
// writes exactly the byte stream of
//   rpicam-vid -t 0 -n --codec yuv420 -o - --width W --height H --framerate F
// (the whole YUV420 buffer of each frame: W x H luma in rows padded to the
// 64-byte stride, garbage in the padding, then the U and V planes), made from
// image files instead of a sensor. Set by environment:
//   KINDRED_FAKE_RPICAM_IMAGES   image files, ':'-separated, shown in turn (2 s each)
//   KINDRED_FAKE_RPICAM_ARGS     write the command line here, one argument per line
//   KINDRED_FAKE_RPICAM_FAULT    crash:N or stall:N - after N frames, exit 1 or
//                                stop writing (but keep running); only on the
//                                first run, counted in KINDRED_FAKE_RPICAM_STATE
//   KINDRED_FAKE_RPICAM_STATE    a file counting runs
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "scanner/luma_image.h"

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool WriteAll(const uint8_t* p, size_t n) {
  while (n > 0) {
    const ssize_t w = write(1, p, n);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int width = 640, height = 480, fps = 30;
  std::string codec, output;
  std::string args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    args += a + "\n";
    const std::string next = i + 1 < argc ? argv[i + 1] : "";
    if (a == "--width") width = std::atoi(next.c_str());
    if (a == "--height") height = std::atoi(next.c_str());
    if (a == "--framerate") fps = std::atoi(next.c_str());
    if (a == "--codec") codec = next;
    if (a == "--output" || a == "-o") output = next;
  }
  if (!Env("KINDRED_FAKE_RPICAM_ARGS").empty()) {
    FILE* f = std::fopen(Env("KINDRED_FAKE_RPICAM_ARGS").c_str(), "w");
    if (f) std::fputs(args.c_str(), f), std::fclose(f);
  }
  if (codec != "yuv420" || output != "-" || width <= 0 || height <= 0 || fps <= 0) {
    std::fprintf(stderr, "ERROR: *** the stand-in only writes --codec yuv420 --output - ***\n");
    return 1;
  }
  // Which run is this? Faults happen on the first only.
  int run = 1;
  const std::string state = Env("KINDRED_FAKE_RPICAM_STATE");
  if (!state.empty()) {
    if (FILE* f = std::fopen(state.c_str(), "r")) {
      if (std::fscanf(f, "%d", &run) == 1) ++run;
      std::fclose(f);
    }
    if (FILE* f = std::fopen(state.c_str(), "w")) std::fprintf(f, "%d\n", run), std::fclose(f);
  }
  const std::string fault = run == 1 ? Env("KINDRED_FAKE_RPICAM_FAULT") : "";
  const int fault_after = fault.empty() ? -1 : std::atoi(fault.substr(fault.find(':') + 1).c_str());

  // The frames: each image centred on a mid-grey background, scaled to fit.
  const int stride = (width + 63) / 64 * 64;
  std::vector<std::vector<uint8_t>> frames;
  std::string list = Env("KINDRED_FAKE_RPICAM_IMAGES");
  for (size_t start = 0, end; start < list.size(); start = end + 1) {
    end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    kindred::LumaImage image;
    std::string err;
    if (!kindred::LoadLumaImage(list.substr(start, end - start), &image, &err)) {
      std::fprintf(stderr, "ERROR: %s\n", err.c_str());
      return 1;
    }
    std::vector<uint8_t> frame(static_cast<size_t>(stride) * height * 3 / 2, 128);
    const double scale = std::min(1.0, std::min(0.9 * width / image.width(), 0.9 * height / image.height()));
    const int w = static_cast<int>(image.width() * scale), h = static_cast<int>(image.height() * scale);
    const int x0 = (width - w) / 2, y0 = (height - h) / 2;
    for (int y = 0; y < height; ++y) {
      uint8_t* row = &frame[static_cast<size_t>(y) * stride];
      for (int x = width; x < stride; ++x) row[x] = 0x5A;  // padding is not picture
      for (int x = 0; x < w; ++x)
        if (y >= y0 && y < y0 + h)
          row[x0 + x] = image.at(static_cast<int>(x / scale), static_cast<int>((y - y0) / scale));
    }
    frames.push_back(std::move(frame));
  }
  if (frames.empty()) frames.emplace_back(static_cast<size_t>(stride) * height * 3 / 2, 128);
  std::fprintf(stderr, "Preview window unavailable\nMode selection for %d:%d:12:P\n", width, height);

  const auto period = std::chrono::microseconds(1'000'000 / fps);
  auto next = std::chrono::steady_clock::now();
  for (long n = 0;; ++n) {
    if (n == fault_after && fault.rfind("crash", 0) == 0) {
      std::fprintf(stderr, "ERROR: *** camera frontend has timed out! ***\n");
      return 1;
    }
    if (n == fault_after && fault.rfind("stall", 0) == 0) {
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    const std::vector<uint8_t>& frame = frames[static_cast<size_t>(n / (2 * fps)) % frames.size()];
    if (!WriteAll(frame.data(), frame.size())) return 0;  // the reader went away
    next += period;
    std::this_thread::sleep_until(next);
  }
}
