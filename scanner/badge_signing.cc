#include "scanner/badge_signing.h"

#include <cctype>

#include <sodium.h>

namespace kindred {

namespace {

constexpr char kPrefix[] = "KDN1:";

bool Ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string Message(const std::string& badge_id) { return std::string(kPrefix) + badge_id; }

}  // namespace

EventKey NewEventKey() {
  Ready();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  EventKey key{std::string(reinterpret_cast<char*>(pk), sizeof pk), std::string(reinterpret_cast<char*>(sk), sizeof sk)};
  sodium_memzero(sk, sizeof sk);
  return key;
}

std::string SignBadge(const std::string& badge_id, const EventKey& key) {
  Ready();
  const std::string message = Message(badge_id);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  char b64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return message + ":" + b64;
}

bool IsSignedBadge(const std::string& payload) { return payload.rfind(kPrefix, 0) == 0; }

std::string SignedBadgeUrl(const std::string& base, const std::string& payload) {
  std::string url = base;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/b/";
  for (unsigned char c : payload) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      url += static_cast<char>(c);
    } else {
      static const char kHex[] = "0123456789ABCDEF";
      url += '%';
      url += kHex[c >> 4];
      url += kHex[c & 15];
    }
  }
  return url;
}

std::string SignedBadgeInUrl(std::string_view text) {
  const size_t scheme = text.starts_with("http://") ? 7 : text.starts_with("https://") ? 8 : 0;
  if (scheme == 0) return "";
  const size_t path = text.find('/', scheme);
  if (path == std::string_view::npos || text.substr(path, 3) != "/b/") return "";
  std::string_view rest = text.substr(path + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  std::string out;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && std::isxdigit(static_cast<unsigned char>(rest[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(rest[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(rest.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (rest[i] == '%' || rest[i] == '/') {
      return "";  // a broken escape, or more path: not ours
    } else {
      out += rest[i];
    }
  }
  return IsSignedBadge(out) ? out : "";
}

bool VerifySignedBadge(const std::string& code, const std::string& public_key, std::string* badge_id,
                       std::string* reason) {
  Ready();
  const std::string payload = IsSignedBadge(code) ? code : SignedBadgeInUrl(code);
  size_t colon = payload.rfind(':');
  if (!IsSignedBadge(payload) || colon <= sizeof kPrefix - 1) {
    *reason = "malformed signed badge";
    return false;
  }
  const std::string id = payload.substr(sizeof kPrefix - 1, colon - (sizeof kPrefix - 1));
  const std::string b64 = payload.substr(colon + 1);
  unsigned char sig[crypto_sign_BYTES];
  size_t sig_len = 0;
  if (id.empty() || sodium_base642bin(sig, sizeof sig, b64.data(), b64.size(), nullptr, &sig_len, nullptr,
                                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      sig_len != sizeof sig) {
    *reason = "malformed signed badge";
    return false;
  }
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES) {
    *reason = "this kiosk has no key for this event's signed badges";
    return false;
  }
  const std::string message = Message(id);
  if (crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                  reinterpret_cast<const unsigned char*>(public_key.data())) != 0) {
    *reason = "the badge's signature does not match this event (forged or edited)";
    return false;
  }
  *badge_id = id;
  return true;
}

}  // namespace kindred
