// What the tests that touch the real kiosk share, whichever way they touch
// it (X11 pointer events in Xvfb, or a Pi's finger events offscreen): what
// to expect on screen, and the attendee path walked tap by tap.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace kindred::test {

// A tap's effect must be drawn by itself, without another touch or event to
// wake the kiosk: within this, on a machine as busy as CI's. How fast it is
// drawn is a figure, not a test: bench/kiosk-tap-bench measures it beside the
// 50 ms goal (README). (A namespace-scope constexpr: each test program has its own.)
constexpr int kPromptMs = 2000;

// A condition on the layout of a drawn frame ({"screen", "items": [...]}).
using LayoutEffect = std::function<bool(const nlohmann::json& layout)>;
// True when the layout shows `screen` (its "screen" field).
LayoutEffect ShowsScreen(const std::string& screen);
// True when some visible item's text is `text`.
LayoutEffect ShowsText(const std::string& text);

// Taps the visible button `button` and checks that `effect` follows promptly.
using TapExpectFn = std::function<void(const std::string& button, const LayoutEffect& effect)>;

// The attendee path, from the attract screen: Nadia Noor (no passions on
// file) finds her name, picks a passion, meets Maya Okafor whose badge will
// not scan, chooses an intent, types a note ("h") and saves. `layout` gives
// the current layout. Needs a roster with both of them (tests' own).
void WalkAttendeePath(const TapExpectFn& tap, const std::function<nlohmann::json()>& layout);
// Checks that the export of `db` (written under `dir`) holds that encounter.
void ExpectAttendeePathSaved(const std::string& db, const std::string& dir);

}  // namespace kindred::test
