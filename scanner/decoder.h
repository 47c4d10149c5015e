// Finds and decodes the 2D codes in one luminance image with ZXing-C++.
// The only file in Kindred that includes ZXing's reader.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "scanner/luma_image.h"

namespace kindred {

// The symbologies organisers print on badges and tickets, as bit flags.
enum CodeFormat : uint32_t {
  kQrCode = 1u << 0,
  kAztec = 1u << 1,
  kDataMatrix = 1u << 2,
  kPdf417 = 1u << 3,
};

struct PointI {
  int x = 0;
  int y = 0;
};

// One code found in an image.
struct DecodedCode {
  std::string text;                // the payload, byte-exact UTF-8 as ZXing returns it
  std::string format;              // "QRCode", "Aztec", "DataMatrix" or "PDF417"
  std::array<PointI, 4> corners;   // top-left, top-right, bottom-right, bottom-left, in pixels
};

struct DecoderOptions {
  uint32_t formats = kQrCode;  // which symbologies to look for
  bool try_harder = true;      // spend more time per image (rotations, denser scan)
};

// Returns every code found in `image`, in reading order; an empty list when
// there is none or the image is empty. Never throws.
std::vector<DecodedCode> DecodeCodes(const LumaView& image, const DecoderOptions& options);

// Parses a comma-separated list such as "qr,aztec,datamatrix,pdf417" into
// CodeFormat flags. Returns false and sets *err on an unknown name.
bool ParseCodeFormats(const std::string& list, uint32_t* formats, std::string* err);

// Draws `text` as a QR code with `module_px` pixels per module and a 4-module
// quiet zone. Returns false and sets *err when the text does not fit a QR code.
bool RenderQrCode(const std::string& text, int module_px, LumaImage* out, std::string* err);

}  // namespace kindred
