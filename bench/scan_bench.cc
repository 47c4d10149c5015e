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
// 5. Badges held up to a simulated kiosk camera (tests/camera_sim.h) under
//    five conditions: the share read within 1 s and 2 s of being held up,
//    the median time to read and the share never read, for Kindred's
//    FrameScanner beside raw ZXing 1.4 (default options) and zbar decoding
//    every frame they have time for; then single frames, one degradation
//    each, read by Kindred's decoder, raw ZXing and zbar; and streams with
//    no code (false reads).
//
//   scan-bench [--only photos|frames|memory|pi|streams|nobody|stills] [--badges N]
//              [--camera rpicam|webcam] [--dump DIR] [--kindred-only] [PHOTOS_DIR]
#include <ZXing/ReadBarcode.h>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <ctime>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "scanner/abort_guard.h"
#include "scanner/decoder.h"
#include "scanner/frame_scanner.h"
#include "scanner/rpicam_camera.h"
#include "scanner/zbar_decoder.h"
#include "tests/camera_frames.h"
#include "tests/camera_sim.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using kindred::test::Badge;

// Raw ZXing with `qr_only` or its default hints. Debian's ZXing 1.4 keeps
// its assertions and a few frames fail one (scanner/abort_guard.h): such a
// frame counts as no read here too, rather than ending the bench.
std::vector<std::string> RawZxing(const kindred::LumaView& v, bool qr_only) {
  ZXing::DecodeHints hints;
  if (qr_only) hints.setFormats(ZXing::BarcodeFormat::QRCode);
  std::vector<std::string> texts;
  ZXing::Results results;
  if (!kindred::RunAbortGuarded([&] {
        results = ZXing::ReadBarcodes(
            ZXing::ImageView(v.data, v.width, v.height, ZXing::ImageFormat::Lum, v.stride), hints);
      }))
    return texts;
  for (const auto& r : results)
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

namespace {

using kindred::test::BadgeCode;
using kindred::test::CameraModel;
using kindred::test::Condition;

// CPU time of the calling thread, in milliseconds (the readers run on two
// threads at once; each is charged only its own time).
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// --kindred-only: for counting Kindred's instructions under callgrind
// (bench/pi-estimate.sh): the references are left out, every frame is
// decoded (under valgrind a frame takes ~50 times as long: the time-paced
// reader would skip most of them) and the stream without codes is 30 frames.
bool kindred_only = false;

// One reader over one stream: decodes the frames it has time for, as the
// scan worker does (a frame that arrives while it is busy is skipped), its
// time being this machine's CPU time for each frame.
struct StreamReader {
  double free_at = -1e9;   // stream time it is busy until
  double read_at = -1;     // seconds after being held up; < 0: not yet
  bool wrong = false;      // read something other than the badge
  double cpu_ms = 0;
  int decoded = 0;

  template <typename Decode>
  void Offer(const kindred::test::SimFrame& f, double arrival, const std::string& payload, Decode decode) {
    if (read_at >= 0 || (arrival < free_at && !kindred_only)) return;
    const double start = ThreadCpuMs();
    const std::vector<std::string> texts = decode(f.image.view());
    const double ms = ThreadCpuMs() - start;
    cpu_ms += ms;
    ++decoded;
    free_at = arrival + ms / 1000;
    for (const std::string& t : texts) {
      if (t == payload) read_at = std::max(0.0, f.t + ms / 1000);
      else wrong = true;
    }
  }
};

std::vector<std::string> Texts(const std::vector<kindred::DecodedCode>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(c.text);
  return out;
}

struct StreamTally {
  std::vector<double> times;  // per stream: seconds to read, or infinity
  int wrong = 0;
  double cpu_ms = 0;
  int decoded = 0;
  void Add(const StreamReader& r) {
    times.push_back(r.read_at >= 0 ? r.read_at : INFINITY);
    wrong += r.wrong;
    cpu_ms += r.cpu_ms;
    decoded += r.decoded;
  }
  std::string Summary() const {
    std::vector<double> t = times;
    std::sort(t.begin(), t.end());
    const double n = static_cast<double>(t.size());
    auto share = [&](double limit) {
      return 100.0 * std::count_if(t.begin(), t.end(), [&](double x) { return x <= limit; }) / n;
    };
    char median[32];
    if (t.empty() || std::isinf(t[t.size() / 2])) std::snprintf(median, sizeof median, "never");
    else std::snprintf(median, sizeof median, "%.2f s", t[t.size() / 2]);
    char out[160];
    std::snprintf(out, sizeof out, "%5.1f%% %5.1f%% %8s %5.1f%% %6.2f ms", share(1), share(2), median,
                  100.0 * std::count_if(t.begin(), t.end(), [](double x) { return std::isinf(x); }) / n,
                  decoded ? cpu_ms / decoded : 0.0);
    return out + (" (" + std::to_string(decoded) + " frames)") +
           std::string(wrong ? "  WRONG READS: " + std::to_string(wrong) : "");
  }
};

// Kindred, raw ZXing and zbar over the same stream of frames.

std::array<StreamReader, 3> ReadStream(const CameraModel& camera, const BadgeCode& code, Condition condition,
                                       uint32_t seed, const std::string& dump) {
  kindred::test::BadgeStream stream(camera, code, condition, seed);
  kindred::FrameScanner scanner;
  std::array<StreamReader, 3> r;
  kindred::test::SimFrame f;
  int index = 0;
  while (stream.Next(&f)) {
    const double arrival = static_cast<double>(index++) / camera.fps;
    if (!dump.empty() && index % 5 == 0) {
      std::string err;
      char name[200];
      std::snprintf(name, sizeof name, "%s/%s-%d-%u-%02d.png", dump.c_str(), camera.width >= 1000 ? "rpicam" : "webcam",
                    static_cast<int>(condition), seed, index);
      kindred::SaveLumaPng(f.image, name, &err);
    }
    r[0].Offer(f, arrival, code.payload, [&](const kindred::LumaView& v) { return Texts(scanner.Scan(v)); });
    if (kindred_only) {
      if (r[0].read_at >= 0) break;
      continue;
    }
    r[1].Offer(f, arrival, code.payload, [](const kindred::LumaView& v) { return RawZxing(v, false); });
    r[2].Offer(f, arrival, code.payload, [](const kindred::LumaView& v) { return Texts(kindred::ZbarDecodeQr(v)); });
    if (r[0].read_at >= 0 && r[1].read_at >= 0 && r[2].read_at >= 0) break;
  }
  return r;
}

void Streams(const CameraModel& camera, int badges, const std::string& dump) {
  std::printf("\n%s: %d badges per condition, held up for 3 s\n", camera.name.c_str(), badges);
  std::printf("%-32s %-8s %6s %6s %8s %6s %9s\n", "condition", "reader", "<=1s", "<=2s", "median", "never",
              "ms/frame");
  const std::vector<BadgeCode> codes = kindred::test::MakeBadgeCodes(badges, 2026);
  for (Condition condition : kindred::test::kAllConditions) {
    // Two streams at a time, one per core.
    std::vector<std::array<StreamReader, 3>> results(badges);
    std::atomic<int> next{0};
    auto work = [&] {
      for (int i; (i = next++) < badges;)
        results[i] = ReadStream(camera, codes[i], condition, 1000 + 17 * i + static_cast<int>(condition),
                                i == 0 ? dump : "");
    };
    std::thread helper(work);
    work();
    helper.join();
    std::array<StreamTally, 3> tally;
    for (const auto& r : results)
      for (int k = 0; k < 3; ++k) tally[k].Add(r[k]);
    const char* name = kindred::test::ConditionName(condition);
    std::printf("%-32s %-8s %s\n", name, "Kindred", tally[0].Summary().c_str());
    std::printf("%-32s %-8s %s\n", "", "ZXing", tally[1].Summary().c_str());
    std::printf("%-32s %-8s %s\n", "", "zbar", tally[2].Summary().c_str());
    std::fflush(stdout);
  }
}

// Single frames, one degradation each, on the Pi's camera: the share read by
// Kindred's FrameScanner seeing the frame once, Kindred's still-image decoder
// (DecodeCodes, as for photos), raw ZXing and zbar.
void Stills(const CameraModel& camera, int count) {
  struct Degradation {
    const char* name;
    void (*apply)(kindred::test::Shot*, std::mt19937*, const CameraModel&);
  };
  static const Degradation kDegradations[] = {
      {"none (in focus, still)", [](kindred::test::Shot*, std::mt19937*, const CameraModel&) {}},
      {"defocus: lens focused at 1 m", [](kindred::test::Shot* s, std::mt19937*, const CameraModel& c) {
         s->defocus_px = 0.4 + c.blur_px_per_dioptre * std::fabs(1.0 - 1000 / s->distance_mm);
       }},
      {"defocus: twice that (hunting)", [](kindred::test::Shot* s, std::mt19937*, const CameraModel& c) {
         s->defocus_px = 0.4 + 2 * c.blur_px_per_dioptre * std::fabs(1.0 - 1000 / s->distance_mm);
       }},
      {"motion blur 4 px (tremor)", [](kindred::test::Shot* s, std::mt19937* r, const CameraModel&) {
         const double a = (*r)() % 360 * 3.14159 / 180;
         s->motion_dx = 4 * std::cos(a), s->motion_dy = 4 * std::sin(a);
       }},
      {"tilted 35 degrees, curled 3 mm", [](kindred::test::Shot* s, std::mt19937*, const CameraModel&) {
         s->yaw_deg = 35, s->pitch_deg = 10, s->curl_mm = 3;
       }},
      {"sleeve glare on the code", [](kindred::test::Shot* s, std::mt19937* r, const CameraModel&) {
         s->sleeve = true, s->haze = 0.08, s->glare_peak = 1.5, s->glare_radius = 0.1;
         s->glare_u = ((*r)() % 100 - 50) / 150.0, s->glare_v = ((*r)() % 100 - 50) / 150.0;
       }},
      {"window: side light and flare", [](kindred::test::Shot* s, std::mt19937*, const CameraModel&) {
         s->side_light = 2, s->flare = 0.18;
       }},
      {"low light: gain 10, noise", [](kindred::test::Shot* s, std::mt19937*, const CameraModel&) {
         s->illumination = 0.1, s->exposure = 10, s->noise = 0.003 * std::sqrt(10.0);
       }},
      {"phone screen at 30%, moire", [](kindred::test::Shot* s, std::mt19937* r, const CameraModel&) {
         s->screen = true, s->screen_brightness = 0.3, s->moire_amplitude = 0.3;
         s->moire_period_px = 5 + (*r)() % 9, s->moire_angle_deg = (*r)() % 180;
       }},
      {"phone screen cracked, reflection", [](kindred::test::Shot* s, std::mt19937* r, const CameraModel&) {
         s->screen = true, s->screen_brightness = 0.6, s->moire_amplitude = 0.15, s->cracked = true;
         s->crack_seed = (*r)(), s->screen_reflection = 0.5, s->reflection_u = 0.2;
       }},
  };
  std::printf("\n%s, single frames (%d each): share read\n", camera.name.c_str(), count);
  std::printf("%-34s %10s %10s %10s %8s\n", "degradation", "Kindred", "Kindred", "raw ZXing", "zbar");
  std::printf("%-34s %10s %10s %10s %8s\n", "", "(stream)", "(still)", "", "");
  const std::vector<BadgeCode> codes = kindred::test::MakeBadgeCodes(count, 77);
  for (const Degradation& d : kDegradations) {
    std::mt19937 rng(99);
    int reads[4] = {0, 0, 0, 0};
    for (int i = 0; i < count; ++i) {
      kindred::QrMatrix matrix;
      std::string err;
      if (!kindred::EncodeQr(codes[i].payload, &matrix, &err)) continue;
      kindred::test::Shot shot;
      shot.cx = camera.width * (0.4 + 0.2 * (rng() % 100) / 100.0);
      shot.cy = camera.height * (0.4 + 0.2 * (rng() % 100) / 100.0);
      shot.distance_mm = 280 + rng() % 100;
      shot.roll_deg = static_cast<int>(rng() % 24) - 12.0;
      double code_mm = codes[i].code_mm;
      d.apply(&shot, &rng, camera);
      if (shot.screen) code_mm = std::max(code_mm * 1.5, 40.0), shot.distance_mm -= 60;
      const kindred::LumaImage f = kindred::test::RenderShot(camera, matrix, code_mm, shot, &rng);
      auto hit = [&](const std::vector<std::string>& texts) {
        return std::count(texts.begin(), texts.end(), codes[i].payload) > 0;
      };
      kindred::FrameScanner scanner;
      reads[0] += hit(Texts(scanner.Scan(f.view())));
      reads[1] += hit(Texts(kindred::DecodeCodes(f.view(), {})));
      reads[2] += hit(RawZxing(f.view(), false));
      reads[3] += hit(Texts(kindred::ZbarDecodeQr(f.view())));
    }
    std::printf("%-34s %9.0f%% %9.0f%% %9.0f%% %7.0f%%\n", d.name, 100.0 * reads[0] / count, 100.0 * reads[1] / count,
                100.0 * reads[2] / count, 100.0 * reads[3] / count);
    std::fflush(stdout);
  }
}

// Frames with no code at all: anything read is a false read. Also what a
// kiosk spends per frame when nobody is in front of it (most of the day).
void NoCodes(const CameraModel& camera) {
  kindred::test::NoCodeStream stream(camera, 5, kindred_only ? 30 : 300);
  kindred::FrameScanner scanner;
  kindred::LumaImage frame;
  int kindred_reads = 0, zxing_reads = 0, zbar_reads = 0, frames = 0;
  double scan_ms = 0;
  while (stream.Next(&frame)) {
    ++frames;
    const double start = ThreadCpuMs();
    kindred_reads += !scanner.Scan(frame.view()).empty();
    scan_ms += ThreadCpuMs() - start;
    if (kindred_only) continue;
    kindred_reads += !kindred::DecodeCodes(frame.view(), {}).empty();
    zxing_reads += !RawZxing(frame.view(), false).empty();
    zbar_reads += !kindred::ZbarDecodeQr(frame.view()).empty();
  }
  std::printf("%s, %d frames of a face, hands, a page of text and a lanyard: Kindred's reader %.2f ms CPU per frame;"
              " false reads Kindred %d",
              camera.name.c_str(), frames, frames ? scan_ms / frames : 0.0, kindred_reads);
  if (!kindred_only) std::printf(", ZXing %d, zbar %d", zxing_reads, zbar_reads);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::string only, camera_name, dump;
  int badges = 24;
  fs::path photos = fs::path(KINDRED_SHARED_DATA) / "qr-photos";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--only" && i + 1 < argc) only = argv[++i];
    else if (a == "--badges" && i + 1 < argc) badges = std::max(1, std::atoi(argv[++i]));
    else if (a == "--camera" && i + 1 < argc) camera_name = argv[++i];
    else if (a == "--dump" && i + 1 < argc) dump = argv[++i];
    else if (a == "--kindred-only") kindred_only = true;
    else if (a.rfind("--", 0) == 0) {
      std::fprintf(stderr, "usage: scan-bench [--only photos|frames|memory|pi|streams|nobody|stills] [--badges N] "
                           "[--camera rpicam|webcam] [--dump DIR] [--kindred-only] [PHOTOS_DIR]\n");
      return 2;
    } else photos = a;
  }
  auto want = [&](const char* part) { return only.empty() || only == part; };
  if (want("photos")) Photos(photos);
  if (want("frames")) {
    std::printf("\nper-frame cost (%d frames each, mean)\n", 120);
    Frames(640, 480);
    Frames(1280, 720);
    Frames(1280, 960);
  }
  if (want("memory")) Memory();
  if (want("pi")) {
    std::printf("\nRaspberry Pi camera (rpicam-vid's YUV420 stream, from the stand-in), CPU per frame\n");
    PiCamera(640, 480);
    PiCamera(1280, 960);
  }
  std::vector<CameraModel> cameras;
  if (camera_name.empty() || camera_name == "rpicam") cameras.push_back(kindred::test::RpicamModule3());
  if (camera_name.empty() || camera_name == "webcam") cameras.push_back(kindred::test::UvcWebcam());
  if (want("stills"))
    for (const CameraModel& c : cameras) Stills(c, badges * 2);
  if (want("streams")) {
    std::printf("\nbadges held up to a simulated camera: share read within 1 s and 2 s of being held up, median time,"
                " never read in 3 s, decode time per frame on this machine\n");
    for (const CameraModel& c : cameras) Streams(c, badges, dump);
  }
  if (want("nobody"))
    for (const CameraModel& c : cameras) NoCodes(c);
  return 0;
}
