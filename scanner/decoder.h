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
  bool thorough = true;        // when the first pass finds nothing, try the extra passes
};

// Returns every code found in `image`, in reading order; an empty list when
// there is none or the image is empty. Never throws.
//
// The first pass is ZXing with its defaults. When it finds nothing and
// `thorough` is set, extra passes follow, cheapest first, until one finds a
// code: ZXing's other binarizer (uneven light), the image at twice the size
// (small codes), inverted (light codes on dark badges), and zbar (small
// tilted codes ZXing's detector misses). Each code is verified by its own
// error correction, so extra passes do not add false reads.
std::vector<DecodedCode> DecodeCodes(const LumaView& image, const DecoderOptions& options);

// One named pass, for FrameScanner's round-robin over idle frames.
enum class DecodePass { kZxing, kOtherBinarizer, kDoubleSize, kInverted, kZbar };
std::vector<DecodedCode> DecodeWithPass(const LumaView& image, const DecoderOptions& options, DecodePass pass);

// Parses a comma-separated list such as "qr,aztec,datamatrix,pdf417" into
// CodeFormat flags. Returns false and sets *err on an unknown name.
bool ParseCodeFormats(const std::string& list, uint32_t* formats, std::string* err);

// A QR code's modules, without quiet zone: size x size, row by row, 1 = dark.
struct QrMatrix {
  int size = 0;
  std::vector<uint8_t> dark;
  bool at(int x, int y) const { return dark[static_cast<size_t>(y) * size + x] != 0; }
};

// Encodes `text` (UTF-8) as a QR code. Returns false and sets *err when it
// does not fit one.
bool EncodeQr(const std::string& text, QrMatrix* out, std::string* err);

// Draws `text` as a QR code with `module_px` pixels per module and a 4-module
// quiet zone. Returns false and sets *err when the text does not fit a QR code.
bool RenderQrCode(const std::string& text, int module_px, LumaImage* out, std::string* err);

}  // namespace kindred
