// The kiosk's settings that organisers change on the kiosk itself (organiser
// mode, Settings). Saved in the event database, so they survive a restart;
// a command-line flag given explicitly still wins.
#pragma once

#include <cstdint>
#include <string>

#include "i18n/catalog.h"
#include "storage/event_db.h"

namespace kindred {

struct KioskSettings {
  std::string event_name;
  std::string kiosk_id = "kiosk-1";
  int idle_timeout_s = 45;  // a screen without a touch returns to the start
  bool sounds = true;
  bool camera = true;
  uint32_t formats = 1;     // CodeFormat flags; QR
  bool walk_ins = false;    // people not on the list (or without a badge) may join at the kiosk
  std::string hub;          // the PostgreSQL hub shared with the event's other kiosks; "" alone
  std::string phone_url;    // `kindred serve` for attendees' phones ("http://10.0.0.5:8080"); "" none
  std::string wifi_ssid;    // the event's Wi-Fi, shown to phones before the page; "" none
  std::string wifi_password;  // "" an open network
  std::string language = "en";  // the event's language (i18n code): the attract screen, and
                                // everyone whose own the roster does not give
  i18n::Register register_ = i18n::Register::kFormal;  // German when a tag says no register (kRegisterSetting)
};

// Reads the settings stored in `db` over *s (fields not stored keep their value).
bool LoadKioskSettings(EventDb& db, KioskSettings* s, std::string* err);

// Stores all of `s` in `db`.
bool SaveKioskSettings(EventDb& db, const KioskSettings& s, std::string* err);

}  // namespace kindred
