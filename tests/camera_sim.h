// A kiosk camera's view of a badge held up to it, frame by frame: what the
// scanner's stream tests and scan-bench read. The model and its parameters
// are described in docs/camera-simulation.md; in short:
//  - the code is a plane in front of a pinhole camera (field of view,
//    distance, tilt in three axes, a card's curl), sampled several times per
//    pixel and several times within the exposure (motion blur);
//  - a hand brings it in from below the frame and holds it with tremor
//    (8-11 Hz) and slow drift; the camera's exposure time turns the code's
//    speed into blur;
//  - Camera Module 3's continuous autofocus starts at 1 m and settles on the
//    badge with a damped overshoot; a webcam's lens is fixed;
//  - light: a lanyard sleeve's haze and a specular highlight that slides as
//    the card tilts, a window's light across the card and flare over the
//    lens, low light with a long exposure and sensor gain (noise);
//  - a phone's screen: emitted light at a brightness setting, the beat of
//    its pixel grid with the sensor's (moire), the ceiling reflected in the
//    glass, and a crack across it;
//  - the sensor: linear light times exposure, shot and read noise, clipping,
//    and the camera's gamma, as the Y plane rpicam-vid or a UVC webcam gives.
// Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "scanner/decoder.h"
#include "scanner/luma_image.h"

namespace kindred::test {

// The camera: frame size and rate as Kindred asks for them, and its optics.
struct CameraModel {
  std::string name;
  int width = 1280, height = 960, fps = 15;
  double hfov_deg = 66;             // horizontal field of view
  bool autofocus = true;            // continuous autofocus, resting at 1 m
  double fixed_focus_m = 0.7;       // without autofocus: where the lens is focused
  double blur_px_per_dioptre = 2.1; // defocus blur (Gaussian sigma, px) per dioptre of focus error
  double mains_exposure_ms = 10;    // exposure in hall light (a whole mains period: no flicker)
};
CameraModel RpicamModule3();  // Camera Module 3 through rpicam-vid, 1280x960 at 15 frames/s
CameraModel UvcWebcam();      // a UVC webcam's YUYV 1280x720 at 10 frames/s, fixed focus

// Where and how a badge is held up.
enum class Condition {
  kHallLight,    // a printed badge, by hand, in even hall light
  kSleeveGlare,  // the same in a plastic lanyard sleeve under spot lights
  kWindow,       // beside a window: strong side light on the card, flare in the lens
  kLowLight,     // an evening mixer: dim light, long exposure, sensor gain
  kPhoneScreen,  // a ticket's code on a phone screen (moire, glass reflections, brightness, cracks)
};
const char* ConditionName(Condition c);
inline constexpr Condition kAllConditions[] = {Condition::kHallLight, Condition::kSleeveGlare, Condition::kWindow,
                                               Condition::kLowLight, Condition::kPhoneScreen};

// The badge codes Kindred reads: its own signed badges, vCards, pretix
// ticket secrets and Eventbrite barcodes, each at the size it is printed.
struct BadgeCode {
  std::string kind;     // "signed", "vcard", "pretix", "eventbrite"
  std::string payload;
  double code_mm = 30;  // side of the code with its quiet zone, as printed
};
// `count` codes, the four kinds in turn, with made-up people.
std::vector<BadgeCode> MakeBadgeCodes(int count, uint32_t seed);

// Everything about one exposure (the stream's state at one frame; a single
// degradation for still frames).
struct Shot {
  // Pose: the code's centre at (cx, cy) px, `distance_mm` away; turned in the
  // image plane (roll) and out of it (yaw, pitch), the card curled by
  // `curl_mm` (sagitta over the code's width).
  double cx = 0, cy = 0, distance_mm = 350, roll_deg = 0, yaw_deg = 0, pitch_deg = 0, curl_mm = 0;
  // Optics: the code's travel during the exposure (px) and the defocus blur (sigma, px).
  double motion_dx = 0, motion_dy = 0, defocus_px = 0.4;
  // Light, linear (1 = paper in hall light at the hall's exposure).
  double illumination = 1;     // light on the card
  double side_light = 0;       // extra light rising across the card to this much at one edge (a window)
  double flare = 0;            // veiling light over the whole frame
  double exposure = 1;         // gain: radiance x exposure = 1 is white, above clips
  double noise = 0.004;        // read noise (sigma, linear); shot noise grows with the signal
  // A lanyard sleeve: haze over the card and a specular highlight (in code
  // widths from its centre).
  bool sleeve = false;
  double haze = 0, glare_peak = 0, glare_u = 0, glare_v = 0, glare_radius = 0.2;
  // A phone's screen instead of paper.
  bool screen = false;
  double screen_brightness = 1;  // white on the screen, relative to paper in hall light
  double moire_amplitude = 0, moire_period_px = 9, moire_angle_deg = 20;
  double screen_reflection = 0;  // the ceiling's light reflected in the glass (a soft patch)
  double reflection_u = 0, reflection_v = 0;
  bool cracked = false;
  uint32_t crack_seed = 0;
};

// Renders one frame of `camera` with `code` posed and lit as `shot` says.
// `rng` draws the sensor noise.
LumaImage RenderShot(const CameraModel& camera, const QrMatrix& code, double code_mm, const Shot& shot,
                     std::mt19937* rng);

struct SimFrame {
  LumaImage image;
  double t = 0;              // seconds since the code was first whole in the frame (negative before)
  double defocus_px = 0;     // this frame's blur, for reports
  double motion_px = 0;
};

// One badge held up: brought in from below the frame for about 0.4 s, then
// held for `hold_seconds` with tremor and drift, under `condition`.
class BadgeStream {
 public:
  BadgeStream(const CameraModel& camera, const BadgeCode& code, Condition condition, uint32_t seed,
              double hold_seconds = 3);
  // The next frame; false after the last.
  bool Next(SimFrame* frame);
  // True when the code could not be drawn (too long for a QR code).
  bool failed() const { return failed_; }

 private:
  Shot ShotAt(double t) const;  // t: seconds since the stream began
  bool CodeWhollyInFrame(const Shot& s) const;

  CameraModel camera_;
  BadgeCode code_;
  Condition condition_;
  QrMatrix matrix_;
  double code_mm_ = 30;  // as shown: printed, or on a phone's screen
  bool failed_ = false;
  std::mt19937 rng_;
  int index_ = 0;
  int frames_ = 0;
  double approach_s_ = 0.4;
  double held_at_ = -1;  // stream time the code was first whole in the frame
  // The hold, drawn once per stream.
  double hold_x_ = 0, hold_y_ = 0, distance_mm_ = 350, roll_ = 0, yaw_ = 0, pitch_ = 0, curl_ = 0;
  double tremor_hz_ = 9, tremor_mm_ = 0.6, tremor_phase_ = 0, drift_mm_ = 3, drift_phase_ = 0;
  double af_tau_ = 0.25, af_period_ = 0.6;
  Shot light_;  // the condition's light, drawn once per stream
};

// Frames without any code, moving: a face, hands, a printed page of text and
// a lanyard, in hall light. For counting false reads.
class NoCodeStream {
 public:
  NoCodeStream(const CameraModel& camera, uint32_t seed, int frames);
  bool Next(LumaImage* frame);

 private:
  CameraModel camera_;
  std::mt19937 rng_;
  int index_ = 0, frames_;
};

}  // namespace kindred::test
