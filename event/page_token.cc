#include "event/page_token.h"

#include <sodium.h>

#include "common/hex.h"

namespace kindred {

namespace {

// 16 bytes of SHA-256 over a purpose and `input`, as hex.
std::string Derive(const char* purpose, const std::string& input) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(purpose), std::char_traits<char>::length(purpose) + 1);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, out);
  return ToHex(std::string(reinterpret_cast<const char*>(out), 16));
}

}  // namespace

std::string PageTokenFromKey(const std::string& forget_key) { return Derive("kindred page v1", forget_key); }

bool PageToken(EventDb& db, const std::string& badge_id, std::string* token, std::string* err) {
  std::string key;
  if (!db.ForgetKey(badge_id, &key, err)) return false;
  *token = PageTokenFromKey(key);
  return true;
}

bool WallToken(EventDb& db, std::string* token, std::string* err) {
  std::string key;
  if (!db.ForgetKey("", &key, err)) return false;
  *token = Derive("kindred wall v1", key);
  return true;
}

std::string FormTokenFromKey(const std::string& forget_key) { return Derive("kindred form v1", forget_key); }

bool IsPhoneUrl(const std::string& base) {
  size_t host = 0;
  if (base.rfind("http://", 0) == 0) host = 7;
  else if (base.rfind("https://", 0) == 0) host = 8;
  else return false;
  if (base.size() <= host || base[host] == '/' || base[host] == ':') return false;
  for (unsigned char ch : base)
    if (ch <= ' ' || ch == 0x7f || ch == '"' || ch == '<' || ch == '>' || ch == '\\') return false;
  return true;
}

namespace {

std::string Under(const std::string& base, const char* path, const std::string& token) {
  std::string url = base;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + path + token;
}

}  // namespace

std::string PageUrl(const std::string& base, const std::string& token) { return Under(base, "/p/", token); }

std::string WallUrl(const std::string& base, const std::string& token) { return Under(base, "/wall/", token); }

}  // namespace kindred
