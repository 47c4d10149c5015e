#include "kiosk/app.h"
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

namespace {

// While idle the loop reads input this often and sleeps in between: a tap
// waits at most this long before its frame is drawn.
constexpr int64_t kInputPollMs = 16;

bool SaveLayout(const std::vector<LaidOut>& layout, Screen screen, int w, int h, const std::string& path,
                std::string* err) {
  static const char* const kScreens[] = {"attract", "search", "pick-passions", "welcome", "card", "saved",
                                         "pin", "organiser", "join", "join-check", "join-contact"};
  nlohmann::json j{{"width", w}, {"height", h}, {"screen", kScreens[static_cast<int>(screen)]},
                   {"items", nlohmann::json::array()}};
  for (const LaidOut& l : layout) {
    j["items"].push_back({{"text", l.text}, {"x0", l.x0}, {"y0", l.y0}, {"x1", l.x1}, {"y1", l.y1},
                          {"button", l.button}, {"visible", l.visible}, {"scrolls", l.scrolls}});
    if (!l.lines.empty()) j["items"].back()["lines"] = l.lines;
  }
  // Written whole and renamed into place: a reader never sees half a file.
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) {
    *err = "cannot write " + path;
    return false;
  }
  std::string text = j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  ok = ok && std::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) *err = "cannot write " + path;
  return ok;
}

// The names and passions the fonts must be able to draw.
// The languages the kiosk may speak at this event: the event's, and every
// one on the roster Kindred speaks (in Languages() order); the attract screen
// offers them. The pseudo-language first when it is the event's (tests).
std::vector<std::string> OfferedLanguages(const std::string& event_language, i18n::Register reg,
                                          const std::vector<Attendee>& roster) {
  std::set<std::string> on_roster;
  for (const Attendee& a : roster)
    if (!a.language.empty()) on_roster.insert(i18n::Resolve(a.language, reg));
  // English is always offered: a guest from anywhere can read it.
  on_roster.insert("en");
  std::vector<std::string> out;
  if (event_language == i18n::kPseudo) out.push_back(event_language);
  for (const std::string& lang : i18n::Languages())
    if (lang == event_language || on_roster.count(lang)) out.push_back(lang);
  return out;
}

// What the fonts must be able to draw: names, passions, and the words and
// starters of the languages the kiosk may speak (only those: a Latin-only
// event loads no Japanese glyphs).
std::vector<std::string> TextsToRender(const std::vector<Attendee>& roster, const std::vector<std::string>& languages) {
  std::vector<std::string> texts;
  texts.reserve(roster.size() * 2);
  for (const Attendee& a : roster)
    for (const std::string* t : {&a.name, &a.name_latin, &a.title, &a.company, &a.field})
      if (!t->empty()) texts.push_back(*t);
  for (const Attendee& a : roster) texts.push_back(JoinList(a.passions) + JoinList(a.offers) + JoinList(a.seeking));
  for (const std::string& lang : languages) {
    texts.push_back(i18n::Default().AllTranslations(lang));
    std::string starters;
    std::string ignored;
    if (ReadWholeFile(AssetsDir() + "/starters." + lang + ".txt", &starters, &ignored)) texts.push_back(starters);
  }
  return texts;
}

}  // namespace

int KioskApp::Start() {
  std::string err;
  db_path_ = o_.db_path;
  if (db_path_.empty()) {
    std::string dir = DataDir(&err);
    if (dir.empty()) return Fail(1, err);
    db_path_ = (std::filesystem::path(dir) / "event.db").string();
  }
  if (!OpenEvent(db_path_, AssetsDir(), &event_, &err)) return Fail(1, err);
  if (!event_.db->LoadAttendees(&roster_, &err)) return Fail(1, err);
  if (roster_.empty())
    Warn(db_path_ + " has no attendees yet; import a roster with 'kindred import ROSTER.csv --db " + db_path_ + "'");
  if (!LoadSettings(&err)) return Fail(1, err);

  orientation_ = o_.orientation;
  if (!display_.Open(o_.width, o_.height, &err)) {
    if (o_.self_check_json) display_error_ = err;
    return Fail(2, err);
  }
  display_.SetOrientation(orientation_);
  frame_.width = display_.ui_width;
  frame_.height = display_.ui_height;
  frame_.scale = UiScaleFor(frame_.width, frame_.height);
  // A finger may wander ~2 mm (12 design pixels on a 7" panel) and still tap.
  pointer_.Configure(display_.width, display_.height, orientation_, 12 * frame_.scale);
  if (!o_.input_events.empty() && !input_feed_.Open(o_.input_events, display_.width, display_.height, &err))
    return Fail(1, err);
  std::string font_warning;
  fonts_ = LoadUiFonts(frame_.scale, TextsToRender(roster_, OfferedLanguages(settings_.language, settings_.register_, roster_)), &font_warning);
  if (!font_warning.empty()) Warn(font_warning);

  FlowConfig config;
  config.kiosk_id = settings_.kiosk_id;
  config.idle_timeout_ms = settings_.idle_timeout_s * 1000LL;
  config.repeat_window_ms = static_cast<int64_t>(o_.repeat_window_s) * 1000;
  config.event_public_key = event_.public_key;
  if (event_.db->GetSetting(kPinSetting, &config.organiser_pin_hash, &err) == Lookup::kError) return Fail(1, err);
  flow_ = std::make_unique<KioskFlow>(event_.db.get(), event_.matcher.get(), config);
  now_ = Now();
  ApplySettings();
  organiser_.view.settings = settings_;
  frame_.organiser = &organiser_.view;

  FeedImages();
  shown_ = flow_->view().screen;
  for (const std::string& spec : o_.then) {
    UiTaps tap;
    if (!ParseTap(spec, &tap)) return Fail(1, "unknown --then action '" + spec + "'");
    HandleTap(tap);
    if (screenshot_mode_) now_ += 500;
  }
  if (!StartCamera(&err)) return Fail(1, err);
  if (!screenshot_mode_ && !o_.self_check) StartHub();
  if (o_.self_check && !o_.self_check_json) {
    flow_->OpenOrganiser(Now());
    organiser_.view.tab = 5;
    organiser_.Refresh(*event_.db, *event_.matcher);
    shown_ = Screen::kOrganiser;
    RunChecks();
    // First the four corners: any tap counts, so a panel whose touch is
    // mirrored is fixed before a button has to be hit.
    organiser_.view.corner_step = 0;
    corner_touches_ = 0;
  }
  feedback_played_ = flow_->view().feedback_seq;
  if (screenshot_mode_) Redraw(3);
  return 0;
}

// --self-check ends however the kiosk closes (Back to kiosk, Close the
// kiosk, a signal): every line is printed, and the exit code says whether
// any failed.
void KioskApp::FinishSelfCheck() {
  if (!o_.self_check || o_.self_check_json) return;
  std::fputs(ChecksText(check_lines_).c_str(), stdout);
  std::fflush(stdout);
  exit_code_ = AllPassed(check_lines_) ? 0 : 3;
}

// Flags given on the command line win over settings saved on the kiosk.
bool KioskApp::LoadSettings(std::string* err) {
  KioskSettings given;
  given.event_name = o_.event_name;
  given.kiosk_id = o_.kiosk_id;
  given.sounds = o_.sounds;
  given.camera = !o_.no_camera;
  given.walk_ins = o_.walk_ins;
  if (!ParseCodeFormats(o_.formats, &given.formats, err)) return false;
  settings_ = given;
  if (!LoadKioskSettings(*event_.db, &settings_, err)) return false;
  if (o_.given.count("event-name")) settings_.event_name = given.event_name;
  if (o_.given.count("kiosk-id")) settings_.kiosk_id = given.kiosk_id;
  if (o_.given.count("no-sounds")) settings_.sounds = given.sounds;
  if (o_.given.count("no-camera")) settings_.camera = given.camera;
  if (o_.given.count("formats")) settings_.formats = given.formats;
  if (o_.given.count("walk-ins")) settings_.walk_ins = given.walk_ins;
  if (o_.given.count("hub")) settings_.hub = o_.hub;
  if (o_.given.count("phone-url")) settings_.phone_url = o_.phone_url;
  if (o_.given.count("wifi")) settings_.wifi_ssid = o_.wifi_ssid;
  if (o_.given.count("wifi-password")) settings_.wifi_password = o_.wifi_password;
  if (!o_.language.empty()) {
    // One Kindred speaks, or the tests' pseudo-language.
    settings_.language = i18n::Resolve(o_.language, settings_.register_);
    if (settings_.language.empty()) {
      *err = "--language " + o_.language + ": Kindred speaks en, de, de-informal, fr, es and ja";
      return false;
    }
  }
  return true;
}

const std::locale& KioskApp::Loc() const { return i18n::Default().For(flow_->view().language); }

const std::locale& KioskApp::OrgLoc() const { return i18n::Default().For(settings_.language); }

void KioskApp::ApplySettings() {
  frame_.event_name = settings_.event_name;
  FlowConfig c = flow_->config();
  c.kiosk_id = settings_.kiosk_id;
  c.idle_timeout_ms = settings_.idle_timeout_s * 1000LL;
  c.walk_ins = settings_.walk_ins;
  c.phone_url = settings_.phone_url;
  c.wifi_ssid = settings_.wifi_ssid;
  c.wifi_password = settings_.wifi_password;
  c.language = settings_.language;
  c.register_ = settings_.register_;
  // Offered on the attract screen: the event's, English, and every language on the roster Kindred speaks.
  c.languages = OfferedLanguages(c.language, c.register_, roster_);
  organiser_.language = settings_.language;
  flow_->Reconfigure(c);
  if (settings_.sounds && !sounds_open_ && !screenshot_mode_) {
    sounds_open_ = sounds_.Open();
    if (!sounds_open_) Warn("no audio output; running without sounds");
  }
}

void KioskApp::WaitForWork() {
  if (screenshot_mode_ || frames_to_draw_ > 0) return;
  const int64_t t = Now();
  int64_t wait = std::min<int64_t>(flow_->next_deadline() - t, kInputPollMs);
  if (wedge_.pending()) wait = std::min(wait, wedge_.poll_interval_ms());
  if (camera_) wait = std::min<int64_t>(wait, 33);  // the camera preview at ~30 fps
  if (wait > 0) waker_.WaitFor(wait);
}

void KioskApp::PumpInput() {
  if (screenshot_mode_) return;
  input_feed_.Poll();
  SDL_Event ev;
  while (SDL_PollEvent(&ev)) HandleEvent(ev);
  TakeCornerTouch();
  if (auto scan = wedge_.Poll(Now())) {
    flow_->OnScan(*scan, Now());
    Redraw();
  }
  // A held finger (the organiser corner), a drag, or an export under way: keep drawing.
  if (pointer_.busy() || organiser_.job) Redraw(1);
}

void KioskApp::HandleEvent(const SDL_Event& ev) {
  // Fingers and the mouse drive ImGui through the pointer (ImGui 1.86's SDL
  // backend knows only the mouse, which a Pi's touchscreen never moves);
  // the rest (keys, text, the wheel) through the backend.
  if (!pointer_.OnEvent(ev)) ImGui_ImplSDL2_ProcessEvent(&ev);
  Redraw();
  if (ev.type == SDL_QUIT) running_ = false;
  if (ev.type == SDL_TEXTINPUT) wedge_.OnText(ev.text.text, ev.text.timestamp);
  if (ev.type == SDL_KEYDOWN && (ev.key.keysym.sym == SDLK_RETURN || ev.key.keysym.sym == SDLK_KP_ENTER)) {
    if (auto scan = wedge_.OnEnter(ev.key.timestamp)) flow_->OnScan(*scan, Now());
  }
}

void KioskApp::TickFlow() {
  if (screenshot_mode_) return;
  TakeHubChanges();
  const FlowView& view = flow_->view();
  const Screen before_screen = view.screen;
  const std::string before_notice = view.notice;
  if (pin_check_frames_ >= 1) {
    pin_check_frames_ = -1;
    frame_.checking_pin = false;
    flow_->SubmitPin(Now());
    flow_->OnActivity(Now());
    Redraw();
  }
  flow_->Tick(Now());
  if (view.screen != before_screen || view.notice != before_notice) Redraw();
  TakeCheckResults();
  // --self-check: closing the organiser screen (or its timing out) ends it.
  if (o_.self_check && view.screen != Screen::kOrganiser) running_ = false;
  if (view.feedback_seq != feedback_played_) {
    feedback_played_ = view.feedback_seq;
    if (settings_.sounds) sounds_.Play(view.tone);
  }
  if (view.screen != Screen::kCard) note_keyboard_ = false;
  if (view.screen != Screen::kSearch) frame_.search_keyboard = true;
  if (view.screen == Screen::kOrganiser && shown_ != Screen::kOrganiser) organiser_.Refresh(*event_.db, *event_.matcher);
  shown_ = view.screen;
  if (organiser_.job) {
    organiser_.view.progress = organiser_.job->progress();
    if (organiser_.job->done()) {
      organiser_.view.status = organiser_.job->status();
      organiser_.view.progress = -1;
      organiser_.job.reset();
      Redraw();
    }
  }
}

bool KioskApp::Draw() {
  display_.BeginFrame();
  // The pointer, not the backend's view of the mouse: once a finger lifts,
  // nothing stays hovered; a drag scrolls and taps nothing.
  ImGuiIO& io = ImGui::GetIO();
  const Pointer::Frame pointer = pointer_.NextFrame();
  io.MousePos = pointer.has_position ? ImVec2(pointer.x, pointer.y) : ImVec2(-FLT_MAX, -FLT_MAX);
  io.MouseDown[0] = pointer.down;
  io.MouseDown[1] = io.MouseDown[2] = false;
  frame_.drag = {pointer.dragging, pointer.drag_x, pointer.drag_y, pointer.scroll_dy};
  ImGui::NewFrame();
  frame_.note_keyboard = note_keyboard_;
  layout_.clear();
  frame_.layout = o_.layout.empty() ? nullptr : &layout_;
  const bool pressed = io.MouseDown[0] || ImGui::IsMouseReleased(0);
  const Screen drawn = flow_->view().screen;
  UiTaps taps = DrawKiosk(flow_->view(), frame_, fonts_);
  // A screenshot's frames before its last only settle ImGui's layout: no
  // one sees their pixels (in software GL, most of a screenshot's time).
  display_.Render(!screenshot_mode_ || frames_to_draw_ <= 1);
  // A text with characters the atlas lacks (a note pulled from another
  // kiosk, a name typed in): rasterise them and draw again.
  if (std::string missing = TakeMissingGlyphs(); !missing.empty() && glyphs_tried_.insert(missing).second) {
    extra_glyphs_ += missing;
    std::string warning;
    std::vector<std::string> texts =
        TextsToRender(roster_, OfferedLanguages(settings_.language, settings_.register_, roster_));
    texts.push_back(extra_glyphs_);
    fonts_ = LoadUiFonts(frame_.scale, texts, &warning);
    display_.ReloadFonts();
    Redraw();
  }
  --frames_to_draw_;
  if (pin_check_frames_ >= 0) ++pin_check_frames_;
  // A tap changes the state after this frame was built from it, and a press
  // or release shows on the next one: draw again so the result is on screen
  // now, not with the next touch.
  if (taps.any || taps.action != UiTaps::Action::kNone || pressed) Redraw();
  HandleTap(taps);
  std::string err;
  if (!o_.layout.empty() && !SaveLayout(layout_, drawn, frame_.width, frame_.height, o_.layout, &err)) {
    Fail(1, err);
    return false;
  }
  if (screenshot_mode_ && frames_to_draw_ == 0) {
    running_ = false;
    if (!display_.SaveScreenshot(o_.screenshot, &err)) {
      Fail(1, err);
      return false;
    }
  }
  return true;
}

void KioskApp::Present() {
  display_.Present();
  if (!first_frame_) return;
  first_frame_ = false;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_);
  // A screenshot run keeps the atlas's pixels: it ends after one picture, or
  // the next run of a list draws with the same atlas.
  const size_t atlas = screenshot_mode_ ? FontAtlasBytes() : ReleaseFontFiles();
  std::fprintf(stderr, "kindred-kiosk: first frame after %lld ms (%zu attendees, font atlas %zu KiB)\n",
               static_cast<long long>(ms.count()), roster_.size(), atlas / 1024);
}

void KioskApp::HandleTap(const UiTaps& tap) {
  const int64_t now = Now();
  // The PIN's slow hash would hold the tap's feedback back: the pad says
  // "Checking..." first, and TickFlow checks once that is on screen.
  if (tap.action == UiTaps::Action::kPinSubmit && !screenshot_mode_) {
    pin_check_frames_ = 0;
    frame_.checking_pin = true;
    Redraw();
    return;
  }
  ApplyTap(tap, flow_.get(), &note_keyboard_, now);
  if (tap.action == UiTaps::Action::kHideKeyboard) frame_.search_keyboard = false;
  if (tap.action == UiTaps::Action::kShowKeyboard) frame_.search_keyboard = true;
  if (tap.any && hub_) hub_->Nudge();  // a save is on its way to the other kiosks at once
  if (tap.any) flow_->OnActivity(now);
  if (flow_->view().screen == Screen::kOrganiser && shown_ != Screen::kOrganiser) organiser_.Refresh(*event_.db, *event_.matcher);
  shown_ = flow_->view().screen;
  HandleOrganiserTap(tap);
}

namespace {

// The loop, until the kiosk closes (or, with a screenshot, has drawn it).
// Returns the exit code.
int RunLoop(KioskApp& app) {
  while (app.running()) {
    app.WaitForWork();
    app.PumpInput();
    app.FeedScans();
    app.TickFlow();
    if (!app.NeedsFrame()) continue;
    if (!app.Draw()) return 1;
    app.Present();
  }
  app.FinishSelfCheck();
  return app.exit_code();
}

}  // namespace

int RunKiosk(const KioskOptions& options) {
  Display display;
  KioskApp app(options, display);
  if (options.self_check_json) {
    const int code = app.Start();
    // Without a display the rest is still checked (and the display fails).
    if (code != 0 && code != 2) return code;
    return app.SelfCheckJson();
  }
  if (int code = app.Start(); code != 0) return code;
  return RunLoop(app);
}

int RunKioskShots(const std::vector<KioskOptions>& shots) {
  Display display;
  for (size_t i = 0; i < shots.size(); ++i) {
    if (shots[i].screenshot.empty() || shots[i].self_check) {
      std::fprintf(stderr, "kindred-kiosk: shot %zu: each shot takes a --screenshot (and no --self-check)\n", i + 1);
      return 1;
    }
    KioskApp app(shots[i], display);
    int code = app.Start();
    if (code == 0) code = RunLoop(app);
    if (code != 0) {
      std::fprintf(stderr, "kindred-kiosk: shot %zu of %zu failed (above)\n", i + 1, shots.size());
      return code;
    }
  }
  return 0;
}

}  // namespace kindred
