// Bytes as hex text (keys and secrets stored as settings), and back.
#pragma once

#include <string>

namespace kindred {

// Lowercase hex of `bytes`.
std::string ToHex(const std::string& bytes);
// The bytes of `hex`; "" when it is not hex of whole bytes.
std::string FromHex(const std::string& hex);

}  // namespace kindred
