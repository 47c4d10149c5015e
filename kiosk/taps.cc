// Taps: scripted ones (--then) and what each does to the flow.
#include "kiosk/kiosk_app.h"

#include <SDL.h>
#include <imgui.h>
#include <backends/imgui_impl_sdl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <future>
#include <mutex>
#include <set>

#include "kiosk/dashboard.h"
#include "kiosk/display.h"
#include "event/event_context.h"
#include "kiosk/flow.h"
#include "kiosk/input_feed.h"
#include "event/kiosk_settings.h"
#include "kiosk/organiser.h"
#include "event/organiser_pin.h"
#include "common/file.h"
#include "common/utc_time.h"
#include "event/paths.h"
#include "i18n/catalog.h"
#include "kiosk/pointer.h"
#include "kiosk/scan_worker.h"
#include "kiosk/self_check.h"
#include "kiosk/sounds.h"
#include "kiosk/ui.h"
#include "kiosk/waker.h"
#include "scanner/decoder.h"
#include "scanner/image_ops.h"
#include "scanner/image_replay.h"
#include "scanner/keyboard_wedge.h"
#include "scanner/rpicam_camera.h"
#include "scanner/v4l2_camera.h"
#include "storage/roster.h"
#include "storage/sealed_file.h"
#include "sync/hub_sync.h"

namespace kindred {

using i18n::Fill;
using i18n::Tr;

void ApplyTap(const UiTaps& t, KioskFlow* flow, bool* note_keyboard, int64_t now) {
  using A = UiTaps::Action;
  switch (t.action) {
    case A::kNone: break;
    case A::kDone: flow->OnDone(now); break;
    case A::kOpenSearch: flow->OpenSearch(now); break;
    case A::kSearchText: flow->SetSearchText(t.text, now); break;
    case A::kPickResult: flow->PickSearchResult(t.index, now); break;
    case A::kTogglePassion: flow->TogglePassion(t.index, now); break;
    case A::kConfirmPassions: flow->ConfirmPassions(now); break;
    case A::kToggleSuggestion: flow->ToggleSuggestion(t.index, now); break;
    case A::kNextPhoneCode: flow->NextPhoneCode(now); break;
    case A::kToggleIntent: flow->ToggleIntent(t.index, now); break;
    case A::kEditNote: *note_keyboard = true; break;
    case A::kNoteText: flow->SetNote(t.text, now); break;
    case A::kCloseNote: *note_keyboard = false; break;
    case A::kSaveCard: flow->SaveCard(now); break;
    case A::kOpenPin: flow->OpenPinPad(now); break;
    case A::kPinDigit: flow->PinDigit(t.text.empty() ? ' ' : t.text[0], now); break;
    case A::kPinErase: flow->PinErase(now); break;
    case A::kPinSubmit: flow->SubmitPin(now); break;
    case A::kLeaveOrganiser: flow->OnDone(now); break;
    case A::kOpenJoin: flow->OpenJoin(now); break;
    case A::kPickLanguage: flow->PickLanguage(t.index, now); break;
    case A::kJoinName: flow->SetJoinName(t.text, now); break;
    case A::kJoinNext: flow->SubmitJoinName(now); break;
    case A::kJoinYes: flow->AnswerJoinCheck(true, now); break;
    case A::kJoinNo: flow->AnswerJoinCheck(false, now); break;
    case A::kJoinEmail: flow->SetJoinEmail(t.text, now); break;
    case A::kJoinConsent: flow->ToggleJoinConsent(now); break;
    case A::kJoinFinish: flow->FinishJoin(now); break;
    case A::kOrganiserTab:
    case A::kImportFile:
    case A::kExportTo:
    case A::kQuitKiosk:
    case A::kSettingToggle:
    case A::kSettingStep:
    case A::kSettingEdit:
    case A::kSettingText:
    case A::kSettingDone:
    case A::kForgetText:
    case A::kForgetPick:
    case A::kForgetConfirm:
    case A::kForgetCancel:
    case A::kSealToggle:
    case A::kRunChecks:
    case A::kCancelQuit:
    case A::kHideKeyboard:
    case A::kShowKeyboard:
    case A::kStartCorners:
      break;  // organiser mode's own: the app handles them (handle_organiser)
  }
  if (t.action != A::kNone) flow->OnActivity(now);
}

bool ParseTap(const std::string& spec, UiTaps* t) {
  using A = UiTaps::Action;
  const size_t colon = spec.find(':');
  const std::string name = spec.substr(0, colon), arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
  static const std::pair<const char*, A> kNames[] = {
      {"done", A::kDone},         {"search", A::kOpenSearch},          {"type", A::kSearchText},
      {"pick", A::kPickResult},   {"passion", A::kTogglePassion},      {"confirm-passions", A::kConfirmPassions},
      {"intent", A::kToggleIntent}, {"suggestion", A::kToggleSuggestion}, {"edit-note", A::kEditNote},      {"note", A::kNoteText},
      {"close-note", A::kCloseNote}, {"save", A::kSaveCard},   {"pin", A::kOpenPin},
      {"digit", A::kPinDigit},       {"pin-ok", A::kPinSubmit},  {"tab", A::kOrganiserTab},
      {"import", A::kImportFile},    {"export", A::kExportTo},    {"setting", A::kSettingToggle},
      {"setting-step", A::kSettingStep}, {"join", A::kOpenJoin},     {"join-name", A::kJoinName},
      {"join-next", A::kJoinNext},       {"join-yes", A::kJoinYes},     {"join-no", A::kJoinNo},
      {"join-email", A::kJoinEmail},     {"join-consent", A::kJoinConsent}, {"join-finish", A::kJoinFinish},
      {"forget-name", A::kForgetText},   {"forget-pick", A::kForgetPick},   {"forget-yes", A::kForgetConfirm},
      {"seal", A::kSealToggle},          {"check", A::kRunChecks},          {"hide-keyboard", A::kHideKeyboard},          {"corners", A::kStartCorners},
      {"quit", A::kQuitKiosk}, {"language", A::kPickLanguage}, {"phone-code", A::kNextPhoneCode},
      {"setting-edit", A::kSettingEdit}, {"setting-text", A::kSettingText}, {"setting-done", A::kSettingDone}};
  for (const auto& [n, action] : kNames) {
    if (name != n) continue;
    t->action = action;
    t->text = arg;
    t->index = static_cast<size_t>(std::atoi(arg.c_str()));
    return true;
  }
  return false;
}

}  // namespace kindred
