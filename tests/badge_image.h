// Badge pictures for the tests: a QR code of a badge's text on white, as a
// printed badge held flat and square to the camera. make-test-badge writes
// them for scripts and other processes; tests in C++ call this directly.
#pragma once

#include <string>

namespace kindred::test {

// Writes a PNG at `path`: the QR code of `text` (6 px modules) with a 40 px
// white margin, and with `second` non-empty its code beside it (two badges
// in one frame). False with *err on failure.
bool WriteBadgeImage(const std::string& path, const std::string& text, const std::string& second, std::string* err);

}  // namespace kindred::test
