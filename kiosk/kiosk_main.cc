// kindred-kiosk: the full-screen networking kiosk.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "kiosk/app.h"

int main(int argc, char** argv) {
  kindred::KioskOptions o;
  CLI::App app{"Kindred: scan your badge, meet people who share your passions."};
  app.add_option("--db", o.db_path, "Event database (default: <data dir>/event.db)");
  std::string size;
  app.add_option("--size", size, "Window size WxH instead of full screen, e.g. 800x480");
  app.add_option("--scan-image", o.scan_images, "Feed a badge image through the flow (repeatable)");
  app.add_option("--screenshot", o.screenshot, "Render the resulting screen to this PNG and exit");
  app.add_option("--camera", o.camera, "V4L2 camera device (default: the first one)");
  app.add_flag("--no-camera", o.no_camera, "Do not use a camera (keyboard-wedge scanners still work)");
  app.add_option("--formats", o.formats, "Code formats: qr,aztec,datamatrix,pdf417")->capture_default_str();
  app.add_option("--event-name", o.event_name, "Shown in the corner of every screen");
  app.add_option("--kiosk-id", o.kiosk_id, "This kiosk's name in saved encounters")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (!size.empty() && std::sscanf(size.c_str(), "%dx%d", &o.width, &o.height) != 2) {
    std::fprintf(stderr, "kindred-kiosk: --size must look like 800x480\n");
    return 1;
  }
  if (!size.empty() && (o.width < 200 || o.height < 200 || o.width > 8192 || o.height > 8192)) {
    std::fprintf(stderr, "kindred-kiosk: --size must be between 200x200 and 8192x8192\n");
    return 1;
  }
  return kindred::RunKiosk(o);
}
