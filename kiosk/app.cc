#include "kiosk/app.h"

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

// Applies one tap to the flow; the note keyboard is the UI's own state.
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

// A scripted tap, "name" or "name:argument", as --then gives it.
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
      {"quit", A::kQuitKiosk}, {"language", A::kPickLanguage}};
  for (const auto& [n, action] : kNames) {
    if (name != n) continue;
    t->action = action;
    t->text = arg;
    t->index = static_cast<size_t>(std::atoi(arg.c_str()));
    return true;
  }
  return false;
}

bool SaveLayout(const std::vector<LaidOut>& layout, Screen screen, int w, int h, const std::string& path,
                std::string* err) {
  static const char* const kScreens[] = {"attract", "search", "pick-passions", "welcome", "card", "saved",
                                         "pin", "organiser", "join", "join-check", "join-contact"};
  nlohmann::json j{{"width", w}, {"height", h}, {"screen", kScreens[static_cast<int>(screen)]},
                   {"items", nlohmann::json::array()}};
  for (const LaidOut& l : layout)
    j["items"].push_back({{"text", l.text}, {"x0", l.x0}, {"y0", l.y0}, {"x1", l.x1}, {"y1", l.y1},
                          {"button", l.button}, {"visible", l.visible}, {"scrolls", l.scrolls}});
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

// Feeds a decoded image through the flow as a badge scan.
void FeedCodes(const std::vector<DecodedCode>& codes, KioskFlow* flow, int64_t now_ms) {
  if (codes.size() >= 2 && codes[0].text != codes[1].text)
    flow->OnPairScan(codes[0].text, codes[1].text, now_ms);
  else if (!codes.empty())
    flow->OnScan(codes[0].text, now_ms);
}

// The names and passions the fonts must be able to draw.
// The languages the kiosk may speak at this event: the event's, and every
// one on the roster Kindred speaks (in Languages() order); the attract screen
// offers them. The pseudo-language first when it is the event's (tests).
std::vector<std::string> OfferedLanguages(const std::string& event_language, const std::vector<Attendee>& roster) {
  std::set<std::string> on_roster;
  for (const Attendee& a : roster)
    if (!a.language.empty()) on_roster.insert(i18n::Normalize(a.language));
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
  for (const Attendee& a : roster) {
    texts.push_back(a.name);
    texts.push_back(JoinList(a.passions));
  }
  for (const std::string& lang : languages) {
    texts.push_back(i18n::Default().AllTranslations(lang));
    std::string starters;
    std::string ignored;
    if (ReadWholeFile(AssetsDir() + "/starters." + lang + ".txt", &starters, &ignored)) texts.push_back(starters);
  }
  return texts;
}

// Organiser mode's own work: tabs, imports from USB, exports to USB.
struct Organiser {
  OrganiserView view;
  std::unique_ptr<ExportJob> job;
  std::string language = "en";  // the event's: what organiser mode speaks

  void Refresh(EventDb& db) {
    std::string err;
    if (!ComputeDashboard(db, &view.stats, &err))
      view.status = Fill(Tr(i18n::Default().For(language), "Could not read the dashboard: {error}"), {{"error", err}});
    view.roster_files = FindRosterFiles(UsbRoots());
    view.export_targets = FindExportTargets(UsbRoots());
    std::string key;
    view.has_organiser_key = LoadOrganiserKey(db, &key, &err) == Lookup::kFound;
  }
};


// The kiosk application: the event, the flow, the window, the camera, and the
// organiser's screen, wired together. RunKiosk's loop calls its steps in order.
class KioskApp {
 public:
  explicit KioskApp(const KioskOptions& o) : o_(o), screenshot_mode_(!o.screenshot.empty()) {}
  ~KioskApp() {
    worker_.reset();
    camera_.reset();
  }

  // Opens the event and the display, applies --scan-image and --then, starts
  // the camera. Returns 0, or the exit code (1: event, 2: display) after
  // printing one line.
  int Start();
  bool running() const { return running_; }
  // --self-check --json: measures the camera for a few seconds, prints the
  // checks as JSON; returns the exit code (0 when nothing failed, else 3).
  int SelfCheckJson();
  // --self-check: the exit code once the organiser screen is closed.
  int exit_code() const { return exit_code_; }

  void WaitForWork();  // sleeps while idle: until input is due, a scan or a timer
  void PumpInput();    // SDL events: touch, mouse, keyboard-wedge scanners, quit
  void FeedScans();    // codes the camera worker decoded; the preview picture
  void TickFlow();     // timers, sounds, organiser jobs
  bool NeedsFrame() const { return frames_to_draw_ > 0; }
  bool Draw();         // one ImGui frame of the current view; applies its taps
  void Present();

 private:
  const std::locale& Loc() const;     // what the attendee on screen reads
  const std::locale& OrgLoc() const;  // organiser mode: the event's language
  // One line on stderr; Fail also gives the exit code to return.
  static void Warn(const std::string& what) { std::fprintf(stderr, "kindred-kiosk: %s\n", what.c_str()); }
  static int Fail(int code, const std::string& why) {
    Warn(why);
    return code;
  }
  // Asks for frames: two, so ImGui settles its layout after a change.
  void Redraw(int frames = 2) { frames_to_draw_ = std::max(frames_to_draw_, frames); }
  int64_t Now() const { return screenshot_mode_ ? now_ : static_cast<int64_t>(SDL_GetTicks64()); }
  bool LoadSettings(std::string* err);
  void ApplySettings();
  bool StartCamera(std::string* err);
  void HandleEvent(const SDL_Event& ev);
  void HandleTap(const UiTaps& tap);
  void HandleOrganiserTap(const UiTaps& tap);
  void ImportRoster(const std::string& path);
  void ForgetHere(const std::string& badge_id, const std::string& name);
  void ReloadPeople();
  void FeedImages();
  void StartHub();       // (re)starts syncing with settings_.hub; stops when it is ""
  // The self-check: every line from what this kiosk sees, the hub looked at
  // on a thread (RunChecks), the camera's frame rate and focus kept live.
  std::vector<CheckLine> LocalChecks(const CameraFacts& camera);
  CameraFacts CameraNow() const;
  void RunChecks();
  void TakeCheckResults();
  void NoteCameraFrame();
  void TakeCornerTouch();
  void TakeHubChanges(); // other kiosks' changes into the matcher; the sync state for organisers

  const KioskOptions& o_;
  const bool screenshot_mode_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::string db_path_;
  EventContext event_;
  std::vector<Attendee> roster_;
  KioskSettings settings_;
  std::unique_ptr<KioskFlow> flow_;
  Display display_;
  UiFonts fonts_;
  UiFrame frame_;
  Organiser organiser_;
  Screen shown_ = Screen::kAttract;
  Sounds sounds_;
  bool sounds_open_ = false;
  uint64_t feedback_played_ = 0;
  std::unique_ptr<FrameSource> camera_;
  std::unique_ptr<ScanWorker> worker_;
  Waker waker_;
  LumaImage camera_frame_;
  uint64_t camera_seq_ = 0;
  int64_t outlines_until_ = 0;
  KeyboardWedge wedge_;
  Pointer pointer_;
  InputFeed input_feed_;
  bool note_keyboard_ = false;
  int pin_check_frames_ = -1;  // OK on the PIN pad: frames drawn since (the check runs once one showed it)
  std::vector<LaidOut> layout_;
  int64_t now_ = 0;  // screenshot mode's clock: advances by script, not by time
  int frames_to_draw_ = 2;
  bool first_frame_ = true;
  bool running_ = true;
  std::unique_ptr<HubSync> hub_;
  std::string hub_url_;  // what hub_ syncs with
  std::string display_error_;  // --self-check --json without a display: why
  std::mutex pulled_mu_;
  std::vector<EventDb::PulledRows> pulled_;  // from the sync thread, for the UI thread
  std::atomic<bool> shredded_{false};         // the hub's event was shredded: reload
  int64_t next_sync_state_ms_ = 0;
  int64_t next_camera_live_ms_ = 0;
  // Self-check.
  Orientation orientation_;                  // as given, or as the four corners fixed it
  std::string camera_kind_;                  // "USB webcam", "Pi camera module"...
  std::vector<int64_t> frame_times_;         // the camera's last frames (ms), for its frame rate
  double focus_ = 0;                         // FocusScore of the newest frame, while checking
  std::string check_decoded_;                // a code read while checking
  bool corners_done_ = false, corners_found_ = false;
  Orientation corners_fix_;
  uint64_t corner_touches_ = 0;
  PointF corner_raw_[4];
  std::future<HubFacts> hub_check_;
  std::vector<CheckLine> check_lines_;       // the local lines, the hub's appended when it answers
  int exit_code_ = 0;
};

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
  fonts_ = LoadUiFonts(frame_.scale, TextsToRender(roster_, OfferedLanguages(settings_.language, roster_)), &font_warning);
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
    organiser_.Refresh(*event_.db);
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
  if (!o_.language.empty()) {
    settings_.language = i18n::Normalize(o_.language);  // one Kindred speaks, or the tests' pseudo-language
    if (settings_.language.empty()) {
      *err = "--language " + o_.language + ": Kindred speaks en, de, fr, es and ja";
      return false;
    }
  }
  return true;
}

void KioskApp::StartHub() {
  if (settings_.hub == hub_url_ && (hub_ || hub_url_.empty())) return;
  hub_.reset();
  hub_url_ = settings_.hub;
  if (hub_url_.empty()) return;
  // The hub lets a kiosk write only under the name it signs in with.
  if (const std::string name = KioskNameFromHubUrl(hub_url_); !name.empty() && name != settings_.kiosk_id) {
    settings_.kiosk_id = name;
    organiser_.view.settings.kiosk_id = name;
    std::string err;
    if (!SaveKioskSettings(*event_.db, settings_, &err)) Warn(err);
    ApplySettings();
  }
  hub_ = std::make_unique<HubSync>(db_path_, hub_url_, settings_.kiosk_id);
  hub_->set_allow_insecure(o_.insecure_hub);
  hub_->set_on_shredded([this] {
    shredded_ = true;
    waker_.Wake();
  });
  hub_->set_on_pulled([this](const EventDb::PulledRows& rows) {
    {
      std::lock_guard<std::mutex> lock(pulled_mu_);
      pulled_.push_back(rows);
    }
    waker_.Wake();
  });
  std::string err;
  if (!hub_->Start(&err)) {
    // The kiosk keeps working alone; organisers see why.
    Warn("hub: " + err);
    organiser_.view.sync_lines = {Fill(Tr(OrgLoc(), "Hub: {value}"), {{"value", err}})};
    organiser_.view.sync_problem = true;
    hub_.reset();
  }
}

const std::locale& KioskApp::Loc() const { return i18n::Default().For(flow_->view().language); }
const std::locale& KioskApp::OrgLoc() const { return i18n::Default().For(settings_.language); }

void KioskApp::TakeHubChanges() {
  if (!hub_) return;  // alone: nothing arrives, nothing to show
  std::vector<EventDb::PulledRows> batches;
  {
    std::lock_guard<std::mutex> lock(pulled_mu_);
    batches.swap(pulled_);
  }
  // Forgotten at another kiosk, or the event shredded: nobody of them stays on screen.
  bool reload = shredded_.exchange(false);
  for (const EventDb::PulledRows& rows : batches) reload = reload || !rows.forgotten.empty();
  if (reload) {
    ReloadPeople();
    batches.clear();
  }
  Matcher& m = *event_.matcher;
  const std::string today = StartOfTodayUtc();
  for (const EventDb::PulledRows& rows : batches) {
    for (const EventDb::SyncRow& row : rows.attendee) {
      const Attendee a = AttendeeFromSyncRow(row);
      if (!m.Contains(a.badge_id)) {
        m.AddAttendee(a);
        roster_.push_back(a);
      } else {
        m.UpdatePassions(a.badge_id, a.passions);  // picked at another kiosk
      }
      if (!a.last_seen_at.empty()) m.MarkSeen(a.badge_id, a.last_seen_at);
      if (IsPresent(a, today)) m.MarkPresent(a.badge_id);
    }
    for (const EventDb::SyncRow& row : rows.encounter) m.AddEncounter(row[1], row[2]);  // met anywhere
    for (const EventDb::SyncRow& row : rows.suggestion_shown)
      if (row.size() > 4 && row[2] != settings_.kiosk_id) m.AddExposure(row[4]);
  }
  if (Now() < next_sync_state_ms_) return;
  next_sync_state_ms_ = Now() + 1000;
  const SyncState st = hub_->state();
  OrganiserView& view = organiser_.view;
  std::vector<std::string> lines;
  const std::locale& loc = OrgLoc();
  const std::string waiting = std::to_string(st.waiting);
  lines.push_back(st.online ? Fill(Tr(loc, "Hub: online, last contact {time} UTC, {n} changes waiting"),
                                   {{"time", st.last_contact.substr(11, 8)}, {"n", waiting}})
                            : Fill(Tr(loc, "Hub unreachable, working alone ({n} changes waiting): {problem}"),
                                   {{"n", waiting}, {"problem", st.problem}}));
  if (st.set_aside > 0)
    lines.back() += Fill(Tr(loc, "; {n} refused by the hub (kept here)"), {{"n", std::to_string(st.set_aside)}});
  if (st.insecure)
    lines.insert(lines.begin(), Tr(loc, "Hub NOT VERIFIED (--insecure-hub): a laptop on this network could pose as the hub"));
  for (const KioskState& k : st.kiosks)
    lines.push_back(k.seconds_ago <= 15
                        ? Fill(Tr(loc, "{kiosk}: online, {n} waiting"), {{"kiosk", k.kiosk_id}, {"n", std::to_string(k.waiting)}})
                        : Fill(Tr(loc, "{kiosk}: last contact {s} s ago, {n} waiting"),
                               {{"kiosk", k.kiosk_id}, {"s", std::to_string(k.seconds_ago)}, {"n", std::to_string(k.waiting)}}));
  const bool problem = !st.online || st.insecure;
  if (lines != view.sync_lines || view.sync_problem != problem) {
    view.sync_lines = std::move(lines);
    view.sync_problem = problem;
    if (flow_->view().screen == Screen::kOrganiser) Redraw();
  }
}

void KioskApp::ApplySettings() {
  frame_.event_name = settings_.event_name;
  FlowConfig c = flow_->config();
  c.kiosk_id = settings_.kiosk_id;
  c.idle_timeout_ms = settings_.idle_timeout_s * 1000LL;
  c.walk_ins = settings_.walk_ins;
  c.language = settings_.language;
  // Offered on the attract screen: the event's, and every language on the roster Kindred speaks.
  c.languages = OfferedLanguages(c.language, roster_);
  organiser_.language = settings_.language;
  flow_->Reconfigure(c);
  if (settings_.sounds && !sounds_open_ && !screenshot_mode_) {
    sounds_open_ = sounds_.Open();
    if (!sounds_open_) Warn("no audio output; running without sounds");
  }
}

// --scan-image: each picture goes through the flow as a badge held up.
void KioskApp::FeedImages() {
  DecoderOptions decoder;
  decoder.formats = settings_.formats;
  for (const std::string& path : o_.scan_images) {
    LumaImage image;
    std::string err;
    if (!LoadLumaImage(path, &image, &err)) {
      Warn(err);
      flow_->OnProblem(Tr(Loc(), "That picture could not be read - please try another"), now_);
    } else if (std::vector<DecodedCode> codes = DecodeCodes(image.view(), decoder); codes.empty()) {
      Warn("no code found in " + path);
      flow_->OnProblem(Tr(Loc(), "No badge code found - hold the badge flat and closer"), now_);
    } else {
      FeedCodes(codes, flow_.get(), now_);
    }
    if (screenshot_mode_) now_ += 1000;
  }
}

// The camera and its decoding thread; restarted when settings change.
bool KioskApp::StartCamera(std::string* err) {
  worker_.reset();
  camera_.reset();
  frame_.preview_texture = 0;
  frame_.camera_status.clear();
  if (screenshot_mode_) return true;
  camera_kind_.clear();
  if (!o_.replay.empty()) {
    camera_ = ImageReplay::Open(o_.replay, 30, 3000, err);
    if (!camera_) return false;
    camera_kind_ = "replayed images";
  } else if (settings_.camera && (o_.camera == "rpicam" || (o_.camera.empty() && UseRpicam("/sys", RpicamAvailable())))) {
    // The Pi's own camera module, through the Pi's camera stack.
    RpicamOptions ro;
    ro.width = o_.camera_width;
    ro.height = o_.camera_height;
    ro.mains_hz = o_.mains_hz;
    ro.lens_dioptres = o_.lens_dioptres;
    camera_ = std::make_unique<RpicamCamera>(ro);
    camera_kind_ = "Pi camera module";
  } else if (settings_.camera) {
    CameraOptions co;
    co.device = o_.camera;
    co.width = o_.camera_width;
    co.height = o_.camera_height;
    camera_ = std::make_unique<V4l2Camera>(co);
    // Nothing plugged in yet is no camera (the V4L2 reader waits for one).
    if (!o_.camera.empty() || !FindCaptureDevice().empty())
      camera_kind_ = DetectCamera("/sys") == CameraKind::kUsb ? "USB webcam" : "V4L2 camera";
  }
  if (camera_) {
    DecoderOptions d;
    d.formats = settings_.formats;
    worker_ = std::make_unique<ScanWorker>(camera_.get(), d, [this] { waker_.Wake(); });
  }
  return true;
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

void KioskApp::FeedScans() {
  if (!camera_) return;
  const int64_t now = Now();
  if (worker_) {
    const bool checking = flow_->view().screen == Screen::kOrganiser && organiser_.view.tab == 5;
    for (const auto& codes : worker_->TakeResults()) {
      // On "Check this kiosk" a badge is a test of the camera, not a scan.
      if (checking && !codes.empty()) check_decoded_ = codes[0].text;
      else FeedCodes(codes, flow_.get(), now);
      // Outline the codes being read in the preview, briefly.
      frame_.outlines.clear();
      for (const DecodedCode& c : codes) frame_.outlines.push_back(c.corners);
      outlines_until_ = now + 400;
      Redraw();
    }
    if (!frame_.outlines.empty() && now > outlines_until_) {
      frame_.outlines.clear();
      Redraw(1);
    }
  }
  if (camera_->TakeLatest(&camera_frame_, &camera_seq_)) {
    NoteCameraFrame();
    display_.UploadPreview(camera_frame_);
    frame_.preview_texture = display_.preview_texture();
    frame_.preview_width = camera_frame_.width();
    frame_.preview_height = camera_frame_.height();
    Redraw(1);
  }
  if (std::string status = camera_->status(); status != frame_.camera_status) {
    frame_.camera_status = status;
    Redraw();
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
  if (o_.self_check && view.screen != Screen::kOrganiser) {
    std::fputs(ChecksText(check_lines_).c_str(), stdout);
    exit_code_ = AllPassed(check_lines_) ? 0 : 3;
    running_ = false;
  }
  if (view.feedback_seq != feedback_played_) {
    feedback_played_ = view.feedback_seq;
    if (settings_.sounds) sounds_.Play(view.tone);
  }
  if (view.screen != Screen::kCard) note_keyboard_ = false;
  if (view.screen != Screen::kSearch) frame_.search_keyboard = true;
  if (view.screen == Screen::kOrganiser && shown_ != Screen::kOrganiser) organiser_.Refresh(*event_.db);
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
  display_.Render();
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
  const size_t atlas = ReleaseFontFiles();
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
  if (flow_->view().screen == Screen::kOrganiser && shown_ != Screen::kOrganiser) organiser_.Refresh(*event_.db);
  shown_ = flow_->view().screen;
  HandleOrganiserTap(tap);
}

// Someone asked to be forgotten: gone from this kiosk at once (its matcher
// and roster too), and from the hub and the other kiosks as it syncs.
void KioskApp::ForgetHere(const std::string& badge_id, const std::string& name) {
  OrganiserView& view = organiser_.view;
  EventDb::ForgetCounts counts;
  std::string why;
  if (!event_.db->Forget(badge_id, &counts, &why)) {
    view.status = Fill(Tr(OrgLoc(), "Not forgotten: {error}"), {{"error", why}});
  } else {
    view.status = Fill(hub_ ? Tr(OrgLoc(), "Forgotten: {name} is gone from this kiosk, and from the hub and every kiosk as they sync.")
                            : Tr(OrgLoc(), "Forgotten: {name} is gone from this kiosk."),
                       {{"name", FirstName(name)}});
    ReloadPeople();
    if (hub_) hub_->Nudge();
  }
  view.forget_pick = -1;
  view.forget_query.clear();
  view.forget_results.clear();
  organiser_.Refresh(*event_.db);
}

// The roster and the matcher again from the database (after someone was
// forgotten or the event shredded).
void KioskApp::ReloadPeople() {
  std::string why;
  if (!event_.db->LoadAttendees(&roster_, &why) || !ReloadMatcher(AssetsDir(), &event_, &why))
    Warn("people not reloaded: " + why);
  // An attendee's screen may show someone who is gone: back to the start.
  if (flow_->view().screen != Screen::kOrganiser && flow_->view().screen != Screen::kPin) flow_->OnDone(Now());
}

void KioskApp::ImportRoster(const std::string& path) {
  Roster imported;
  EventDb::UpsertCounts counts;
  std::string why;
  std::string& status = organiser_.view.status;
  if (!ImportRosterFile(path, *event_.db, &imported, &counts, &why)) {
    status = Fill(Tr(OrgLoc(), "Nothing imported: {error}"), {{"error", why}});
  } else if (!ReloadMatcher(AssetsDir(), &event_, &why)) {
    status = Fill(Tr(OrgLoc(), "Imported, but suggestions could not be rebuilt: {error}"), {{"error", why}});
  } else {
    status = Fill(Tr(OrgLoc(), "Imported {n} attendees ({new} new); {rejected} lines rejected"),
                  {{"n", std::to_string(counts.inserted + counts.updated)}, {"new", std::to_string(counts.inserted)},
                   {"rejected", std::to_string(imported.rejected.size())}});
    if (!imported.rejected.empty())
      status += Fill(Tr(OrgLoc(), ", the first on line {line}: {reason}"),
                     {{"line", std::to_string(imported.rejected[0].line)}, {"reason", imported.rejected[0].reason}});
  }
  organiser_.Refresh(*event_.db);
}

// Organiser actions need the app: the database, the files, the camera.
void KioskApp::HandleOrganiserTap(const UiTaps& tap) {
  using A = UiTaps::Action;
  OrganiserView& view = organiser_.view;
  if (tap.action != A::kNone && tap.action != A::kQuitKiosk) view.confirm_quit = false;
  if (tap.action == A::kOrganiserTab) {
    view.tab = static_cast<int>(tap.index);
    organiser_.Refresh(*event_.db);
    if (view.tab == 5) RunChecks();
  } else if (tap.action == A::kRunChecks) {
    RunChecks();
  } else if (tap.action == A::kStartCorners) {
    view.corner_step = 0;
    corner_touches_ = pointer_.touches();

  } else if (tap.action == A::kImportFile && tap.index < view.roster_files.size()) {
    ImportRoster(view.roster_files[tap.index]);
  } else if (tap.action == A::kExportTo && tap.index < view.export_targets.size() && !organiser_.job) {
    view.progress = 0;
    view.status.clear();
    std::string key, why;
    if (view.has_organiser_key && view.seal_exports && LoadOrganiserKey(*event_.db, &key, &why) != Lookup::kFound) {
      view.status = Fill(Tr(OrgLoc(), "Not exported: the organiser's key cannot be read ({error})"), {{"error", why}});
      view.progress = -1;
      return;
    }
    organiser_.job = std::make_unique<ExportJob>(
        db_path_, view.export_targets[tap.index] + "/kindred-export-" + UtcStampForFileName(),
        settings_.event_name.empty() ? "the event" : settings_.event_name, view.seal_exports ? key : "");
  } else if (tap.action == A::kSealToggle) {
    view.seal_exports = !view.seal_exports;
  } else if (tap.action == A::kForgetText) {
    view.forget_query = tap.text.substr(0, 60);
    view.forget_results.clear();
    std::vector<Attendee> found;
    std::string why;
    if (view.forget_query.size() >= 2 && event_.db->SearchAttendees(view.forget_query, 4, &found, &why))
      for (const Attendee& a : found) view.forget_results.push_back({a.badge_id, a.name});
  } else if (tap.action == A::kForgetPick && tap.index < view.forget_results.size()) {
    view.forget_pick = static_cast<int>(tap.index);
  } else if (tap.action == A::kForgetCancel) {
    view.forget_pick = -1;
    view.forget_query.clear();
    view.forget_results.clear();
  } else if (tap.action == A::kForgetConfirm && view.forget_pick >= 0 &&
             view.forget_pick < static_cast<int>(view.forget_results.size())) {
    const auto [id, name] = view.forget_results[view.forget_pick];
    ForgetHere(id, name);
  } else if (tap.action == A::kQuitKiosk) {
    if (view.confirm_quit) running_ = false;
    view.confirm_quit = true;
  } else if (tap.action == A::kCancelQuit) {
    view.confirm_quit = false;
  } else if (tap.action == A::kSettingEdit) {
    view.editing = static_cast<int>(tap.index);
  } else if (tap.action == A::kSettingDone) {
    view.editing = -1;
    StartHub();  // a hub typed in organiser mode takes effect once done
  } else if (tap.action == A::kSettingText || tap.action == A::kSettingToggle || tap.action == A::kSettingStep) {
    KioskSettings& k = view.settings;
    const KioskSettings before = k;
    if (tap.action == A::kSettingText && view.editing == 0) k.event_name = tap.text.substr(0, 60);
    if (tap.action == A::kSettingText && view.editing == 1 && !tap.text.empty()) k.kiosk_id = tap.text.substr(0, 40);
    if (tap.action == A::kSettingText && view.editing == 2) k.hub = tap.text.substr(0, 300);
    if (tap.action == A::kSettingStep)
      k.idle_timeout_s = std::clamp(k.idle_timeout_s + (tap.text == "-" ? -15 : 15), 15, 600);
    if (tap.action == A::kSettingToggle) {
      if (tap.index == 0) k.sounds = !k.sounds;
      else if (tap.index == 1) k.camera = !k.camera;
      else if (tap.index <= 5 && (k.formats ^ (1u << (tap.index - 2))) != 0) k.formats ^= 1u << (tap.index - 2);
      else if (tap.index == 6) k.walk_ins = !k.walk_ins;
    }
    std::string why;
    if (!SaveKioskSettings(*event_.db, k, &why)) view.status = Fill(Tr(OrgLoc(), "Settings not saved: {error}"), {{"error", why}});
    settings_ = k;
    ApplySettings();
    if ((k.camera != before.camera || k.formats != before.formats) && !StartCamera(&why)) view.status = Fill(Tr(OrgLoc(), "Camera: {error}"), {{"error", why}});
  }
}

void KioskApp::NoteCameraFrame() {
  const int64_t now = static_cast<int64_t>(SDL_GetTicks64());
  frame_times_.push_back(now);
  frame_times_.erase(frame_times_.begin(), std::lower_bound(frame_times_.begin(), frame_times_.end(), now - 2000));
  const bool checking = o_.self_check_json ||
                        (flow_ && flow_->view().screen == Screen::kOrganiser && organiser_.view.tab == 5);
  if (checking) focus_ = FocusScore(camera_frame_.view());
}

CameraFacts KioskApp::CameraNow() const {
  CameraFacts c;
  if (!camera_) return c;
  c.kind = camera_kind_;
  c.status = camera_->status();
  if (frame_times_.size() >= 2)
    c.fps = 1000.0 * static_cast<double>(frame_times_.size() - 1) /
            static_cast<double>(std::max<int64_t>(1, frame_times_.back() - frame_times_.front()));
  c.focus = focus_;
  c.decoded = check_decoded_;
  c.waited_for_badge = !o_.self_check_json;
  return c;
}

namespace {

bool OnAPi() {
  FILE* f = std::fopen("/proc/device-tree/model", "r");
  if (!f) return false;
  char model[128] = {};
  const bool pi = std::fgets(model, sizeof model, f) && std::strstr(model, "Raspberry Pi");
  std::fclose(f);
  return pi;
}

int SoundOutputs() {
  if (SDL_WasInit(SDL_INIT_AUDIO) == 0 && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return 0;
  return std::max(0, SDL_GetNumAudioDevices(0));
}

}  // namespace

std::vector<CheckLine> KioskApp::LocalChecks(const CameraFacts& camera) {
  std::vector<CheckLine> lines;
  if (display_error_.empty()) {
    lines.push_back(CheckRenderer(display_.renderer, SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "",
                                  OnAPi()));
    lines.push_back(CheckDisplay(display_.width, display_.height, orientation_));
    lines.push_back(CheckTouch(SDL_GetNumTouchDevices(), orientation_, corners_done_, corners_found_, corners_fix_));
  } else {
    lines.push_back({"display", CheckLine::kFail, display_error_,
                     "If the kiosk is running, it holds the display: sudo systemctl stop kindred-kiosk, then check "
                     "again"});
  }
  lines.push_back(CheckCamera(camera));
  lines.push_back(CheckBarcodeScanner("/dev/input/by-id"));
  lines.push_back(CheckSound(SoundOutputs()));
  lines.push_back(CheckDisk(std::filesystem::absolute(db_path_).parent_path().string()));
  std::string newest, why;
  if (event_.db->NewestChange(&newest, &why) != Lookup::kFound) newest.clear();
  lines.push_back(CheckClock(UtcNow(), newest, ClockSynchronised("/run")));
  return lines;
}

void KioskApp::RunChecks() {
  OrganiserView& view = organiser_.view;
  check_lines_ = LocalChecks(CameraNow());
  view.checks = check_lines_;
  view.checking = true;
  // The hub may take seconds to answer (or not): on a thread of its own,
  // with its own connection to the event database.
  hub_check_ = std::async(std::launch::async, [url = settings_.hub, insecure = o_.insecure_hub, path = db_path_] {
    std::string why;
    std::unique_ptr<EventDb> db = EventDb::Open(path, &why);
    return LookAtHub(url, insecure, db.get());
  });
  Redraw();
}

void KioskApp::TakeCheckResults() {
  OrganiserView& view = organiser_.view;
  if (view.checking && hub_check_.valid() &&
      hub_check_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    check_lines_.push_back(CheckHubFacts(hub_check_.get()));
    view.checks = check_lines_;
    view.checking = false;
    Redraw();
  }
  if (flow_->view().screen != Screen::kOrganiser || view.tab != 5) return;
  // The camera, live: refreshed twice a second.
  static const int64_t kEveryMs = 500;
  if (Now() < next_camera_live_ms_) return;
  next_camera_live_ms_ = Now() + kEveryMs;
  const CameraFacts c = CameraNow();
  char live[160];
  std::snprintf(live, sizeof live, "%.1f frames/s, focus %.0f", c.fps, c.focus);
  std::string text = c.kind.empty() ? "no camera" : live;
  if (!c.status.empty()) text += " - " + c.status;
  text += c.decoded.empty() ? " - no badge read yet" : " - read " + c.decoded;
  if (text != view.camera_live) {
    view.camera_live = text;
    // The camera line follows what it sees now.
    for (CheckLine& l : check_lines_)
      if (l.check == "camera") l = CheckCamera(c);
    view.checks = check_lines_;
    Redraw();
  }
}

void KioskApp::TakeCornerTouch() {
  OrganiserView& view = organiser_.view;
  if (view.corner_step < 0 || pointer_.touches() == corner_touches_) return;
  corner_touches_ = pointer_.touches();
  corner_raw_[view.corner_step] = pointer_.last_touch_raw();
  if (++view.corner_step < 4) {
    Redraw();
    return;
  }
  view.corner_step = -1;
  Orientation rotation_only = orientation_;
  rotation_only.swap_xy = rotation_only.invert_x = rotation_only.invert_y = false;
  corners_done_ = true;
  corners_found_ = TouchFixFromCorners(rotation_only, corner_raw_, &corners_fix_);
  // The taps prove the fix: used at once (a volunteer with a mirrored panel
  // could not tap a button offering it); the check says how to keep it.
  if (corners_found_ && TouchAxesName(corners_fix_) != TouchAxesName(orientation_)) {
    const Orientation before = orientation_;
    orientation_ = corners_fix_;
    pointer_.Configure(display_.width, display_.height, orientation_, 12 * frame_.scale);
    corners_fix_ = orientation_;
    view.touch_fix = TouchAxesName(orientation_);
    RunChecks();
    // The touch line compares with what was in force when the corners were tapped.
    for (CheckLine& l : check_lines_)
      if (l.check == "touch") l = CheckTouch(SDL_GetNumTouchDevices(), before, true, true, orientation_);
    view.checks = check_lines_;
    return;
  }
  RunChecks();
}

int KioskApp::SelfCheckJson() {
  std::string why;
  if (!display_error_.empty() && !StartCamera(&why)) Warn(why);
  // A few seconds of camera: its frame rate, focus and any badge held up.
  const int64_t until = static_cast<int64_t>(SDL_GetTicks64()) + 3000;
  while (camera_ && static_cast<int64_t>(SDL_GetTicks64()) < until) {
    if (camera_->TakeLatest(&camera_frame_, &camera_seq_)) NoteCameraFrame();
    if (worker_)
      for (const auto& codes : worker_->TakeResults())
        if (!codes.empty()) check_decoded_ = codes[0].text;
    SDL_Delay(10);
  }
  std::vector<CheckLine> lines = LocalChecks(CameraNow());
  lines.push_back(CheckHubFacts(LookAtHub(settings_.hub, o_.insecure_hub, event_.db.get())));
  std::fputs(ChecksJson(lines).c_str(), stdout);
  return AllPassed(lines) ? 0 : 3;
}

}  // namespace

int RunKiosk(const KioskOptions& options) {
  KioskApp app(options);
  if (options.self_check_json) {
    const int code = app.Start();
    // Without a display the rest is still checked (and the display fails).
    if (code != 0 && code != 2) return code;
    return app.SelfCheckJson();
  }
  if (int code = app.Start(); code != 0) return code;
  while (app.running()) {
    app.WaitForWork();
    app.PumpInput();
    app.FeedScans();
    app.TickFlow();
    if (!app.NeedsFrame()) continue;
    if (!app.Draw()) return 1;
    app.Present();
  }
  return app.exit_code();
}

}  // namespace kindred
