#include "event/kiosk_settings.h"

#include <algorithm>
#include <cstdlib>

#include "i18n/catalog.h"

namespace kindred {

namespace {
constexpr char kEventName[] = "kiosk.event_name", kKioskId[] = "kiosk.kiosk_id", kIdle[] = "kiosk.idle_timeout_s",
               kSounds[] = "kiosk.sounds", kCamera[] = "kiosk.camera", kFormats[] = "kiosk.formats",
               kWalkIns[] = "kiosk.walk_ins", kHub[] = "kiosk.hub",
               kPhoneUrl[] = "kiosk.phone_url", kWifiSsid[] = "kiosk.wifi_ssid", kWifiPassword[] = "kiosk.wifi_password";
}

bool LoadKioskSettings(EventDb& db, KioskSettings* s, std::string* err) {
  std::string v;
  auto get = [&](const char* key) {
    Lookup l = db.GetSetting(key, &v, err);
    return l == Lookup::kError ? -1 : l == Lookup::kFound ? 1 : 0;
  };
  int r;
  if ((r = get(kEventName)) < 0) return false;
  if (r) s->event_name = v;
  if ((r = get(kKioskId)) < 0) return false;
  if (r && !v.empty()) s->kiosk_id = v;
  if ((r = get(kIdle)) < 0) return false;
  if (r) s->idle_timeout_s = std::clamp(std::atoi(v.c_str()), 15, 600);
  if ((r = get(kSounds)) < 0) return false;
  if (r) s->sounds = v == "1";
  if ((r = get(kCamera)) < 0) return false;
  if (r) s->camera = v == "1";
  if ((r = get(kFormats)) < 0) return false;
  if (r && std::atoi(v.c_str()) > 0) s->formats = static_cast<uint32_t>(std::atoi(v.c_str())) & 0xF;
  if ((r = get(kWalkIns)) < 0) return false;
  if (r) s->walk_ins = v == "1";
  if ((r = get(kHub)) < 0) return false;
  if (r) s->hub = v;
  if ((r = get(kPhoneUrl)) < 0) return false;
  if (r) s->phone_url = v;
  if ((r = get(kWifiSsid)) < 0) return false;
  if (r) s->wifi_ssid = v;
  if ((r = get(kWifiPassword)) < 0) return false;
  if (r) s->wifi_password = v;
  if ((r = get(kRegisterSetting)) < 0) return false;
  if (r) s->register_ = i18n::ParseRegister(v);
  if ((r = get(kEventLanguageSetting)) < 0) return false;
  if (r && !i18n::Resolve(v, s->register_).empty()) s->language = i18n::Resolve(v, s->register_);
  return true;
}

bool SaveKioskSettings(EventDb& db, const KioskSettings& s, std::string* err) {
  return db.SetSetting(kEventName, s.event_name, err) && db.SetSetting(kKioskId, s.kiosk_id, err) &&
         db.SetSetting(kIdle, std::to_string(s.idle_timeout_s), err) &&
         db.SetSetting(kSounds, s.sounds ? "1" : "0", err) && db.SetSetting(kCamera, s.camera ? "1" : "0", err) &&
         db.SetSetting(kFormats, std::to_string(s.formats), err) &&
         db.SetSetting(kWalkIns, s.walk_ins ? "1" : "0", err) && db.SetSetting(kHub, s.hub, err) &&
         db.SetSetting(kPhoneUrl, s.phone_url, err) && db.SetSetting(kWifiSsid, s.wifi_ssid, err) &&
         db.SetSetting(kWifiPassword, s.wifi_password, err) &&
         db.SetSetting(kEventLanguageSetting, s.language, err);
}

}  // namespace kindred
