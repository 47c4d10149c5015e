#include "kiosk/ui_parts.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "i18n/bidi.h"
#include "i18n/line_break.h"
#include "match/matcher.h"

namespace kindred::ui {

namespace {
// Marks, in a window's own storage, that DragToScroll runs for it.
constexpr ImGuiID kDragsKey = 0x6b647267;

// Whether the current window, or one it sits in, scrolls under a finger and
// has more to show: what it hides, a finger reaches.
bool Scrolls() {
  for (ImGuiWindow* w = ImGui::GetCurrentWindowRead(); w; w = w->ParentWindow)
    if (w->StateStorage.GetBool(kDragsKey, false) && w->ScrollMax.y > 0) return true;
  return false;
}

void RecordBox(const Ctx& c, const std::string& text, ImVec2 a, ImVec2 b, bool button,
               std::vector<std::string> lines = {}) {
  NoteMissingGlyphs(c, text);
  if (!c.frame.layout || text.empty()) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 clip0 = draw->GetClipRectMin(), clip1 = draw->GetClipRectMax();
  const bool visible = a.x >= clip0.x - 1 && a.y >= clip0.y - 1 && b.x <= clip1.x + 1 && b.y <= clip1.y + 1;
  c.frame.layout->push_back({text, a.x, a.y, b.x, b.y, button, visible, Scrolls(), std::move(lines)});
}
}  // namespace

void Record(const Ctx& c, const std::string& text, bool button) {
  RecordBox(c, text, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), button);
}

// Text drawn straight onto the window at `at`, recorded like an item.
void DrawnText(const Ctx& c, ImVec2 at, const ImVec4& color, const std::string& logical) {
  const std::string text = i18n::VisualOrder(logical);
  ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(color), text.c_str());
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  RecordBox(c, text, at, ImVec2(at.x + size.x, at.y + size.y), false);
}

// Wrapped text, `centered` or left-aligned, within `width` (default: all there is).
void Text(const Ctx& c, ImFont* font, const ImVec4& color, const std::string& logical, bool centered,
          float width) {
  ImGui::PushFont(font);
  // Kindred breaks its lines itself (i18n/line_break.h): between words, and
  // in Japanese between characters, never inside a Latin word; each line
  // then in visual order (ImGui 1.86 would break "design" as "d / esign"
  // inside a Japanese sentence).
  const auto measure = [](std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; };
  float avail = width > 0 ? width : ImGui::GetContentRegionAvail().x;
  std::vector<std::string> logical_lines = i18n::WrapLines(logical, avail, measure);
  // Beside something else (SameLine) and not fitting on one line: below it,
  // across the whole width, rather than squeezed into what is left.
  if (logical_lines.size() > 1 && width <= 0 && ImGui::GetCursorPosX() > ImGui::GetCursorStartPos().x + 1) {
    ImGui::NewLine();
    avail = ImGui::GetContentRegionAvail().x;
    logical_lines = i18n::WrapLines(logical, avail, measure);
  }
  std::vector<std::string> lines;
  float widest = 0;
  for (const std::string& l : logical_lines) {
    lines.push_back(i18n::VisualOrder(l));
    widest = std::max(widest, ImGui::CalcTextSize(lines.back().c_str()).x);
  }
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  for (const std::string& line : lines) {
    if (centered) {
      const float w = ImGui::CalcTextSize(line.c_str()).x;
      ImGui::SetCursorScreenPos(ImVec2(start.x + std::max(0.0f, (avail - w) * 0.5f), ImGui::GetCursorScreenPos().y));
    }
    ImGui::TextUnformatted(line.c_str());
  }
  ImGui::PopStyleColor();
  const float x0 = centered ? start.x + std::max(0.0f, (avail - widest) * 0.5f) : start.x;
  const ImVec2 end(x0 + widest, ImGui::GetItemRectMax().y);
  ImGui::PopFont();
  RecordBox(c, i18n::VisualOrder(logical), ImVec2(x0, start.y), end, false, lines.size() > 1 ? lines : std::vector<std::string>{});
}

float TextHeight(ImFont* font, const std::string& text, float width) {
  if (text.empty()) return 0;
  ImGui::PushFont(font);
  const float avail = width > 0 ? width : ImGui::GetContentRegionAvail().x;
  const size_t lines = i18n::WrapLines(text, avail, [](std::string_view s) {
                         return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
                       }).size();
  const float h = static_cast<float>(lines) * ImGui::GetTextLineHeightWithSpacing();
  ImGui::PopFont();
  return h;
}

// A button big enough for a finger: at least 56 design pixels tall (about
// 9 mm on the 7" panel, more on larger screens).
bool Button(const Ctx& c, const std::string& logical, ImVec4 color, float width, bool selected) {
  const std::string label = i18n::VisualOrder(logical);
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
  ImGui::GetStateStorage()->SetBool(kDragsKey, true);
  const UiFrame::Drag& d = c.frame.drag;
  if (!d.active || d.dy == 0) return;
  const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  if (d.x < at.x || d.y < at.y || d.x >= at.x + size.x || d.y >= at.y + size.y) return;
  ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() - d.dy, 0.0f, ImGui::GetScrollMaxY()));
}

// Passions as rounded chips that wrap onto new lines; with `chosen`, they are
// toggles and the index of a tapped one is returned (else -1).
int Chips(const Ctx& c, const std::vector<std::string>& items, const std::vector<bool>* chosen) {
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
    const std::string shown = i18n::VisualOrder(items[i]);
    draw->AddText(ImVec2(p.x + pad, p.y + pad * 0.5f), ImGui::GetColorU32(kText), shown.c_str());
    ImGui::Dummy(size);
    Record(c, shown, false);
  }
  return tapped;
}

// An on-screen keyboard for names and notes. Returns the edited text when a
// key was tapped; sets *done when "Done" was.
namespace {

// Accented letters for names (Latin-1 and Latin Extended-A), lower and upper
// case in the same order: what a walk-in needs to spell "Zoë Łukasik".
const char* const kAccentRows[4][10] = {
    {"ú", "ù", "û", "ü", "ý", "ž", "ź", "ż", "ß", "đ"},
    {"á", "à", "â", "ä", "ã", "å", "æ", "ç", "č", "ć"},
    {"é", "è", "ê", "ë", "ě", "ę", "í", "ì", "î", "ï"},
    {"ñ", "ń", "ó", "ò", "ô", "ö", "ø", "ő", "š", "ł"}};
const char* const kAccentUpper[4][10] = {
    {"Ú", "Ù", "Û", "Ü", "Ý", "Ž", "Ź", "Ż", "ß", "Đ"},
    {"Á", "À", "Â", "Ä", "Ã", "Å", "Æ", "Ç", "Č", "Ć"},
    {"É", "È", "Ê", "Ë", "Ě", "Ę", "Í", "Ì", "Î", "Ï"},
    {"Ñ", "Ń", "Ó", "Ò", "Ô", "Ö", "Ø", "Ő", "Š", "Ł"}};

}  // namespace

bool Keyboard(const Ctx& c, std::string* text, bool* done, Keys keys) {
  static const char* const kTextRows[] = {"1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.-", ""};
  static const char* const kEmailRows[] = {"1234567890", "qwertyuiop", "asdfghjkl@", "zxcvbnm._-", ""};
  static const char* const kUrlRows[] = {"1234567890", "qwertyuiop", "asdfghjkl@", "zxcvbnm._-", ":/?=&"};
  const bool email = keys != Keys::kLetters;
  const char* const* kRows = keys == Keys::kUrl ? kUrlRows : email ? kEmailRows : kTextRows;
  // Names get a shift key and a row of accents; both are the keyboard's own
  // state (kept by ImGui for this window), not the flow's.
  ImGuiStorage* state = ImGui::GetStateStorage();
  bool* shift = state->GetBoolRef(ImGui::GetID("keyboard-shift"), false);
  bool* accents = state->GetBoolRef(ImGui::GetID("keyboard-accents"), false);
  if (email) *shift = *accents = false;
  const float gap = 6 * c.s;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float key = (avail - 9 * gap) / 10;
  const float h = std::min(48 * c.s, key * 1.1f);
  bool changed = false;
  // Capitals at the start of words (for names), or after shift.
  const bool upper = !email && (*shift || text->empty() || text->back() == ' ');
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  ImGui::PushStyleColor(ImGuiCol_Button, kChip);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kChip);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, kAccent);
  auto type = [&](const std::string& letter) {
    text->append(letter);
    *shift = false;
    changed = true;
  };
  if (*accents) {
    for (int r = 0; r < 4; ++r) {
      for (int i = 0; i < 10; ++i) {
        if (i) ImGui::SameLine();
        const char* label = upper ? kAccentUpper[r][i] : kAccentRows[r][i];
        ImGui::PushID(r * 10 + i);
        const bool tapped = ImGui::Button(label, ImVec2(key, h));
        ImGui::PopID();
        Record(c, label, true);
        if (tapped) type(label);
      }
    }
  } else {
    for (int r = 0; r < 5 && kRows[r][0]; ++r) {
      const char* row = kRows[r];
      for (int i = 0; row[i]; ++i) {
        if (i) ImGui::SameLine();
        char ch = row[i];
        if (upper && std::isalpha(static_cast<unsigned char>(ch)))
          ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        char label[2] = {ch, 0};
        ImGui::PushID(r * 16 + i);
        const bool tapped = ImGui::Button(label, ImVec2(key, h));
        ImGui::PopID();
        Record(c, label, true);
        if (tapped) type(label);
      }
    }
  }
  const std::string erase_label = Tr(c.loc, "delete");
  const bool erase = ImGui::Button((erase_label + "###delete").c_str(), ImVec2(key * 2 + gap, h));
  Record(c, erase_label, true);
  if (erase && !text->empty()) {
    // Delete one whole UTF-8 character.
    size_t end = text->size() - 1;
    while (end > 0 && (static_cast<unsigned char>((*text)[end]) & 0xC0) == 0x80) --end;
    text->resize(end);
    changed = true;
  }
  ImGui::SameLine();
  if (!email) {
    // Shift (the next letter a capital) and the accents, lit while on.
    const char* shift_label = "\u21e7";
    ImGui::PushStyleColor(ImGuiCol_Button, *shift ? kAccent : kChip);
    if (ImGui::Button(shift_label, ImVec2(key, h))) *shift = !*shift;
    ImGui::PopStyleColor();
    Record(c, "shift", true);
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, *accents ? kAccent : kChip);
    if (ImGui::Button(*accents ? "abc" : "\u00e0\u00e9", ImVec2(key, h))) *accents = !*accents;
    ImGui::PopStyleColor();
    Record(c, *accents ? "abc" : "\u00e0\u00e9", true);
    ImGui::SameLine();
  }
  const std::string space_label = Tr(c.loc, "space");
  if (ImGui::Button((space_label + "###space").c_str(), ImVec2(email ? key * 5 + 4 * gap : key * 3 + 2 * gap, h))) {
    text->push_back(' ');
    changed = true;
  }
  Record(c, space_label, true);
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, kAccent);
  ImGui::PushStyleColor(ImGuiCol_Text, kDark);
  const std::string done_label = Tr(c.loc, "Done");
  *done = ImGui::Button((done_label + "###done").c_str(), ImVec2(key * 3 + 2 * gap, h));
  Record(c, done_label, true);
  ImGui::PopStyleColor(2);
  ImGui::PopStyleColor(3);
  ImGui::PopStyleVar();
  return changed;
}

// A text field people type into with the on-screen keyboard, `width` wide.
std::string FitTextTail(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  size_t start = 0;
  while (start < text.size() && ImGui::CalcTextSize(("\u2026" + text.substr(start)).c_str()).x > width) {
    ++start;
    while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
  }
  return "\u2026" + text.substr(start);
}

void Field(const Ctx& c, const std::string& text, const std::string& placeholder, float width) {
  ImGui::PushFont(c.fonts.large);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = 52 * c.s;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, ImVec2(p.x + width, p.y + h), ImGui::GetColorU32(kCard), 10 * c.s);
  // What is typed shows its end, where the next letter goes ("…ple.org_").
  // The hint is read whole: in the field's font, else smaller, else on two
  // lines (a long German or Japanese hint on a narrow panel).
  const float room = width - 28 * c.s;
  if (!text.empty()) {
    const std::string shown = FitTextTail(text + "_", room);
    draw->AddText(ImVec2(p.x + 14 * c.s, p.y + (h - ImGui::GetFontSize()) / 2), ImGui::GetColorU32(kText),
                  shown.c_str());
    ImGui::Dummy(ImVec2(width, h));
    Record(c, shown, false);
    ImGui::PopFont();
    return;
  }
  const std::string hint = i18n::VisualOrder(placeholder);
  std::vector<std::string> lines{hint};
  if (ImGui::CalcTextSize(hint.c_str()).x > room) {
    ImGui::PopFont();
    ImGui::PushFont(c.fonts.body);
    lines = i18n::WrapLines(placeholder, room,
                            [](std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; });
    if (lines.size() > 2) lines = {lines[0], FitText(lines[1] + " " + lines[2], room)};
    for (std::string& l : lines) l = i18n::VisualOrder(l);
  }
  const float line_h = ImGui::GetFontSize();
  float y = p.y + (h - line_h * static_cast<float>(lines.size())) / 2;
  for (const std::string& l : lines) {
    draw->AddText(ImVec2(p.x + 14 * c.s, y), ImGui::GetColorU32(kMuted), l.c_str());
    y += line_h;
  }
  ImGui::Dummy(ImVec2(width, h));
  RecordBox(c, hint, p, ImVec2(p.x + width, p.y + h), false, lines.size() > 1 ? lines : std::vector<std::string>{});
  ImGui::PopFont();
}

}  // namespace kindred::ui
