// The pieces the kiosk's screens are drawn with: the palette, the frame
// being drawn, finger-sized widgets that record where they landed, and each
// screen's drawing function. Internal to kiosk/ui*.cc; kiosk/ui.h is the
// interface.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "i18n/catalog.h"
#include "kiosk/ui.h"

namespace kindred::ui {

using i18n::Fill;
using i18n::Tr;
using i18n::TrN;

// Kindred's palette: calm dark teal, warm accents, high contrast for a room.
inline const ImVec4 kBackground(0.07f, 0.16f, 0.19f, 1.0f);
inline const ImVec4 kCard(0.12f, 0.25f, 0.29f, 1.0f);
inline const ImVec4 kText(0.96f, 0.96f, 0.94f, 1.0f);
inline const ImVec4 kMuted(0.70f, 0.80f, 0.80f, 1.0f);
inline const ImVec4 kAccent(1.00f, 0.74f, 0.33f, 1.0f);
inline const ImVec4 kSuccess(0.30f, 0.78f, 0.47f, 1.0f);
inline const ImVec4 kDuplicate(0.95f, 0.70f, 0.20f, 1.0f);
inline const ImVec4 kFailure(0.90f, 0.33f, 0.30f, 1.0f);
inline const ImVec4 kChip(0.20f, 0.40f, 0.44f, 1.0f);
inline const ImVec4 kDark(0.05f, 0.10f, 0.12f, 1.0f);


// The frame being drawn: its scale, fonts and layout record.
struct Ctx {
  const UiFrame& frame;
  const std::locale& loc;  // the language of every word drawn: Tr(c.loc, "...")
  const UiFonts& fonts;
  float s;
  UiTaps* taps;
};

// Records where the last item landed (for layout tests), as `text`, and
// notes the characters of it the atlas lacks (TakeMissingGlyphs).
void Record(const Ctx& c, const std::string& text, bool button);
void NoteMissingGlyphs(const Ctx& c, const std::string& text);
// Text drawn straight onto the window at `at`, recorded like an item.
void DrawnText(const Ctx& c, ImVec2 at, const ImVec4& color, const std::string& text);
// Wrapped text, `centered` or left-aligned, within `width` (default: all there is).
void Text(const Ctx& c, ImFont* font, const ImVec4& color, const std::string& text, bool centered = false,
          float width = 0);
// How tall Text() draws `text` in `font` within `width` (default: all there
// is), item spacing included: for screens that share out their height.
float TextHeight(ImFont* font, const std::string& text, float width = 0);
// A button big enough for a finger: at least 56 design pixels tall (about
// 9 mm on the 7" panel, more on larger screens). True when tapped.
bool Button(const Ctx& c, const std::string& label, ImVec4 color, float width = 0, bool selected = true);
// `text` cut to fit `width` at the current font, with an ellipsis; whole UTF-8 characters only.
std::string FitText(const std::string& text, float width);
// `text` cut from the start to fit `width`, with an ellipsis: its end shows.
std::string FitTextTail(const std::string& text, float width);
float ButtonWidth(const Ctx& c, const std::string& label);
// Places the next item at the right edge of the window.
void AlignRight(float width);
// Lists follow a finger: a drag that started on the current child window scrolls it.
void DragToScroll(const Ctx& c);
// Passions as rounded chips that wrap onto new lines; with `chosen`, they are
// toggles and the index of a tapped one is returned (else -1).
int Chips(const Ctx& c, const std::vector<std::string>& items, const std::vector<bool>* chosen = nullptr);
// An on-screen keyboard for names and notes. Returns true with the edited
// text when a key was tapped; sets *done when "Done" was.
enum class Keys { kLetters, kEmail, kUrl };
bool Keyboard(const Ctx& c, std::string* text, bool* done, Keys keys = Keys::kLetters);
// A text field people type into with the on-screen keyboard, `width` wide.
void Field(const Ctx& c, const std::string& text, const std::string& placeholder, float width);

// A rounded card behind whatever `body` draws, sized to it (ImGui 1.86 has
// no auto-sizing child windows): the background goes on a channel below.
template <typename Body>
void Card(const Ctx& c, Body&& body) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float pad = 12 * c.s;
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
  float width = ImGui::GetContentRegionAvail().x - pad;
  ImGui::BeginGroup();
  ImGui::PushItemWidth(width - pad);
  body(width - 2 * pad);
  ImGui::PopItemWidth();
  ImGui::EndGroup();
  ImVec2 end(start.x + width + pad, ImGui::GetItemRectMax().y + pad);
  draw->ChannelsSetCurrent(0);
  draw->AddRectFilled(start, end, ImGui::GetColorU32(kCard), 10 * c.s);
  draw->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(start.x, end.y));
  ImGui::Dummy(ImVec2(0, 0));
}

// The screens (kiosk/ui_attendee.cc, kiosk/ui_organiser.cc).
void DrawAttract(const FlowView& view, const Ctx& c);
void DrawJoin(const FlowView& view, const Ctx& c);
void DrawJoinCheck(const FlowView& view, const Ctx& c);
void DrawJoinContact(const FlowView& view, const Ctx& c);
void DrawSearch(const FlowView& view, const Ctx& c);
void DrawPickPassions(const FlowView& view, const Ctx& c);
void DrawWelcome(const FlowView& view, const Ctx& c);
void DrawCard(const FlowView& view, const Ctx& c);
void DrawSaved(const FlowView& view, const Ctx& c);
// The hidden door to organiser mode on the attract screen.
void OrganiserCorner(const Ctx& c);
// A notice over the screen ("Badge not recognised"), coloured by `tone`.
void DrawBanner(const Ctx& c, const std::string& text, Tone tone);
void DrawPin(const FlowView& view, const Ctx& c);
void DrawOrganiser(const Ctx& c);

}  // namespace kindred::ui
