// The kiosk's badges from pictures: --scan-image files, --replay folders and
// the camera with its scan worker.
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

std::string ScanHintText(ScanHint hint, const std::locale& loc) {
  switch (hint) {
    case ScanHint::kCloser: return Tr(loc, "Hold your badge a little closer");
    case ScanHint::kFurther: return Tr(loc, "Hold your badge a little further away");
    case ScanHint::kGlare: return Tr(loc, "Tilt your badge a little: a reflection hides the code");
    case ScanHint::kHoldStill: return Tr(loc, "Hold your badge still for a moment");
    case ScanHint::kNone: break;
  }
  return "";
}

void FeedCodes(const std::vector<DecodedCode>& codes, KioskFlow* flow, int64_t now_ms) {
  if (codes.size() >= 2 && codes[0].text != codes[1].text)
    flow->OnPairScan(codes[0].text, codes[1].text, now_ms);
  else if (!codes.empty())
    flow->OnScan(codes[0].text, now_ms);
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
    if (o_.camera_width > 0) ro.width = o_.camera_width, ro.height = o_.camera_height;
    ro.mains_hz = o_.mains_hz;
    ro.lens_dioptres = o_.lens_dioptres;
    camera_ = std::make_unique<RpicamCamera>(ro);
    camera_kind_ = "Pi camera module";
  } else if (settings_.camera) {
    CameraOptions co;
    co.device = o_.camera;
    // A badge's modules must be two pixels or more at 30-40 cm: a webcam's
    // 640x480 gives about one and a half (docs/camera-simulation.md).
    co.width = o_.camera_width > 0 ? o_.camera_width : 1280;
    co.height = o_.camera_height > 0 ? o_.camera_height : 720;
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

void KioskApp::FeedScans() {
  if (!camera_) return;
  const int64_t now = Now();
  if (worker_) {
    const bool checking = flow_->view().screen == Screen::kOrganiser && organiser_.view.tab == 5;
    const auto results = worker_->TakeResults();
    // After a second of a badge in view that does not read: what to change.
    const std::string hint = ScanHintText(hint_timer_.Update(worker_->hint(), !results.empty(), now), Loc());
    if (hint != frame_.scan_hint) {
      frame_.scan_hint = hint;
      Redraw();
    }
    for (const auto& codes : results) {
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

}  // namespace kindred
