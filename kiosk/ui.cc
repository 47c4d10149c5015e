#include "kiosk/ui.h"

#include <fcntl.h>
#include <imgui.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "common/utf8.h"
#include "i18n/bidi.h"
#include "kiosk/ui_parts.h"

namespace kindred {

namespace {

const char* const kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const kDejaVuBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const char* const kDroid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
// Noto Sans CJK (fonts-noto-cjk): collections whose face 0 is Japanese.
const char* const kNotoCjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const char* const kNotoCjkBold = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

// A font file mapped once for all the sizes made from it (ImGui would copy it
// per size), read-only: stb_truetype reads the tables and only the glyphs
// asked for, so a 19 MB collection costs what it gives (on a Pi's SD card,
// reading it whole would take most of a second). Unmapped by
// ReleaseFontFiles once the atlas is built.
struct MappedFont {
  void* data = nullptr;
  size_t size = 0;
};
std::map<std::string, MappedFont>& MappedFonts() {
  static std::map<std::string, MappedFont> fonts;
  return fonts;
}
const MappedFont* FontFile(const char* path) {
  auto [it, fresh] = MappedFonts().try_emplace(path);
  if (fresh) {
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
      void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) it->second = {p, static_cast<size_t>(st.st_size)};
    }
    if (fd >= 0) close(fd);
  }
  return it->second.data ? &it->second : nullptr;
}

// How tall a font's line is for its em, (ascender - descender) / unitsPerEm
// from its 'hhea' and 'head' tables (face 0 of a collection): stb_truetype
// sizes a font by that height, so two fonts at one pixel size draw their
// letters at different sizes unless scaled by the ratio. 0 when unreadable.
float LineHeightPerEm(const MappedFont& f) {
  const auto* p = static_cast<const unsigned char*>(f.data);
  auto u16 = [&](size_t at) -> uint32_t { return at + 2 <= f.size ? (p[at] << 8 | p[at + 1]) : 0; };
  auto u32 = [&](size_t at) -> uint32_t { return at + 4 <= f.size ? (u16(at) << 16 | u16(at + 2)) : 0; };
  size_t font = 0;
  if (u32(0) == 0x74746366) font = u32(12);  // 'ttcf': the first face's table directory
  const uint32_t tables = u16(font + 4);
  size_t hhea = 0, head = 0;
  for (uint32_t i = 0; i < tables; ++i) {
    const size_t entry = font + 12 + 16 * i;
    if (u32(entry) == 0x68686561) hhea = u32(entry + 8);  // 'hhea'
    if (u32(entry) == 0x68656164) head = u32(entry + 8);  // 'head'
  }
  const float units = static_cast<float>(u16(head + 18));
  if (!hhea || !head || units <= 0) return 0;
  const auto ascender = static_cast<int16_t>(u16(hhea + 4)), descender = static_cast<int16_t>(u16(hhea + 6));
  return static_cast<float>(ascender - descender) / units;
}

// Characters the atlas lacked when a text was drawn (Record notes them), to
// rasterise before the next frame.
std::u32string& Missing() {
  static std::u32string missing;
  return missing;
}

}  // namespace

namespace ui {

void NoteMissingGlyphs(const Ctx& c, const std::string& text) {
  if (!c.fonts.body || !IsValidUtf8(text)) return;
  for (size_t pos = 0; pos < text.size();) {
    const uint32_t cp = NextCodePoint(text, &pos);
    if (cp < 0x20 || cp > 0xFFFF || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F) continue;
    if (!c.fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(cp)) &&
        Missing().find(static_cast<char32_t>(cp)) == std::u32string::npos)
      Missing().push_back(static_cast<char32_t>(cp));
  }
}

}  // namespace ui

std::string TakeMissingGlyphs() {
  std::string out;
  for (char32_t cp : Missing()) AppendUtf8(static_cast<uint32_t>(cp), &out);
  Missing().clear();
  return out;
}

using namespace ui;

float UiScaleFor(int width, int height) {
  // 480 px short side (the official 7" panel) is the design size.
  return std::clamp(std::min(width, height) / 480.0f, 0.75f, 3.0f);
}

// LoadUiFonts, always building.
static UiFonts BuildUiFonts(float scale, const std::vector<std::string>& texts, std::string* warning) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  // The texture as tall as its glyphs need, not the next power of two (GL ES 3 and
  // desktop GL take any size): an international event's atlas is a third smaller.
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
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
  const bool have_noto = std::filesystem::exists(kNotoCjk) && std::filesystem::exists(kNotoCjkBold);
  if (!have_noto && !have_droid)
    *warning = std::string("font ") + kNotoCjk + " missing (install fonts-noto-cjk); Japanese and Chinese will show as boxes";

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
    // Hebrew and Arabic from DejaVu too, as drawn: Arabic in its joined
    // presentation forms (i18n/bidi.h). Only the letters the texts use.
    for (const std::string& t : texts)
      if (i18n::HasRightToLeft(t)) b.AddText(i18n::VisualOrder(t).c_str());
    b.BuildRanges(&latin_ranges);
  }
  {
    // Only the CJK characters the event's names and passions use: loading
    // all 20,000+ would make start-up slow and the atlas huge.
    ImFontGlyphRangesBuilder b;
    for (const std::string& t : texts) b.AddText(t.c_str());
    b.BuildRanges(&cjk_ranges);
  }
  // DejaVu for Latin, Greek, Cyrillic, Hebrew and Arabic; merged into it,
  // Noto Sans CJK (bold where DejaVu is bold) for the CJK glyphs the texts use.
  auto add = [&](const char* file, const char* cjk_file, float size) {
    ImFontConfig cfg;
    cfg.OversampleH = 1;
    cfg.PixelSnapH = true;
    ImFont* font = io.Fonts->AddFontFromFileTTF(file, size, &cfg, latin_ranges.Data);
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.OversampleH = 1;
    merge.PixelSnapH = true;
    merge.FontDataOwnedByAtlas = false;
    if (const MappedFont* cjk = have_noto ? FontFile(cjk_file) : nullptr) {
      merge.FontNo = 0;  // Noto Sans CJK JP
      // Japanese at the size of the Latin beside it: the same em, not the
      // same line height (Noto CJK's line is a quarter taller for its em).
      const MappedFont* latin = FontFile(file);
      const float cjk_line = LineHeightPerEm(*cjk), latin_line = latin ? LineHeightPerEm(*latin) : 0;
      const float cjk_size = cjk_line > 0 && latin_line > 0 ? size * cjk_line / latin_line : size;
      io.Fonts->AddFontFromMemoryTTF(cjk->data, static_cast<int>(cjk->size), cjk_size, &merge, cjk_ranges.Data);
    } else if (have_droid) {
      merge.FontDataOwnedByAtlas = true;
      io.Fonts->AddFontFromFileTTF(kDroid, size, &merge, cjk_ranges.Data);
    }
    return font;
  };
  fonts.body = add(kDejaVu, kNotoCjk, 20.0f * scale);
  fonts.large = add(kDejaVuBold, kNotoCjkBold, 26.0f * scale);
  fonts.title = add(kDejaVuBold, kNotoCjkBold, 36.0f * scale);
  return fonts;
}

UiFonts LoadUiFonts(float scale, const std::vector<std::string>& texts, std::string* warning) {
  ImGuiIO& io = ImGui::GetIO();
  // The last build's input, and its fonts: still valid while its atlas
  // holds the pixels (nothing cleared it since).
  static struct {
    const ImFontAtlas* atlas = nullptr;
    float scale = 0;
    std::vector<std::string> texts;
    UiFonts fonts;
    std::string warning;
  } last;
  const ImFontAtlas* atlas = io.Fonts;
  if (last.atlas == atlas && last.scale == scale && last.texts == texts && atlas->Fonts.Size > 0 &&
      (atlas->TexPixelsAlpha8 || atlas->TexPixelsRGBA32)) {
    *warning = last.warning;
    return last.fonts;
  }
  UiFonts fonts = BuildUiFonts(scale, texts, warning);
  last = {atlas, scale, texts, fonts, *warning};
  return fonts;
}

size_t FontAtlasBytes() {
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (!atlas->IsBuilt()) return 0;
  return static_cast<size_t>(atlas->TexWidth) * static_cast<size_t>(atlas->TexHeight) * 4;
}

size_t ReleaseFontFiles() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const size_t bytes = FontAtlasBytes();
  if (bytes == 0) return 0;
  // The texture's pixels are on the GPU now. The font files stay mapped
  // (their pages cost nothing until read): a text with a character the atlas
  // lacks has it rasterised then (TakeMissingGlyphs).
  atlas->ClearInputData();
  atlas->ClearTexData();
  return bytes;
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
