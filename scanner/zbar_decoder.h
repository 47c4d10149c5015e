// zbar's QR reader, one of the decoder's extra passes: it reads some small,
// tilted codes ZXing 1.4 cannot (and ZXing reads others zbar cannot).
// Internal to scanner/; kept apart from ZXing, whose headers define macros
// that break zbar's.
#pragma once

#include <vector>

#include "scanner/decoder.h"

namespace kindred {

// The QR codes zbar finds in `image`, with their corners. Never throws.
std::vector<DecodedCode> ZbarDecodeQr(const LumaView& image);

}  // namespace kindred
