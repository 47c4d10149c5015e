// Runs library code that may fail an assertion, without dying of it.
//
// Debian builds ZXing-C++ 1.4 with its assertions on, and a few distorted
// codes fail one (zxing-cpp issues #855 and #1154: intersect() of two
// regression lines in the QR detector), which calls abort(): on a kiosk, one
// camera frame would take the whole kiosk down. Found by the camera
// simulation (a webcam's frame of a badge coming in; scanner/decoder_test).
#pragma once

#include <functional>

namespace kindred {

// Calls `f`. Returns true when it returned, false when it called abort() on
// this thread (the rest of `f` is skipped: its stack is abandoned, and what
// it had allocated is lost, a few kilobytes, once). abort() elsewhere, or
// outside a guard, still ends the process. REQUIRES: `f` holds no lock
// another thread may need (ZXing's readers hold none).
bool RunAbortGuarded(const std::function<void()>& f);

}  // namespace kindred
