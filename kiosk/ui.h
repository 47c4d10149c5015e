// Draws the kiosk's current FlowView with Dear ImGui and reports taps.
// Holds no state of the flow: the UI is a function of the view (and of
// whether the note's keyboard is open, which only the UI cares about).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "kiosk/dashboard.h"
#include "kiosk/flow.h"
#include "event/kiosk_settings.h"
#include "kiosk/self_check.h"
#include "scanner/decoder.h"

struct ImFont;

namespace kindred {

struct UiFonts {
  ImFont* body = nullptr;
  ImFont* large = nullptr;
  ImFont* title = nullptr;
};

// Where a piece of text or a button ended up on screen, for layout tests.
struct LaidOut {
  std::string text;
  float x0, y0, x1, y1;
  bool button;
  bool visible;  // wholly inside its (scrolled) window's clip rectangle
  bool scrolls;  // its window scrolls under a finger and has more than it shows:
                 // an item not visible there can be reached; anywhere else it is cut off
  std::vector<std::string> lines;  // a wrapped text: each line as drawn (visual order)
};

// What the organiser screen shows, kept by the app (files, progress).
struct OrganiserView {
  int tab = 0;                              // 0 dashboard, 1 import, 2 export, 3 settings, 4 privacy, 5 check
  DashboardStats stats;
  std::vector<std::string> roster_files;    // CSV files found on USB sticks
  std::vector<std::string> export_targets;  // folders to export into
  std::string status;                       // how the last import or export went
  float progress = -1;                      // an export under way: 0 to 1
  KioskSettings settings;
  int editing = -1;                         // settings on the keyboard: 0 event name, 1 kiosk ID, 2 hub,
                                            // 3 page for phones, 4 Wi-Fi, 5 its password
  std::vector<std::string> sync_lines;      // the hub: this kiosk's sync state, then every kiosk's
  bool sync_problem = false;                // the first line is a problem (shown as a banner)
  // Privacy: forgetting someone who asks.
  std::string forget_query;                                          // the name typed so far
  std::vector<std::pair<std::string, std::string>> forget_results;  // badge ID, name (SearchLabel)
  bool forget_searched = false;             // enough was typed to search: say when nobody matched
  int forget_pick = -1;                     // the person to confirm, or -1
  // Export: sealed to the organiser's key when the event has one.
  bool has_organiser_key = false;
  bool seal_exports = true;
  // Check this kiosk: the self-check's lines, the camera live, the corner taps.
  std::vector<CheckLine> checks;
  bool checking = false;                    // the hub is still being looked at
  std::string camera_live;                  // "14.8 frames/s, focus 230 - read K-1001"
  int corner_step = -1;                     // 0..3 while the four corners are tapped
  std::string touch_fix;                    // axes the corners called for (and now in force), when they differed
  bool confirm_quit = false;                // "Close the kiosk" was tapped once: asking
};

struct UiFrame {
  int width = 800;      // the display, in pixels
  int height = 480;
  float scale = 1.0f;   // pixels per "design pixel" (800x480 is 1.0)
  std::string event_name;
  std::string camera_status;         // a notice when the camera is missing
  unsigned int preview_texture = 0;  // the camera picture, 0 when none
  int preview_width = 0;
  int preview_height = 0;
  std::vector<std::array<PointI, 4>> outlines;  // codes being read, in camera pixels
  std::string scan_hint;                        // what to change about a badge that does not read yet
  bool note_keyboard = false;                   // the card's note is being typed
  bool checking_pin = false;                    // the PIN pad's OK was tapped: its check is under way
  bool search_keyboard = true;                  // the name search shows its keyboard (Done puts it away)
  struct Drag {
    bool active = false;  // a finger (or mouse) is dragging: the list it started on scrolls
    float x = 0, y = 0;   // where it started
    float dy = 0;         // how far it moved down since the last frame
  } drag;
  std::vector<LaidOut>* layout = nullptr;       // when set, filled with what was drawn where
  const OrganiserView* organiser = nullptr;     // for the organiser screen
};

// What the person tapped this frame (one thing at most).
struct UiTaps {
  enum class Action {
    kNone, kDone, kOpenSearch, kSearchText, kPickResult, kTogglePassion, kConfirmPassions,
    kToggleSuggestion, kToggleIntent, kEditNote, kNoteText, kCloseNote, kSaveCard,
    kOpenPin, kPinDigit, kPinErase, kPinSubmit, kOrganiserTab, kImportFile, kExportTo, kLeaveOrganiser,
    kQuitKiosk, kSettingToggle, kSettingStep, kSettingEdit, kSettingText, kSettingDone,
    kOpenJoin, kJoinName, kJoinNext, kJoinYes, kJoinNo, kJoinEmail, kJoinConsent, kJoinFinish,
    kForgetText, kForgetPick, kForgetConfirm, kForgetCancel, kSealToggle,
    kRunChecks, kStartCorners, kCancelQuit, kHideKeyboard, kShowKeyboard, kPickLanguage, kNextPhoneCode,
  };
  Action action = Action::kNone;
  size_t index = 0;   // which result, passion or intent
  std::string text;   // the new search text or note
  bool any = false;   // any touch at all
};

// Builds the ImGui draw lists for one frame. Call between ImGui::NewFrame()
// and ImGui::Render().
UiTaps DrawKiosk(const FlowView& view, const UiFrame& frame, const UiFonts& fonts);

// The design scale for a display: text and touch targets grow with it so a
// button stays at least ~9 mm tall on a 7" 800x480 panel and on a 1080p monitor.
float UiScaleFor(int width, int height);

// Loads DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic) and merges Noto
// Sans CJK (or Droid Sans Fallback without it) for only the CJK characters
// found in `texts` (names, passions, the catalogues), at three sizes. Falls
// back to ImGui's built-in font if the font files are missing, and says so
// in *warning. Into the current ImGui context's atlas; when that atlas still
// holds the pixels of a build for the same scale and texts (shared by the
// ImGui contexts of one Display), returns those fonts and builds nothing.
UiFonts LoadUiFonts(float scale, const std::vector<std::string>& texts, std::string* warning);

// The atlas texture's bytes (RGBA) once it is built (the first frame); 0 before.
size_t FontAtlasBytes();
// Once the atlas is built: frees its CPU copy (the pixels are on the GPU)
// and returns FontAtlasBytes().
size_t ReleaseFontFiles();

// The characters texts drawn since the last call needed and the atlas
// lacked (UTF-8; "" when none): LoadUiFonts again with them among `texts`.
std::string TakeMissingGlyphs();

}  // namespace kindred
