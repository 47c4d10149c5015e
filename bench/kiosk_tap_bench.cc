// kiosk-tap-bench: how long a tap takes to show its result, on the real
// kindred-kiosk, two ways side by side in the same run:
//  - finger: touches exactly as a Raspberry Pi's touchscreen gives them
//    under KMSDRM (finger events only, windowID 0; tests/finger_kiosk.h),
//    offscreen; timed from the finger's release to the frame drawn;
//  - X11: a real X window (Xvfb) clicked with xdotool; timed from the
//    release to the window's pixels changed (skipped without Xvfb).
// Three runs of 20 taps on the on-screen keyboard (a letter, then delete);
// prints each run's median and slowest, and the median of the three.
//   kiosk-tap-bench
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

#include "tests/finger_kiosk.h"
#include "tests/support/test_support.h"
#include "tests/x11_kiosk.h"

using namespace kindred::test;

namespace {

// Taps `tap(label, effect, &err)` 20 times per run, three runs, each run on
// a fresh kiosk from `start(&err)`. Prints the figures; false on a failure.
template <typename Kiosk>
bool Measure(const char* name, const std::function<bool(Kiosk&, std::string*)>& start) {
  std::vector<double> medians;
  for (int run = 1; run <= 3; ++run) {
    Kiosk kiosk;
    std::string err;
    if (!start(kiosk, &err) || kiosk.Tap("Badge won't scan? Find your name", ShowsScreen("search"), 3000, &err) < 0) {
      std::fprintf(stderr, "kiosk-tap-bench: %s: %s\n", name, err.c_str());
      return false;
    }
    std::vector<double> ms;
    for (int i = 0; i < 20; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));  // idle between taps, as at a kiosk
      const bool letter = i % 2 == 0;
      double t = kiosk.Tap(letter ? "Q" : "delete", ShowsText(letter ? "Q_" : "Type a name..."), 3000, &err);
      if (t < 0) {
        std::fprintf(stderr, "kiosk-tap-bench: %s: %s\n", name, err.c_str());
        return false;
      }
      ms.push_back(t);
    }
    std::sort(ms.begin(), ms.end());
    medians.push_back(ms[ms.size() / 2]);
    std::printf("%s, run %d: tap to screen median %.1f ms, slowest %.1f ms (20 taps)\n", name, run, ms[ms.size() / 2],
                ms.back());
  }
  std::sort(medians.begin(), medians.end());
  std::printf("%s: tap to screen %.1f ms (median of three runs' medians; goal: under 50 ms)\n", name, medians[1]);
  return true;
}

}  // namespace

int main() {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/roster.csv", "badge_id,name,passions\nB-1,Maya Okafor,jazz\nB-2,José Álvarez,jazz\n");
  const std::string db = dir + "/event.db";
  RunResult r = RunCommand({Bin("kindred"), "import", dir + "/roster.csv", "--db", db});
  if (r.exit_code != 0) {
    std::fprintf(stderr, "kiosk-tap-bench: %s", r.err.c_str());
    return 1;
  }
  bool ok = Measure<FingerKiosk>("finger (as a Pi's touchscreen, KMSDRM)", [&](FingerKiosk& k, std::string* err) {
    return k.Start(dir, 800, 480, kindred::Orientation{}, {"--db", db}, err);
  });
  if (X11Kiosk::Available()) {
    ok = Measure<X11Kiosk>("X11 pointer (Xvfb, xdotool)",
                           [&](X11Kiosk& k, std::string* err) { return k.Start(dir, 800, 480, {"--db", db}, err); }) &&
         ok;
  } else {
    std::printf("X11 pointer: skipped (needs Xvfb and xdotool)\n");
  }
  std::filesystem::remove_all(dir);
  return ok ? 0 : 1;
}
