// The kiosk's window: SDL2, an OpenGL context and Dear ImGui's backends, set
// up and torn down in order. The only file that talks to SDL's video and GL.
#pragma once

#include <string>
#include <vector>

#include "kiosk/orientation.h"
#include "scanner/luma_image.h"

struct ImFontAtlas;
struct SDL_Window;

namespace kindred {

class Display {
 public:
  Display() = default;
  ~Display();
  Display(const Display&) = delete;
  Display& operator=(const Display&) = delete;

  // Opens a width x height window (0 x 0: full screen at the display's size)
  // with the newest OpenGL context the driver offers (3.2 core, 3.0, 2.1) and
  // Dear ImGui on it. On failure returns false with a one-line reason.
  // Open again at the size it is open at: the window, the GL context and the
  // font atlas stay, and Dear ImGui starts over with a fresh context (no
  // window, scroll, focus or text field of the last run is left). At
  // another size it is closed and opened anew.
  bool Open(int width, int height, std::string* err);
  // Closes Dear ImGui, the GL context and the window, and quits SDL's
  // video. Open may follow. (The destructor closes.)
  void Close();

  // Turns the interface on the panel (a panel mounted on its side or upside
  // down): ui_width x ui_height become the panel's size turned, and each
  // frame's draw lists are turned as they are drawn, which costs no extra
  // pass over the pixels. Call after Open.
  void SetOrientation(const Orientation& o);

  // One frame: BeginFrame, then ImGui::NewFrame() ... the UI ... then Render
  // and Present (swap buffers). Render(false) ends the ImGui frame and draws
  // no pixels (a frame no one will see: a screenshot's settling frames).
  void BeginFrame();
  void Render(bool rasterize = true);
  void Present();
  // The font atlas was built again (more characters): its texture too.
  void ReloadFonts();

  // Writes the back buffer of the last Render as a PNG, whole or not at all
  // (written beside `path`, then renamed over it).
  bool SaveScreenshot(const std::string& path, std::string* err) const;

  // Shows `frame` as the camera preview texture (preview_texture()).
  void UploadPreview(const LumaImage& frame);
  unsigned int preview_texture() const { return preview_; }

  SDL_Window* window = nullptr;
  void* gl = nullptr;                 // SDL_GLContext
  const char* glsl = "#version 130";  // the shading language of the context we got
  bool imgui = false;
  std::string renderer;  // GL_RENDERER: "V3D 7.1" on a Pi 5, "llvmpipe ..." in software
  int width = 0;  // the drawable (the panel), in pixels
  int height = 0;
  int ui_width = 0;  // what the interface lays out: the panel, turned
  int ui_height = 0;
  Orientation orientation;

 private:
  void StartImGui();  // a fresh ImGui context on the window, sharing atlas_
  void StopImGui();

  int asked_width_ = -1;  // Open's arguments, while open
  int asked_height_ = -1;
  ImFontAtlas* atlas_ = nullptr;  // the fonts, kept across ImGui contexts
  unsigned int preview_ = 0;
  std::vector<unsigned char> rgba_;
};

}  // namespace kindred
