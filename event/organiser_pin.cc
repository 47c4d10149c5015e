#include "event/organiser_pin.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace kindred {

bool ValidPin(const std::string& pin) {
  return pin.size() >= 4 && pin.size() <= 8 &&
         std::all_of(pin.begin(), pin.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string HashPin(const std::string& pin) {
  if (sodium_init() < 0) return "";
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return "";
  return out;
}

bool CheckPin(const std::string& hash, const std::string& pin) {
  if (hash.empty() || sodium_init() < 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace kindred
