#include "kiosk/ui.h"

#include <imgui.h>

#include <algorithm>
#include <filesystem>

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

const char* const kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const kDejaVuBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const char* const kDroid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

void CenteredText(ImFont* font, const ImVec4& color, const std::string& text, float wrap_width) {
  ImGui::PushFont(font);
  ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap_width);
  float avail = ImGui::GetContentRegionAvail().x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - size.x) * 0.5f));
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x + 1.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void WrappedText(const ImVec4& color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

// Passions as rounded chips that wrap onto new lines.
void Chips(const std::vector<std::string>& items, float scale) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  float pad = 8.0f * scale;
  for (size_t i = 0; i < items.size(); ++i) {
    ImVec2 text = ImGui::CalcTextSize(items[i].c_str());
    ImVec2 size(text.x + 2 * pad, text.y + pad);
    if (i > 0) {
      ImGui::SameLine(0, pad);
      if (ImGui::GetCursorScreenPos().x + size.x > right) ImGui::NewLine();
    }
    ImVec2 p = ImGui::GetCursorScreenPos();
    draw->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(kChip), size.y * 0.5f);
    draw->AddText(ImVec2(p.x + pad, p.y + pad * 0.5f), ImGui::GetColorU32(kText), items[i].c_str());
    ImGui::Dummy(size);
  }
}

bool BigButton(const char* label, float scale, ImVec4 color) {
  ImGui::PushStyleColor(ImGuiCol_Button, color);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, color);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(color.x * 0.8f, color.y * 0.8f, color.z * 0.8f, 1));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.05f, 0.1f, 0.12f, 1));
  ImVec2 text = ImGui::CalcTextSize(label);
  bool tapped = ImGui::Button(label, ImVec2(text.x + 48 * scale, 56 * scale));
  ImGui::PopStyleColor(4);
  return tapped;
}

// A scan guide: corner brackets around where the badge should go, over the
// camera picture when there is one.
void ScanGuide(const UiFrame& frame, ImVec2 size) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImVec2 q(p.x + size.x, p.y + size.y);
  if (frame.preview_texture && frame.preview_width > 0) {
    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(frame.preview_texture)), p, q);
  } else {
    draw->AddRectFilled(p, q, ImGui::GetColorU32(kCard), 12 * frame.scale);
  }
  float len = std::min(size.x, size.y) * 0.22f;
  float t = 5.0f * frame.scale;
  ImU32 c = ImGui::GetColorU32(kAccent);
  float inset = std::min(size.x, size.y) * 0.12f;
  ImVec2 a(p.x + inset, p.y + inset), b(q.x - inset, q.y - inset);
  draw->AddLine(a, ImVec2(a.x + len, a.y), c, t);
  draw->AddLine(a, ImVec2(a.x, a.y + len), c, t);
  draw->AddLine(ImVec2(b.x, a.y), ImVec2(b.x - len, a.y), c, t);
  draw->AddLine(ImVec2(b.x, a.y), ImVec2(b.x, a.y + len), c, t);
  draw->AddLine(ImVec2(a.x, b.y), ImVec2(a.x + len, b.y), c, t);
  draw->AddLine(ImVec2(a.x, b.y), ImVec2(a.x, b.y - len), c, t);
  draw->AddLine(b, ImVec2(b.x - len, b.y), c, t);
  draw->AddLine(b, ImVec2(b.x, b.y - len), c, t);
  if (!frame.preview_texture) {
    const char* hint = "Hold your badge here";
    ImVec2 ts = ImGui::CalcTextSize(hint);
    draw->AddText(ImVec2(p.x + (size.x - ts.x) * 0.5f, p.y + (size.y - ts.y) * 0.5f),
                  ImGui::GetColorU32(kMuted), hint);
  }
  ImGui::Dummy(size);
}

void DrawAttract(const UiFrame& frame, const UiFonts& fonts) {
  const bool portrait = frame.height > frame.width;
  const float s = frame.scale;
  const float wrap = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(0, (portrait ? 60 : 10) * s));
  CenteredText(fonts.title, kText, "What are you passionate about?", wrap);
  ImGui::Dummy(ImVec2(0, 6 * s));
  CenteredText(fonts.large, kAccent, "Scan your badge to meet people who share it", wrap);
  ImGui::Dummy(ImVec2(0, 12 * s));
  float footer = 40 * s;
  float avail_h = ImGui::GetContentRegionAvail().y - footer;
  float side = std::min(avail_h, ImGui::GetContentRegionAvail().x * (portrait ? 0.8f : 0.5f));
  side = std::max(side, 60 * s);
  ImVec2 size(frame.preview_texture ? side * 4 / 3 : side, side);
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - size.x) * 0.5f);
  ScanGuide(frame, size);
  ImGui::Dummy(ImVec2(0, 6 * s));
  CenteredText(fonts.body, kMuted, "No badge? Ask at the registration desk.", wrap);
}

// A rounded card behind whatever `body` draws, sized to it (ImGui 1.86 has
// no auto-sizing child windows): the background goes on a channel below.
template <typename Body>
void Card(float scale, Body&& body) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float pad = 12 * scale;
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
  float width = ImGui::GetContentRegionAvail().x - pad;
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - pad);
  body();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImVec2 end(start.x + width + pad, ImGui::GetItemRectMax().y + pad);
  draw->ChannelsSetCurrent(0);
  draw->AddRectFilled(start, end, ImGui::GetColorU32(kCard), 10 * scale);
  draw->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(start.x, end.y));
  ImGui::Dummy(ImVec2(0, 0));
}

void DrawSuggestion(const Suggestion& sg, float scale, const UiFonts& fonts) {
  Card(scale, [&] {
    ImGui::PushFont(fonts.large);
    ImGui::TextColored(kAccent, "%s", sg.name.c_str());
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, kText);
    ImGui::TextUnformatted(sg.reason.c_str());
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    ImGui::TextUnformatted(sg.starter.c_str());
    ImGui::PopStyleColor();
  });
}

bool DrawWelcome(const FlowView& view, const UiFrame& frame, const UiFonts& fonts) {
  const float s = frame.scale;
  ImGui::PushFont(fonts.title);
  ImGui::TextColored(kText, "Hi, %s!", view.person.name.c_str());
  ImGui::PopFont();
  if (!view.person.passions.empty()) {
    WrappedText(kMuted, "You're passionate about");
    Chips(view.person.passions, s);
  } else {
    WrappedText(kMuted, "Tell us what you're passionate about at the registration desk, "
                        "and we'll find people who share it.");
  }
  ImGui::Dummy(ImVec2(0, 8 * s));
  ImGui::PushFont(fonts.large);
  ImGui::TextColored(kAccent, view.suggestions.empty() ? "No suggestions yet" : "People to talk to");
  ImGui::PopFont();
  float footer = 72 * s;
  ImGui::BeginChild("suggestions", ImVec2(0, ImGui::GetContentRegionAvail().y - footer), false);
  for (const Suggestion& sg : view.suggestions) {
    DrawSuggestion(sg, s, fonts);
    ImGui::Dummy(ImVec2(0, 2 * s));
  }
  ImGui::EndChild();
  const float button_x = ImGui::GetWindowWidth() - ImGui::CalcTextSize("Done").x - 48 * s -
                         ImGui::GetStyle().WindowPadding.x;
  ImGui::PushTextWrapPos(button_x - 12 * s);
  ImGui::PushStyleColor(ImGuiCol_Text, kText);
  ImGui::TextUnformatted("Met someone? Scan their badge now to save the conversation.");
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  ImGui::SameLine(button_x);
  return BigButton("Done", s, kAccent);
}

bool DrawSaved(const FlowView& view, const UiFrame& frame, const UiFonts& fonts) {
  const float s = frame.scale;
  const float wrap = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(0, 8 * s));
  CenteredText(fonts.title, kSuccess, view.met_before ? "Saved again!" : "Saved!", wrap);
  CenteredText(fonts.large, kText, view.person.name + " & " + view.partner.name, wrap);
  ImGui::Dummy(ImVec2(0, 10 * s));
  if (!view.card.shared.empty()) {
    WrappedText(kMuted, "You share");
    Chips(view.card.shared, s);
  }
  if (!view.card.common_field.empty()) WrappedText(kMuted, "You both work in " + view.card.common_field);
  for (const std::string& o : view.card.a_offers_b)
    WrappedText(kMuted, view.person.name + " can help with " + o);
  for (const std::string& o : view.card.b_offers_a)
    WrappedText(kMuted, view.partner.name + " can help with " + o);
  ImGui::Dummy(ImVec2(0, 8 * s));
  ImGui::PushFont(fonts.large);
  WrappedText(kAccent, view.card.starter);
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 8 * s));
  WrappedText(kText, "The organisers will send you both a follow-up after the event, so the "
                     "conversation can go on.");
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - 72 * s);
  ImGui::SetCursorPosX(ImGui::GetWindowWidth() - ImGui::CalcTextSize("Done").x - 48 * s -
                       ImGui::GetStyle().WindowPadding.x);
  return BigButton("Done", s, kAccent);
}

void DrawBanner(const std::string& text, Tone tone, const UiFrame& frame, const UiFonts& fonts) {
  if (text.empty()) return;
  const ImVec4 color = tone == Tone::kFailure ? kFailure : tone == Tone::kDuplicate ? kDuplicate : kSuccess;
  const float s = frame.scale;
  ImGui::PushFont(fonts.large);
  float wrap = frame.width - 48 * s;
  ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
  float h = size.y + 24 * s;
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  draw->AddRectFilled(ImVec2(0, frame.height - h), ImVec2(static_cast<float>(frame.width), static_cast<float>(frame.height)),
                      ImGui::GetColorU32(color));
  draw->AddText(fonts.large, fonts.large->FontSize, ImVec2(24 * s, frame.height - h + 12 * s),
                ImGui::GetColorU32(ImVec4(0.05f, 0.05f, 0.05f, 1)), text.c_str(), nullptr, wrap);
  ImGui::PopFont();
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
                                    0x2190, 0x21FF, 0x2713, 0x2717, 0};
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
  const float s = frame.scale;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(static_cast<float>(frame.width), static_cast<float>(frame.height)));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, kBackground);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24 * s, 18 * s));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 12 * s);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(10 * s, 8 * s));
  ImGui::PushFont(fonts.body);
  ImGui::Begin("kindred", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  switch (view.screen) {
    case Screen::kAttract:
      DrawAttract(frame, fonts);
      break;
    case Screen::kWelcome:
      taps.done = DrawWelcome(view, frame, fonts);
      break;
    case Screen::kSaved:
      taps.done = DrawSaved(view, frame, fonts);
      break;
  }
  // Quiet status lines in the corners: the event, and a camera problem.
  if (!frame.event_name.empty()) {
    ImVec2 size = ImGui::CalcTextSize(frame.event_name.c_str());
    ImGui::GetWindowDrawList()->AddText(ImVec2(frame.width - size.x - 12 * s, 4 * s),
                                        ImGui::GetColorU32(kMuted), frame.event_name.c_str());
  }
  if (!frame.camera_status.empty() && view.screen == Screen::kAttract)
    ImGui::GetWindowDrawList()->AddText(ImVec2(12 * s, 4 * s), ImGui::GetColorU32(kDuplicate),
                                        frame.camera_status.c_str());
  ImGui::End();
  ImGui::PopFont();
  ImGui::PopStyleVar(3);
  ImGui::PopStyleColor();
  DrawBanner(view.notice, view.tone, frame, fonts);
  taps.any = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  return taps;
}

}  // namespace kindred
