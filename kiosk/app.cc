#include "kiosk/app.h"

#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <nlohmann/json.hpp>
#include <stb_image_write.h>

#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "kiosk/dashboard.h"
#include "kiosk/event_context.h"
#include "kiosk/kiosk_settings.h"
#include "kiosk/organiser.h"
#include "kiosk/organiser_pin.h"
#include "kiosk/flow.h"
#include "kiosk/paths.h"
#include "kiosk/scan_worker.h"
#include "kiosk/sounds.h"
#include "kiosk/ui.h"
#include "scanner/decoder.h"
#include "scanner/image_replay.h"
#include "scanner/keyboard_wedge.h"
#include "scanner/v4l2_camera.h"
#include "storage/roster.h"

namespace kindred {

namespace {

// Owns the SDL window and GL context; tears them down in order.
struct Display {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  const char* glsl = "#version 130";  // the shading language of the context we got
  bool imgui = false;
  ~Display() {
    if (imgui) {
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplSDL2_Shutdown();
      ImGui::DestroyContext();
    }
    if (gl) SDL_GL_DeleteContext(gl);
    if (window) SDL_DestroyWindow(window);
    SDL_Quit();
  }
};

bool OpenDisplay(const KioskOptions& o, Display* d, std::string* err) {
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    *err = std::string("no display found (") + SDL_GetError() +
           "); for headless use set SDL_VIDEODRIVER=offscreen";
    return false;
  }
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  int w = o.width, h = o.height;
  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  if (w <= 0 || h <= 0) {
    SDL_DisplayMode mode;
    if (SDL_GetDesktopDisplayMode(0, &mode) == 0) w = mode.w, h = mode.h;
    else w = 800, h = 480;
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  }
  // Debian's ImGui renders with desktop OpenGL. Ask for the newest context a
  // driver may offer first, then older ones: the Pi's V3D offers desktop GL
  // through EGL, but not every profile on every driver version.
  struct Attempt {
    int profile, major, minor;
    const char* glsl;
  };
  const Attempt attempts[] = {{SDL_GL_CONTEXT_PROFILE_CORE, 3, 2, "#version 150"},
                              {0, 3, 0, "#version 130"},
                              {0, 2, 1, "#version 120"}};
  std::string why;
  for (const Attempt& a : attempts) {
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, a.profile);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, a.major);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, a.minor);
    if (d->window) SDL_DestroyWindow(d->window);
    d->window = SDL_CreateWindow("Kindred", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!d->window) {
      *err = std::string("cannot open a window: ") + SDL_GetError();
      return false;
    }
    d->gl = SDL_GL_CreateContext(d->window);
    if (d->gl) {
      d->glsl = a.glsl;
      break;
    }
    why += std::string(why.empty() ? "" : "; ") + std::to_string(a.major) + "." + std::to_string(a.minor) + ": " +
           SDL_GetError();
  }
  if (!d->gl) {
    *err = "cannot create an OpenGL context (" + why + ")";
    return false;
  }
  SDL_GL_MakeCurrent(d->window, d->gl);
  SDL_GL_SetSwapInterval(1);  // vsync: no tearing, and no busy GPU
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // a kiosk keeps no window layout
  ImGui_ImplSDL2_InitForOpenGL(d->window, d->gl);
  ImGui_ImplOpenGL3_Init(d->glsl);
  std::fprintf(stderr, "kindred-kiosk: %s, OpenGL %s (%s), %dx%d\n", SDL_GetCurrentVideoDriver(),
               reinterpret_cast<const char*>(glGetString(GL_VERSION)),
               reinterpret_cast<const char*>(glGetString(GL_RENDERER)), w, h);
  d->imgui = true;
  return true;
}

// Reads the back buffer and writes it as a PNG (rows flipped: GL is bottom-up).
bool SaveScreenshot(int w, int h, const std::string& path, std::string* err) {
  std::vector<unsigned char> pixels(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  const size_t row = static_cast<size_t>(w) * 4;
  for (int y = 0; y < h / 2; ++y)
    std::swap_ranges(pixels.begin() + y * row, pixels.begin() + (y + 1) * row,
                     pixels.begin() + (h - 1 - y) * row);
  if (!stbi_write_png(path.c_str(), w, h, 4, pixels.data(), static_cast<int>(row))) {
    *err = "cannot write screenshot " + path;
    return false;
  }
  return true;
}

// Uploads a luminance frame as an RGBA texture (desktop GL core has no LUMINANCE).
void UploadPreview(const LumaImage& frame, GLuint* texture, std::vector<unsigned char>* rgba) {
  if (*texture == 0) {
    glGenTextures(1, texture);
    glBindTexture(GL_TEXTURE_2D, *texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  }
  rgba->resize(static_cast<size_t>(frame.width()) * frame.height() * 4);
  const uint8_t* src = frame.data();
  for (size_t i = 0, n = static_cast<size_t>(frame.width()) * frame.height(); i < n; ++i) {
    (*rgba)[4 * i] = (*rgba)[4 * i + 1] = (*rgba)[4 * i + 2] = src[i];
    (*rgba)[4 * i + 3] = 255;
  }
  glBindTexture(GL_TEXTURE_2D, *texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, frame.width(), frame.height(), 0, GL_RGBA, GL_UNSIGNED_BYTE,
               rgba->data());
}

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
    case A::kOrganiserTab:
    case A::kImportFile:
    case A::kExportTo:
    case A::kQuitKiosk:
    case A::kSettingToggle:
    case A::kSettingStep:
    case A::kSettingEdit:
    case A::kSettingText:
    case A::kSettingDone:
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
      {"intent", A::kToggleIntent}, {"edit-note", A::kEditNote},      {"note", A::kNoteText},
      {"close-note", A::kCloseNote}, {"save", A::kSaveCard},   {"pin", A::kOpenPin},
      {"digit", A::kPinDigit},       {"pin-ok", A::kPinSubmit},  {"tab", A::kOrganiserTab},
      {"import", A::kImportFile},    {"export", A::kExportTo},    {"setting", A::kSettingToggle},
      {"setting-step", A::kSettingStep}};
  for (const auto& [n, action] : kNames) {
    if (name != n) continue;
    t->action = action;
    t->text = arg;
    t->index = static_cast<size_t>(std::atoi(arg.c_str()));
    return true;
  }
  return false;
}

bool SaveLayout(const std::vector<LaidOut>& layout, const FlowView& view, int w, int h, const std::string& path,
                std::string* err) {
  static const char* const kScreens[] = {"attract", "search", "pick-passions", "welcome",
                                         "card",    "saved",  "pin",           "organiser"};
  nlohmann::json j{{"width", w}, {"height", h}, {"screen", kScreens[static_cast<int>(view.screen)]},
                   {"items", nlohmann::json::array()}};
  for (const LaidOut& l : layout)
    j["items"].push_back({{"text", l.text}, {"x0", l.x0}, {"y0", l.y0}, {"x1", l.x1}, {"y1", l.y1},
                          {"button", l.button}, {"visible", l.visible}});
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    *err = "cannot write " + path;
    return false;
  }
  std::string text = j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
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
std::vector<std::string> TextsToRender(const std::vector<Attendee>& roster) {
  std::vector<std::string> texts;
  texts.reserve(roster.size() * 2);
  for (const Attendee& a : roster) {
    texts.push_back(a.name);
    texts.push_back(JoinList(a.passions));
  }
  return texts;
}

// Organiser mode's own work: tabs, imports from USB, exports to USB.
struct Organiser {
  OrganiserView view;
  std::unique_ptr<ExportJob> job;

  void Refresh(EventDb& db) {
    std::string err;
    if (!ComputeDashboard(db, &view.stats, &err)) view.status = "Could not read the dashboard: " + err;
    view.roster_files = FindRosterFiles(UsbRoots());
    view.export_targets = FindExportTargets(UsbRoots());
  }
};

}  // namespace

int RunKiosk(const KioskOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  bool first_frame = true;
  std::string err;
  std::string db_path = o.db_path;
  if (db_path.empty()) {
    std::string dir = DataDir(&err);
    if (dir.empty()) {
      std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
      return 1;
    }
    db_path = (std::filesystem::path(dir) / "event.db").string();
  }
  uint32_t formats = kQrCode;
  if (!ParseCodeFormats(o.formats, &formats, &err)) {
    std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
    return 1;
  }
  EventContext event;
  if (!OpenEvent(db_path, AssetsDir(), &event, &err)) {
    std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
    return 1;
  }
  std::vector<Attendee> roster;
  if (!event.db->LoadAttendees(&roster, &err)) {
    std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
    return 1;
  }
  if (roster.empty())
    std::fprintf(stderr, "kindred-kiosk: %s has no attendees yet; import a roster with "
                         "'kindred import ROSTER.csv --db %s'\n", db_path.c_str(), db_path.c_str());

  Display display;
  if (!OpenDisplay(o, &display, &err)) {
    std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
    return 2;
  }
  int width = 0, height = 0;
  SDL_GL_GetDrawableSize(display.window, &width, &height);
  const float scale = UiScaleFor(width, height);
  std::string font_warning;
  UiFonts fonts = LoadUiFonts(scale, TextsToRender(roster), &font_warning);
  if (!font_warning.empty()) std::fprintf(stderr, "kindred-kiosk: %s\n", font_warning.c_str());

  // Settings: flags given on the command line win over those saved on the kiosk.
  KioskSettings settings;
  settings.event_name = o.event_name;
  settings.kiosk_id = o.kiosk_id;
  settings.sounds = o.sounds;
  settings.camera = !o.no_camera;
  settings.formats = formats;
  {
    KioskSettings stored = settings;
    if (!LoadKioskSettings(*event.db, &stored, &err)) {
      std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
      return 1;
    }
    if (!o.given.count("event-name")) settings.event_name = stored.event_name;
    if (!o.given.count("kiosk-id")) settings.kiosk_id = stored.kiosk_id;
    if (!o.given.count("no-sounds")) settings.sounds = stored.sounds;
    if (!o.given.count("no-camera")) settings.camera = stored.camera;
    if (!o.given.count("formats")) settings.formats = stored.formats;
    settings.idle_timeout_s = stored.idle_timeout_s;
  }
  FlowConfig config;
  config.kiosk_id = settings.kiosk_id;
  config.idle_timeout_ms = settings.idle_timeout_s * 1000LL;
  config.repeat_window_ms = static_cast<int64_t>(o.repeat_window_s) * 1000;
  config.event_public_key = event.public_key;
  if (event.db->GetSetting(kPinSetting, &config.organiser_pin_hash, &err) == Lookup::kError) {
    std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
    return 1;
  }
  KioskFlow flow(event.db.get(), event.matcher.get(), config);
  const bool screenshot_mode = !o.screenshot.empty();
  int64_t now = screenshot_mode ? 0 : static_cast<int64_t>(SDL_GetTicks64());
  DecoderOptions decoder;
  decoder.formats = settings.formats;
  for (const std::string& path : o.scan_images) {
    LumaImage image;
    if (!LoadLumaImage(path, &image, &err)) {
      std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
      flow.OnProblem("That picture could not be read - please try another", now);
    } else if (std::vector<DecodedCode> codes = DecodeCodes(image.view(), decoder); codes.empty()) {
      std::fprintf(stderr, "kindred-kiosk: no code found in %s\n", path.c_str());
      flow.OnProblem("No badge code found - hold the badge flat and closer", now);
    } else {
      FeedCodes(codes, &flow, now);
    }
    if (screenshot_mode) now += 1000;
  }
  UiFrame frame;
  frame.width = width;
  frame.height = height;
  frame.scale = scale;
  frame.event_name = settings.event_name;

  // The camera and its decoding thread; restarted when settings change.
  std::unique_ptr<FrameSource> camera;
  std::unique_ptr<ScanWorker> worker;
  const Uint32 wake_event = SDL_RegisterEvents(1);
  auto start_camera = [&]() -> bool {
    worker.reset();
    camera.reset();
    frame.preview_texture = 0;
    frame.camera_status.clear();
    if (screenshot_mode) return true;
    if (!o.replay.empty()) {
      camera = ImageReplay::Open(o.replay, 30, 3000, &err);
      if (!camera) return false;
    } else if (settings.camera) {
      CameraOptions co;
      co.device = o.camera;
      co.width = o.camera_width;
      co.height = o.camera_height;
      camera = std::make_unique<V4l2Camera>(co);
    }
    if (camera) {
      DecoderOptions d;
      d.formats = settings.formats;
      worker = std::make_unique<ScanWorker>(camera.get(), d, [wake_event] {
        SDL_Event e{};
        e.type = wake_event;
        SDL_PushEvent(&e);
      });
    }
    return true;
  };
  Sounds sounds;
  bool sounds_open = false;
  auto apply_settings = [&] {
    frame.event_name = settings.event_name;
    FlowConfig c = flow.config();
    c.kiosk_id = settings.kiosk_id;
    c.idle_timeout_ms = settings.idle_timeout_s * 1000LL;
    flow.Reconfigure(c);
    if (settings.sounds && !sounds_open && !screenshot_mode) {
      sounds_open = sounds.Open();
      if (!sounds_open) std::fprintf(stderr, "kindred-kiosk: no audio output; running without sounds\n");
    }
  };
  apply_settings();

  bool note_keyboard = false;
  bool running = true;
  Organiser organiser;
  // Organiser actions need the app: the database, the files, the fonts.
  auto handle_organiser = [&](const UiTaps& tap) {
    using A = UiTaps::Action;
    std::string why;
    if (tap.action == A::kOrganiserTab) {
      organiser.view.tab = static_cast<int>(tap.index);
      organiser.Refresh(*event.db);
    } else if (tap.action == A::kImportFile && tap.index < organiser.view.roster_files.size()) {
      const std::string& path = organiser.view.roster_files[tap.index];
      Roster imported;
      EventDb::UpsertCounts counts;
      if (!ImportRosterFile(path, *event.db, &imported, &counts, &why)) {
        organiser.view.status = "Nothing imported: " + why;
      } else if (!ReloadMatcher(AssetsDir(), &event, &why)) {
        organiser.view.status = "Imported, but suggestions could not be rebuilt: " + why;
      } else {
        organiser.view.status = "Imported " + std::to_string(counts.inserted + counts.updated) + " attendees (" +
                                std::to_string(counts.inserted) + " new); " + std::to_string(imported.rejected.size()) +
                                " lines rejected" +
                                (imported.rejected.empty()
                                     ? ""
                                     : ", the first on line " + std::to_string(imported.rejected[0].line) + ": " +
                                           imported.rejected[0].reason);
      }
      organiser.Refresh(*event.db);
    } else if (tap.action == A::kExportTo && tap.index < organiser.view.export_targets.size() && !organiser.job) {
      organiser.view.progress = 0;
      organiser.view.status.clear();
      organiser.job = std::make_unique<ExportJob>(
          db_path, organiser.view.export_targets[tap.index] + "/kindred-export-" + UtcStampForFileName(),
          o.event_name.empty() ? "the event" : o.event_name);
    } else if (tap.action == A::kQuitKiosk) {
      running = false;
    } else if (tap.action == A::kSettingEdit) {
      organiser.view.editing = static_cast<int>(tap.index);
    } else if (tap.action == A::kSettingDone) {
      organiser.view.editing = -1;
    } else if (tap.action == A::kSettingText || tap.action == A::kSettingToggle || tap.action == A::kSettingStep) {
      KioskSettings& k = organiser.view.settings;
      const KioskSettings before = k;
      if (tap.action == A::kSettingText && organiser.view.editing == 0) k.event_name = tap.text.substr(0, 60);
      if (tap.action == A::kSettingText && organiser.view.editing == 1 && !tap.text.empty())
        k.kiosk_id = tap.text.substr(0, 40);
      if (tap.action == A::kSettingStep)
        k.idle_timeout_s = std::clamp(k.idle_timeout_s + (tap.text == "-" ? -15 : 15), 15, 600);
      if (tap.action == A::kSettingToggle) {
        if (tap.index == 0) k.sounds = !k.sounds;
        else if (tap.index == 1) k.camera = !k.camera;
        else if (tap.index <= 5 && (k.formats ^ (1u << (tap.index - 2))) != 0) k.formats ^= 1u << (tap.index - 2);
      }
      if (!SaveKioskSettings(*event.db, k, &why)) organiser.view.status = "Settings not saved: " + why;
      settings = k;
      apply_settings();
      if ((k.camera != before.camera || k.formats != before.formats) && !start_camera())
        organiser.view.status = "Camera: " + err;
    }
  };
  organiser.view.settings = settings;
  Screen shown = flow.view().screen;
  for (const std::string& spec : o.then) {
    UiTaps tap;
    if (!ParseTap(spec, &tap)) {
      std::fprintf(stderr, "kindred-kiosk: unknown --then action '%s'\n", spec.c_str());
      return 1;
    }
    ApplyTap(tap, &flow, &note_keyboard, now);
    if (flow.view().screen == Screen::kOrganiser && shown != Screen::kOrganiser) organiser.Refresh(*event.db);
    shown = flow.view().screen;
    handle_organiser(tap);
    if (screenshot_mode) now += 500;
  }
  if (!start_camera()) {
    std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
    return 1;
  }
  uint64_t feedback_played = flow.view().feedback_seq;
  std::vector<LaidOut> layout;

  KeyboardWedge wedge;
  bool finger_down = false, touch_input = false;
  int64_t outlines_until = 0;
  GLuint preview = 0;
  std::vector<unsigned char> rgba;
  LumaImage camera_frame;
  uint64_t camera_seq = 0;

  // Render only when something changed; a few frames after each change let
  // ImGui settle its layout.
  int frames_to_draw = screenshot_mode ? 3 : 2;
  frame.organiser = &organiser.view;
  while (running) {
    if (!screenshot_mode) {
      int64_t t = static_cast<int64_t>(SDL_GetTicks64());
      int64_t wait = std::min<int64_t>(flow.next_deadline() - t, 1000);
      if (wedge.pending()) wait = std::min(wait, wedge.poll_interval_ms());
      if (camera) wait = std::min<int64_t>(wait, 33);  // camera preview at ~30 fps
      // A held finger (the organiser corner) or an export under way: keep drawing.
      if (ImGui::GetIO().MouseDown[0] || organiser.job) {
        wait = std::min<int64_t>(wait, 100);
        frames_to_draw = std::max(frames_to_draw, 1);
      }
      auto handle = [&](const SDL_Event& ev) {
        ImGui_ImplSDL2_ProcessEvent(&ev);
        frames_to_draw = 2;
        if (ev.type == SDL_QUIT) running = false;
        if (ev.type == SDL_FINGERDOWN) finger_down = touch_input = true;
        if (ev.type == SDL_FINGERUP) finger_down = false;
        if (ev.type == SDL_MOUSEMOTION && ev.motion.which != SDL_TOUCH_MOUSEID) touch_input = false;
        if (ev.type == SDL_TEXTINPUT) wedge.OnText(ev.text.text, ev.text.timestamp);
        if (ev.type == SDL_KEYDOWN &&
            (ev.key.keysym.sym == SDLK_RETURN || ev.key.keysym.sym == SDLK_KP_ENTER)) {
          if (auto scan = wedge.OnEnter(ev.key.timestamp)) flow.OnScan(*scan, now);
        }
      };
      SDL_Event ev;
      bool have_event =
          frames_to_draw == 0 && SDL_WaitEventTimeout(&ev, static_cast<int>(std::max<int64_t>(wait, 1)));
      now = static_cast<int64_t>(SDL_GetTicks64());
      if (have_event) handle(ev);
      while (SDL_PollEvent(&ev)) handle(ev);
      if (auto scan = wedge.Poll(static_cast<int64_t>(SDL_GetTicks64()))) {
        flow.OnScan(*scan, now);
        frames_to_draw = 2;
      }
      if (worker) {
        for (const auto& codes : worker->TakeResults()) {
          FeedCodes(codes, &flow, now);
          // Outline the codes being read in the preview, briefly.
          frame.outlines.clear();
          for (const DecodedCode& c : codes) frame.outlines.push_back(c.corners);
          outlines_until = now + 400;
        }
        if (!frame.outlines.empty() && now > outlines_until) {
          frame.outlines.clear();
          frames_to_draw = std::max(frames_to_draw, 1);
        }
      }
      if (camera) {
        if (camera->TakeLatest(&camera_frame, &camera_seq)) {
          UploadPreview(camera_frame, &preview, &rgba);
          frame.preview_texture = preview;
          frame.preview_width = camera_frame.width();
          frame.preview_height = camera_frame.height();
          frames_to_draw = std::max(frames_to_draw, 1);
        }
        std::string status = camera->status();
        if (status != frame.camera_status) {
          frame.camera_status = status;
          frames_to_draw = 2;
        }
      }
      const Screen before_screen = flow.view().screen;
      const std::string before_notice = flow.view().notice;
      flow.Tick(now);
      if (flow.view().screen != before_screen || flow.view().notice != before_notice) frames_to_draw = 2;
      if (flow.view().feedback_seq != feedback_played) {
        feedback_played = flow.view().feedback_seq;
        if (settings.sounds) sounds.Play(flow.view().tone);
      }
      if (flow.view().screen != Screen::kCard) note_keyboard = false;
      if (flow.view().screen == Screen::kOrganiser && shown != Screen::kOrganiser) organiser.Refresh(*event.db);
      shown = flow.view().screen;
      if (organiser.job) {
        organiser.view.progress = organiser.job->progress();
        if (organiser.job->done()) {
          organiser.view.status = organiser.job->status();
          organiser.view.progress = -1;
          organiser.job.reset();
        }
      }
      if (frames_to_draw == 0) continue;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    // Touch is not a mouse: once the finger lifts, nothing stays hovered.
    if (touch_input && !finger_down && !ImGui::GetIO().MouseDown[0])
      ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    frame.note_keyboard = note_keyboard;
    layout.clear();
    frame.layout = screenshot_mode && !o.layout.empty() ? &layout : nullptr;
    UiTaps taps = DrawKiosk(flow.view(), frame, fonts);
    ApplyTap(taps, &flow, &note_keyboard, now);
    handle_organiser(taps);
    if (taps.any) flow.OnActivity(now);
    ImGui::Render();
    glViewport(0, 0, width, height);
    glClearColor(0.07f, 0.16f, 0.19f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    --frames_to_draw;
    if (screenshot_mode && frames_to_draw == 0) {
      if (!SaveScreenshot(width, height, o.screenshot, &err) ||
          (!o.layout.empty() && !SaveLayout(layout, flow.view(), width, height, o.layout, &err))) {
        std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
        return 1;
      }
      running = false;
    }
    SDL_GL_SwapWindow(display.window);
    if (first_frame) {
      first_frame = false;
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
      std::fprintf(stderr, "kindred-kiosk: first frame after %lld ms (%zu attendees)\n",
                   static_cast<long long>(ms.count()), roster.size());
    }
  }
  worker.reset();
  camera.reset();
  if (preview) glDeleteTextures(1, &preview);
  return 0;
}

}  // namespace kindred
