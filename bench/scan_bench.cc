// scan-bench: Kindred's badge reading beside its references, in one run.
//
// 1. Real photos (../shared/data/qr-photos): per folder, how many are read
//    byte-exact by raw ZXing with its default options, by zbar, and by
//    Kindred's decoder; and false reads on the photos without a code.
// 2. Per-frame cost on camera-like frames at 640x480 and 1280x720 (an idle
//    room, people walking past, a badge held up): Kindred's FrameScanner
//    beside raw ZXing::ReadBarcodes with QR-only hints on the same frames.
// 3. Memory after 1,000 and after 100,000 frames through one FrameScanner.
// 4. The Raspberry Pi camera path: CPU per frame of reading rpicam-vid's
//    YUV420 stream (the stand-in writes the real byte stream) into luma
//    frames, beside reading the same stream into a buffer and nothing else.
#include <ZXing/ReadBarcode.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "scanner/decoder.h"
#include "scanner/frame_scanner.h"
#include "scanner/rpicam_camera.h"
#include "scanner/zbar_decoder.h"
#include "tests/camera_frames.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using kindred::test::Badge;

std::vector<std::string> RawZxing(const kindred::LumaView& v, bool qr_only) {
  ZXing::DecodeHints hints;
  if (qr_only) hints.setFormats(ZXing::BarcodeFormat::QRCode);
  std::vector<std::string> texts;
  for (const auto& r : ZXing::ReadBarcodes(ZXing::ImageView(v.data, v.width, v.height, ZXing::ImageFormat::Lum,
                                                            v.stride),
                                           hints))
    if (r.isValid()) texts.push_back(r.text());
  return texts;
}

void Photos(const fs::path& root) {
  if (!fs::exists(root)) {
    std::printf("photos: %s is absent, skipped\n", root.c_str());
    return;
  }
  struct Counts {
    int images = 0, zxing = 0, zbar = 0, kindred = 0;
  };
  std::map<std::string, Counts> folders;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".png") continue;
    fs::path txt = e.path();
    txt.replace_extension(".txt");
    std::string expected;
    if (fs::exists(txt)) {
      std::ifstream in(txt, std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      expected = s.str();
    }
    kindred::LumaImage image;
    std::string err;
    if (!kindred::LoadLumaImage(e.path().string(), &image, &err)) continue;
    auto hit = [&](const std::vector<std::string>& texts) {
      // Photos with a code: read byte-exact. Without: any read is a false one.
      return expected.empty() ? !texts.empty() : std::count(texts.begin(), texts.end(), expected) > 0;
    };
    std::vector<std::string> zbar, kindred;
    for (const auto& c : kindred::ZbarDecodeQr(image.view())) zbar.push_back(c.text);
    for (const auto& c : kindred::DecodeCodes(image.view(), {})) kindred.push_back(c.text);
    Counts& c = folders[fs::relative(e.path().parent_path(), root).string() + (expected.empty() ? " (no code)" : "")];
    ++c.images;
    c.zxing += hit(RawZxing(image.view(), false));
    c.zbar += hit(zbar);
    c.kindred += hit(kindred);
  }
  std::printf("\n%-32s %6s %10s %6s %8s\n", "photos (read byte-exact)", "images", "raw ZXing", "zbar", "Kindred");
  Counts total;
  for (const auto& [name, c] : folders) {
    std::printf("%-32s %6d %10d %6d %8d\n", name.c_str(), c.images, c.zxing, c.zbar, c.kindred);
    if (name.find("(no code)") == std::string::npos) {
      total.images += c.images, total.zxing += c.zxing, total.zbar += c.zbar, total.kindred += c.kindred;
    }
  }
  std::printf("%-32s %6d %10d %6d %8d\n", "all photos with a code", total.images, total.zxing, total.zbar,
              total.kindred);
  std::printf("(for the folder without a code, the figures are false reads)\n");
}

void Frames(int w, int h) {
  kindred::test::CameraScene scene(w, h, 7);
  const int n = 120;
  std::map<std::string, std::vector<kindred::LumaImage>> sequences;
  for (int i = 0; i < n; ++i) {
    sequences["idle room"].push_back(scene.Render(std::nullopt, {}));
    sequences["people walking past"].push_back(scene.Render((i * w / 40) % w, {}));
    sequences["a badge held up"].push_back(
        scene.Render(std::nullopt, {{"K-1001-5f2a9c", w / 2 + (i % 4), h / 2 + (i % 3), std::max(3, w / 160), 7}}));
  }
  for (const auto& [name, frames] : sequences) {
    auto start = Clock::now();
    size_t raw_reads = 0;
    for (const auto& f : frames) raw_reads += !RawZxing(f.view(), true).empty();
    double raw_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count() / n;
    kindred::FrameScanner scanner;
    start = Clock::now();
    size_t reads = 0;
    for (const auto& f : frames) reads += !scanner.Scan(f.view()).empty();
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count() / n;
    std::printf("%4dx%-4d %-22s raw ZXing %7.2f ms/frame (%3zu reads)   Kindred %6.2f ms/frame (%3zu reads)   %5.2fx\n",
                w, h, name.c_str(), raw_ms, raw_reads, ms, reads, ms / raw_ms);
  }
}

long RssKb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

void Memory() {
  kindred::test::CameraScene scene(640, 480, 9);
  std::vector<kindred::LumaImage> frames;
  for (int i = 0; i < 60; ++i)
    frames.push_back(i % 20 < 10 ? scene.Render((i * 16) % 640, {})
                                 : scene.Render(std::nullopt, {{"K-" + std::to_string(i / 20), 320, 240, 4, 3}}));
  kindred::FrameScanner scanner;
  long after_1k = 0;
  for (int i = 0; i < 100000; ++i) {
    scanner.Scan(frames[i % frames.size()].view());
    if (i == 999) after_1k = RssKb();
  }
  std::printf("\nmemory: RSS %ld KB after 1,000 frames, %ld KB after 100,000 frames\n", after_1k, RssKb());
}

}  // namespace

// CPU time of this process so far, in microseconds.
double CpuMicros() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

void PiCamera(int width, int height) {
  const std::string fake = KINDRED_FAKE_RPICAM;
  if (!fs::exists(fake)) {
    std::printf("  %dx%d: skipped (the stand-in rpicam-vid is not built)\n", width, height);
    return;
  }
  kindred::LumaImage badge;
  std::string err;
  kindred::RenderQrCode("K-1001", 6, &badge, &err);
  const std::string png = (fs::temp_directory_path() / "kindred-scan-bench-badge.png").string();
  kindred::SaveLumaPng(badge, png, &err);
  setenv("KINDRED_FAKE_RPICAM_IMAGES", png.c_str(), 1);
  unsetenv("KINDRED_FAKE_RPICAM_FAULT");
  const int fps = 30, seconds = 4;
  // Kindred's reader: frames into LumaImages, taken as the scan worker takes them.
  double kindred_us = 0;
  int frames = 0;
  {
    kindred::RpicamOptions o;
    o.program = fake;
    o.width = width, o.height = height, o.fps = fps;
    kindred::RpicamCamera camera(o);
    kindred::LumaImage frame;
    uint64_t seq = 0;
    while (!camera.TakeLatest(&frame, &seq)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const uint64_t first = seq;
    const double cpu0 = CpuMicros();
    const auto until = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < until) {
      camera.TakeLatest(&frame, &seq);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    frames = static_cast<int>(seq - first);
    kindred_us = (CpuMicros() - cpu0) / std::max(frames, 1);
  }
  // The reference: the same stream read into one buffer, nothing else.
  const kindred::RpicamLayout l = kindred::RpicamLayoutFor(width, height);
  const std::string cmd = fake + " --codec yuv420 --output - --width " + std::to_string(width) + " --height " +
                          std::to_string(height) + " --framerate " + std::to_string(fps) + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::vector<char> buf(l.frame_bytes);
  std::fread(buf.data(), 1, buf.size(), pipe);
  const double cpu0 = CpuMicros();
  int read_frames = 0;
  const auto until = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < until && std::fread(buf.data(), 1, buf.size(), pipe) == buf.size()) ++read_frames;
  const double raw_us = (CpuMicros() - cpu0) / std::max(read_frames, 1);
  pclose(pipe);
  fs::remove(png);
  std::printf("  %dx%d at %d fps: Kindred's reader %.0f us CPU per frame (%d frames), reading the stream alone %.0f us"
              " (%d frames)\n",
              width, height, fps, kindred_us, frames, raw_us, read_frames);
}

int main(int argc, char** argv) {
  Photos(argc > 1 ? argv[1] : fs::path(KINDRED_SHARED_DATA) / "qr-photos");
  std::printf("\nper-frame cost (%d frames each, mean)\n", 120);
  Frames(640, 480);
  Frames(1280, 720);
  Memory();
  std::printf("\nRaspberry Pi camera (rpicam-vid's YUV420 stream, from the stand-in), CPU per frame\n");
  PiCamera(640, 480);
  PiCamera(1280, 960);
  return 0;
}
