#include "kiosk/ui.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "kiosk/ui_parts.h"

namespace kindred {

namespace {

const char* const kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const kDejaVuBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const char* const kDroid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

}  // namespace

using namespace ui;

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
  const Ctx c{frame, i18n::Default().For(view.language), fonts, frame.scale, &taps};
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
    DrawnText(c, ImVec2(12 * s, 2 * s), kDuplicate, Tr(c.loc, frame.camera_status.c_str()));  // N_ in scanner/
  ImGui::End();
  ImGui::PopFont();
  ImGui::PopStyleVar(4);
  ImGui::PopStyleColor(3);
  DrawBanner(c, view.notice, view.tone);
  taps.any = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  return taps;
}

}  // namespace kindred
