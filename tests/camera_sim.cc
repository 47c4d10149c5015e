#include "tests/camera_sim.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <sodium.h>

#include "scanner/badge_signing.h"

namespace kindred::test {

namespace {

constexpr double kPi = 3.14159265358979;

double Rad(double deg) { return deg * kPi / 180; }

// Linear light to the camera's 8-bit output (gamma 1/2.2), by table.
const std::array<uint8_t, 4097>& GammaTable() {
  static const std::array<uint8_t, 4097> table = [] {
    std::array<uint8_t, 4097> t{};
    for (int i = 0; i <= 4096; ++i) t[i] = static_cast<uint8_t>(std::lround(255 * std::pow(i / 4096.0, 1 / 2.2)));
    return t;
  }();
  return table;
}

// Standard normal numbers, drawn once: a frame reads them from a random place.
const std::vector<float>& NoiseTable() {
  static const std::vector<float> table = [] {
    std::mt19937 rng(12345);
    std::normal_distribution<float> n(0, 1);
    std::vector<float> t(1 << 16);
    for (float& v : t) v = n(rng);
    return t;
  }();
  return table;
}

// A 3x3 matrix, row-major.
using Mat3 = std::array<double, 9>;

Mat3 Multiply(const Mat3& a, const Mat3& b) {
  Mat3 r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) r[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
  return r;
}

bool Invert(const Mat3& m, Mat3* out) {
  const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                     m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (std::fabs(det) < 1e-12) return false;
  const double d = 1 / det;
  *out = {(m[4] * m[8] - m[5] * m[7]) * d, (m[2] * m[7] - m[1] * m[8]) * d, (m[1] * m[5] - m[2] * m[4]) * d,
          (m[5] * m[6] - m[3] * m[8]) * d, (m[0] * m[8] - m[2] * m[6]) * d, (m[2] * m[3] - m[0] * m[5]) * d,
          (m[3] * m[7] - m[4] * m[6]) * d, (m[1] * m[6] - m[0] * m[7]) * d, (m[0] * m[4] - m[1] * m[3]) * d};
  return true;
}

// The code's plane in the camera: card millimetres (u right, v down, from the
// code's centre) to pixels, and back.
struct Projection {
  double f = 1, half_w = 0, half_h = 0, distance = 350, curl = 0, half_side = 15;
  Mat3 plane{};    // [R0 R1 T]: card (u, v, 1) to camera coordinates (mm)
  Mat3 inverse{};  // camera ray to card (u, v, 1), up to scale

  Projection(const CameraModel& cam, const Shot& s, double side_mm) {
    f = (cam.width / 2.0) / std::tan(Rad(cam.hfov_deg) / 2);
    half_w = cam.width / 2.0;
    half_h = cam.height / 2.0;
    distance = s.distance_mm;
    curl = s.curl_mm;
    half_side = side_mm / 2;
    const double cr = std::cos(Rad(s.roll_deg)), sr = std::sin(Rad(s.roll_deg));
    const double cy = std::cos(Rad(s.yaw_deg)), sy = std::sin(Rad(s.yaw_deg));
    const double cp = std::cos(Rad(s.pitch_deg)), sp = std::sin(Rad(s.pitch_deg));
    const Mat3 rz{cr, -sr, 0, sr, cr, 0, 0, 0, 1};
    const Mat3 ry{cy, 0, sy, 0, 1, 0, -sy, 0, cy};
    const Mat3 rx{1, 0, 0, 0, cp, -sp, 0, sp, cp};
    const Mat3 r = Multiply(rz, Multiply(ry, rx));
    const double tx = (s.cx - half_w) * distance / f, ty = (s.cy - half_h) * distance / f;
    plane = {r[0], r[1], tx, r[3], r[4], ty, r[6], r[7], distance};
    if (!Invert(plane, &inverse)) inverse = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  }

  // Pixel to card millimetres; false when the ray misses the card's side.
  bool ToCard(double x, double y, double* u, double* v) const {
    const double dx = (x - half_w) / f, dy = (y - half_h) / f;
    const double a = inverse[0] * dx + inverse[1] * dy + inverse[2];
    const double b = inverse[3] * dx + inverse[4] * dy + inverse[5];
    const double c = inverse[6] * dx + inverse[7] * dy + inverse[8];
    if (c <= 1e-9) return false;
    *u = a / c;
    *v = b / c;
    // A curled card: points away from the middle lie further back, so a ray
    // meets them further out (first order in the curl).
    if (curl != 0) {
      const double w = curl * (*u / half_side) * (*u / half_side);
      *u *= 1 + w / distance;
      *v *= 1 + w / distance;
    }
    return true;
  }

  void ToPixel(double u, double v, double* x, double* y) const {
    const double X = plane[0] * u + plane[1] * v + plane[2];
    const double Y = plane[3] * u + plane[4] * v + plane[5];
    const double Z = plane[6] * u + plane[7] * v + plane[8];
    *x = half_w + f * X / Z;
    *y = half_h + f * Y / Z;
  }
};

// The room behind the badge, linear light: a wall lit from one side, a door,
// a poster, a table edge; with a window when the light comes from one.
std::vector<float> Room(const CameraModel& cam, bool window) {
  const int w = cam.width, h = cam.height;
  std::vector<float> room(static_cast<size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) room[static_cast<size_t>(y) * w + x] = 0.18f + 0.25f * x / w + 0.06f * y / h;
  auto rect = [&](int x0, int y0, int x1, int y1, float v) {
    for (int y = std::max(0, y0); y < std::min(h, y1); ++y)
      for (int x = std::max(0, x0); x < std::min(w, x1); ++x) room[static_cast<size_t>(y) * w + x] = v;
  };
  rect(w / 10, h / 6, w / 4, h, 0.07f);
  rect(w * 6 / 10, h / 8, w * 8 / 10, h * 4 / 10, 0.6f);
  rect(0, h * 8 / 10, w, h * 8 / 10 + h / 80, 0.04f);
  if (window) rect(w * 3 / 4, 0, w, h * 7 / 10, 4.0f);
  return room;
}

// A crack across a phone's glass, as a mask over the code's neighbourhood in
// tenths of a millimetre: a jagged line with a branch.
struct CrackMask {
  double half = 0;  // mm covered either side of the code's centre
  int n = 0;
  std::vector<uint8_t> mask;

  CrackMask(uint32_t seed, double side_mm) {
    half = side_mm;
    n = static_cast<int>(2 * half * 10);
    mask.assign(static_cast<size_t>(n) * n, 0);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uni(-1, 1);
    auto line = [&](double x, double y, double angle, double length) {
      for (double t = 0; t < length; t += 0.05) {
        angle += 0.05 * uni(rng);
        x += 0.05 * std::cos(angle);
        y += 0.05 * std::sin(angle);
        const int i = static_cast<int>((x + half) * 10), j = static_cast<int>((y + half) * 10);
        for (int dj = -1; dj <= 1; ++dj)
          for (int di = -1; di <= 1; ++di)
            if (i + di >= 0 && j + dj >= 0 && i + di < n && j + dj < n) mask[static_cast<size_t>(j + dj) * n + i + di] = 1;
      }
    };
    const double a = uni(rng) * kPi;
    line(-half * std::cos(a), -half * std::sin(a), a + 0.1 * uni(rng), 2.2 * half);
    line(0.3 * half * uni(rng), 0.3 * half * uni(rng), a + 1.2 + 0.5 * uni(rng), half);
  }

  bool at(double u, double v) const {
    const int i = static_cast<int>((u + half) * 10), j = static_cast<int>((v + half) * 10);
    return i >= 0 && j >= 0 && i < n && j < n && mask[static_cast<size_t>(j) * n + i];
  }
};

// Pseudo-text (a name on a badge, words on a page): glyph cells of `cell_mm`
// with a 3x5 pattern of strokes from a hash of the cell.
bool TextInk(double u, double v, double cell_mm, uint32_t salt) {
  if (u < 0 || v < 0) return false;
  const int cx = static_cast<int>(u / cell_mm), cy = static_cast<int>(v / (cell_mm * 1.6));
  const double fx = u / cell_mm - cx, fy = v / (cell_mm * 1.6) - cy;
  if (fx > 0.8 || fy > 0.7) return false;  // gaps between letters and lines
  uint32_t h = static_cast<uint32_t>(cx) * 2654435761u ^ static_cast<uint32_t>(cy) * 40503u ^ salt;
  h ^= h >> 13;
  h *= 0x5bd1e995;
  if ((h & 7) == 0) return false;  // a space between words
  const int gx = static_cast<int>(fx / 0.8 * 3), gy = static_cast<int>(fy / 0.7 * 5);
  return (h >> (3 + gy * 3 + gx)) & 1;
}

// Separable Gaussian blur of `buf` (w x h, linear) inside [x0, x1) x [y0, y1).
void GaussianBlur(std::vector<float>* buf, int w, int x0, int y0, int x1, int y1, double sigma) {
  if (sigma < 0.3 || x1 <= x0 || y1 <= y0) return;
  const int r = static_cast<int>(std::ceil(3 * sigma));
  std::vector<float> k(2 * r + 1);
  float sum = 0;
  for (int i = -r; i <= r; ++i) sum += k[i + r] = static_cast<float>(std::exp(-i * i / (2 * sigma * sigma)));
  for (float& v : k) v /= sum;
  std::vector<float> line;
  for (int y = y0; y < y1; ++y) {  // rows
    float* row = buf->data() + static_cast<size_t>(y) * w;
    line.assign(row + x0, row + x1);
    for (int x = x0; x < x1; ++x) {
      float acc = 0;
      for (int i = -r; i <= r; ++i) acc += k[i + r] * line[std::clamp(x + i, x0, x1 - 1) - x0];
      row[x] = acc;
    }
  }
  for (int x = x0; x < x1; ++x) {  // columns
    line.resize(y1 - y0);
    for (int y = y0; y < y1; ++y) line[y - y0] = (*buf)[static_cast<size_t>(y) * w + x];
    for (int y = y0; y < y1; ++y) {
      float acc = 0;
      for (int i = -r; i <= r; ++i) acc += k[i + r] * line[std::clamp(y + i, y0, y1 - 1) - y0];
      (*buf)[static_cast<size_t>(y) * w + x] = acc;
    }
  }
}

// The card or phone around the code, in millimetres from the code's centre.
struct Carrier {
  double left, top, right, bottom;
};

Carrier CarrierOf(const Shot& s, double side) {
  if (s.screen) return {-side / 2 - 12, -side / 2 - 60, side / 2 + 12, side / 2 + 70};  // a phone, upright
  return {-side / 2 - 52, -side / 2 - 12, side / 2 + 6, side / 2 + 14};  // a badge, code on its right
}

}  // namespace

CameraModel RpicamModule3() {
  // Camera Module 3 (IMX708, f = 4.74 mm at f/1.8, 66 degrees across) read at
  // 1280 px across: a blur circle of 2.5 px per dioptre of focus error, a
  // Gaussian of about a quarter of it.
  return {"rpicam-vid 1280x960 at 15/s (Camera Module 3)", 1280, 960, 15, 66, true, 0, 0.62, 10};
}

CameraModel UvcWebcam() {
  // A typical UVC webcam: f = 3 mm at f/2, 60 degrees across, focused for
  // good at 70 cm; 1280x720 in YUYV as Kindred asks for it, which USB 2
  // carries at 10 frames/s; exposure a mains period at 60 Hz.
  return {"UVC webcam 1280x720 at 10/s (YUYV, fixed focus)", 1280, 720, 10, 60, false, 0.7, 0.4, 1000.0 / 60};
}

const char* ConditionName(Condition c) {
  switch (c) {
    case Condition::kHallLight: return "hand-held, hall light";
    case Condition::kSleeveGlare: return "in a sleeve, spot-light glare";
    case Condition::kWindow: return "beside a window, overexposed";
    case Condition::kLowLight: return "low light, sensor noise";
    case Condition::kPhoneScreen: return "ticket on a phone screen";
  }
  return "?";
}

std::vector<BadgeCode> MakeBadgeCodes(int count, uint32_t seed) {
  static const char* kFirst[] = {"Maya", "José", "Aiko", "Jonas", "Fatima", "Liam", "Chloé", "Ravi", "Sofia", "Wei"};
  static const char* kLast[] = {"Okafor", "Álvarez", "Tanaka", "Berg", "Haddad", "Murphy", "Martin", "Iyer", "Rossi",
                                "Chen"};
  std::mt19937 rng(seed);
  // The event's key from the seed too: the same codes every run.
  unsigned char key_seed[crypto_sign_SEEDBYTES], pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  for (unsigned char& b : key_seed) b = static_cast<unsigned char>(rng());
  crypto_sign_seed_keypair(pk, sk, key_seed);
  const EventKey key{std::string(reinterpret_cast<char*>(pk), sizeof pk), std::string(reinterpret_cast<char*>(sk), sizeof sk)};
  std::vector<BadgeCode> out;
  for (int i = 0; i < count; ++i) {
    const std::string first = kFirst[rng() % 10], last = kLast[rng() % 10];
    char id[32];
    std::snprintf(id, sizeof id, "K-%05u", static_cast<unsigned>(rng() % 100000));
    BadgeCode c;
    switch (i % 4) {
      case 0:  // Kindred's own: 30 mm with its quiet zone, as `kindred badges` prints it
        c = {"signed", SignBadge(id, key), 30};
        break;
      case 1:  // a vCard badge: 40 mm
        c = {"vcard",
             "BEGIN:VCARD\nVERSION:3.0\nN:" + last + ";" + first + "\nFN:" + first + " " + last +
                 "\nORG:Hive & Co\nEMAIL:" + std::string(id + 2) + "@example.org\nEND:VCARD",
             40};
        break;
      case 2: {  // a pretix ticket secret (32 characters): 30 mm
        static const char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
        std::string secret;
        for (int k = 0; k < 32; ++k) secret += kAlphabet[rng() % (sizeof kAlphabet - 1)];
        c = {"pretix", secret, 30};
        break;
      }
      default: {  // an Eventbrite barcode (order and attendee numbers): 25 mm
        std::string digits;
        for (int k = 0; k < 23; ++k) digits += static_cast<char>('0' + rng() % 10);
        c = {"eventbrite", digits, 25};
        break;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

LumaImage RenderShot(const CameraModel& cam, const QrMatrix& code, double code_mm, const Shot& s, std::mt19937* rng) {
  const int w = cam.width, h = cam.height;
  // Linear light reaching each pixel, before the sensor.
  static thread_local std::vector<float> room_plain, room_window;
  static thread_local int room_w = 0, room_h = 0;
  if (room_w != w || room_h != h) {
    room_plain = Room(cam, false);
    room_window = Room(cam, true);
    room_w = w;
    room_h = h;
  }
  const bool window = s.side_light > 0;
  std::vector<float> light = window ? room_window : room_plain;
  for (float& v : light) v *= static_cast<float>(s.illumination);

  const Projection proj(cam, s, code_mm);
  const int modules = code.size + 8;  // with the quiet zone
  const double module_mm = code_mm / modules;
  const Carrier carrier = CarrierOf(s, code_mm);
  std::unique_ptr<CrackMask> crack;
  if (s.screen && s.cracked) crack = std::make_unique<CrackMask>(s.crack_seed, code_mm);

  const double moire_cos = std::cos(Rad(s.moire_angle_deg)), moire_sin = std::sin(Rad(s.moire_angle_deg));
  // The light leaving the card (or screen) at (u, v) mm, toward pixel (x, y).
  auto radiance = [&](double u, double v, double x, double y) -> double {
    const double qu = (u + code_mm / 2) / module_mm, qv = (v + code_mm / 2) / module_mm;
    const int mx = static_cast<int>(std::floor(qu)) - 4, my = static_cast<int>(std::floor(qv)) - 4;
    const bool dark_module = mx >= 0 && my >= 0 && mx < code.size && my < code.size && code.at(mx, my);
    const double gu = u / code_mm, gv = v / code_mm;
    if (s.screen) {
      const bool on_screen = u > carrier.left + 3 && u < carrier.right - 3 && v > carrier.top + 8 &&
                             v < carrier.bottom - 10;
      if (!on_screen) return 0.03 * s.illumination;  // the phone's black frame
      bool dark = dark_module;
      if (!dark && v < -code_mm / 2 - 6) dark = TextInk(u - carrier.left - 6, v - carrier.top - 12, 2.5, 7);
      double emitted = s.screen_brightness * (dark ? 0.03 : 1.0);
      if (s.moire_amplitude > 0) {
        const double phase = (x * moire_cos + y * moire_sin) / s.moire_period_px;
        emitted *= 1 - s.moire_amplitude * (0.5 + 0.5 * std::cos(2 * kPi * phase));
      }
      double glass = 0.04 * s.illumination;
      if (s.screen_reflection > 0) {
        const double du = gu - s.reflection_u, dv = gv - s.reflection_v;
        glass += s.screen_reflection * std::exp(-(du * du + dv * dv) / (2 * 0.35 * 0.35));
      }
      if (crack && crack->at(u, v)) glass += 0.6 * s.illumination + 0.2 * s.screen_brightness;
      return emitted + glass;
    }
    bool dark = dark_module;
    if (!dark && u < -code_mm / 2 - 4 && v < -code_mm / 2 + 14)  // the name and company left of the code
      dark = TextInk(u - carrier.left - 4, v - carrier.top - 6, v < -code_mm / 2 + 2 ? 4.0 : 2.2, 3);
    const double across = (u - carrier.left) / (carrier.right - carrier.left);
    double out = (dark ? 0.05 : 0.8) * s.illumination * (1 + s.side_light * across);
    if (s.sleeve) {
      out = out * (1 - s.haze) + s.haze * 0.6 * s.illumination;
      const double du = gu - s.glare_u, dv = gv - s.glare_v;
      out += s.glare_peak * std::exp(-(du * du + dv * dv) / (2 * s.glare_radius * s.glare_radius));
    }
    return out;
  };

  // Where the carrier can appear during the exposure, with room for the blur.
  double bx0 = w, by0 = h, bx1 = 0, by1 = 0;
  for (double cu : {carrier.left, carrier.right})
    for (double cv : {carrier.top, carrier.bottom}) {
      double x, y;
      proj.ToPixel(cu, cv, &x, &y);
      for (double t : {-0.5, 0.5}) {
        bx0 = std::min(bx0, x + t * s.motion_dx), bx1 = std::max(bx1, x + t * s.motion_dx);
        by0 = std::min(by0, y + t * s.motion_dy), by1 = std::max(by1, y + t * s.motion_dy);
      }
    }
  const double margin = 3 * s.defocus_px + 4 + std::fabs(s.curl_mm) * 3;
  const int x0 = std::clamp(static_cast<int>(bx0 - margin), 0, w), x1 = std::clamp(static_cast<int>(bx1 + margin), 0, w);
  const int y0 = std::clamp(static_cast<int>(by0 - margin), 0, h), y1 = std::clamp(static_cast<int>(by1 + margin), 0, h);

  // Each pixel sampled at several points in space and in the exposure's time.
  const double travel = std::hypot(s.motion_dx, s.motion_dy);
  const int samples = std::clamp(static_cast<int>(std::ceil(travel * 1.5)), 4, 32);
  // Where each sample falls within the pixel (the R2 sequence) and when in
  // the exposure: the same for every pixel.
  double jx[32], jy[32], tau[32];
  for (int k = 0; k < samples; ++k) {
    tau[k] = (k + 0.5) / samples - 0.5;
    jx[k] = std::fmod(0.5 + k * 0.7548776662, 1.0) - 0.5;
    jy[k] = std::fmod(0.5 + k * 0.5698402910, 1.0) - 0.5;
  }
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      double acc = 0;
      for (int k = 0; k < samples; ++k) {
        const double px = x + 0.5 + jx[k] - tau[k] * s.motion_dx, py = y + 0.5 + jy[k] - tau[k] * s.motion_dy;
        double u, v;
        if (proj.ToCard(px, py, &u, &v) && u >= carrier.left && u < carrier.right && v >= carrier.top &&
            v < carrier.bottom)
          acc += radiance(u, v, px, py);
        else
          acc += light[static_cast<size_t>(y) * w + x];
      }
      light[static_cast<size_t>(y) * w + x] = static_cast<float>(acc / samples);
    }
  GaussianBlur(&light, w, x0, y0, x1, y1, s.defocus_px);

  // The sensor: gain, flare, shot and read noise, clipping, gamma.
  LumaImage out(w, h);
  const auto& gamma = GammaTable();
  const auto& noise = NoiseTable();
  const float exposure = static_cast<float>(s.exposure), flare = static_cast<float>(s.flare);
  const float read2 = static_cast<float>(s.noise * s.noise), shot = static_cast<float>(s.noise * s.noise * 12);
  for (int y = 0; y < h; ++y) {
    size_t n = (*rng)() & 0xffff;
    const float* in = light.data() + static_cast<size_t>(y) * w;
    uint8_t* row = out.data() + static_cast<size_t>(y) * w;
    for (int x = 0; x < w; ++x) {
      float v = in[x] * exposure + flare;
      v += noise[(n + x * 7) & 0xffff] * std::sqrt(read2 + shot * std::max(v, 0.0f) / std::max(exposure, 0.05f) *
                                                                  exposure);
      v = std::clamp(v, 0.0f, 1.0f);
      row[x] = gamma[static_cast<int>(v * 4096)];
    }
  }
  return out;
}

BadgeStream::BadgeStream(const CameraModel& camera, const BadgeCode& code, Condition condition, uint32_t seed,
                         double hold_seconds)
    : camera_(camera), code_(code), condition_(condition), rng_(seed) {
  std::string err;
  failed_ = !EncodeQr(code.payload, &matrix_, &err);
  // A ticket app shows the code across most of the phone's width.
  code_mm_ = condition == Condition::kPhoneScreen ? std::max(code.code_mm * 1.5, 40.0) : code.code_mm;
  std::uniform_real_distribution<double> uni(0, 1);
  auto between = [&](double a, double b) { return a + (b - a) * uni(rng_); };
  const bool phone = condition == Condition::kPhoneScreen;
  // Held near the scan guide in the middle of the frame.
  hold_x_ = camera.width * between(0.38, 0.62);
  hold_y_ = camera.height * between(0.38, 0.62);
  // A badge 28-38 cm away, a phone 22-30 cm.
  const double near_mm = 280, far_mm = 380;
  distance_mm_ = phone ? between(near_mm - 60, far_mm - 80) : between(near_mm, far_mm);
  roll_ = between(-12, 12);
  yaw_ = between(-15, 15);
  pitch_ = between(-15, 15);
  curl_ = phone ? 0 : between(0, 3);
  tremor_hz_ = between(8, 11);
  tremor_mm_ = between(0.3, 1.0);
  tremor_phase_ = between(0, 2 * kPi);
  drift_mm_ = between(1, 5);
  drift_phase_ = between(0, 2 * kPi);
  approach_s_ = between(0.3, 0.5);
  af_tau_ = between(0.15, 0.35);
  af_period_ = between(0.5, 0.8);

  Shot& l = light_;
  l.noise = 0.003;
  l.defocus_px = 0.4;
  switch (condition) {
    case Condition::kHallLight:
      break;
    case Condition::kSleeveGlare:
      l.sleeve = true;
      l.haze = between(0.04, 0.12);
      l.glare_peak = between(0.6, 2.0);
      l.glare_radius = between(0.06, 0.15);
      l.glare_u = between(-0.35, 0.35);
      l.glare_v = between(-0.35, 0.35);
      break;
    case Condition::kWindow:
      l.side_light = between(1.0, 2.5);
      l.flare = between(0.08, 0.25);
      break;
    case Condition::kLowLight:
      l.illumination = between(0.08, 0.15);
      l.exposure = 1 / l.illumination;  // gain and a long exposure make up for it
      l.noise = 0.003 * std::sqrt(l.exposure);
      break;
    case Condition::kPhoneScreen:
      l.screen = true;
      l.screen_brightness = between(0.25, 0.8);
      l.moire_amplitude = between(0.1, 0.35);
      l.moire_period_px = between(5, 14);
      l.moire_angle_deg = between(0, 180);
      if (uni(rng_) < 0.5) {
        l.screen_reflection = between(0.2, 0.8);
        l.reflection_u = between(-0.5, 0.5);
        l.reflection_v = between(-0.5, 0.5);
      }
      l.cracked = uni(rng_) < 0.5;
      l.crack_seed = static_cast<uint32_t>(rng_());
      break;
  }
  frames_ = static_cast<int>(std::ceil((approach_s_ + hold_seconds + 0.5) * camera.fps));
}

Shot BadgeStream::ShotAt(double t) const {
  Shot s = light_;
  const double hold = t - approach_s_;
  double x = hold_x_, y = hold_y_, distance = distance_mm_, roll = roll_;
  if (hold < 0) {  // coming in from below the frame, slowing down
    const double a = std::clamp(t / approach_s_, 0.0, 1.0);
    const double rest = std::pow(1 - a, 3);
    y += rest * (camera_.height * 0.75);
    x += rest * camera_.width * 0.1;
    distance += rest * 120;
    roll += rest * 20;
  } else {  // held: tremor, and a slow sway
    const double px_per_mm = (camera_.width / 2.0) / std::tan(Rad(camera_.hfov_deg) / 2) / distance;
    const double tx = tremor_mm_ * std::sin(2 * kPi * tremor_hz_ * hold + tremor_phase_) +
                      0.5 * tremor_mm_ * std::sin(2 * kPi * 1.7 * tremor_hz_ * hold + 2 * tremor_phase_);
    const double ty = tremor_mm_ * std::cos(2 * kPi * 0.9 * tremor_hz_ * hold + tremor_phase_);
    const double dx = drift_mm_ * std::sin(2 * kPi * 0.3 * hold + drift_phase_) - drift_mm_ * std::sin(drift_phase_);
    const double dy = 0.7 * drift_mm_ * (std::sin(2 * kPi * 0.23 * hold + 2 * drift_phase_) - std::sin(2 * drift_phase_));
    x += (tx + dx) * px_per_mm;
    y += (ty + dy) * px_per_mm;
    roll += 1.5 * std::sin(2 * kPi * 1.1 * hold + drift_phase_);
  }
  const double wobble = hold < 0 ? 0 : 3 * std::sin(2 * kPi * 0.7 * hold + tremor_phase_);
  s.cx = x;
  s.cy = y;
  s.distance_mm = distance;
  s.roll_deg = roll;
  s.yaw_deg = yaw_ + wobble;
  s.pitch_deg = pitch_ + 0.7 * wobble;
  s.curl_mm = curl_;
  // The highlight is a mirror image of the light: it slides over the sleeve
  // by twice the card's turn times the distance (a few degrees cross the code).
  const double slide = 2 * Rad(wobble) * distance / code_mm_;
  s.glare_u = light_.glare_u + slide;
  s.glare_v = light_.glare_v + 0.7 * slide;
  // Autofocus: at rest at 1 m until the badge arrives, then settles on it
  // with a damped overshoot. A webcam's lens stays where it is.
  const double target = 1000 / distance;
  double lens;
  if (!camera_.autofocus) lens = 1 / camera_.fixed_focus_m;
  else if (hold < 0) lens = 1.0;
  else lens = target + (1.0 - target) * std::exp(-hold / af_tau_) * std::cos(2 * kPi * hold / af_period_);
  s.defocus_px = 0.4 + camera_.blur_px_per_dioptre * std::fabs(lens - target);
  return s;
}

bool BadgeStream::CodeWhollyInFrame(const Shot& s) const {
  const Projection proj(camera_, s, code_mm_);
  const double half = code_mm_ / 2;
  for (double u : {-half, half})
    for (double v : {-half, half}) {
      double x, y;
      proj.ToPixel(u, v, &x, &y);
      if (x < 0 || y < 0 || x >= camera_.width || y >= camera_.height) return false;
    }
  return true;
}

bool BadgeStream::Next(SimFrame* frame) {
  if (failed_ || index_ >= frames_) return false;
  const double t = static_cast<double>(index_++) / camera_.fps;
  Shot s = ShotAt(t);
  // The code's travel during the exposure, from its speed.
  const double exposure_s = (condition_ == Condition::kLowLight ? 3 : condition_ == Condition::kWindow ? 0.5 : 1) *
                            camera_.mains_exposure_ms / 1000;
  const Shot later = ShotAt(t + 0.001);
  s.motion_dx = (later.cx - s.cx) / 0.001 * exposure_s;
  s.motion_dy = (later.cy - s.cy) / 0.001 * exposure_s;
  if (held_at_ < 0 && CodeWhollyInFrame(s)) held_at_ = t;
  frame->image = RenderShot(camera_, matrix_, code_mm_, s, &rng_);
  frame->t = held_at_ < 0 ? -1 : t - held_at_;
  frame->defocus_px = s.defocus_px;
  frame->motion_px = std::hypot(s.motion_dx, s.motion_dy);
  return true;
}

NoCodeStream::NoCodeStream(const CameraModel& camera, uint32_t seed, int frames)
    : camera_(camera), rng_(seed), frames_(frames) {}

bool NoCodeStream::Next(LumaImage* frame) {
  if (index_ >= frames_) return false;
  const double t = static_cast<double>(index_++) / camera_.fps;
  const int w = camera_.width, h = camera_.height;
  std::vector<float> light = Room(camera_, false);
  const double scale = w / 640.0;
  auto put = [&](int x, int y, float v) {
    if (x >= 0 && y >= 0 && x < w && y < h) light[static_cast<size_t>(y) * w + x] = v;
  };
  auto ellipse = [&](double cx, double cy, double rx, double ry, float v) {
    for (int y = static_cast<int>(cy - ry); y <= cy + ry; ++y)
      for (int x = static_cast<int>(cx - rx); x <= cx + rx; ++x)
        if ((x - cx) * (x - cx) / (rx * rx) + (y - cy) * (y - cy) / (ry * ry) <= 1) put(x, y, v);
  };
  const double sway = std::sin(2 * kPi * 0.4 * t) * 30 * scale;
  // A face with eyes, brows and a mouth; a lanyard below it.
  const double fx = w * 0.35 + sway, fy = h * 0.4;
  ellipse(fx, fy, 70 * scale, 92 * scale, 0.45f);
  for (double side : {-1.0, 1.0}) {
    ellipse(fx + side * 26 * scale, fy - 18 * scale, 10 * scale, 5 * scale, 0.05f);
    ellipse(fx + side * 26 * scale, fy - 34 * scale, 14 * scale, 3 * scale, 0.08f);
  }
  ellipse(fx, fy + 40 * scale, 24 * scale, 6 * scale, 0.12f);
  for (int y = static_cast<int>(fy + 95 * scale); y < h; ++y)
    for (int x = static_cast<int>(fx - 40 * scale); x < fx + 40 * scale; ++x)
      put(x, y, ((x / static_cast<int>(4 * scale + 1)) + (y / static_cast<int>(4 * scale + 1))) % 2 ? 0.7f : 0.1f);
  // A printed page of text held up, tilting, and a hand holding it.
  const double px = w * 0.62 - sway, py = h * 0.3, pw = 220 * scale, ph = 280 * scale;
  const double tilt = 0.15 * std::sin(2 * kPi * 0.3 * t);
  for (int y = static_cast<int>(py); y < py + ph; ++y)
    for (int x = static_cast<int>(px); x < px + pw; ++x) {
      const double u = (x - px) + tilt * (y - py), v = (y - py) - tilt * (x - px);
      if (u < 0 || v < 0 || u > pw || v > ph) continue;
      const bool ink = u > 12 * scale && u < pw - 12 * scale && v > 14 * scale &&
                       TextInk((u - 12 * scale) / scale, (v - 14 * scale) / scale, v < 40 * scale ? 9 : 5,
                               static_cast<uint32_t>(index_ / 30));
      put(x, y, ink ? 0.05f : 0.8f);
    }
  const double hx = px + 10 * scale, hy = py + ph * 0.6;
  ellipse(hx, hy, 30 * scale, 40 * scale, 0.42f);
  for (int k = 0; k < 4; ++k) ellipse(hx + 20 * scale, hy - 30 * scale + k * 18 * scale, 28 * scale, 7 * scale, 0.4f);
  GaussianBlur(&light, w, 0, 0, w, h, 0.7);
  LumaImage out(w, h);
  const auto& gamma = GammaTable();
  const auto& noise = NoiseTable();
  for (int y = 0; y < h; ++y) {
    size_t n = rng_() & 0xffff;
    for (int x = 0; x < w; ++x) {
      float v = light[static_cast<size_t>(y) * w + x] + 0.006f * noise[(n + x * 7) & 0xffff];
      out.at(x, y) = gamma[static_cast<int>(std::clamp(v, 0.0f, 1.0f) * 4096)];
    }
  }
  *frame = std::move(out);
  return true;
}

}  // namespace kindred::test
