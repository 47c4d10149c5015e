#include "scanner/zbar_decoder.h"

#include <zbar.h>

#include <algorithm>
#include <climits>

namespace kindred {

std::vector<DecodedCode> ZbarDecodeQr(const LumaView& image) {
  std::vector<DecodedCode> codes;
  if (image.empty()) return codes;
  // zbar wants packed rows.
  LumaImage packed;
  packed.CopyFrom(image);
  zbar::zbar_image_scanner_t* scanner = zbar::zbar_image_scanner_create();
  zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  zbar::zbar_image_t* img = zbar::zbar_image_create();
  zbar::zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
  zbar::zbar_image_set_size(img, packed.width(), packed.height());
  zbar::zbar_image_set_data(img, packed.data(), static_cast<unsigned long>(packed.width()) * packed.height(),
                            nullptr);
  if (zbar::zbar_scan_image(scanner, img) > 0) {
    for (const zbar::zbar_symbol_t* s = zbar::zbar_image_first_symbol(img); s; s = zbar::zbar_symbol_next(s)) {
      DecodedCode code;
      code.text.assign(zbar::zbar_symbol_get_data(s), zbar::zbar_symbol_get_data_length(s));
      code.format = "QRCode";
      // zbar gives the outline's points; take their bounding box's corners.
      int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN;
      for (unsigned i = 0; i < zbar::zbar_symbol_get_loc_size(s); ++i) {
        x0 = std::min(x0, zbar::zbar_symbol_get_loc_x(s, i));
        x1 = std::max(x1, zbar::zbar_symbol_get_loc_x(s, i));
        y0 = std::min(y0, zbar::zbar_symbol_get_loc_y(s, i));
        y1 = std::max(y1, zbar::zbar_symbol_get_loc_y(s, i));
      }
      if (x0 <= x1) code.corners = {PointI{x0, y0}, PointI{x1, y0}, PointI{x1, y1}, PointI{x0, y1}};
      codes.push_back(std::move(code));
    }
  }
  zbar::zbar_image_set_data(img, nullptr, 0, nullptr);
  zbar::zbar_image_destroy(img);
  zbar::zbar_image_scanner_destroy(scanner);
  return codes;
}

}  // namespace kindred
