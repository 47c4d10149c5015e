#include "kiosk/app.h"

#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <stb_image_write.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "kiosk/event_context.h"
#include "kiosk/flow.h"
#include "kiosk/paths.h"
#include "kiosk/scan_worker.h"
#include "kiosk/ui.h"
#include "scanner/decoder.h"
#include "scanner/image_replay.h"
#include "scanner/keyboard_wedge.h"
#include "scanner/v4l2_camera.h"

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

}  // namespace

int RunKiosk(const KioskOptions& o) {
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

  FlowConfig config;
  config.kiosk_id = o.kiosk_id;
  config.repeat_window_ms = static_cast<int64_t>(o.repeat_window_s) * 1000;
  config.event_public_key = event.public_key;
  KioskFlow flow(event.db.get(), event.matcher.get(), config);
  const bool screenshot_mode = !o.screenshot.empty();
  int64_t now = screenshot_mode ? 0 : static_cast<int64_t>(SDL_GetTicks64());
  DecoderOptions decoder;
  decoder.formats = formats;
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

  std::unique_ptr<FrameSource> camera;
  std::unique_ptr<ScanWorker> worker;
  const Uint32 wake_event = SDL_RegisterEvents(1);
  if (!screenshot_mode && !o.replay.empty()) {
    camera = ImageReplay::Open(o.replay, 30, 3000, &err);
    if (!camera) {
      std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
      return 1;
    }
  } else if (!screenshot_mode && !o.no_camera) {
    CameraOptions co;
    co.device = o.camera;
    co.width = o.camera_width;
    co.height = o.camera_height;
    camera = std::make_unique<V4l2Camera>(co);
  }
  if (camera) {
    worker = std::make_unique<ScanWorker>(camera.get(), decoder, [wake_event] {
      SDL_Event e{};
      e.type = wake_event;
      SDL_PushEvent(&e);
    });
  }

  KeyboardWedge wedge;
  UiFrame frame;
  frame.width = width;
  frame.height = height;
  frame.scale = scale;
  frame.event_name = o.event_name;
  GLuint preview = 0;
  std::vector<unsigned char> rgba;
  LumaImage camera_frame;
  uint64_t camera_seq = 0;

  // Render only when something changed; a few frames after each change let
  // ImGui settle its layout.
  int frames_to_draw = screenshot_mode ? 3 : 2;
  bool running = true;
  while (running) {
    if (!screenshot_mode) {
      int64_t t = static_cast<int64_t>(SDL_GetTicks64());
      int64_t wait = std::min<int64_t>(flow.next_deadline() - t, 1000);
      if (wedge.pending()) wait = std::min(wait, wedge.poll_interval_ms());
      if (camera) wait = std::min<int64_t>(wait, 33);  // camera preview at ~30 fps
      auto handle = [&](const SDL_Event& ev) {
        ImGui_ImplSDL2_ProcessEvent(&ev);
        frames_to_draw = 2;
        if (ev.type == SDL_QUIT) running = false;
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
      if (worker)
        for (const auto& codes : worker->TakeResults()) FeedCodes(codes, &flow, now);
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
      const FlowView before = flow.view();
      flow.Tick(now);
      if (flow.view().screen != before.screen || flow.view().notice != before.notice) frames_to_draw = 2;
      if (frames_to_draw == 0) continue;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    UiTaps taps = DrawKiosk(flow.view(), frame, fonts);
    if (taps.done) flow.OnDone(now);
    if (taps.any) flow.OnActivity(now);
    ImGui::Render();
    glViewport(0, 0, width, height);
    glClearColor(0.07f, 0.16f, 0.19f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    --frames_to_draw;
    if (screenshot_mode && frames_to_draw == 0) {
      if (!SaveScreenshot(width, height, o.screenshot, &err)) {
        std::fprintf(stderr, "kindred-kiosk: %s\n", err.c_str());
        return 1;
      }
      running = false;
    }
    SDL_GL_SwapWindow(display.window);
  }
  worker.reset();
  camera.reset();
  if (preview) glDeleteTextures(1, &preview);
  return 0;
}

}  // namespace kindred
