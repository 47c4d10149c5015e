#include "kiosk/ui.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "match/matcher.h"

namespace kindred {

namespace {

// Kindred's palette: calm dark teal, warm accents, high contrast for a room.
const ImVec4 kBackground(0.07f, 0.16f, 0.19f, 1.0f);
const ImVec4 kCard(0.12f, 0.25f, 0.29f, 1.0f);
const ImVec4 kText(0.96f, 0.96f, 0.94f, 1.0f);
const ImVec4 kMuted(0.70f, 0.80f, 0.80f, 1.0f);
const ImVec4 kAccent(1.00f, 0.74f, 0.33f, 1.0f);
const ImVec4 kSuccess(0.30f, 0.78f, 0.47f, 1.0f);
const ImVec4 kDuplicate(0.95f, 0.70f, 0.20f, 1.0f);
const ImVec4 kFailure(0.90f, 0.33f, 0.30f, 1.0f);
const ImVec4 kChip(0.20f, 0.40f, 0.44f, 1.0f);
const ImVec4 kDark(0.05f, 0.10f, 0.12f, 1.0f);

const char* const kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const kDejaVuBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const char* const kDroid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

// The frame being drawn: its scale, fonts and layout record.
struct Ctx {
  const UiFrame& frame;
  const UiFonts& fonts;
  float s;
  UiTaps* taps;
};

void Record(const Ctx& c, const std::string& text, bool button) {
  if (!c.frame.layout || text.empty()) return;
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 clip0 = draw->GetClipRectMin(), clip1 = draw->GetClipRectMax();
  bool visible = a.x >= clip0.x - 1 && a.y >= clip0.y - 1 && b.x <= clip1.x + 1 && b.y <= clip1.y + 1;
  c.frame.layout->push_back({text, a.x, a.y, b.x, b.y, button, visible});
}

// Text drawn straight onto the window at `at`, recorded like an item.
void DrawnText(const Ctx& c, ImVec2 at, const ImVec4& color, const std::string& text) {
  ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(color), text.c_str());
  if (!c.frame.layout || text.empty()) return;
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const bool visible = at.x >= 0 && at.y >= 0 && at.x + size.x <= c.frame.width && at.y + size.y <= c.frame.height;
  c.frame.layout->push_back({text, at.x, at.y, at.x + size.x, at.y + size.y, false, visible});
}

// Wrapped text, `centered` or left-aligned, within `width` (default: all there is).
void Text(const Ctx& c, ImFont* font, const ImVec4& color, const std::string& text, bool centered = false,
          float width = 0) {
  ImGui::PushFont(font);
  const float avail = width > 0 ? width : ImGui::GetContentRegionAvail().x;
  if (centered) {
    ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, avail);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - size.x) * 0.5f));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x + 1.0f);
  } else {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + avail);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  Record(c, text, false);
}

// A button big enough for a finger: at least 56 design pixels tall (about
// 9 mm on the 7" panel, more on larger screens).
bool Button(const Ctx& c, const std::string& label, ImVec4 color, float width = 0, bool selected = true) {
  const ImVec4 fill = selected ? color : kChip;
  ImGui::PushStyleColor(ImGuiCol_Button, fill);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, fill);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(fill.x * 0.8f, fill.y * 0.8f, fill.z * 0.8f, 1));
  ImGui::PushStyleColor(ImGuiCol_Text, selected ? kDark : kText);
  ImVec2 text = ImGui::CalcTextSize(label.c_str());
  bool tapped = ImGui::Button(label.c_str(), ImVec2(width > 0 ? width : text.x + 48 * c.s, 56 * c.s));
  ImGui::PopStyleColor(4);
  Record(c, label, true);
  return tapped;
}

// `text` cut to fit `width` at the current font, with an ellipsis; whole
// UTF-8 characters only.
std::string FitText(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string out = text;
  while (!out.empty() && ImGui::CalcTextSize((out + "\u2026").c_str()).x > width) {
    size_t end = out.size() - 1;
    while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) --end;
    out.resize(end);
  }
  return out + "\u2026";
}

float ButtonWidth(const Ctx& c, const std::string& label) { return ImGui::CalcTextSize(label.c_str()).x + 48 * c.s; }

// Places the next item at the right edge of the window.
void AlignRight(float width) {
  ImGui::SetCursorPosX(ImGui::GetWindowWidth() - width - ImGui::GetStyle().WindowPadding.x);
}

// Lists follow a finger: a drag that started on the current child window
// scrolls it (the pointer has already withdrawn the drag's press, so the
// button it started on is not tapped).
void DragToScroll(const Ctx& c) {
  const UiFrame::Drag& d = c.frame.drag;
  if (!d.active || d.dy == 0) return;
  const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  if (d.x < at.x || d.y < at.y || d.x >= at.x + size.x || d.y >= at.y + size.y) return;
  ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() - d.dy, 0.0f, ImGui::GetScrollMaxY()));
}

// Passions as rounded chips that wrap onto new lines; with `chosen`, they are
// toggles and the index of a tapped one is returned (else -1).
int Chips(const Ctx& c, const std::vector<std::string>& items, const std::vector<bool>* chosen = nullptr) {
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  const float pad = 8.0f * c.s;
  int tapped = -1;
  for (size_t i = 0; i < items.size(); ++i) {
    ImVec2 text = ImGui::CalcTextSize(items[i].c_str());
    ImVec2 size(text.x + 2 * pad + (chosen ? 24 * c.s : 0), chosen ? 56 * c.s : text.y + pad);
    if (i > 0) {
      ImGui::SameLine(0, pad);
      if (ImGui::GetCursorScreenPos().x + size.x > right) ImGui::NewLine();
    }
    if (chosen) {
      ImGui::PushID(static_cast<int>(i));
      if (Button(c, ((*chosen)[i] ? "\u2713 " : "") + items[i], kAccent, size.x, (*chosen)[i])) tapped = static_cast<int>(i);
      ImGui::PopID();
      continue;
    }
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(kChip), size.y * 0.5f);
    draw->AddText(ImVec2(p.x + pad, p.y + pad * 0.5f), ImGui::GetColorU32(kText), items[i].c_str());
    ImGui::Dummy(size);
    Record(c, items[i], false);
  }
  return tapped;
}

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

// An on-screen keyboard for names and notes. Returns the edited text when a
// key was tapped; sets *done when "Done" was.
enum class Keys { kLetters, kEmail, kUrl };
bool Keyboard(const Ctx& c, std::string* text, bool* done, Keys keys = Keys::kLetters) {
  static const char* const kTextRows[] = {"1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.-", ""};
  static const char* const kEmailRows[] = {"1234567890", "qwertyuiop", "asdfghjkl@", "zxcvbnm._-", ""};
  static const char* const kUrlRows[] = {"1234567890", "qwertyuiop", "asdfghjkl@", "zxcvbnm._-", ":/?=&"};
  const bool email = keys != Keys::kLetters;
  const char* const* kRows = keys == Keys::kUrl ? kUrlRows : email ? kEmailRows : kTextRows;
  const float gap = 6 * c.s;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float key = (avail - 9 * gap) / 10;
  const float h = std::min(48 * c.s, key * 1.1f);
  bool changed = false;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  ImGui::PushStyleColor(ImGuiCol_Button, kChip);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kChip);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, kAccent);
  for (int r = 0; r < 5 && kRows[r][0]; ++r) {
    const char* row = kRows[r];
    for (int i = 0; row[i]; ++i) {
      if (i) ImGui::SameLine();
      char label[2] = {row[i], 0};
      const bool tapped = ImGui::Button(label, ImVec2(key, h));
      Record(c, label, true);
      if (tapped) {
        // Capitals at the start of words, for names.
        char ch = row[i];
        if (!email && std::isalpha(static_cast<unsigned char>(ch)) && (text->empty() || text->back() == ' '))
          ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        text->push_back(ch);
        changed = true;
      }
    }
  }
  const bool erase = ImGui::Button("delete", ImVec2(key * 2 + gap, h));
  Record(c, "delete", true);
  if (erase && !text->empty()) {
    // Delete one whole UTF-8 character.
    size_t end = text->size() - 1;
    while (end > 0 && (static_cast<unsigned char>((*text)[end]) & 0xC0) == 0x80) --end;
    text->resize(end);
    changed = true;
  }
  ImGui::SameLine();
  if (ImGui::Button("space", ImVec2(key * 5 + 4 * gap, h))) {
    text->push_back(' ');
    changed = true;
  }
  Record(c, "space", true);
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, kAccent);
  ImGui::PushStyleColor(ImGuiCol_Text, kDark);
  *done = ImGui::Button("Done", ImVec2(key * 3 + 2 * gap, h));
  Record(c, "Done", true);
  ImGui::PopStyleColor(2);
  ImGui::PopStyleColor(3);
  ImGui::PopStyleVar();
  return changed;
}

// A scan guide: corner brackets around where the badge should go, over the
// camera picture when there is one, with the codes being read outlined.
void ScanGuide(const Ctx& c, ImVec2 size) {
  const UiFrame& frame = c.frame;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImVec2 q(p.x + size.x, p.y + size.y);
  if (frame.preview_texture && frame.preview_width > 0) {
    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(frame.preview_texture)), p, q);
    const float sx = size.x / frame.preview_width, sy = size.y / frame.preview_height;
    for (const auto& quad : frame.outlines) {
      ImVec2 pts[4];
      for (int i = 0; i < 4; ++i) pts[i] = ImVec2(p.x + quad[i].x * sx, p.y + quad[i].y * sy);
      draw->AddPolyline(pts, 4, ImGui::GetColorU32(kSuccess), ImDrawFlags_Closed, 4 * c.s);
    }
  } else {
    draw->AddRectFilled(p, q, ImGui::GetColorU32(kCard), 12 * c.s);
  }
  float len = std::min(size.x, size.y) * 0.22f;
  float t = 5.0f * c.s;
  ImU32 col = ImGui::GetColorU32(kAccent);
  float inset = std::min(size.x, size.y) * 0.12f;
  ImVec2 a(p.x + inset, p.y + inset), b(q.x - inset, q.y - inset);
  for (auto [corner, dx, dy] : {std::tuple{a, 1.f, 1.f}, std::tuple{ImVec2(b.x, a.y), -1.f, 1.f},
                                std::tuple{ImVec2(a.x, b.y), 1.f, -1.f}, std::tuple{b, -1.f, -1.f}}) {
    draw->AddLine(corner, ImVec2(corner.x + dx * len, corner.y), col, t);
    draw->AddLine(corner, ImVec2(corner.x, corner.y + dy * len), col, t);
  }
  if (!frame.preview_texture) {
    const char* hint = "Hold your badge here";
    ImVec2 ts = ImGui::CalcTextSize(hint);
    draw->AddText(ImVec2(p.x + (size.x - ts.x) * 0.5f, p.y + (size.y - ts.y) * 0.5f), ImGui::GetColorU32(kMuted), hint);
  }
  ImGui::Dummy(size);
}

void DrawAttract(const FlowView& view, const Ctx& c) {
  const bool portrait = c.frame.height > c.frame.width;
  ImGui::Dummy(ImVec2(0, (portrait ? 60 : 10) * c.s));
  Text(c, c.fonts.title, kText, "What are you passionate about?", true);
  ImGui::Dummy(ImVec2(0, 6 * c.s));
  Text(c, c.fonts.large, kAccent, "Scan your badge to meet people who share it", true);
  ImGui::Dummy(ImVec2(0, 12 * c.s));
  const float footer = 80 * c.s;
  const float avail_h = ImGui::GetContentRegionAvail().y - footer;
  float side = std::min(avail_h, ImGui::GetContentRegionAvail().x * (portrait ? 0.8f : 0.5f));
  side = std::max(side, 60 * c.s);
  ImVec2 size(c.frame.preview_texture ? side * 4 / 3 : side, side);
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - size.x) * 0.5f);
  ScanGuide(c, size);
  // One row of buttons, or two when they do not fit side by side.
  const std::string search = "Badge won't scan? Find your name";
  const std::string join = "No badge? Join as a guest";
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row = ButtonWidth(c, search) + (view.walk_ins ? style.ItemSpacing.x + ButtonWidth(c, join) : 0);
  const bool stacked = view.walk_ins && row > ImGui::GetWindowWidth() - 2 * style.WindowPadding.x;
  const float bottom = ImGui::GetWindowHeight() - 56 * c.s - style.WindowPadding.y;
  if (stacked) {
    ImGui::SetCursorPos(ImVec2((ImGui::GetWindowWidth() - ButtonWidth(c, join)) * 0.5f,
                               bottom - 56 * c.s - style.ItemSpacing.y));
    if (Button(c, join, kAccent, 0, false)) c.taps->action = UiTaps::Action::kOpenJoin;
  }
  ImGui::SetCursorPosY(bottom);
  ImGui::SetCursorPosX(std::max(style.WindowPadding.x,
                                (ImGui::GetWindowWidth() - (stacked ? ButtonWidth(c, search) : row)) * 0.5f));
  if (Button(c, search, kAccent, 0, false)) c.taps->action = UiTaps::Action::kOpenSearch;
  if (view.walk_ins && !stacked) {
    ImGui::SameLine();
    if (Button(c, join, kAccent, 0, false)) c.taps->action = UiTaps::Action::kOpenJoin;
  }
}

// A text field people type into with the on-screen keyboard, `width` wide.
void Field(const Ctx& c, const std::string& text, const std::string& placeholder, float width) {
  ImGui::PushFont(c.fonts.large);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = 52 * c.s;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, ImVec2(p.x + width, p.y + h), ImGui::GetColorU32(kCard), 10 * c.s);
  const std::string shown = text.empty() ? placeholder : FitText(text + "_", width - 28 * c.s);
  draw->AddText(ImVec2(p.x + 14 * c.s, p.y + (h - ImGui::GetFontSize()) / 2),
                ImGui::GetColorU32(text.empty() ? kMuted : kText), shown.c_str());
  ImGui::Dummy(ImVec2(width, h));
  Record(c, shown, false);
  ImGui::PopFont();
}

// Walk-ins: a name, then (after the check) an e-mail and consent.
void DrawJoin(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, "Welcome! What's your name?");
  Field(c, view.joining.name, "Your name, as on your follow-up", ImGui::GetContentRegionAvail().x - ButtonWidth(c, "Back") - 12 * c.s);
  ImGui::SameLine();
  if (Button(c, "Back", kAccent, 0, false)) c.taps->action = UiTaps::Action::kDone;
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - (5 * 48 + 5 * 6) * c.s - ImGui::GetStyle().WindowPadding.y);
  std::string name = view.joining.name;
  bool done = false;
  if (Keyboard(c, &name, &done)) c.taps->action = UiTaps::Action::kJoinName, c.taps->text = name;
  if (done) c.taps->action = UiTaps::Action::kJoinNext;
}

void DrawJoinCheck(const FlowView& view, const Ctx& c) {
  ImGui::Dummy(ImVec2(0, 20 * c.s));
  Text(c, c.fonts.title, kText, "Are you " + view.join_match.name + "?", true);
  const Attendee& m = view.join_match;
  std::string who = m.title;
  if (!m.company.empty()) who += (who.empty() ? "" : ", ") + m.company;
  if (!who.empty()) Text(c, c.fonts.large, kMuted, who, true);
  Text(c, c.fonts.body, kText, "You may already be on the list - then your passions and follow-ups are waiting.", true);
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - 56 * c.s - ImGui::GetStyle().WindowPadding.y);
  const std::string yes = "Yes, that's me", no = "No, I'm new here";
  const float row = ButtonWidth(c, yes) + ButtonWidth(c, no) + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - row) * 0.5f);
  if (Button(c, yes, kAccent)) c.taps->action = UiTaps::Action::kJoinYes;
  ImGui::SameLine();
  if (Button(c, no, kAccent, 0, false)) c.taps->action = UiTaps::Action::kJoinNo;
}

void DrawJoinContact(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, "Nice to meet you, " + FirstName(view.joining.name) + "!");
  const float go_w = ButtonWidth(c, "Continue");
  Field(c, view.joining.email, "Your e-mail, for your follow-up (optional)",
        ImGui::GetContentRegionAvail().x - go_w - 12 * c.s);
  ImGui::SameLine();
  if (Button(c, "Continue", kAccent)) c.taps->action = UiTaps::Action::kJoinFinish;
  const std::string consent =
      std::string(view.joining.consent ? "\u2713 " : "") + "Share my contact details with people I meet";
  if (Button(c, consent, kAccent, ImGui::GetContentRegionAvail().x, view.joining.consent))
    c.taps->action = UiTaps::Action::kJoinConsent;
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - (5 * 48 + 5 * 6) * c.s - ImGui::GetStyle().WindowPadding.y);
  std::string email = view.joining.email;
  bool done = false;
  if (Keyboard(c, &email, &done, Keys::kEmail)) c.taps->action = UiTaps::Action::kJoinEmail, c.taps->text = email;
  if (done) c.taps->action = UiTaps::Action::kJoinFinish;
}

void DrawSearch(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, view.search_for_partner ? "Who did you meet?" : "Find your name");
  // The typed text in a field-like box.
  ImGui::PushFont(c.fonts.large);
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x - ButtonWidth(c, "Back") - 12 * c.s;
  float h = 52 * c.s;
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(kCard), 10 * c.s);
  std::string shown = view.search_text.empty() ? "Type a name..." : view.search_text + "_";
  ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 14 * c.s, p.y + (h - ImGui::GetFontSize()) / 2),
                                      ImGui::GetColorU32(view.search_text.empty() ? kMuted : kText), shown.c_str());
  ImGui::Dummy(ImVec2(w, h));
  Record(c, shown, false);
  ImGui::PopFont();
  ImGui::SameLine();
  if (Button(c, "Back", kAccent, 0, false)) c.taps->action = UiTaps::Action::kDone;
  const float keyboard_h = 5 * 48 * c.s + 5 * 6 * c.s;
  ImGui::BeginChild("results", ImVec2(0, std::max(60 * c.s, ImGui::GetContentRegionAvail().y - keyboard_h)), false);
  DragToScroll(c);
  if (view.search_results.empty() && view.search_text.size() >= 2)
    Text(c, c.fonts.body, kMuted, "No one by that name - check the spelling, or ask at the registration desk.");
  for (size_t i = 0; i < view.search_results.size(); ++i) {
    const Attendee& a = view.search_results[i];
    ImGui::PushID(static_cast<int>(i));
    std::string label = a.name + (a.company.empty() ? "" : "  \u00b7  " + a.company);
    if (Button(c, label, kAccent, ImGui::GetContentRegionAvail().x, false)) {
      c.taps->action = UiTaps::Action::kPickResult;
      c.taps->index = i;
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  std::string text = view.search_text;
  bool done = false;
  if (Keyboard(c, &text, &done)) {
    c.taps->action = UiTaps::Action::kSearchText;
    c.taps->text = text;
  }
  if (done && view.search_results.size() == 1) {
    c.taps->action = UiTaps::Action::kPickResult;
    c.taps->index = 0;
  }
}

void DrawPickPassions(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, "Hi, " + view.person.name + "!");
  Text(c, c.fonts.large, kAccent, "What are you passionate about? Pick a few.");
  ImGui::Dummy(ImVec2(0, 6 * c.s));
  ImGui::BeginChild("passions", ImVec2(0, ImGui::GetContentRegionAvail().y - 72 * c.s), false);
  DragToScroll(c);
  int tapped = Chips(c, view.passion_options, &view.passion_chosen);
  if (tapped >= 0) {
    c.taps->action = UiTaps::Action::kTogglePassion;
    c.taps->index = static_cast<size_t>(tapped);
  }
  ImGui::EndChild();
  const bool any = std::find(view.passion_chosen.begin(), view.passion_chosen.end(), true) != view.passion_chosen.end();
  const std::string label = any ? "Find my people" : "Skip";
  AlignRight(ButtonWidth(c, label));
  if (Button(c, label, kAccent)) c.taps->action = UiTaps::Action::kConfirmPassions;
}

// The first part of a reason ("You both love urban beekeeping and climate"),
// with an ellipsis when there is more: what a glance needs.
std::string ShortReason(const std::string& reason) {
  const size_t end = reason.find("; ");
  return end == std::string::npos ? reason : reason.substr(0, end) + "\u2026";
}

// One suggested person as a card: the name, how to spot them, the opening
// question and why (`whole`: every reason, else the first). Returns true
// when tapped, if `tappable`.
bool SuggestionCard(const Ctx& c, const Suggestion& sg, const std::string& recognise, bool tappable = false,
                    bool whole = true) {
  const ImVec2 start = ImGui::GetCursorScreenPos();
  Card(c, [&](float w) {
    // The opening question first: it is what to do; the reason follows.
    Text(c, c.fonts.large, kAccent, sg.name, false, w);
    if (!recognise.empty()) Text(c, c.fonts.body, kMuted, recognise, false, w);
    Text(c, c.fonts.body, kText, sg.starter, false, w);
    Text(c, c.fonts.body, kMuted, whole ? sg.reason : ShortReason(sg.reason), false, w);
  });
  if (!tappable) return false;
  const ImVec2 end = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(start);
  const bool tapped = ImGui::InvisibleButton("card", ImVec2(ImGui::GetContentRegionAvail().x, end.y - start.y));
  ImGui::SetCursorScreenPos(end);
  return tapped;
}

// One suggested person as a finger-sized row for a short screen: the name and
// one line of why. Returns true when tapped (for the whole card).
bool SuggestionRow(const Ctx& c, const Suggestion& sg, const std::string& recognise) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(ImGui::GetContentRegionAvail().x, 56 * c.s);
  const bool tapped = ImGui::InvisibleButton("row", size);
  Record(c, sg.name, true);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(kCard), 10 * c.s);
  const float pad = 14 * c.s;
  // Left: the name, and under it how to spot them; right: why.
  ImGui::PushFont(c.fonts.large);
  const std::string name = FitText(sg.name, size.x * 0.4f);
  const ImVec2 name_size = ImGui::CalcTextSize(name.c_str());
  ImGui::PopFont();
  ImGui::PushFont(c.fonts.body);
  const std::string spot = FitText(recognise, size.x * 0.4f / 0.8f);  // drawn at 0.8 of the body size
  const float spot_w = spot.empty() ? 0 : ImGui::CalcTextSize(spot.c_str()).x;
  ImGui::PopFont();
  const float small = c.fonts.body->FontSize * 0.8f;
  const float name_y = spot.empty() ? p.y + (size.y - name_size.y) / 2 : p.y + 4 * c.s;
  draw->AddText(c.fonts.large, c.fonts.large->FontSize, ImVec2(p.x + pad, name_y), ImGui::GetColorU32(kAccent),
                name.c_str());
  if (!spot.empty())
    draw->AddText(c.fonts.body, small, ImVec2(p.x + pad, name_y + name_size.y), ImGui::GetColorU32(kMuted),
                  spot.c_str());
  const float x = p.x + pad + std::max(name_size.x, spot_w * 0.8f) + pad;
  ImGui::PushFont(c.fonts.body);
  const std::string why = FitText(sg.reason, p.x + size.x - pad - x);
  draw->AddText(ImVec2(x, p.y + (size.y - ImGui::GetFontSize()) / 2), ImGui::GetColorU32(kMuted), why.c_str());
  ImGui::PopFont();
  return tapped;
}

void DrawWelcome(const FlowView& view, const Ctx& c) {
  // Tall screens stack the three people as cards with the first reason each,
  // a tap shows all of one. Landscape ones (7" panels at 800x480 and
  // 1024x600, monitors) are 480 design pixels high: they list all three as
  // rows of one line each, so nobody has to scroll, and a tap shows the
  // whole card.
  const bool rows = c.frame.width > c.frame.height;
  Text(c, c.fonts.title, kText, "Hi, " + view.person.name + "!");
  // Someone was suggested this person earlier: say so first, and where.
  if (!view.looking_for_you.empty() && rows) {
    Text(c, c.fonts.body, kAccent,
         FitText(view.looking_for_you + (view.looking_where.empty() ? "" : " \u00b7 " + view.looking_where),
                 ImGui::GetContentRegionAvail().x));
  } else if (!view.looking_for_you.empty()) {
    Text(c, c.fonts.large, kAccent, view.looking_for_you);
    if (!view.looking_where.empty()) Text(c, c.fonts.body, kMuted, view.looking_where);
  }
  if (!view.person.passions.empty() && rows && !view.looking_for_you.empty()) {
    // The 7" panel has one line here: the person looking for them wins.
  } else if (!view.person.passions.empty() && rows) {
    std::string line = "You're passionate about ";
    for (size_t i = 0; i < view.person.passions.size(); ++i) line += (i ? ", " : "") + view.person.passions[i];
    Text(c, c.fonts.body, kMuted, FitText(line, ImGui::GetContentRegionAvail().x));
  } else if (!view.person.passions.empty()) {
    Text(c, c.fonts.body, kMuted, "You're passionate about");
    Chips(c, view.person.passions);
  }
  ImGui::Dummy(ImVec2(0, 6 * c.s));
  Text(c, c.fonts.large, kAccent, view.suggestions.empty() ? "No suggestions yet" : "People to talk to");
  if (!view.suggestions.empty()) {
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 4 * c.s);
    Text(c, c.fonts.body, kMuted, view.open_suggestion < 0 ? "tap one for more" : rows ? "tap again for all" : "tap again for less");
  }
  // The footer: one line of text and a row of buttons.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float footer = c.fonts.body->FontSize + 56 * c.s + 2 * style.ItemSpacing.y + style.WindowPadding.y;
  ImGui::BeginChild("suggestions", ImVec2(0, ImGui::GetContentRegionAvail().y - footer), false,
                    rows ? ImGuiWindowFlags_NoScrollbar : 0);
  DragToScroll(c);
  for (size_t i = 0; i < view.suggestions.size(); ++i) {
    const Suggestion& sg = view.suggestions[i];
    ImGui::PushID(static_cast<int>(i));
    const std::string recognise = i < view.recognise.size() ? view.recognise[i] : "";
    if (!rows) {
      const bool open = view.open_suggestion == static_cast<int>(i);
      if (SuggestionCard(c, sg, recognise, true, open)) {
        c.taps->action = UiTaps::Action::kToggleSuggestion;
        c.taps->index = i;
      }
    } else if (view.open_suggestion < 0 && SuggestionRow(c, sg, recognise)) {
      c.taps->action = UiTaps::Action::kToggleSuggestion;
      c.taps->index = i;
    } else if (view.open_suggestion == static_cast<int>(i) && SuggestionCard(c, sg, recognise, true)) {
      c.taps->action = UiTaps::Action::kToggleSuggestion;
      c.taps->index = i;
    }
    ImGui::PopID();
    if (!rows) ImGui::Dummy(ImVec2(0, 2 * c.s));
  }
  ImGui::EndChild();
  Text(c, c.fonts.body, kText, "Met someone? Scan their badge now - or both badges together.");
  const std::string search = "Their badge won't scan";
  if (Button(c, search, kAccent, 0, false)) c.taps->action = UiTaps::Action::kOpenSearch;
  ImGui::SameLine();
  AlignRight(ButtonWidth(c, "Done"));
  if (Button(c, "Done", kAccent)) c.taps->action = UiTaps::Action::kDone;
}

// Contacts to take away, side by side or stacked to fit `size`: each QR code
// dark on white with its quiet zone, its caption below.
void TakeAways(const Ctx& c, const std::vector<TakeAway>& list, ImVec2 size) {
  if (list.empty()) return;
  const bool side_by_side = size.x >= size.y * list.size() * 0.9f;
  const float each_w = side_by_side ? size.x / list.size() : size.x;
  // Room under each code for its whole caption, however long the names.
  float caption_h = 2 * c.fonts.body->FontSize;
  ImGui::PushFont(c.fonts.body);
  for (const TakeAway& t : list)
    caption_h = std::max(caption_h, ImGui::CalcTextSize(t.caption.c_str(), nullptr, false, each_w).y);
  ImGui::PopFont();
  caption_h += 8 * c.s;
  const float each_h = side_by_side ? size.y : size.y / list.size();
  const float side = std::max(40.0f, std::min(each_w - 8 * c.s, each_h - caption_h));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (size_t i = 0; i < list.size(); ++i) {
    const TakeAway& t = list[i];
    const ImVec2 cell(origin.x + (side_by_side ? i * each_w : 0), origin.y + (side_by_side ? 0 : i * each_h));
    const ImVec2 p(cell.x + (each_w - side) / 2, cell.y);
    draw->AddRectFilled(p, ImVec2(p.x + side, p.y + side), IM_COL32_WHITE);
    const int modules = t.qr.size + 8;  // with a 4-module quiet zone each side
    const float m = side / modules;
    for (int y = 0; y < t.qr.size; ++y)
      for (int x = 0; x < t.qr.size; ++x)
        if (t.qr.at(x, y))
          draw->AddRectFilled(ImVec2(p.x + (x + 4) * m, p.y + (y + 4) * m),
                              ImVec2(p.x + (x + 5) * m, p.y + (y + 5) * m), IM_COL32_BLACK);
    ImGui::SetCursorScreenPos(ImVec2(cell.x, p.y + side + 4 * c.s));
    Text(c, c.fonts.body, kText, t.caption, true, each_w);
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(size);
}

void DrawCard(const FlowView& view, const Ctx& c) {
  if (c.frame.note_keyboard) {
    Text(c, c.fonts.large, kText, "A note for your follow-up");
    ImGui::PushFont(c.fonts.large);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x, h = 96 * c.s;
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(kCard), 10 * c.s);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 12 * c.s, p.y + 10 * c.s));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - 24 * c.s);
    ImGui::TextColored(view.note.empty() ? kMuted : kText, "%s", view.note.empty() ? "e.g. send the hive visit dates" : (view.note + "_").c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 8 * c.s));
    ImGui::PopFont();
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - (5 * 48 + 5 * 6) * c.s - ImGui::GetStyle().WindowPadding.y);
    std::string note = view.note;
    bool done = false;
    if (Keyboard(c, &note, &done)) {
      c.taps->action = UiTaps::Action::kNoteText;
      c.taps->text = note;
    }
    if (done) c.taps->action = UiTaps::Action::kCloseNote;
    return;
  }
  // Both read the card: it speaks to both.
  Text(c, c.fonts.title, kSuccess,
       FirstName(view.person.name) + " and " + FirstName(view.partner.name) +
           (view.met_before ? ", you met again!" : ", you met!"));
  // Contacts to take away stay in view on portrait screens, in a row under
  // the card. Landscape panels (480 design pixels high) have no room beside the
  // intents: their contacts wait on the saved screen, which the card says.
  const bool portrait = c.frame.height > c.frame.width;
  float card_h = ImGui::GetContentRegionAvail().y - 72 * c.s;
  const float row_h = view.takeaways.empty() || !portrait ? 0 : card_h * 0.27f;
  if (row_h > 0) {
    card_h -= row_h;
    const ImVec2 at = ImGui::GetCursorPos();
    ImGui::SetCursorPosY(at.y + card_h);
    TakeAways(c, view.takeaways, ImVec2(ImGui::GetContentRegionAvail().x, row_h));
    ImGui::SetCursorPos(at);
  }
  ImGui::BeginChild("card", ImVec2(0, card_h), false);
  DragToScroll(c);
  if (!view.card.shared.empty()) {
    Text(c, c.fonts.body, kMuted, "You share");
    Chips(c, view.card.shared);
  }
  if (!view.card.common_field.empty()) Text(c, c.fonts.body, kMuted, "You both work in " + view.card.common_field);
  for (const std::string& o : view.card.a_offers_b) Text(c, c.fonts.body, kMuted, view.person.name + " can help with " + o);
  for (const std::string& o : view.card.b_offers_a) Text(c, c.fonts.body, kMuted, view.partner.name + " can help with " + o);
  Text(c, c.fonts.large, kAccent, view.card.starter);
  if (!view.takeaways.empty() && !portrait)
    Text(c, c.fonts.body, kSuccess, "Save, then scan the next screen with your phones to keep each other's contact.");
  ImGui::Dummy(ImVec2(0, 4 * c.s));
  Text(c, c.fonts.body, kText, "How would you like to follow up?");
  const bool one_column = portrait;
  const float col = one_column ? ImGui::GetContentRegionAvail().x
                               : (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  for (size_t i = 0; i < view.intents.size() && i < kFollowUpIntents.size(); ++i) {
    if (!one_column && i % 2) ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));
    std::string label = std::string(view.intents[i] ? "\u2713 " : "") + kFollowUpIntents[i].label;
    if (Button(c, label, kAccent, col, view.intents[i])) {
      c.taps->action = UiTaps::Action::kToggleIntent;
      c.taps->index = i;
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  if (row_h > 0) ImGui::Dummy(ImVec2(0, row_h - ImGui::GetStyle().ItemSpacing.y));  // the contacts' row
  // The note and Save stay in the footer, in reach without scrolling.
  const float save_w = ButtonWidth(c, "Save");
  const float note_w = ImGui::GetContentRegionAvail().x - save_w - 24 * c.s;
  std::string note_label = view.note.empty() ? "Add a note" : "Note: " + view.note;
  if (ImGui::CalcTextSize(note_label.c_str()).x > note_w - 48 * c.s)
    note_label = FitText(note_label, note_w - 48 * c.s);
  if (Button(c, note_label, kAccent, note_w, false)) c.taps->action = UiTaps::Action::kEditNote;
  ImGui::SameLine();
  AlignRight(save_w);
  if (Button(c, "Save", kSuccess)) c.taps->action = UiTaps::Action::kSaveCard;
}

void DrawSaved(const FlowView& view, const Ctx& c) {
  ImGui::Dummy(ImVec2(0, 8 * c.s));
  Text(c, c.fonts.title, kSuccess, view.met_before ? "Saved again!" : "Saved!", true);
  Text(c, c.fonts.large, kText, view.person.name + " & " + view.partner.name, true);
  ImGui::Dummy(ImVec2(0, 10 * c.s));
  // With contacts to take away, they get the room: the phones are out now.
  if (!view.card.shared.empty() && view.takeaways.empty())
    Text(c, c.fonts.body, kMuted, "You share " + JoinList(view.card.shared), true);
  ImGui::Dummy(ImVec2(0, 8 * c.s));
  Text(c, c.fonts.body, kText,
       view.takeaways.empty()
           ? "The organisers will send you both a follow-up after the event, so the conversation can go on."
           : "Your follow-up comes after the event, too.",
       true);
  if (!view.takeaways.empty()) {
    ImGui::Dummy(ImVec2(0, 6 * c.s));
    const float bottom = ImGui::GetWindowHeight() - 56 * c.s - 2 * ImGui::GetStyle().WindowPadding.y;
    TakeAways(c, view.takeaways, ImVec2(ImGui::GetContentRegionAvail().x, bottom - ImGui::GetCursorPosY()));
  }
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - 56 * c.s - ImGui::GetStyle().WindowPadding.y);
  AlignRight(ButtonWidth(c, "Done"));
  if (Button(c, "Done", kAccent)) c.taps->action = UiTaps::Action::kDone;
}

// The hidden door to organiser mode: hold the top-right corner for 2 s,
// out to its very last pixel. A ring fills while the finger holds, so an
// organiser knows to keep holding.
void OrganiserCorner(const Ctx& c) {
  const ImVec2 a(c.frame.width - 140 * c.s, 0), b(static_cast<float>(c.frame.width), 70 * c.s);
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 at = io.MouseClickedPos[0];
  const bool pressed_here = at.x >= a.x && at.y >= a.y && at.x <= b.x && at.y <= b.y;
  if (!io.MouseDown[0] || !pressed_here || !ImGui::IsMouseHoveringRect(a, b, false)) return;
  const float held = io.MouseDownDuration[0];
  if (io.MouseDownDurationPrev[0] < 2.0f && held >= 2.0f) c.taps->action = UiTaps::Action::kOpenPin;
  if (held < 0.3f || held >= 2.0f) return;
  const ImVec2 centre(c.frame.width - 36 * c.s, 36 * c.s);
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const float pi = 3.14159265f, start = -pi / 2;
  draw->AddCircle(centre, 22 * c.s, ImGui::GetColorU32(kMuted), 32, 3 * c.s);
  draw->PathArcTo(centre, 22 * c.s, start, start + 2 * pi * (held - 0.3f) / 1.7f, 32);
  draw->PathStroke(ImGui::GetColorU32(kAccent), 0, 5 * c.s);
}

void DrawPin(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, "Organiser PIN", true);
  std::string dots;
  for (size_t i = 0; i < view.pin.size(); ++i) dots += "\u25cf ";
  // The PIN's check takes a moment on purpose (a slow hash against guessing):
  // say so at once.
  if (c.frame.checking_pin) dots = "Checking\u2026";
  Text(c, c.fonts.title, kAccent, dots.empty() ? " " : dots, true);
  const float key = std::min(ImGui::GetContentRegionAvail().x / 3 - 12 * c.s, 140 * c.s);
  const float left = (ImGui::GetWindowWidth() - 3 * key - 2 * ImGui::GetStyle().ItemSpacing.x) / 2;
  const char* const keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "delete", "0", "OK"};
  for (int i = 0; i < 12; ++i) {
    if (i % 3 == 0) ImGui::SetCursorPosX(left);
    else ImGui::SameLine();
    std::string label = keys[i];
    if (Button(c, label, label == "OK" ? kAccent : kChip, key, label == "OK")) {
      if (label == "OK") c.taps->action = UiTaps::Action::kPinSubmit;
      else if (label == "delete") c.taps->action = UiTaps::Action::kPinErase;
      else c.taps->action = UiTaps::Action::kPinDigit, c.taps->text = label;
    }
  }
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - 56 * c.s - ImGui::GetStyle().WindowPadding.y);
  if (Button(c, "Back", kAccent, 0, false)) c.taps->action = UiTaps::Action::kDone;
}

// Bars with labels: per hour (vertical) or per passion (horizontal).
void Bars(const Ctx& c, const std::vector<std::pair<std::string, int>>& data, bool vertical, ImVec2 size) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  int most = 1;
  for (const auto& [label, n] : data) most = std::max(most, n);
  const float n = static_cast<float>(std::max<size_t>(data.size(), 1));
  for (size_t i = 0; i < data.size(); ++i) {
    const auto& [label, count] = data[i];
    const float f = static_cast<float>(count) / most;
    std::string value = std::to_string(count);
    if (vertical) {
      const float w = size.x / n, label_h = ImGui::GetFontSize() + 4 * c.s, bar_h = size.y - 2 * label_h;
      const float x = p.x + i * w;
      draw->AddRectFilled(ImVec2(x + 3 * c.s, p.y + label_h + bar_h * (1 - f)), ImVec2(x + w - 3 * c.s, p.y + label_h + bar_h),
                          ImGui::GetColorU32(kAccent), 3 * c.s);
      draw->AddText(ImVec2(x + 3 * c.s, p.y + label_h + bar_h * (1 - f) - label_h), ImGui::GetColorU32(kText), value.c_str());
      draw->AddText(ImVec2(x + 3 * c.s, p.y + size.y - label_h + 4 * c.s), ImGui::GetColorU32(kMuted), label.c_str());
    } else {
      const float h = size.y / n, label_w = size.x * 0.45f;
      const float y = p.y + i * h;
      draw->AddText(ImVec2(p.x, y + (h - ImGui::GetFontSize()) / 2), ImGui::GetColorU32(kText), label.c_str());
      draw->AddRectFilled(ImVec2(p.x + label_w, y + 3 * c.s), ImVec2(p.x + label_w + (size.x - label_w - 40 * c.s) * f, y + h - 3 * c.s),
                          ImGui::GetColorU32(kSuccess), 3 * c.s);
      draw->AddText(ImVec2(p.x + label_w + (size.x - label_w - 40 * c.s) * f + 6 * c.s, y + (h - ImGui::GetFontSize()) / 2),
                    ImGui::GetColorU32(kMuted), value.c_str());
    }
  }
  ImGui::Dummy(size);
}

// Who met whom: people on a circle, an encounter a line between them.
void MetGraph(const Ctx& c, const DashboardStats& s, float side) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 centre(p.x + side / 2, p.y + side / 2);
  const float r = side / 2 - 12 * c.s;
  std::vector<ImVec2> at(s.people.size());
  for (size_t i = 0; i < at.size(); ++i) {
    float a = 6.2831853f * static_cast<float>(i) / std::max<size_t>(at.size(), 1);
    at[i] = ImVec2(centre.x + r * std::cos(a), centre.y + r * std::sin(a));
  }
  for (const auto& [a, b] : s.met) draw->AddLine(at[a], at[b], ImGui::GetColorU32(ImVec4(0.3f, 0.78f, 0.47f, 0.6f)), 2 * c.s);
  for (const ImVec2& q : at) draw->AddCircleFilled(q, 6 * c.s, ImGui::GetColorU32(kAccent));
  ImGui::Dummy(ImVec2(side, side));
}

// The self-check's "tap the four corners": one target at a time, nothing
// else to tap. The app reads where the panel reported each touch.
void CornerTargets(const Ctx& c, int step) {
  const ImVec2 at(kCornerTargets[step].x * c.frame.width, kCornerTargets[step].y * c.frame.height);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddCircleFilled(at, 28 * c.s, ImGui::GetColorU32(kAccent), 32);
  draw->AddCircleFilled(at, 8 * c.s, ImGui::GetColorU32(kDark), 16);
  ImGui::SetCursorPosY(c.frame.height * 0.4f);
  Text(c, c.fonts.large, kText, "Tap the target (" + std::to_string(step + 1) + " of 4)", true);
  Text(c, c.fonts.body, kMuted, "This finds a touch panel that reports taps mirrored or on the wrong axis.", true);
}

// Check this kiosk: each line pass / warn / fail with what to do, the
// camera live, and the interactive steps.
void DrawChecks(const Ctx& c, const OrganiserView& org, float w) {
  Text(c, c.fonts.large, kText, "Check this kiosk");
  for (const CheckLine& l : org.checks) {
    const ImVec4 colour = l.result == CheckLine::kPass ? kSuccess : l.result == CheckLine::kWarn ? kDuplicate : kFailure;
    const char* mark = l.result == CheckLine::kPass ? "\u2713 " : l.result == CheckLine::kWarn ? "! " : "\u2717 ";
    Text(c, c.fonts.body, colour, mark + l.check + ": " + l.detail, false, w);
    if (l.result != CheckLine::kPass && !l.fix.empty()) Text(c, c.fonts.body, kMuted, "    " + l.fix, false, w);
  }
  if (org.checking) Text(c, c.fonts.body, kMuted, "Looking at the hub\u2026");
  Text(c, c.fonts.body, kText, "Hold a badge 30 cm from the camera: " + org.camera_live, false, w);
  if (c.frame.preview_texture) {
    const float pw = std::min(w / 2, 240 * c.s);
    const float ph = pw * c.frame.preview_height / std::max(1, c.frame.preview_width);
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(c.frame.preview_texture)), ImVec2(pw, ph));
  }
  if (Button(c, "Tap the four corners", kAccent, 0, false)) c.taps->action = UiTaps::Action::kStartCorners;
  ImGui::SameLine();
  if (Button(c, "Check again", kAccent, 0, false)) c.taps->action = UiTaps::Action::kRunChecks;
  if (!org.touch_fix.empty())
    Text(c, c.fonts.body, kSuccess, "Touch fixed until the kiosk restarts (touch axes: " + org.touch_fix + ")", false, w);
}

void DrawOrganiser(const Ctx& c) {
  const OrganiserView* org = c.frame.organiser;
  static const OrganiserView kEmpty;
  if (!org) org = &kEmpty;
  if (org->corner_step >= 0) return CornerTargets(c, org->corner_step);
  const char* const tabs[] = {"Dashboard", "Import roster", "Export", "Settings", "Privacy", "Check"};
  const float right = ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x;
  for (int i = 0; i < 6; ++i) {
    // Tabs wrap onto a second row when the screen is narrow.
    if (i && ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetStyle().ItemSpacing.x +
                     ButtonWidth(c, tabs[i]) <= right)
      ImGui::SameLine();
    if (Button(c, tabs[i], kAccent, 0, org->tab == i)) c.taps->action = UiTaps::Action::kOrganiserTab, c.taps->index = i;
  }
  const bool portrait = c.frame.height > c.frame.width;
  if (!portrait && ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ButtonWidth(c, "Back to kiosk") + 24 * c.s <= right)
    ImGui::SameLine();
  AlignRight(ButtonWidth(c, "Back to kiosk"));
  if (Button(c, "Back to kiosk", kSuccess)) c.taps->action = UiTaps::Action::kLeaveOrganiser;
  // The hub cannot be reached (or refused this kiosk): a banner on every tab.
  if (org->sync_problem && !org->sync_lines.empty()) Text(c, c.fonts.body, kFailure, org->sync_lines[0]);
  ImGui::BeginChild("organiser", ImVec2(0, ImGui::GetContentRegionAvail().y - 64 * c.s), false);
  DragToScroll(c);
  const float w = ImGui::GetContentRegionAvail().x;
  if (org->tab == 0) {
    const DashboardStats& s = org->stats;
    auto count = [](int64_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
    Text(c, c.fonts.large, kText,
         count(s.attendees, "attendee", "attendees") + "  \u00b7  " + std::to_string(s.present) + " here today  \u00b7  " +
             count(s.encounters, "encounter", "encounters"));
    // Several kiosks: this one's sync state, then every kiosk the hub knows.
    for (size_t i = org->sync_problem ? 1 : 0; i < org->sync_lines.size(); ++i)
      Text(c, c.fonts.body, i == 0 ? kText : kMuted, org->sync_lines[i]);
    const float half = portrait ? w : (w - 16 * c.s) / 2;
    ImGui::BeginGroup();
    Text(c, c.fonts.body, kMuted, "Encounters per hour");
    Bars(c, s.per_hour, true, ImVec2(half, 150 * c.s));
    ImGui::EndGroup();
    if (!portrait) ImGui::SameLine(0, 16 * c.s);
    ImGui::BeginGroup();
    Text(c, c.fonts.body, kMuted, "Most shared passions");
    Bars(c, s.top_passions, false, ImVec2(half, 150 * c.s));
    ImGui::EndGroup();
    Text(c, c.fonts.body, kMuted, "Who met whom (the " + std::to_string(s.people.size()) + " most connected)");
    MetGraph(c, s, std::min(w, 320 * c.s));
  } else if (org->tab == 1) {
    Text(c, c.fonts.body, kMuted,
         org->roster_files.empty() ? "Plug in a USB stick with the roster as a CSV file." : "Roster files on USB sticks:");
    for (size_t i = 0; i < org->roster_files.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (Button(c, org->roster_files[i], kAccent, w, false)) c.taps->action = UiTaps::Action::kImportFile, c.taps->index = i;
      ImGui::PopID();
    }
  } else if (org->tab == 3) {
    const KioskSettings& k = org->settings;
    using A = UiTaps::Action;
    if (org->editing >= 0) {
      static const char* const kLabels[] = {"Event name: ", "Kiosk ID: ", "Hub: "};
      std::string text = org->editing == 0 ? k.event_name : org->editing == 1 ? k.kiosk_id : k.hub;
      Text(c, c.fonts.large, kText, kLabels[std::clamp(org->editing, 0, 2)] + text + "_");
      if (org->editing == 2)
        Text(c, c.fonts.body, kMuted,
             "As kindred hub add-kiosk printed it: postgresql://kindred_kiosk_NAME@HOST/kindred?sslmode=verify-full"
             "&sslrootcert=... (easier: kindred hub join on this kiosk)");
      bool done = false;
      if (Keyboard(c, &text, &done, org->editing == 2 ? Keys::kUrl : Keys::kLetters))
        c.taps->action = A::kSettingText, c.taps->text = text;
      if (done) c.taps->action = A::kSettingDone;
    } else {
      // Landscape: what is typed on the left, what is toggled on the right,
      // so that the 7" panel shows every setting without scrolling.
      const bool two_columns = !portrait;
      const float gap = 24 * c.s, x0 = ImGui::GetCursorPosX(), top = ImGui::GetCursorPosY();
      const float col_w = two_columns ? (w - gap) / 2 : w;
      float edge = x0 + col_w;  // the current column's right edge, window-local
      const float spacing = ImGui::GetStyle().ItemSpacing.x;
      // One line: `buttons` (buttons_w wide) at the column's right, the
      // label on the left, centred on their height.
      auto labelled = [&](const std::string& label, float buttons_w, auto&& buttons) {
        const float y = ImGui::GetCursorPosY();
        ImGui::SetCursorPosX(edge - buttons_w);
        buttons();
        ImGui::SameLine();
        ImGui::SetCursorPos(ImVec2(x0, y + (56 * c.s - c.fonts.body->FontSize) / 2));
        ImGui::PushFont(c.fonts.body);
        const std::string fitted = FitText(label, col_w - buttons_w - spacing);
        ImGui::PopFont();
        Text(c, c.fonts.body, kText, fitted);
        ImGui::SetCursorPosY(y + 56 * c.s + ImGui::GetStyle().ItemSpacing.y);  // the buttons' line, not the text's
      };
      auto row = [&](const std::string& label, int index) {
        labelled(label, ButtonWidth(c, "Change"), [&] {
          ImGui::PushID(index);
          if (Button(c, "Change", kAccent, 0, false)) c.taps->action = A::kSettingEdit, c.taps->index = index;
          ImGui::PopID();
        });
      };
      // Buttons go on the same line while they fit in the column, else on the next.
      auto same_line_if_fits = [&](float width) {
        if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + spacing + width <= edge) ImGui::SameLine();
      };
      ImGui::BeginGroup();
      row("Event name: " + (k.event_name.empty() ? std::string("(none)") : k.event_name), 0);
      row("Kiosk ID: " + k.kiosk_id, 1);
      // The URL's start is enough to recognise it; the whole shows while editing.
      row("Hub: " + (k.hub.empty() ? std::string("none") : k.hub.size() > 22 ? k.hub.substr(0, 20) + "..." : k.hub), 2);
      labelled("Reset after " + std::to_string(k.idle_timeout_s) + " s idle", 2 * 56 * c.s + spacing, [&] {
        for (const char* step : {"-", "+"}) {
          if (std::string(step) == "+") ImGui::SameLine();
          ImGui::PushID(step);
          if (Button(c, step, kAccent, 56 * c.s, false)) c.taps->action = A::kSettingStep, c.taps->text = step;
          ImGui::PopID();
        }
      });
      ImGui::EndGroup();
      if (two_columns) {
        ImGui::SetCursorPos(ImVec2(x0 + col_w + gap, top));
        edge = x0 + w;
      }
      ImGui::BeginGroup();
      const std::pair<const char*, bool> toggles[] = {{"Sounds", k.sounds},
                                                      {"Camera", k.camera},
                                                      {"QR", (k.formats & 1) != 0},
                                                      {"Aztec", (k.formats & 2) != 0},
                                                      {"DataMatrix", (k.formats & 4) != 0},
                                                      {"PDF417", (k.formats & 8) != 0},
                                                      {"Walk-ins may join", k.walk_ins}};
      // Sounds, camera and walk-ins first; then the codes to read.
      for (int i : {0, 1, 6, 2, 3, 4, 5}) {
        const std::string label = std::string(toggles[i].second ? "\u2713 " : "") + toggles[i].first;
        if (i == 2) Text(c, c.fonts.body, kMuted, "Codes to read:");
        else if (i) same_line_if_fits(ButtonWidth(c, label));
        ImGui::PushID(100 + i);
        if (Button(c, label, kAccent, 0, toggles[i].second)) c.taps->action = A::kSettingToggle, c.taps->index = i;
        ImGui::PopID();
      }
      ImGui::EndGroup();
    }
  } else if (org->tab == 5) {
    DrawChecks(c, *org, w);
  } else if (org->tab == 4) {
    using A = UiTaps::Action;
    if (org->forget_pick >= 0 && org->forget_pick < static_cast<int>(org->forget_results.size())) {
      const auto& [id, name] = org->forget_results[org->forget_pick];
      Text(c, c.fonts.large, kText, "Forget " + name + "?");
      Text(c, c.fonts.body, kText,
                  "Their name, contact details, passions and notes are removed from this kiosk" +
                      std::string(org->sync_lines.empty() ? "" : ", the hub and every other kiosk") +
                      ", and no later import brings them back. The people they met keep the fact of the "
                      "conversation, without them.");
      if (Button(c, "Forget " + FirstName(name), kFailure)) c.taps->action = A::kForgetConfirm;
      ImGui::SameLine();
      if (Button(c, "Cancel", kAccent)) c.taps->action = A::kForgetCancel;
    } else {
      Text(c, c.fonts.body, kMuted, "Someone asks to be forgotten: type their name.");
      Text(c, c.fonts.large, kText, "Name: " + org->forget_query + "_");
      for (size_t i = 0; i < org->forget_results.size(); ++i) {
        ImGui::PushID(static_cast<int>(200 + i));
        if (Button(c, org->forget_results[i].second, kAccent, w, false))
          c.taps->action = A::kForgetPick, c.taps->index = i;
        ImGui::PopID();
      }
      std::string text = org->forget_query;
      bool done = false;
      if (Keyboard(c, &text, &done, Keys::kLetters)) c.taps->action = A::kForgetText, c.taps->text = text;
      if (done) c.taps->action = A::kForgetCancel;
    }
  } else {
    if (org->has_organiser_key) {
      // Asked before every export: sealed, only the organiser's secret key opens what is on the stick.
      if (Button(c, std::string(org->seal_exports ? "\u2713 " : "") + "Seal it for the organiser's key", kAccent, 0,
                 org->seal_exports))
        c.taps->action = UiTaps::Action::kSealToggle;
      Text(c, c.fonts.body, kMuted,
                  org->seal_exports ? "A lost stick gives nothing away; open it with kindred restore on a laptop."
                                    : "Not sealed: anyone holding the stick can read every name and note.");
    } else {
      Text(c, c.fonts.body, kMuted,
                  "Not sealed: this event has no organiser's key (kindred keys --install), so anyone holding the "
                  "stick can read it.");
    }
    Text(c, c.fonts.body, kMuted,
         org->export_targets.empty() ? "Plug in a USB stick to export the follow-ups to." : "Export follow-ups to:");
    for (size_t i = 0; i < org->export_targets.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (Button(c, org->export_targets[i], kAccent, w, false) && org->progress < 0)
        c.taps->action = UiTaps::Action::kExportTo, c.taps->index = i;
      ImGui::PopID();
    }
    if (org->progress >= 0) {
      ImGui::PushStyleColor(ImGuiCol_PlotHistogram, kSuccess);
      ImGui::ProgressBar(org->progress, ImVec2(w, 40 * c.s));
      ImGui::PopStyleColor();
    }
  }
  if (!org->status.empty()) Text(c, c.fonts.body, kText, org->status);
  ImGui::EndChild();
  AlignRight(ButtonWidth(c, "Close the kiosk"));
  if (Button(c, "Close the kiosk", kFailure)) c.taps->action = UiTaps::Action::kQuitKiosk;
}

void DrawBanner(const Ctx& c, const std::string& text, Tone tone) {
  if (text.empty()) return;
  const ImVec4 color = tone == Tone::kFailure ? kFailure : tone == Tone::kDuplicate ? kDuplicate : kSuccess;
  const float wrap = c.frame.width - 48 * c.s;
  ImVec2 size = c.fonts.large->CalcTextSizeA(c.fonts.large->FontSize, FLT_MAX, wrap, text.c_str());
  const float h = size.y + 24 * c.s;
  const float top = c.frame.height - h;
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  draw->AddRectFilled(ImVec2(0, top), ImVec2(static_cast<float>(c.frame.width), static_cast<float>(c.frame.height)),
                      ImGui::GetColorU32(color));
  draw->AddText(c.fonts.large, c.fonts.large->FontSize, ImVec2(24 * c.s, top + 12 * c.s), ImGui::GetColorU32(kDark),
                text.c_str(), nullptr, wrap);
  if (c.frame.layout)
    c.frame.layout->push_back({text, 24 * c.s, top + 12 * c.s, 24 * c.s + size.x, top + 12 * c.s + size.y, false, true});
}

}  // namespace

float UiScaleFor(int width, int height) {
  // 480 px short side (the official 7" panel) is the design size.
  return std::clamp(std::min(width, height) / 480.0f, 0.75f, 3.0f);
}

UiFonts LoadUiFonts(float scale, const std::vector<std::string>& texts, std::string* warning) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  UiFonts fonts;
  const bool have_dejavu = std::filesystem::exists(kDejaVu);
  const bool have_droid = std::filesystem::exists(kDroid);
  if (!have_dejavu) {
    *warning = std::string("font ") + kDejaVu + " missing (install fonts-dejavu-core); using ImGui's built-in font";
    ImFontConfig cfg;
    cfg.SizePixels = 13.0f * scale * 1.5f;
    fonts.body = fonts.large = fonts.title = io.Fonts->AddFontDefault(&cfg);
    return fonts;
  }
  if (!have_droid)
    *warning = std::string("font ") + kDroid + " missing (install fonts-droid-fallback); CJK names will show as boxes";

  static ImVector<ImWchar> latin_ranges, cjk_ranges;  // must outlive the atlas build
  latin_ranges.clear();
  cjk_ranges.clear();
  {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(io.Fonts->GetGlyphRangesDefault());
    b.AddRanges(io.Fonts->GetGlyphRangesCyrillic());
    // Latin Extended-A/B, Greek (ImGui 1.86 has no Greek preset), punctuation, arrows, ticks.
    static const ImWchar extra[] = {0x0100, 0x024F, 0x0370, 0x03FF, 0x1F00, 0x1FFF, 0x2010, 0x2027,
                                    0x2190, 0x21FF, 0x25CF, 0x25CF, 0x2713, 0x2717, 0};
    b.AddRanges(extra);
    b.BuildRanges(&latin_ranges);
  }
  {
    // Only the CJK characters the event's names and passions use: loading
    // all 20,000+ would make start-up slow and the atlas huge.
    ImFontGlyphRangesBuilder b;
    for (const std::string& t : texts) b.AddText(t.c_str());
    b.BuildRanges(&cjk_ranges);
  }
  auto add = [&](const char* file, float size) {
    ImFontConfig cfg;
    cfg.OversampleH = 1;
    cfg.PixelSnapH = true;
    ImFont* font = io.Fonts->AddFontFromFileTTF(file, size, &cfg, latin_ranges.Data);
    if (have_droid) {
      ImFontConfig merge;
      merge.MergeMode = true;
      merge.OversampleH = 1;
      merge.PixelSnapH = true;
      io.Fonts->AddFontFromFileTTF(kDroid, size, &merge, cjk_ranges.Data);
    }
    return font;
  };
  fonts.body = add(kDejaVu, 20.0f * scale);
  fonts.large = add(kDejaVuBold, 26.0f * scale);
  fonts.title = add(kDejaVuBold, 36.0f * scale);
  return fonts;
}

UiTaps DrawKiosk(const FlowView& view, const UiFrame& frame, const UiFonts& fonts) {
  UiTaps taps;
  const Ctx c{frame, fonts, frame.scale, &taps};
  const float s = frame.scale;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(static_cast<float>(frame.width), static_cast<float>(frame.height)));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, kBackground);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, kBackground);
  ImGui::PushStyleColor(ImGuiCol_ScrollbarBg, kBackground);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24 * s, 18 * s));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 12 * s);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(10 * s, 8 * s));
  ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, 10 * s);
  ImGui::PushFont(fonts.body);
  ImGui::Begin("kindred", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  switch (view.screen) {
    case Screen::kAttract: DrawAttract(view, c); break;
    case Screen::kJoin: DrawJoin(view, c); break;
    case Screen::kJoinCheck: DrawJoinCheck(view, c); break;
    case Screen::kJoinContact: DrawJoinContact(view, c); break;
    case Screen::kSearch: DrawSearch(view, c); break;
    case Screen::kPickPassions: DrawPickPassions(view, c); break;
    case Screen::kWelcome: DrawWelcome(view, c); break;
    case Screen::kCard: DrawCard(view, c); break;
    case Screen::kSaved: DrawSaved(view, c); break;
    case Screen::kPin: DrawPin(view, c); break;
    case Screen::kOrganiser: DrawOrganiser(c); break;
  }
  if (view.screen == Screen::kAttract) OrganiserCorner(c);
  // Quiet status lines in the corners: the event, and a camera problem.
  if (!frame.event_name.empty() && view.screen != Screen::kOrganiser) {
    ImVec2 size = ImGui::CalcTextSize(frame.event_name.c_str());
    DrawnText(c, ImVec2(frame.width - size.x - 12 * s, 2 * s), kMuted, frame.event_name);
  }
  if (!frame.camera_status.empty() && view.screen == Screen::kAttract)
    DrawnText(c, ImVec2(12 * s, 2 * s), kDuplicate, frame.camera_status);
  ImGui::End();
  ImGui::PopFont();
  ImGui::PopStyleVar(4);
  ImGui::PopStyleColor(3);
  DrawBanner(c, view.notice, view.tone);
  taps.any = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  return taps;
}

}  // namespace kindred
