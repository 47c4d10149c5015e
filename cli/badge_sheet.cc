#include "cli/badge_sheet.h"

#include <filesystem>

#include "common/html.h"
#include "event/event_context.h"
#include "scanner/badge_signing.h"
#include "scanner/decoder.h"
#include "storage/csv_writer.h"

namespace kindred {

namespace {

namespace fs = std::filesystem;


bool EventKeyFor(EventDb& db, EventKey* key, bool* made, std::string* err) {
  std::string hex;
  Lookup l = db.GetSetting(kSecretKeySetting, &hex, err);
  if (l == Lookup::kError) return false;
  if (l == Lookup::kFound) {
    key->secret_key = FromHex(hex);
    if (db.GetSetting(kPublicKeySetting, &hex, err) != Lookup::kFound) return false;
    key->public_key = FromHex(hex);
    *made = false;
    return true;
  }
  *key = NewEventKey();
  *made = true;
  return db.SetSetting(kPublicKeySetting, ToHex(key->public_key), err) &&
         db.SetSetting(kSecretKeySetting, ToHex(key->secret_key), err);
}

}  // namespace

std::string QrSvg(const std::string& text, double mm, std::string* err) {
  QrMatrix qr;
  if (!EncodeQr(text, &qr, err)) return "";
  const int n = qr.size + 8;
  std::string path;
  for (int y = 0; y < qr.size; ++y)
    for (int x = 0; x < qr.size;) {
      if (!qr.at(x, y)) {
        ++x;
        continue;
      }
      int run = 0;
      while (x + run < qr.size && qr.at(x + run, y)) ++run;
      char step[64];
      std::snprintf(step, sizeof step, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
      path += step;
      x += run;
    }
  char head[256];
  std::snprintf(head, sizeof head,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.1fmm\" height=\"%.1fmm\" viewBox=\"0 0 %d %d\" "
                "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
                mm, mm, n, n, n, n);
  return head + ("<path fill=\"#000\" d=\"" + path + "\"/></svg>");
}

bool WriteBadges(EventDb& db, const std::string& out_dir, const std::string& event_name, const std::string& url_base,
                 BadgeReport* report, std::string* err) {
  *report = {};
  EventKey key;
  if (!EventKeyFor(db, &key, &report->new_key, err)) return false;
  std::vector<Attendee> attendees;
  if (!db.LoadAttendees(&attendees, err)) return false;
  std::error_code ec;
  fs::create_directories(fs::path(out_dir) / "png", ec);
  fs::create_directories(fs::path(out_dir) / "svg", ec);
  if (ec) {
    *err = "cannot create " + out_dir + ": " + ec.message();
    return false;
  }
  // A4 sheet, two columns of 90 x 64 mm badges, four rows a page.
  std::string html =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>Badges - " + EscapeHtml(event_name) +
      "</title><style>@page{size:A4;margin:12mm}body{font-family:'DejaVu Sans',sans-serif;margin:0}"
      ".sheet{display:grid;grid-template-columns:90mm 90mm;gap:6mm}"
      ".badge{box-sizing:border-box;width:90mm;height:64mm;border:0.3mm dashed #999;padding:5mm;display:flex;"
      "gap:4mm;break-inside:avoid}.who{flex:1;overflow:hidden}.name{font-size:15pt;font-weight:bold}"
      ".org{font-size:9pt;color:#444}.ask{font-size:8pt;margin-top:4mm;color:#333}"
      ".passions{font-size:9pt}</style></head><body><div class=\"sheet\">\n";
  for (const Attendee& a : attendees) {
    const std::string signed_badge = SignBadge(a.badge_id, key);
    const std::string payload = url_base.empty() ? signed_badge : SignedBadgeUrl(url_base, signed_badge);
    const std::string name = SafeFileName(a.badge_id);
    LumaImage png;
    if (!RenderQrCode(payload, 8, &png, err) ||
        !SaveLumaPng(png, (fs::path(out_dir) / "png" / (name + ".png")).string(), err))
      return false;
    std::string svg = QrSvg(payload, 30, err);
    if (svg.empty() || !WriteFileAtomically((fs::path(out_dir) / "svg" / (name + ".svg")).string(), svg, err))
      return false;
    std::string org = a.title + (a.title.empty() || a.company.empty() ? "" : ", ") + a.company;
    html += "<div class=\"badge\"><div class=\"who\"><div class=\"name\">" + EscapeHtml(a.name) +
            "</div><div class=\"org\">" + EscapeHtml(org) + "</div><div class=\"ask\">Ask me what I'm passionate about:</div>"
            "<div class=\"passions\">" + EscapeHtml(JoinList(a.passions)) + "</div></div>" + QrSvg(payload, 30, err) +
            "</div>\n";
    ++report->badges;
  }
  html += "</div></body></html>\n";
  return WriteFileAtomically((fs::path(out_dir) / "badges.html").string(), html, err);
}

}  // namespace kindred
