// The organiser's PIN: 4 to 8 digits, stored only as a libsodium
// crypto_pwhash hash (Argon2id), so a copied database does not give it away.
#pragma once

#include <string>

namespace kindred {

inline constexpr char kPinSetting[] = "organiser_pin_hash";

// True for 4 to 8 digits.
bool ValidPin(const std::string& pin);

// The hash to store; "" if hashing failed (out of memory).
std::string HashPin(const std::string& pin);

// True when `pin` matches `hash`.
bool CheckPin(const std::string& hash, const std::string& pin);

}  // namespace kindred
