// The event's Wi-Fi as a QR code's text: phone camera apps (Android 10+,
// iOS 11+) offer to join the network, so a phone on a venue without
// internet reaches `kindred serve` instead of staying on mobile data.
#pragma once

#include <string>

namespace kindred {

// "WIFI:T:WPA;S:<ssid>;P:<password>;;" (the ZXing/Android format both
// systems read), `\`, `;`, `,`, `:` and `"` escaped with a backslash; an
// empty password gives an open network ("WIFI:T:nopass;S:<ssid>;;").
// REQUIRES: ssid is not empty.
std::string WifiQrText(const std::string& ssid, const std::string& password);

}  // namespace kindred
