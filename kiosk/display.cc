#include "kiosk/display.h"

#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <stb_image_write.h>
#include <unistd.h>

#include "kiosk/ui.h"

#include <algorithm>
#include <cstdio>

namespace kindred {

Display::~Display() { Close(); }

void Display::Close() {
  // Let the driver finish the last frame before its context goes: Mesa's
  // llvmpipe can otherwise wait forever in eglDestroyContext for rasterizer
  // threads (seen offscreen, at exit after a tap).
  if (gl) glFinish();
  if (preview_) glDeleteTextures(1, &preview_);
  preview_ = 0;
  StopImGui();
  if (atlas_) IM_DELETE(atlas_);
  atlas_ = nullptr;
  if (gl) {
    SDL_GL_MakeCurrent(window, nullptr);
    SDL_GL_DeleteContext(gl);
  }
  gl = nullptr;
  if (window) SDL_DestroyWindow(window);
  window = nullptr;
  if (asked_width_ >= 0) SDL_Quit();
  asked_width_ = asked_height_ = -1;
}

void Display::StartImGui() {
  if (!atlas_) atlas_ = IM_NEW(ImFontAtlas)();
  IMGUI_CHECKVERSION();
  ImGui::CreateContext(atlas_);
  ImGui::GetIO().IniFilename = nullptr;  // a kiosk keeps no window layout
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init(glsl);
  imgui = true;
}

void Display::StopImGui() {
  if (!imgui) return;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  imgui = false;
}

bool Display::Open(int want_width, int want_height, std::string* err) {
  if (window && want_width == asked_width_ && want_height == asked_height_) {
    StopImGui();
    StartImGui();
    return true;
  }
  Close();
  asked_width_ = want_width;
  asked_height_ = want_height;
  Display* d = this;
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    *err = std::string("no display found (") + SDL_GetError() +
           "); for headless use set SDL_VIDEODRIVER=offscreen";
    return false;
  }
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  int w = want_width, h = want_height;
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
  StartImGui();
  std::fprintf(stderr, "kindred-kiosk: %s, OpenGL %s (%s), %dx%d\n", SDL_GetCurrentVideoDriver(),
               reinterpret_cast<const char*>(glGetString(GL_VERSION)),
               reinterpret_cast<const char*>(glGetString(GL_RENDERER)), w, h);
  d->renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  SDL_GL_GetDrawableSize(d->window, &d->width, &d->height);
  SetOrientation(orientation);
  return true;
}

void Display::SetOrientation(const Orientation& o) {
  orientation = o;
  InterfaceSize(o, width, height, &ui_width, &ui_height);
}

namespace {

// Turns one frame's draw lists from interface to panel coordinates: every
// vertex, and every clip rectangle (a quarter turn keeps it a rectangle).
void TurnDrawData(ImDrawData* data, const Orientation& o, int panel_w, int panel_h) {
  for (int n = 0; n < data->CmdListsCount; ++n) {
    ImDrawList* list = data->CmdLists[n];
    for (ImDrawVert& v : list->VtxBuffer) {
      const PointF p = InterfaceToPanel(o, {v.pos.x, v.pos.y}, panel_w, panel_h);
      v.pos = ImVec2(p.x, p.y);
    }
    for (ImDrawCmd& cmd : list->CmdBuffer) {
      const PointF a = InterfaceToPanel(o, {cmd.ClipRect.x, cmd.ClipRect.y}, panel_w, panel_h);
      const PointF b = InterfaceToPanel(o, {cmd.ClipRect.z, cmd.ClipRect.w}, panel_w, panel_h);
      cmd.ClipRect = ImVec4(std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y));
    }
  }
  data->DisplayPos = ImVec2(0, 0);
  data->DisplaySize = ImVec2(static_cast<float>(panel_w), static_cast<float>(panel_h));
}

}  // namespace

// Reads the back buffer and writes it as a PNG (rows flipped: GL is bottom-up).
bool Display::SaveScreenshot(const std::string& path, std::string* err) const {
  const int w = width, h = height;
  std::vector<unsigned char> pixels(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  const size_t row = static_cast<size_t>(w) * 4;
  for (int y = 0; y < h / 2; ++y)
    std::swap_ranges(pixels.begin() + y * row, pixels.begin() + (y + 1) * row,
                     pixels.begin() + (h - 1 - y) * row);
  // Written beside it, then renamed: whoever reads `path` meanwhile sees
  // the previous picture or this one whole, never half of one.
  const std::string part = path + ".part-" + std::to_string(getpid());
  // A screen is mostly flat colour: rows left unfiltered compress smaller and
  // three times faster than stb's per-row choice (a 1920x1080 screen: 72 ms
  // and 186 KB instead of 226 ms and 200 KB); its least effort is level 5.
  stbi_write_force_png_filter = 0;
  stbi_write_png_compression_level = 5;
  if (!stbi_write_png(part.c_str(), w, h, 4, pixels.data(), static_cast<int>(row)) ||
      std::rename(part.c_str(), path.c_str()) != 0) {
    std::remove(part.c_str());
    *err = "cannot write screenshot " + path;
    return false;
  }
  return true;
}

// Uploads a luminance frame as an RGBA texture (desktop GL core has no LUMINANCE).
void Display::UploadPreview(const LumaImage& frame) {
  GLuint* texture = &preview_;
  std::vector<unsigned char>* rgba = &rgba_;
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

void Display::BeginFrame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::GetIO().DisplaySize = ImVec2(static_cast<float>(ui_width), static_cast<float>(ui_height));
}

void Display::Render(bool rasterize) {
  ImGui::Render();
  if (!rasterize) return;
  if (orientation.degrees != 0) TurnDrawData(ImGui::GetDrawData(), orientation, width, height);
  glViewport(0, 0, width, height);
  glClearColor(0.07f, 0.16f, 0.19f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Display::ReloadFonts() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ReleaseFontFiles();
}

void Display::Present() {
  SDL_GL_SwapWindow(window);
  // Each frame is drawn before the next is begun. A swap does not always
  // wait (an offscreen or software renderer, a compositor): frames then
  // queue faster than they are drawn, and a finger held for two seconds
  // left seconds of frames to draw (measured with Mesa's llvmpipe: the
  // kiosk took 8 s to exit after such a hold).
  glFinish();
}

}  // namespace kindred
