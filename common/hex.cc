#include "common/hex.h"

#include <sodium.h>

namespace kindred {

std::string ToHex(const std::string& bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  hex.pop_back();
  return hex;
}

std::string FromHex(const std::string& hex) {
  std::string bytes(hex.size() / 2, '\0');
  size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), hex.data(), hex.size(), nullptr,
                     &len, nullptr) != 0 ||
      len != bytes.size())
    return "";
  return bytes;
}

}  // namespace kindred
