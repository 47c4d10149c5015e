#include "scanner/decoder.h"

#include <exception>
#include <sstream>

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

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

std::vector<DecodedCode> DecodeCodes(const LumaView& image, const DecoderOptions& options) {
  std::vector<DecodedCode> codes;
  if (image.empty() || image.stride < image.width || options.formats == 0) return codes;
  try {
    ZXing::ImageView view(image.data, image.width, image.height, ZXing::ImageFormat::Lum,
                          image.stride);
    ZXing::DecodeHints hints;
    hints.setFormats(ToZxingFormats(options.formats));
    hints.setTryHarder(options.try_harder);
    for (const ZXing::Result& r : ZXing::ReadBarcodes(view, hints)) {
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

bool RenderQrCode(const std::string& text, int module_px, LumaImage* out, std::string* err) {
  if (module_px < 1 || module_px > 64) {
    *err = "module size must be 1..64 pixels";
    return false;
  }
  try {
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setEncoding(ZXing::CharacterSet::UTF8).setMargin(0);
    ZXing::BitMatrix bits = writer.encode(text, 0, 0);  // one pixel per module
    const int quiet = 4;
    const int modules = bits.width() + 2 * quiet;
    *out = LumaImage(modules * module_px, modules * module_px, 255);
    for (int y = 0; y < bits.height(); ++y)
      for (int x = 0; x < bits.width(); ++x)
        if (bits.get(x, y))
          for (int dy = 0; dy < module_px; ++dy)
            for (int dx = 0; dx < module_px; ++dx)
              out->at((x + quiet) * module_px + dx, (y + quiet) * module_px + dy) = 0;
    return true;
  } catch (const std::exception& e) {
    *err = std::string("cannot encode QR code: ") + e.what();
    return false;
  }
}

}  // namespace kindred
