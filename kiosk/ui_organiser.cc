// Organiser mode's screens: the PIN pad and the organiser tabs (dashboard,
// import, export, settings, privacy, the self-check).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "kiosk/ui_parts.h"
#include "match/matcher.h"

namespace kindred::ui {

void DrawPin(const FlowView& view, const Ctx& c) {
  Text(c, c.fonts.title, kText, Tr(c.loc, "Organiser PIN"), true);
  std::string dots;
  for (size_t i = 0; i < view.pin.size(); ++i) dots += "\u25cf ";
  // The PIN's check takes a moment on purpose (a slow hash against guessing):
  // say so at once.
  if (c.frame.checking_pin) dots = Tr(c.loc, "Checking\u2026");
  Text(c, c.fonts.title, kAccent, dots.empty() ? " " : dots, true);
  const float key = std::min(ImGui::GetContentRegionAvail().x / 3 - 12 * c.s, 140 * c.s);
  const float left = (ImGui::GetWindowWidth() - 3 * key - 2 * ImGui::GetStyle().ItemSpacing.x) / 2;
  const char* const keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "delete", "0", "OK"};
  for (int i = 0; i < 12; ++i) {
    if (i % 3 == 0) ImGui::SetCursorPosX(left);
    else ImGui::SameLine();
    const std::string id = keys[i];
    const std::string label = id == "OK" ? Tr(c.loc, "OK") : id == "delete" ? Tr(c.loc, "delete") : id;
    if (Button(c, label, id == "OK" ? kAccent : kChip, key, id == "OK")) {
      if (id == "OK") c.taps->action = UiTaps::Action::kPinSubmit;
      else if (id == "delete") c.taps->action = UiTaps::Action::kPinErase;
      else c.taps->action = UiTaps::Action::kPinDigit, c.taps->text = id;
    }
  }
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - 56 * c.s - ImGui::GetStyle().WindowPadding.y);
  if (Button(c, Tr(c.loc, "Back"), kAccent, 0, false)) c.taps->action = UiTaps::Action::kDone;
}

// Bars with labels: per hour (vertical) or per passion (horizontal).
static void Bars(const Ctx& c, const std::vector<std::pair<std::string, int>>& data, bool vertical, ImVec2 size) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  int most = 1;
  float widest = 0;  // the longest passion, for the room its labels get
  for (const auto& [label, n] : data) {
    most = std::max(most, n);
    widest = std::max(widest, ImGui::CalcTextSize(label.c_str()).x);
  }
  if (data.empty()) DrawnText(c, p, kMuted, Tr(c.loc, "None yet"));
  const float n = static_cast<float>(std::max<size_t>(data.size(), 1));
  for (size_t i = 0; i < data.size(); ++i) {
    const auto& [label, count] = data[i];
    const float f = static_cast<float>(count) / most;
    std::string value = std::to_string(count);
    if (vertical) {
      // An axis: a baseline, the busiest hour's count at the left, and hour
      // labels spaced so they never overlap.
      const float axis_w = ImGui::CalcTextSize(std::to_string(most).c_str()).x + 8 * c.s;
      const float w = (size.x - axis_w) / n, label_h = ImGui::GetFontSize() + 4 * c.s, bar_h = size.y - 2 * label_h;
      const float x = p.x + axis_w + i * w;
      const float base = p.y + label_h + bar_h;
      if (i == 0) {
        draw->AddLine(ImVec2(p.x + axis_w, base), ImVec2(p.x + size.x, base), ImGui::GetColorU32(kMuted), 1.5f * c.s);
        draw->AddLine(ImVec2(p.x + axis_w, p.y + label_h), ImVec2(p.x + axis_w, base), ImGui::GetColorU32(kMuted), 1.5f * c.s);
        draw->AddText(ImVec2(p.x, p.y + label_h - ImGui::GetFontSize() / 2), ImGui::GetColorU32(kMuted),
                      std::to_string(most).c_str());
        draw->AddText(ImVec2(p.x, base - ImGui::GetFontSize()), ImGui::GetColorU32(kMuted), "0");
      }
      if (count > 0) {
        draw->AddRectFilled(ImVec2(x + 3 * c.s, p.y + label_h + bar_h * (1 - f)), ImVec2(x + w - 3 * c.s, base),
                            ImGui::GetColorU32(kAccent), 3 * c.s);
        draw->AddText(ImVec2(x + 3 * c.s, p.y + label_h + bar_h * (1 - f) - label_h), ImGui::GetColorU32(kText),
                      value.c_str());
      }
      const float label_w = ImGui::CalcTextSize(label.c_str()).x + 6 * c.s;
      const size_t every = static_cast<size_t>(std::ceil(label_w / std::max(w, 1.0f)));
      if (i % std::max<size_t>(every, 1) == 0)
        DrawnText(c, ImVec2(x + 3 * c.s, base + 4 * c.s), kMuted, label);
    } else {
      // Rows at least a line tall: as many as fit, the most shared first.
      const float row = ImGui::GetFontSize() + 6 * c.s;
      const size_t rows = std::min(data.size(), static_cast<size_t>(std::max(1.0f, size.y / row)));
      if (i >= rows) break;
      const float h = size.y / static_cast<float>(rows), label_w = std::min(widest + 12 * c.s, size.x * 0.6f);
      const float y = p.y + i * h;
      DrawnText(c, ImVec2(p.x, y + (h - ImGui::GetFontSize()) / 2), kText, FitText(label, label_w - 6 * c.s));
      draw->AddRectFilled(ImVec2(p.x + label_w, y + 3 * c.s), ImVec2(p.x + label_w + (size.x - label_w - 40 * c.s) * f, y + h - 3 * c.s),
                          ImGui::GetColorU32(kSuccess), 3 * c.s);
      draw->AddText(ImVec2(p.x + label_w + (size.x - label_w - 40 * c.s) * f + 6 * c.s, y + (h - ImGui::GetFontSize()) / 2),
                    ImGui::GetColorU32(kMuted), value.c_str());
    }
  }
  ImGui::Dummy(size);
}

// Who met whom: the most connected people on a circle, named, an encounter
// a line between them. Fits `side` (the caller gives what the screen has).
static void MetGraph(const Ctx& c, const DashboardStats& s, float side) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  // Names go left and right of the circle: it takes the middle of the width.
  const float width = ImGui::GetContentRegionAvail().x;
  const size_t shown = std::min<size_t>(s.people.size(), 12);
  const float line = ImGui::GetFontSize() + 8 * c.s;  // names above the top dot, below the bottom one
  const ImVec2 centre(p.x + width / 2, p.y + line + side / 2);
  const float r = side / 2 - 12 * c.s;
  std::vector<ImVec2> at(shown);
  for (size_t i = 0; i < shown; ++i) {
    const float a = -1.5707963f + 6.2831853f * static_cast<float>(i) / static_cast<float>(std::max<size_t>(shown, 1));
    at[i] = ImVec2(centre.x + r * std::cos(a), centre.y + r * std::sin(a));
  }
  for (const auto& [a, b] : s.met)
    if (static_cast<size_t>(a) < shown && static_cast<size_t>(b) < shown)
      draw->AddLine(at[a], at[b], ImGui::GetColorU32(ImVec4(0.3f, 0.78f, 0.47f, 0.6f)), 2 * c.s);
  const float room = (width - side) / 2 + 12 * c.s;  // beside the circle, for a name
  for (size_t i = 0; i < shown; ++i) {
    draw->AddCircleFilled(at[i], 6 * c.s, ImGui::GetColorU32(kAccent));
    // Beside the dot, away from the circle: left or right, or above and
    // below (with the whole width) for the dots at the top and bottom.
    const float dx = at[i].x - centre.x, dy = at[i].y - centre.y;
    const bool above_below = std::fabs(dx) < r * 0.35f;
    const std::string name = FitText(s.people[i], above_below ? width : std::max(room - 12 * c.s, 40 * c.s));
    const ImVec2 size = ImGui::CalcTextSize(name.c_str());
    ImVec2 pos(dx < 0 ? at[i].x - size.x - 10 * c.s : at[i].x + 10 * c.s, at[i].y - size.y / 2);
    if (above_below)
      pos = ImVec2(std::clamp(at[i].x - size.x / 2, p.x, p.x + width - size.x),
                   dy < 0 ? at[i].y - size.y - 8 * c.s : at[i].y + 8 * c.s);
    DrawnText(c, pos, kText, name);
  }
  ImGui::Dummy(ImVec2(width, side + 2 * line));
}

// The self-check's "tap the four corners": one target at a time, nothing
// else to tap. The app reads where the panel reported each touch.
static void CornerTargets(const Ctx& c, int step) {
  const ImVec2 at(kCornerTargets[step].x * c.frame.width, kCornerTargets[step].y * c.frame.height);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddCircleFilled(at, 28 * c.s, ImGui::GetColorU32(kAccent), 32);
  draw->AddCircleFilled(at, 8 * c.s, ImGui::GetColorU32(kDark), 16);
  ImGui::SetCursorPosY(c.frame.height * 0.4f);
  Text(c, c.fonts.large, kText, Fill(Tr(c.loc, "Tap the target ({n} of 4)"), {{"n", std::to_string(step + 1)}}), true);
  Text(c, c.fonts.body, kMuted, Tr(c.loc, "This finds a touch panel that reports taps mirrored or on the wrong axis."), true);
}

// A check's name in the reader's language (the self-check's JSON keeps the
// English key). Its details are technical and stay English.
static std::string CheckName(const Ctx& c, const std::string& key) {
  static const char* const kNames[] = {i18n::N_("renderer"), i18n::N_("display"), i18n::N_("touch"),
                                       i18n::N_("camera"),   i18n::N_("scanner"), i18n::N_("sound"),
                                       i18n::N_("disk"),     i18n::N_("clock"),   i18n::N_("hub")};
  for (const char* name : kNames)
    if (key == name) return Tr(c.loc, name);
  return key;
}

// Check this kiosk: each line pass / warn / fail with what to do, the
// camera live, and the interactive steps.
static void DrawChecks(const Ctx& c, const OrganiserView& org, float w) {
  Text(c, c.fonts.large, kText, Tr(c.loc, "Check this kiosk"));
  for (const CheckLine& l : org.checks) {
    const ImVec4 colour = l.result == CheckLine::kPass ? kSuccess : l.result == CheckLine::kWarn ? kDuplicate : kFailure;
    const char* mark = l.result == CheckLine::kPass ? "\u2713 " : l.result == CheckLine::kWarn ? "! " : "\u2717 ";
    Text(c, c.fonts.body, colour, mark + CheckName(c, l.check) + ": " + l.detail, false, w);
    if (l.result != CheckLine::kPass && !l.fix.empty()) Text(c, c.fonts.body, kMuted, "    " + l.fix, false, w);
  }
  if (org.checking) Text(c, c.fonts.body, kMuted, Tr(c.loc, "Looking at the hub\u2026"));
  Text(c, c.fonts.body, kText, Fill(Tr(c.loc, "Hold a badge 30 cm from the camera: {status}"), {{"status", org.camera_live}}), false, w);
  if (c.frame.preview_texture) {
    const float pw = std::min(w / 2, 240 * c.s);
    const float ph = pw * c.frame.preview_height / std::max(1, c.frame.preview_width);
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(c.frame.preview_texture)), ImVec2(pw, ph));
  }
  if (Button(c, Tr(c.loc, "Tap the four corners"), kAccent, 0, false)) c.taps->action = UiTaps::Action::kStartCorners;
  ImGui::SameLine();
  if (Button(c, Tr(c.loc, "Check again"), kAccent, 0, false)) c.taps->action = UiTaps::Action::kRunChecks;
  if (!org.touch_fix.empty())
    Text(c, c.fonts.body, kSuccess, Fill(Tr(c.loc, "Touch fixed until the kiosk restarts (touch axes: {axes})"), {{"axes", org.touch_fix}}), false, w);
}

void DrawOrganiser(const Ctx& c) {
  const OrganiserView* org = c.frame.organiser;
  static const OrganiserView kEmpty;
  if (!org) org = &kEmpty;
  if (org->corner_step >= 0) return CornerTargets(c, org->corner_step);
  // The tabs, compact (still finger-tall) so that they take one row on a 7"
  // landscape panel and two in portrait; leaving is in the footer.
  const std::string tabs[] = {Tr(c.loc, "Dashboard"), Tr(c.loc, "Import"),  Tr(c.loc, "Export"),
                              Tr(c.loc, "Settings"),  Tr(c.loc, "Privacy"), Tr(c.loc, "Check")};
  const float right = ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x;
  auto compact = [&](const std::string& label) { return ImGui::CalcTextSize(label.c_str()).x + 28 * c.s; };
  auto fits = [&](float width) {
    return ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetStyle().ItemSpacing.x + width <= right;
  };
  // Typing a setting: the keyboard gets the tabs' row (Done leads back).
  const bool typing = org->tab == 3 && org->editing >= 0;
  for (int i = 0; i < 6 && !typing; ++i) {
    if (i && fits(compact(tabs[i]))) ImGui::SameLine();
    if (Button(c, tabs[i], kAccent, compact(tabs[i]), org->tab == i))
      c.taps->action = UiTaps::Action::kOrganiserTab, c.taps->index = i;
  }
  const bool portrait = c.frame.height > c.frame.width;
  // The hub cannot be reached (or refused this kiosk): a banner on every tab.
  if (org->sync_problem && !org->sync_lines.empty()) Text(c, c.fonts.body, kFailure, org->sync_lines[0]);
  // Closing asks first, in the footer: the question beside its two answers
  // where they fit, above them where not (the page above gives it the room).
  const std::string ask = Tr(c.loc, "Close the kiosk? On a Pi it starts again by itself.");
  const std::string keep = Tr(c.loc, "Keep it open"), close = Tr(c.loc, "Close it");
  const float answers = ButtonWidth(c, keep) + ButtonWidth(c, close) + ImGui::GetStyle().ItemSpacing.x;
  ImGui::PushFont(c.fonts.body);
  const bool beside = ImGui::CalcTextSize(ask.c_str()).x + answers + 24 * c.s <= ImGui::GetContentRegionAvail().x;
  const float ask_h = org->confirm_quit && !beside
                          ? ImGui::CalcTextSize(ask.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
                                ImGui::GetStyle().ItemSpacing.y
                          : 0;
  ImGui::PopFont();
  ImGui::BeginChild("organiser", ImVec2(0, ImGui::GetContentRegionAvail().y - 64 * c.s - ask_h), false);
  DragToScroll(c);
  const float w = ImGui::GetContentRegionAvail().x;
  if (org->tab == 0) {
    const DashboardStats& s = org->stats;
    auto n = [](int64_t v) { return std::to_string(v); };
    Text(c, c.fonts.large, kText,
         Fill(TrN(c.loc, "{n} attendee", "{n} attendees", static_cast<long>(s.attendees)), {{"n", n(s.attendees)}}) +
             "  \u00b7  " + Fill(Tr(c.loc, "{n} here today"), {{"n", n(s.present)}}) + "  \u00b7  " +
             Fill(TrN(c.loc, "{n} encounter", "{n} encounters", static_cast<long>(s.encounters)), {{"n", n(s.encounters)}}));
    // Several kiosks: this one's sync state, then every kiosk the hub knows.
    for (size_t i = org->sync_problem ? 1 : 0; i < org->sync_lines.size(); ++i)
      Text(c, c.fonts.body, i == 0 ? kText : kMuted, org->sync_lines[i]);
    // Landscape: the two charts on the left, who met whom on the right, so
    // an organiser glancing over sees all of it without scrolling.
    const float half = portrait ? w : (w - 16 * c.s) / 2;
    const float chart_h = portrait ? 120 * c.s : std::max(80 * c.s, (ImGui::GetContentRegionAvail().y - 56 * c.s) / 2);
    ImGui::BeginGroup();
    Text(c, c.fonts.body, kMuted, Tr(c.loc, "Encounters per hour"));
    Bars(c, s.per_hour, true, ImVec2(half, chart_h));
    Text(c, c.fonts.body, kMuted, Tr(c.loc, "Most shared passions"));
    Bars(c, s.top_passions, false, ImVec2(half, chart_h));
    ImGui::EndGroup();
    if (!portrait) ImGui::SameLine(0, 16 * c.s);
    ImGui::BeginGroup();
    ImGui::PushItemWidth(half);
    Text(c, c.fonts.body, kMuted,
         s.people.empty() ? Tr(c.loc, "Who met whom: nobody yet")
                          : Fill(Tr(c.loc, "Who met whom (the {n} most connected)"),
                                 {{"n", std::to_string(std::min<size_t>(s.people.size(), 12))}}),
         false, half);
    if (!s.people.empty()) {
      // Portrait: what is left of the screen under the charts.
      const float room = portrait ? std::max(200 * c.s, ImGui::GetContentRegionAvail().y - 4 * c.s) : 2 * chart_h - 8 * c.s;
      ImGui::BeginChild("graph", ImVec2(half, room), false, ImGuiWindowFlags_NoScrollbar);
      MetGraph(c, s, std::min(half * 0.5f, room - 2 * (ImGui::GetFontSize() + 8 * c.s)));
      ImGui::EndChild();
    }
    ImGui::PopItemWidth();
    ImGui::EndGroup();
  } else if (org->tab == 1) {
    Text(c, c.fonts.body, kMuted,
         org->roster_files.empty() ? Tr(c.loc, "Plug in a USB stick with the roster as a CSV file.")
                                   : Tr(c.loc, "Roster files on USB sticks:"));
    for (size_t i = 0; i < org->roster_files.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (Button(c, org->roster_files[i], kAccent, w, false)) c.taps->action = UiTaps::Action::kImportFile, c.taps->index = i;
      ImGui::PopID();
    }
  } else if (org->tab == 3) {
    const KioskSettings& k = org->settings;
    using A = UiTaps::Action;
    if (org->editing >= 0) {
      static const char* const kLabels[] = {i18n::N_("Event name: {value}"),       i18n::N_("Kiosk ID: {value}"),
                                            i18n::N_("Hub: {value}"),              i18n::N_("Page for phones: {value}"),
                                            i18n::N_("Wi-Fi for phones: {value}"), i18n::N_("Wi-Fi password: {value}")};
      const std::string* const kFields[] = {&k.event_name, &k.kiosk_id, &k.hub, &k.phone_url, &k.wifi_ssid, &k.wifi_password};
      const int field = std::clamp(org->editing, 0, 5);
      std::string text = *kFields[field];
      Text(c, c.fonts.large, kText, Fill(Tr(c.loc, kLabels[field]), {{"value", text + "_"}}));
      if (field == 2)
        Text(c, c.fonts.body, kMuted,
             Tr(c.loc, "As kindred hub add-kiosk printed it: postgresql://kindred_kiosk_NAME@HOST/kindred?sslmode=verify-full"
                       "&sslrootcert=... (easier: kindred hub join on this kiosk)"));
      if (field == 3)
        Text(c, c.fonts.body, kMuted,
             Tr(c.loc, "Where phones reach kindred serve, such as http://192.168.1.20:8080: the welcome then shows "
                       "each person the code of their own page. Empty: no code."));
      if (field == 4)
        Text(c, c.fonts.body, kMuted,
             Tr(c.loc, "The network phones should join first (a phone without it may stay on mobile data). Empty: none."));
      if (field == 5) Text(c, c.fonts.body, kMuted, Tr(c.loc, "Empty: an open network."));
      bool done = false;
      if (Keyboard(c, &text, &done, field == 2 || field == 3 ? Keys::kUrl : Keys::kLetters))
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
      // One row: `buttons` (buttons_w wide) at the column's right, the
      // label on the left, whole (on two lines in a longer language),
      // centred on the buttons' height; a row grows for a longer label.
      auto labelled = [&](const std::string& label, float buttons_w, auto&& buttons) {
        const float y = ImGui::GetCursorPosY(), label_w = col_w - buttons_w - spacing;
        const float text_h = TextHeight(c.fonts.body, label, label_w) - ImGui::GetStyle().ItemSpacing.y;
        const float row_h = std::max(56 * c.s, text_h);
        ImGui::SetCursorPos(ImVec2(x0, y + (row_h - text_h) / 2));
        Text(c, c.fonts.body, kText, label, false, label_w);
        ImGui::SetCursorPos(ImVec2(edge - buttons_w, y + (row_h - 56 * c.s) / 2));
        buttons();
        ImGui::SetCursorPosY(y + row_h + ImGui::GetStyle().ItemSpacing.y);  // the buttons' line, not the text's
      };
      auto row = [&](const std::string& label, int index) {
        labelled(label, ButtonWidth(c, Tr(c.loc, "Change")), [&] {
          ImGui::PushID(index);
          if (Button(c, Tr(c.loc, "Change"), kAccent, 0, false)) c.taps->action = A::kSettingEdit, c.taps->index = index;
          ImGui::PopID();
        });
      };
      // Buttons go on the same line while they fit in the column, else on the next.
      auto same_line_if_fits = [&](float width) {
        if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + spacing + width <= edge) ImGui::SameLine();
      };
      ImGui::BeginGroup();
      row(Fill(Tr(c.loc, "Event name: {value}"), {{"value", k.event_name.empty() ? Tr(c.loc, "(none)") : k.event_name}}), 0);
      row(Fill(Tr(c.loc, "Kiosk ID: {value}"), {{"value", k.kiosk_id}}), 1);
      // The URL's start is enough to recognise it; the whole shows while editing.
      row(Fill(Tr(c.loc, "Hub: {value}"),
               {{"value", k.hub.empty() ? Tr(c.loc, "none") : k.hub.size() > 22 ? k.hub.substr(0, 20) + "..." : k.hub}}),
          2);
      // Phones: the page's address, and the Wi-Fi shown before it.
      std::string phones = k.phone_url.empty() ? Tr(c.loc, "none") : k.phone_url;
      if (!k.phone_url.empty() && !k.wifi_ssid.empty()) phones += " \u00b7 Wi-Fi " + k.wifi_ssid;
      row(Fill(Tr(c.loc, "Phones: {value}"), {{"value", phones}}), 3);
      labelled(Fill(Tr(c.loc, "Reset after {n} s idle"), {{"n", std::to_string(k.idle_timeout_s)}}), 2 * 56 * c.s + spacing, [&] {
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
      const std::pair<const char*, bool> toggles[] = {{i18n::N_("Sounds"), k.sounds},
                                                      {i18n::N_("Camera"), k.camera},
                                                      {"QR", (k.formats & 1) != 0},
                                                      {"Aztec", (k.formats & 2) != 0},
                                                      {"DataMatrix", (k.formats & 4) != 0},
                                                      {"PDF417", (k.formats & 8) != 0},
                                                      {i18n::N_("Walk-ins may join"), k.walk_ins}};
      // Sounds, camera and walk-ins first; then the codes to read.
      for (int i : {0, 1, 6, 2, 3, 4, 5}) {
        // Code names (QR, Aztec...) are the same in every language.
        const std::string name = i >= 2 && i <= 5 ? toggles[i].first : Tr(c.loc, toggles[i].first);
        const std::string label = std::string(toggles[i].second ? "\u2713 " : "") + name;
        if (i == 2) Text(c, c.fonts.body, kMuted, Tr(c.loc, "Codes to read:"));
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
      Text(c, c.fonts.large, kText, Fill(Tr(c.loc, "Forget {name}?"), {{"name", name}}));
      Text(c, c.fonts.body, kText,
           org->sync_lines.empty()
               ? Tr(c.loc, "Their name, contact details, passions and notes are removed from this kiosk, and no later "
                           "import brings them back. The people they met keep the fact of the conversation, without "
                           "them.")
               : Tr(c.loc, "Their name, contact details, passions and notes are removed from this kiosk, the hub and "
                           "every other kiosk, and no later import brings them back. The people they met keep the fact "
                           "of the conversation, without them."));
      if (Button(c, Fill(Tr(c.loc, "Forget {name}"), {{"name", FirstName(name)}}), kFailure))
        c.taps->action = A::kForgetConfirm;
      ImGui::SameLine();
      if (Button(c, Tr(c.loc, "Cancel"), kAccent)) c.taps->action = A::kForgetCancel;
    } else {
      Text(c, c.fonts.body, kMuted, Tr(c.loc, "Someone asks to be forgotten: type their name or badge ID."));
      Text(c, c.fonts.large, kText, Fill(Tr(c.loc, "Name: {value}"), {{"value", org->forget_query + "_"}}));
      if (org->forget_searched && org->forget_results.empty())
        Text(c, c.fonts.body, kMuted, Tr(c.loc, "No one by that name or badge ID - check the spelling."));
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
      if (Button(c, std::string(org->seal_exports ? "\u2713 " : "") + Tr(c.loc, "Seal it for the organiser's key"), kAccent, 0,
                 org->seal_exports))
        c.taps->action = UiTaps::Action::kSealToggle;
      Text(c, c.fonts.body, kMuted,
                  org->seal_exports ? Tr(c.loc, "A lost stick gives nothing away; open it with kindred restore on a laptop.")
                                    : Tr(c.loc, "Not sealed: anyone holding the stick can read every name and note."));
    } else {
      Text(c, c.fonts.body, kMuted,
                  Tr(c.loc, "Not sealed: this event has no organiser's key (kindred keys --install), so anyone holding "
                            "the stick can read it."));
    }
    Text(c, c.fonts.body, kMuted,
         org->export_targets.empty() ? Tr(c.loc, "Plug in a USB stick to export the follow-ups to.")
                                     : Tr(c.loc, "Export follow-ups to:"));
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
  // Closing asks first: one stray tap must not take the kiosk away mid-event.
  if (org->confirm_quit) {
    if (beside) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 14 * c.s);
    Text(c, c.fonts.body, kText, ask);
    if (beside) ImGui::SameLine();
    AlignRight(answers);
    if (Button(c, keep, kAccent)) c.taps->action = UiTaps::Action::kCancelQuit;
    ImGui::SameLine();
    if (Button(c, close, kFailure)) c.taps->action = UiTaps::Action::kQuitKiosk;
    return;
  }
  // The footer: closing on the left, away from the way back on the right.
  const std::string close_kiosk = Tr(c.loc, "Close the kiosk"), back = Tr(c.loc, "Back to kiosk");
  if (Button(c, close_kiosk, kFailure, compact(close_kiosk), false))
    c.taps->action = UiTaps::Action::kQuitKiosk;
  ImGui::SameLine();
  AlignRight(ButtonWidth(c, back));
  if (Button(c, back, kSuccess)) c.taps->action = UiTaps::Action::kLeaveOrganiser;
}

}  // namespace kindred::ui
