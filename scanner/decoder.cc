#include "scanner/decoder.h"

#include <cstdio>
#include <exception>
#include <sstream>

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include "scanner/abort_guard.h"
#include "scanner/image_ops.h"
#include "scanner/zbar_decoder.h"

namespace kindred {

namespace {

ZXing::BarcodeFormats ToZxingFormats(uint32_t formats) {
  ZXing::BarcodeFormats out;
  if (formats & kQrCode) out |= ZXing::BarcodeFormat::QRCode;
  if (formats & kAztec) out |= ZXing::BarcodeFormat::Aztec;
  if (formats & kDataMatrix) out |= ZXing::BarcodeFormat::DataMatrix;
  if (formats & kPdf417) out |= ZXing::BarcodeFormat::PDF417;
  return out;
}

}  // namespace

namespace {

std::vector<DecodedCode> ZxingPass(const LumaView& image, const DecoderOptions& options,
                                   ZXing::Binarizer binarizer) {
  std::vector<DecodedCode> codes;
  try {
    ZXing::ImageView view(image.data, image.width, image.height, ZXing::ImageFormat::Lum, image.stride);
    ZXing::DecodeHints hints;
    hints.setFormats(ToZxingFormats(options.formats));
    hints.setTryHarder(options.try_harder);
    hints.setBinarizer(binarizer);
    ZXing::Results results;
    // A failed assertion inside ZXing (scanner/abort_guard.h) is a frame without a code.
    if (!RunAbortGuarded([&] { results = ZXing::ReadBarcodes(view, hints); })) {
      std::fprintf(stderr, "kindred: ZXing failed an assertion on a %dx%d image; treated as no code\n", image.width,
                   image.height);
      return {};
    }
    for (const ZXing::Result& r : results) {
      if (!r.isValid()) continue;
      DecodedCode code;
      code.text = r.text();
      code.format = ZXing::ToString(r.format());
      const auto& p = r.position();
      for (int i = 0; i < 4; ++i) code.corners[i] = {p[i].x, p[i].y};
      codes.push_back(std::move(code));
    }
  } catch (const std::exception&) {
    // ZXing throws only on misuse; a frame it cannot handle simply has no code.
    codes.clear();
  }
  return codes;
}

// Maps corners found in a scaled copy back to the original image.
std::vector<DecodedCode> Unscale(std::vector<DecodedCode> codes, double factor) {
  for (DecodedCode& c : codes)
    for (PointI& p : c.corners) p = {static_cast<int>(p.x / factor), static_cast<int>(p.y / factor)};
  return codes;
}

}  // namespace

std::vector<DecodedCode> DecodeWithPass(const LumaView& image, const DecoderOptions& options, DecodePass pass) {
  if (image.empty() || image.stride < image.width || options.formats == 0) return {};
  switch (pass) {
    case DecodePass::kZxing:
      return ZxingPass(image, options, ZXing::Binarizer::LocalAverage);
    case DecodePass::kOtherBinarizer:
      return ZxingPass(image, options, ZXing::Binarizer::GlobalHistogram);
    case DecodePass::kDoubleSize: {
      if (std::max(image.width, image.height) > 1280) return {};  // large enough already
      LumaImage big = Resize(image, 2.0);
      return Unscale(ZxingPass(big.view(), options, ZXing::Binarizer::LocalAverage), 2.0);
    }
    case DecodePass::kInverted: {
      LumaImage inverted = Inverted(image);
      return ZxingPass(inverted.view(), options, ZXing::Binarizer::LocalAverage);
    }
    case DecodePass::kZbar:
      return (options.formats & kQrCode) ? ZbarDecodeQr(image) : std::vector<DecodedCode>{};
  }
  return {};
}

std::vector<DecodedCode> DecodeCodes(const LumaView& image, const DecoderOptions& options) {
  std::vector<DecodedCode> codes = DecodeWithPass(image, options, DecodePass::kZxing);
  if (!codes.empty() || !options.thorough) return codes;
  for (DecodePass pass : {DecodePass::kOtherBinarizer, DecodePass::kDoubleSize, DecodePass::kInverted,
                          DecodePass::kZbar}) {
    codes = DecodeWithPass(image, options, pass);
    if (!codes.empty()) break;
  }
  return codes;
}

bool ParseCodeFormats(const std::string& list, uint32_t* formats, std::string* err) {
  uint32_t out = 0;
  std::stringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (name == "qr" || name == "qrcode") out |= kQrCode;
    else if (name == "aztec") out |= kAztec;
    else if (name == "datamatrix") out |= kDataMatrix;
    else if (name == "pdf417") out |= kPdf417;
    else {
      *err = "unknown code format '" + name + "' (use qr, aztec, datamatrix, pdf417)";
      return false;
    }
  }
  if (out == 0) {
    *err = "no code format given";
    return false;
  }
  *formats = out;
  return true;
}

bool EncodeQr(const std::string& text, QrMatrix* out, std::string* err) {
  try {
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setEncoding(ZXing::CharacterSet::UTF8).setMargin(0);
    ZXing::BitMatrix bits = writer.encode(text, 0, 0);  // one pixel per module
    out->size = bits.width();
    out->dark.assign(static_cast<size_t>(bits.width()) * bits.height(), 0);
    for (int y = 0; y < bits.height(); ++y)
      for (int x = 0; x < bits.width(); ++x) out->dark[static_cast<size_t>(y) * out->size + x] = bits.get(x, y);
    return true;
  } catch (const std::exception& e) {
    *err = std::string("cannot encode QR code: ") + e.what();
    return false;
  }
}

bool RenderQrCode(const std::string& text, int module_px, LumaImage* out, std::string* err) {
  if (module_px < 1 || module_px > 64) {
    *err = "module size must be 1..64 pixels";
    return false;
  }
  QrMatrix qr;
  if (!EncodeQr(text, &qr, err)) return false;
  const int quiet = 4;
  const int modules = qr.size + 2 * quiet;
  *out = LumaImage(modules * module_px, modules * module_px, 255);
  for (int y = 0; y < qr.size; ++y)
    for (int x = 0; x < qr.size; ++x)
      if (qr.at(x, y))
        for (int dy = 0; dy < module_px; ++dy)
          for (int dx = 0; dx < module_px; ++dx)
            out->at((x + quiet) * module_px + dx, (y + quiet) * module_px + dy) = 0;
  return true;
}

}  // namespace kindred
