#include "kiosk/wifi_code.h"

namespace kindred {

namespace {

std::string Escaped(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\\' || ch == ';' || ch == ',' || ch == ':' || ch == '"') out += '\\';
    out += ch;
  }
  return out;
}

}  // namespace

std::string WifiQrText(const std::string& ssid, const std::string& password) {
  if (password.empty()) return "WIFI:T:nopass;S:" + Escaped(ssid) + ";;";
  return "WIFI:T:WPA;S:" + Escaped(ssid) + ";P:" + Escaped(password) + ";;";
}

}  // namespace kindred
