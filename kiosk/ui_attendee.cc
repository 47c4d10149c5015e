// The attendee's screens: attract, name search, passions, welcome, the
// encounter card, saved, joining at the kiosk; the organiser corner and banners.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "i18n/bidi.h"
#include "i18n/line_break.h"
#include "event/consent.h"
#include "event/people_search.h"
#include "kiosk/ui_parts.h"
#include "match/say.h"
#include "match/matcher.h"

namespace kindred::ui {

// A scan guide: corner brackets around where the badge should go, over the
// camera picture when there is one, with the codes being read outlined.
static void ScanGuide(const Ctx& c, ImVec2 size) {
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
  // A badge that does not read yet: what to change, in the band below the
  // guide's lower corners (the guide itself stays clear).
  if (frame.preview_texture && !frame.scan_hint.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(frame.scan_hint.c_str());
    const ImVec2 at(p.x + (size.x - ts.x) * 0.5f, b.y + t * 0.5f + 3 * c.s);  // under the corners' lines
    draw->AddRectFilled(ImVec2(at.x - 10 * c.s, at.y - 2 * c.s), ImVec2(at.x + ts.x + 10 * c.s, at.y + ts.y + 2 * c.s),
                        IM_COL32(0, 0, 0, 170), 6 * c.s);
    DrawnText(c, at, ImVec4(1, 1, 1, 1), frame.scan_hint);
  }
  if (!frame.preview_texture) {
    const std::string hint = Tr(c.loc, "Hold your badge here");
    ImVec2 ts = ImGui::CalcTextSize(hint.c_str());
    draw->AddText(ImVec2(p.x + (size.x - ts.x) * 0.5f, p.y + (size.y - ts.y) * 0.5f), ImGui::GetColorU32(kMuted), hint.c_str());
  }
  ImGui::Dummy(size);
}

// The event's languages, each in its own name, for someone without a badge
// (whoever scans one is served in their own), the current one lit; nothing
// with one language. Landscape: a column left of the scan guide (from
// `guide_top`, in as many columns as it takes to end above `limit_y`, where
// the buttons below start); portrait: a row under it (at the cursor).
static void LanguageChoice(const FlowView& view, const Ctx& c, float guide_top, float limit_y) {
  if (view.languages.size() < 2) return;
  const bool column = c.frame.width > c.frame.height;
  ImGui::PushFont(c.fonts.body);
  float widest = 0, row = 0;
  for (const std::string& lang : view.languages) {
    const float w = ImGui::CalcTextSize(i18n::NativeName(lang).c_str()).x + 32 * c.s;
    widest = std::max(widest, w);
    row += w + ImGui::GetStyle().ItemSpacing.x;
  }
  const ImVec2 back = ImGui::GetCursorPos();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float step = 56 * c.s + style.ItemSpacing.y;
  const size_t per_column =
      std::max<size_t>(1, static_cast<size_t>((limit_y - guide_top + style.ItemSpacing.y) / step));
  if (column) ImGui::SetCursorPos(ImVec2(style.WindowPadding.x, guide_top));
  else ImGui::SetCursorPosX(std::max(style.WindowPadding.x, (ImGui::GetWindowWidth() - row) * 0.5f));
  for (size_t i = 0; i < view.languages.size(); ++i) {
    if (i && !column) ImGui::SameLine();
    if (i && column)
      ImGui::SetCursorPos(ImVec2(style.WindowPadding.x + static_cast<float>(i / per_column) * (widest + style.ItemSpacing.x),
                                 guide_top + static_cast<float>(i % per_column) * step));
    ImGui::PushID(static_cast<int>(i));
    const std::string name = i18n::NativeName(view.languages[i]);
    const float w = column ? widest : ImGui::CalcTextSize(name.c_str()).x + 32 * c.s;
    if (Button(c, name, kAccent, w, view.languages[i] == view.language))
      c.taps->action = UiTaps::Action::kPickLanguage, c.taps->index = i;
    ImGui::PopID();
  }
  ImGui::PopFont();
  if (column) ImGui::SetCursorPos(back);
}

void DrawAttract(const FlowView& view, const Ctx& c) {
  const bool portrait = c.frame.height > c.frame.width;
  ImGui::Dummy(ImVec2(0, (portrait ? 60 : 10) * c.s));
  Text(c, c.fonts.title, kText, Tr(c.loc, "What are you passionate about?"), true);
  ImGui::Dummy(ImVec2(0, 6 * c.s));
  Text(c, c.fonts.large, kAccent, Tr(c.loc, "Scan your badge to meet people who share it"), true);
  ImGui::Dummy(ImVec2(0, 12 * c.s));
  // Portrait: the language row under the guide takes a button's height.
  const float footer = 80 * c.s + (portrait && view.languages.size() > 1 ? 64 * c.s : 0);
  const float avail_h = ImGui::GetContentRegionAvail().y - footer;
  float side = std::min(avail_h, ImGui::GetContentRegionAvail().x * (portrait ? 0.8f : 0.5f));
  side = std::max(side, 60 * c.s);
  ImVec2 size(c.frame.preview_texture ? side * 4 / 3 : side, side);
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - size.x) * 0.5f);
  const float guide_top = ImGui::GetCursorPosY();
  ScanGuide(c, size);
  // One row of buttons, or two when they do not fit side by side.
  const std::string search = Tr(c.loc, "Badge won't scan? Find your name");
  const std::string join = Tr(c.loc, "No badge? Join as a guest");
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row = ButtonWidth(c, search) + (view.walk_ins ? style.ItemSpacing.x + ButtonWidth(c, join) : 0);
  const bool stacked = view.walk_ins && row > ImGui::GetWindowWidth() - 2 * style.WindowPadding.x;
  const float bottom = ImGui::GetWindowHeight() - 56 * c.s - style.WindowPadding.y;
  const float buttons_top = stacked ? bottom - 56 * c.s - style.ItemSpacing.y : bottom;
  LanguageChoice(view, c, guide_top, buttons_top - style.ItemSpacing.y);
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


// Walk-ins: a name, then (after the check) an e-mail and consent.
void DrawJoin(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, Tr(c.loc, "Welcome! What's your name?"));
  Field(c, view.joining.name, Tr(c.loc, "Your name, as on your follow-up"),
        ImGui::GetContentRegionAvail().x - ButtonWidth(c, Tr(c.loc, "Back")) - 12 * c.s);
  ImGui::SameLine();
  if (Button(c, Tr(c.loc, "Back"), kAccent, 0, false)) c.taps->action = UiTaps::Action::kDone;
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - (5 * 48 + 5 * 6) * c.s - ImGui::GetStyle().WindowPadding.y);
  std::string name = view.joining.name;
  bool done = false;
  if (Keyboard(c, &name, &done)) c.taps->action = UiTaps::Action::kJoinName, c.taps->text = name;
  if (done) c.taps->action = UiTaps::Action::kJoinNext;
}

void DrawJoinCheck(const FlowView& view, const Ctx& c) {
  ImGui::Dummy(ImVec2(0, 20 * c.s));
  Text(c, c.fonts.title, kText, Fill(Tr(c.loc, "Are you {name}?"), {{"name", view.join_match.name}}), true);
  const Attendee& m = view.join_match;
  const std::string who = ShownToOthers(m).Role();
  if (!who.empty()) Text(c, c.fonts.large, kMuted, who, true);
  Text(c, c.fonts.body, kText, Tr(c.loc, "You may already be on the list - then your passions and follow-ups are waiting."), true);
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - 56 * c.s - ImGui::GetStyle().WindowPadding.y);
  const std::string yes = Tr(c.loc, "Yes, that's me"), no = Tr(c.loc, "No, I'm new here");
  const float row = ButtonWidth(c, yes) + ButtonWidth(c, no) + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - row) * 0.5f);
  if (Button(c, yes, kAccent)) c.taps->action = UiTaps::Action::kJoinYes;
  ImGui::SameLine();
  if (Button(c, no, kAccent, 0, false)) c.taps->action = UiTaps::Action::kJoinNo;
}

void DrawJoinContact(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, Fill(Tr(c.loc, "Nice to meet you, {name}!"), {{"name", FirstName(view.joining.name)}}));
  const std::string go = Tr(c.loc, "Continue");
  const float go_w = ButtonWidth(c, go);
  Field(c, view.joining.email, Tr(c.loc, "E-mail for your follow-up (optional)"),
        ImGui::GetContentRegionAvail().x - go_w - 12 * c.s);
  ImGui::SameLine();
  if (Button(c, go, kAccent)) c.taps->action = UiTaps::Action::kJoinFinish;
  const std::string consent =
      std::string(view.joining.consent ? "\u2713 " : "") + Tr(c.loc, "Share my contact details with people I meet");
  if (Button(c, consent, kAccent, ImGui::GetContentRegionAvail().x, view.joining.consent))
    c.taps->action = UiTaps::Action::kJoinConsent;
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - (5 * 48 + 5 * 6) * c.s - ImGui::GetStyle().WindowPadding.y);
  std::string email = view.joining.email;
  bool done = false;
  if (Keyboard(c, &email, &done, Keys::kEmail)) c.taps->action = UiTaps::Action::kJoinEmail, c.taps->text = email;
  if (done) c.taps->action = UiTaps::Action::kJoinFinish;
}

void DrawSearch(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, view.search_for_partner ? Tr(c.loc, "Who did you meet?") : Tr(c.loc, "Find your name"));
  // The typed text in a field-like box.
  ImGui::PushFont(c.fonts.large);
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x - ButtonWidth(c, Tr(c.loc, "Back")) - 12 * c.s;
  float h = 52 * c.s;
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(kCard), 10 * c.s);
  std::string shown = view.search_text.empty() ? Tr(c.loc, "Type a name...") : view.search_text + "_";
  ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 14 * c.s, p.y + (h - ImGui::GetFontSize()) / 2),
                                      ImGui::GetColorU32(view.search_text.empty() ? kMuted : kText), shown.c_str());
  ImGui::Dummy(ImVec2(w, h));
  Record(c, shown, false);
  ImGui::PopFont();
  ImGui::SameLine();
  if (Button(c, Tr(c.loc, "Back"), kAccent, 0, false)) c.taps->action = UiTaps::Action::kDone;
  // "Done" on the keyboard puts it away, so every result shows; the
  // "Keyboard" button brings it back. Nothing typed is lost.
  const bool keyboard = c.frame.search_keyboard;
  const float keyboard_h = keyboard ? 5 * 48 * c.s + 5 * 6 * c.s : 56 * c.s + 8 * c.s;
  ImGui::BeginChild("results", ImVec2(0, std::max(60 * c.s, ImGui::GetContentRegionAvail().y - keyboard_h)), false);
  DragToScroll(c);
  if (view.search_results.empty() && view.search_text.size() >= 2)
    Text(c, c.fonts.body, kMuted, Tr(c.loc, "No one by that name - check the spelling, or ask at the registration desk."));
  for (size_t i = 0; i < view.search_results.size(); ++i) {
    const Attendee& a = view.search_results[i];
    ImGui::PushID(static_cast<int>(i));
    const std::string company = ShownToOthers(a).company;
    std::string label = SearchLabel(a) + (company.empty() ? "" : "  \u00b7  " + company);
    if (Button(c, label, kAccent, ImGui::GetContentRegionAvail().x, false)) {
      c.taps->action = UiTaps::Action::kPickResult;
      c.taps->index = i;
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  if (!keyboard) {
    if (Button(c, Tr(c.loc, "Keyboard"), kAccent, 0, false)) c.taps->action = UiTaps::Action::kShowKeyboard;
    return;
  }
  std::string text = view.search_text;
  bool done = false;
  if (Keyboard(c, &text, &done)) {
    c.taps->action = UiTaps::Action::kSearchText;
    c.taps->text = text;
  }
  if (done && view.search_results.size() == 1) {
    c.taps->action = UiTaps::Action::kPickResult;
    c.taps->index = 0;
  } else if (done) {
    c.taps->action = UiTaps::Action::kHideKeyboard;
  }
}

void DrawPickPassions(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, Fill(Tr(c.loc, "Hi, {name}!"), {{"name", view.person.name}}));
  Text(c, c.fonts.large, kAccent, Tr(c.loc, "What are you passionate about? Pick a few."));
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
  const std::string label = any ? Tr(c.loc, "Find my people") : Tr(c.loc, "Skip");
  AlignRight(ButtonWidth(c, label));
  if (Button(c, label, kAccent)) c.taps->action = UiTaps::Action::kConfirmPassions;
}

// The first reason ("You both love urban beekeeping and climate."), with an
// ellipsis when there are more: what a glance needs.
static std::string ShortReason(const Suggestion& sg) {
  if (sg.reasons.empty()) return sg.reason;
  return sg.reasons.size() == 1 ? sg.reasons[0] : sg.reasons[0] + " \u2026";
}

// One suggested person as a card: the name, how to spot them, the opening
// question and why (`whole`: every reason, else the first). Returns true
// when tapped, if `tappable`.
static bool SuggestionCard(const Ctx& c, const Suggestion& sg, const std::string& recognise, bool tappable = false,
                    bool whole = true) {
  const ImVec2 start = ImGui::GetCursorScreenPos();
  Card(c, [&](float w) {
    // The opening question first: it is what to do; the reason follows.
    Text(c, c.fonts.large, kAccent, sg.name, false, w);
    if (!recognise.empty()) Text(c, c.fonts.body, kMuted, recognise, false, w);
    Text(c, c.fonts.body, kText, sg.starter, false, w);
    Text(c, c.fonts.body, kMuted, whole ? sg.reason : ShortReason(sg), false, w);
  });
  if (!tappable) return false;
  const ImVec2 end = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(start);
  const bool tapped = ImGui::InvisibleButton("card", ImVec2(ImGui::GetContentRegionAvail().x, end.y - start.y));
  ImGui::SetCursorScreenPos(end);
  return tapped;
}

// One suggested person as a finger-sized row for a short screen: the name and
// one line of why, where there is room for it; `selected` rows are lit.
// Returns true when tapped (for the whole card).
static bool SuggestionRow(const Ctx& c, const Suggestion& sg, const std::string& recognise, bool selected) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(ImGui::GetContentRegionAvail().x, 56 * c.s);
  const bool tapped = ImGui::InvisibleButton("row", size);
  Record(c, i18n::VisualOrder(sg.name), true);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(selected ? kChip : kCard), 10 * c.s);
  const float pad = 14 * c.s;
  // Left: the name, and under it how to spot them; right: why, on a row
  // wide enough to hold a readable part of it.
  const bool with_why = size.x >= 400 * c.s;
  const float name_w = with_why ? size.x * 0.4f : size.x - 2 * pad;
  ImGui::PushFont(c.fonts.large);
  const std::string name = FitText(i18n::VisualOrder(sg.name), name_w);
  const ImVec2 name_size = ImGui::CalcTextSize(name.c_str());
  ImGui::PopFont();
  ImGui::PushFont(c.fonts.body);
  const std::string spot = FitText(i18n::VisualOrder(recognise), name_w / 0.8f);  // drawn at 0.8 of the body size
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
  if (!with_why) return tapped;
  ImGui::PushFont(c.fonts.body);
  const std::string why = FitText(i18n::VisualOrder(sg.reason), p.x + size.x - pad - x);
  draw->AddText(ImVec2(x, p.y + (size.y - ImGui::GetFontSize()) / 2), ImGui::GetColorU32(kMuted), why.c_str());
  ImGui::PopFont();
  return tapped;
}

// A QR code, dark on white with its 4-module quiet zone, `side` pixels
// square at `p` (screen coordinates).
static void DrawQr(const QrMatrix& qr, ImVec2 p, float side) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, ImVec2(p.x + side, p.y + side), IM_COL32_WHITE);
  const float m = side / (qr.size + 8);
  for (int y = 0; y < qr.size; ++y)
    for (int x = 0; x < qr.size; ++x)
      if (qr.at(x, y))
        draw->AddRectFilled(ImVec2(p.x + (x + 4) * m, p.y + (y + 4) * m), ImVec2(p.x + (x + 5) * m, p.y + (y + 5) * m),
                            IM_COL32_BLACK);
}

// Contacts to take away, side by side or stacked to fit `size`: each QR code
// with its caption below.
static void TakeAways(const Ctx& c, const std::vector<TakeAway>& list, ImVec2 size) {
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
  for (size_t i = 0; i < list.size(); ++i) {
    const TakeAway& t = list[i];
    const ImVec2 cell(origin.x + (side_by_side ? i * each_w : 0), origin.y + (side_by_side ? 0 : i * each_h));
    const ImVec2 p(cell.x + (each_w - side) / 2, cell.y);
    DrawQr(t.qr, p, side);
    ImGui::SetCursorScreenPos(ImVec2(cell.x, p.y + side + 4 * c.s));
    Text(c, c.fonts.body, kText, t.caption, true, each_w);
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(size);
}

// The welcome's code for the person's phone, in `size`: the QR code and its
// caption, beside it where the room is wide, else below. With another code
// to come (the Wi-Fi's first, then the page's), the panel is one button: a
// tap shows the next.
static void PhoneCodePanel(const FlowView& view, const Ctx& c, ImVec2 size) {
  const TakeAway& code = view.phone_codes[view.phone_code % view.phone_codes.size()];
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  if (view.phone_codes.size() > 1) {
    if (ImGui::InvisibleButton("phone-code", size)) c.taps->action = UiTaps::Action::kNextPhoneCode;
    Record(c, code.caption, true);  // the whole panel is the button
    ImGui::SetCursorScreenPos(origin);
  }
  const float gap = 12 * c.s;
  const bool beside = size.x >= size.y * 1.6f;
  const float caption_w = beside ? size.x - size.y - gap : size.x;
  const float caption_h = TextHeight(c.fonts.body, code.caption, caption_w);
  const float side = beside ? size.y : std::max(40.0f, std::min(size.x, size.y - caption_h - 4 * c.s));
  DrawQr(code.qr, ImVec2(origin.x + (beside ? 0 : (size.x - side) / 2), origin.y), side);
  ImGui::SetCursorScreenPos(beside ? ImVec2(origin.x + side + gap, origin.y + std::max(0.0f, (side - caption_h) / 2))
                                   : ImVec2(origin.x, origin.y + side + 4 * c.s));
  ImGui::BeginGroup();  // wrapped lines start under the first, beside the code
  Text(c, c.fonts.body, kText, code.caption, !beside, caption_w);
  ImGui::EndGroup();
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(size);
}

void DrawWelcome(const FlowView& view, const Ctx& c) {
  // Tall screens stack the three people as cards with the first reason each,
  // a tap shows all of one. Landscape ones (7" panels at 800x480 and
  // 1024x600, monitors) are 480 design pixels high: they list all three as
  // rows of one line each, so nobody has to scroll, and a tap shows the
  // whole card.
  const bool rows = c.frame.width > c.frame.height;
  Text(c, c.fonts.title, kText, Fill(Tr(c.loc, "Hi, {name}!"), {{"name", view.person.name}}));
  // Someone was suggested this person earlier: say so first, and where.
  if (!view.looking_for_you.empty() && rows) {
    // One line: where they were last seen too when it fits, never a sentence cut short.
    const std::string both = view.looking_for_you + (view.looking_where.empty() ? "" : " \u00b7 " + view.looking_where);
    const bool fits = ImGui::CalcTextSize(both.c_str()).x <= ImGui::GetContentRegionAvail().x;
    Text(c, c.fonts.body, kAccent, fits ? both : view.looking_for_you);
  } else if (!view.looking_for_you.empty()) {
    Text(c, c.fonts.large, kAccent, view.looking_for_you);
    if (!view.looking_shared.empty()) Text(c, c.fonts.body, kText, view.looking_shared);
    if (!view.looking_where.empty()) Text(c, c.fonts.body, kMuted, view.looking_where);
  }
  if (!view.person.passions.empty() && rows && !view.looking_for_you.empty()) {
    // The 7" panel has one line here: the person looking for them wins.
  } else if (!view.person.passions.empty() && rows) {
    const std::string line = Fill(Tr(c.loc, "You're passionate about {passions}"),
                                  {{"passions", i18n::JoinAnd(c.loc, view.person.passions)}});
    Text(c, c.fonts.body, kMuted, FitText(line, ImGui::GetContentRegionAvail().x));
  } else if (!view.person.passions.empty()) {
    Text(c, c.fonts.body, kMuted, Tr(c.loc, "You're passionate about"));
    Chips(c, view.person.passions);
  }
  ImGui::Dummy(ImVec2(0, 6 * c.s));
  const int open = view.open_suggestion;
  // The code for the person's phone: on landscape screens a column on the
  // right from here down (while no card is open), on tall ones a band under
  // the list.
  const ImVec2 heading = ImGui::GetCursorPos();
  const float full_w = ImGui::GetContentRegionAvail().x, gap = 16 * c.s;
  const bool phone = !view.phone_codes.empty();
  const float phone_w = phone && rows && open < 0 ? std::min(full_w * 0.3f, 240 * c.s) : 0;
  const std::string people = view.suggestions.empty() ? Tr(c.loc, "No suggestions yet") : Tr(c.loc, "People to talk to");
  Text(c, c.fonts.large, kAccent, people, false, phone_w > 0 ? full_w - phone_w - gap : 0);
  if (!view.suggestions.empty()) {
    const std::string hint = open < 0 ? Tr(c.loc, "tap one for more") : Tr(c.loc, "tap it again to close it");
    ImGui::SameLine();
    const float room = full_w - phone_w - (phone_w > 0 ? gap : 0) - (ImGui::GetCursorPosX() - heading.x);
    ImGui::PushFont(c.fonts.body);
    const bool fits = ImGui::CalcTextSize(hint.c_str()).x <= room;
    ImGui::PopFont();
    if (fits) {
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 4 * c.s);
      Text(c, c.fonts.body, kMuted, hint);
    } else {
      ImGui::NewLine();
    }
  }
  // The footer: one line of text and a row of buttons.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float footer = c.fonts.body->FontSize + 56 * c.s + 2 * style.ItemSpacing.y + style.WindowPadding.y;
  const float phone_h = phone && !rows ? std::min(260 * c.s, ImGui::GetContentRegionAvail().y * 0.35f) : 0;
  const float list_h = ImGui::GetContentRegionAvail().y - footer - (phone_h > 0 ? phone_h + style.ItemSpacing.y : 0);
  // Tall screens with the phone's band under the list: the three as rows
  // too (until one is opened), so all three stay in view.
  const bool compact = rows || (phone_h > 0 && open < 0);
  // Landscape with one open: all three stay listed on the left, the open
  // one's whole card on the right. Portrait: the open card in the list, the
  // others as one-line rows, so all three stay in view.
  if (rows && open >= 0) {
    ImGui::BeginChild("who", ImVec2(ImGui::GetContentRegionAvail().x * 0.36f, list_h), false);
    DragToScroll(c);
    for (size_t i = 0; i < view.suggestions.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (SuggestionRow(c, view.suggestions[i], i < view.recognise.size() ? view.recognise[i] : "",
                        open == static_cast<int>(i))) {
        c.taps->action = UiTaps::Action::kToggleSuggestion;
        c.taps->index = i;
      }
      ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
  }
  ImGui::BeginChild("suggestions", ImVec2(phone_w > 0 ? full_w - phone_w - gap : 0, list_h), false,
                    compact && open < 0 ? ImGuiWindowFlags_NoScrollbar : 0);
  DragToScroll(c);
  for (size_t i = 0; i < view.suggestions.size(); ++i) {
    const Suggestion& sg = view.suggestions[i];
    ImGui::PushID(static_cast<int>(i));
    const std::string recognise = i < view.recognise.size() ? view.recognise[i] : "";
    const bool is_open = open == static_cast<int>(i);
    bool tapped = false;
    if (!compact && (open < 0 || is_open)) {
      tapped = SuggestionCard(c, sg, recognise, true, is_open);
    } else if (!rows || open < 0) {
      tapped = SuggestionRow(c, sg, recognise, false);
    } else if (is_open) {
      tapped = SuggestionCard(c, sg, recognise, true);
    }
    if (tapped) {
      c.taps->action = UiTaps::Action::kToggleSuggestion;
      c.taps->index = i;
    }
    ImGui::PopID();
    if (!rows) ImGui::Dummy(ImVec2(0, 2 * c.s));
  }
  ImGui::EndChild();
  if (phone_w > 0) {
    const ImVec2 after = ImGui::GetCursorPos();
    ImGui::SetCursorPos(ImVec2(heading.x + full_w - phone_w, heading.y));
    PhoneCodePanel(view, c, ImVec2(phone_w, after.y - style.ItemSpacing.y - heading.y));
    ImGui::SetCursorPos(after);
  } else if (phone_h > 0) {
    PhoneCodePanel(view, c, ImVec2(full_w, phone_h));
  }
  Text(c, c.fonts.body, kText, Tr(c.loc, "Met someone? Scan their badge now - or both badges together."));
  const std::string search = Tr(c.loc, "Their badge won't scan");
  if (Button(c, search, kAccent, 0, false)) c.taps->action = UiTaps::Action::kOpenSearch;
  ImGui::SameLine();
  AlignRight(ButtonWidth(c, Tr(c.loc, "Done")));
  if (Button(c, Tr(c.loc, "Done"), kAccent)) c.taps->action = UiTaps::Action::kDone;
}

void DrawCard(const FlowView& view, const Ctx& c) {
  if (c.frame.note_keyboard) {
    Text(c, c.fonts.large, kText, Tr(c.loc, "A note for your follow-up"));
    ImGui::PushFont(c.fonts.large);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x, h = 96 * c.s;
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(kCard), 10 * c.s);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 12 * c.s, p.y + 10 * c.s));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - 24 * c.s);
    ImGui::TextColored(view.note.empty() ? kMuted : kText, "%s", view.note.empty() ? Tr(c.loc, "e.g. send the hive visit dates").c_str() : (view.note + "_").c_str());
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
  const std::string title =
      Fill(view.met_before ? Tr(c.loc, "{a} and {b}, you met again!") : Tr(c.loc, "{a} and {b}, you met!"),
           {{"a", FirstName(view.person.name)}, {"b", FirstName(view.partner.name)}});
  // What to do comes first and stays whole at every size: the opening
  // question under the title, the follow-up buttons above the footer. What
  // they share and offer sits between them and scrolls when it is long.
  // Contacts to take away stay in view on portrait screens, in a row under
  // the buttons. Landscape panels (480 design pixels high) have no room for
  // them: their contacts wait on the saved screen, which the card says.
  const bool portrait = c.frame.height > c.frame.width;
  const ImGuiStyle& style = ImGui::GetStyle();
  const size_t intents = std::min(view.intents.size(), FollowUpIntents().size());
  const size_t intent_rows = portrait ? intents : (intents + 1) / 2;
  const float intents_h = TextHeight(c.fonts.body, Tr(c.loc, "How would you like to follow up?")) +
                          static_cast<float>(intent_rows) * (56 * c.s + style.ItemSpacing.y);
  // The footer's top: its buttons end at the window's padding.
  const float footer_y = ImGui::GetWindowHeight() - style.WindowPadding.y - 56 * c.s;
  // Landscape: that contacts follow on the next screen is said whole, above the buttons.
  const std::string qr_hint = !view.takeaways.empty() && !portrait
                                  ? Tr(c.loc, "Save, then scan the next screen with your phones to keep each other's contact.")
                                  : "";
  // Too much for the screen (two languages on a landscape panel): the title
  // a size smaller, then the other's question and the hint join the part
  // that scrolls, which keeps room for two lines.
  const float min_scroll_h = 2 * TextHeight(c.fonts.body, "Ag");
  float room = footer_y - style.ItemSpacing.y - ImGui::GetCursorPosY() - intents_h - min_scroll_h;
  ImFont* title_font = c.fonts.title;
  float top_h = TextHeight(title_font, title) + TextHeight(c.fonts.large, view.card.starter);
  if (top_h + TextHeight(c.fonts.body, view.partner_starter) + TextHeight(c.fonts.body, qr_hint) > room) {
    title_font = c.fonts.large;
    top_h += TextHeight(title_font, title) - TextHeight(c.fonts.title, title);
  }
  const bool partner_scrolls = top_h + TextHeight(c.fonts.body, view.partner_starter) > room;
  if (!partner_scrolls) top_h += TextHeight(c.fonts.body, view.partner_starter);
  const bool hint_scrolls = partner_scrolls || top_h + TextHeight(c.fonts.body, qr_hint) > room;
  Text(c, title_font, kSuccess, title);
  Text(c, c.fonts.large, kAccent, view.card.starter);
  // The other one reads another language: the opening question in theirs too.
  if (!partner_scrolls && !view.partner_starter.empty()) Text(c, c.fonts.body, kAccent, view.partner_starter);
  const float hint_h = hint_scrolls ? 0 : TextHeight(c.fonts.body, qr_hint);
  const float free_h = footer_y - style.ItemSpacing.y - ImGui::GetCursorPosY() - intents_h - hint_h;
  // The contacts' row takes what the description does not need at least:
  // three lines of it (the rest scrolls), the codes as large as can be.
  const float row_h = view.takeaways.empty() || !portrait
                          ? 0
                          : std::max(0.0f, free_h - 3 * ImGui::GetTextLineHeightWithSpacing() - style.ItemSpacing.y);
  ImGui::BeginChild("card", ImVec2(0, std::max(free_h - row_h - style.ItemSpacing.y, 1.0f)), false);
  DragToScroll(c);
  if (partner_scrolls && !view.partner_starter.empty()) Text(c, c.fonts.body, kAccent, view.partner_starter);
  if (hint_scrolls && !qr_hint.empty()) Text(c, c.fonts.body, kSuccess, qr_hint);
  const Common& common = view.card.common;
  if (!common.passions.empty()) {
    // Each passion in both their words where they wrote it differently.
    std::vector<std::string> chips;
    for (const SharedPassion& p : common.passions)
      chips.push_back(SameWord(p.a_word, p.b_word) ? p.a_word : p.a_word + " \u00b7 " + p.b_word);
    Text(c, c.fonts.body, kMuted, Tr(c.loc, "You share"));
    Chips(c, chips);
  }
  // Passions that meet without being the same: each in its owner's words.
  if (common.passions.empty() && !common.related.empty()) {
    Text(c, c.fonts.body, kMuted, Tr(c.loc, "Your passions meet"));
    Chips(c, {common.related[0].a_word, common.related[0].b_word});
  }
  if (common.same_field)
    Text(c, c.fonts.body, kMuted, Fill(Tr(c.loc, "You both work in {field}."), {{"field", say::Term(c.loc, common.a_field)}}));
  for (const auto& [who, offers] : {std::pair{&view.person, &common.a_offers_b}, std::pair{&view.partner, &common.b_offers_a}})
    for (const OfferMatch& o : *offers)
      Text(c, c.fonts.body, kMuted,
           Fill(Tr(c.loc, "{name} can help with {offer}."), {{"name", FirstName(who->name)}, {"offer", say::Term(c.loc, o.giver_word)}}));
  ImGui::EndChild();
  if (!hint_scrolls && !qr_hint.empty()) Text(c, c.fonts.body, kSuccess, qr_hint);
  Text(c, c.fonts.body, kText, Tr(c.loc, "How would you like to follow up?"));
  const float col = portrait ? ImGui::GetContentRegionAvail().x
                             : (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x) / 2;
  for (size_t i = 0; i < intents; ++i) {
    if (!portrait && i % 2) ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));
    std::string label = std::string(view.intents[i] ? "\u2713 " : "") + Tr(c.loc, FollowUpIntents()[i].label);
    if (Button(c, label, kAccent, col, view.intents[i])) {
      c.taps->action = UiTaps::Action::kToggleIntent;
      c.taps->index = i;
    }
    ImGui::PopID();
  }
  if (row_h > 0) TakeAways(c, view.takeaways, ImVec2(ImGui::GetContentRegionAvail().x, row_h));
  // The note and Save stay in the footer, in reach without scrolling.
  const std::string save = Tr(c.loc, "Save");
  const float save_w = ButtonWidth(c, save);
  const float note_w = ImGui::GetContentRegionAvail().x - save_w - 24 * c.s;
  std::string note_label = view.note.empty() ? Tr(c.loc, "Add a note") : Fill(Tr(c.loc, "Note: {note}"), {{"note", view.note}});
  if (ImGui::CalcTextSize(note_label.c_str()).x > note_w - 48 * c.s)
    note_label = FitText(note_label, note_w - 48 * c.s);
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), footer_y));
  if (Button(c, note_label, kAccent, note_w, false)) c.taps->action = UiTaps::Action::kEditNote;
  ImGui::SameLine();
  AlignRight(save_w);
  if (Button(c, save, kSuccess)) c.taps->action = UiTaps::Action::kSaveCard;
}

void DrawSaved(const FlowView& view, const Ctx& c) {
  ImGui::Dummy(ImVec2(0, 8 * c.s));
  Text(c, c.fonts.title, kSuccess, view.met_before ? Tr(c.loc, "Saved again!") : Tr(c.loc, "Saved!"), true);
  Text(c, c.fonts.large, kText, Fill(Tr(c.loc, "{a} & {b}"), {{"a", view.person.name}, {"b", view.partner.name}}), true);
  ImGui::Dummy(ImVec2(0, 10 * c.s));
  // With contacts to take away, they get the room: the phones are out now.
  if (!view.card.common.passions.empty() && view.takeaways.empty())
    Text(c, c.fonts.body, kMuted, say::BothLove(c.loc, view.card.common, FirstName(view.partner.name)), true);
  ImGui::Dummy(ImVec2(0, 8 * c.s));
  Text(c, c.fonts.body, kText,
       view.takeaways.empty()
           ? Tr(c.loc, "The organisers will send you both a follow-up after the event, so the conversation can go on.")
           : Tr(c.loc, "Your follow-up comes after the event, too."),
       true);
  if (!view.takeaways.empty()) {
    ImGui::Dummy(ImVec2(0, 6 * c.s));
    const float bottom = ImGui::GetWindowHeight() - 56 * c.s - 2 * ImGui::GetStyle().WindowPadding.y;
    TakeAways(c, view.takeaways, ImVec2(ImGui::GetContentRegionAvail().x, bottom - ImGui::GetCursorPosY()));
  }
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - 56 * c.s - ImGui::GetStyle().WindowPadding.y);
  AlignRight(ButtonWidth(c, Tr(c.loc, "Done")));
  if (Button(c, Tr(c.loc, "Done"), kAccent)) c.taps->action = UiTaps::Action::kDone;
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

void DrawBanner(const Ctx& c, const std::string& text, Tone tone) {
  if (text.empty()) return;
  const ImVec4 color = tone == Tone::kFailure ? kFailure : tone == Tone::kDuplicate ? kDuplicate : kSuccess;
  const float wrap = c.frame.width - 48 * c.s;
  ImVec2 size = c.fonts.large->CalcTextSizeA(c.fonts.large->FontSize, FLT_MAX, wrap, text.c_str());
  const float h = size.y + 24 * c.s;
  // Over the title at the top, never over the buttons at the bottom: the
  // screen stays usable for the seconds the banner shows.
  const float top = 0;
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  draw->AddRectFilled(ImVec2(0, top), ImVec2(static_cast<float>(c.frame.width), top + h), ImGui::GetColorU32(color));
  draw->AddText(c.fonts.large, c.fonts.large->FontSize, ImVec2(24 * c.s, top + 12 * c.s), ImGui::GetColorU32(kDark),
                text.c_str(), nullptr, wrap);
  if (c.frame.layout)
    c.frame.layout->push_back({text, 24 * c.s, top + 12 * c.s, 24 * c.s + size.x, top + 12 * c.s + size.y, false, true, false, {}});
}

}  // namespace kindred::ui
