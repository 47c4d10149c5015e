#include "web/wall.h"

#include "common/html.h"
#include "i18n/catalog.h"

namespace kindred {

namespace {

using i18n::Fill;
using i18n::Tr;
using i18n::TrN;

std::string Number(int64_t n, const std::string& label) {
  return "<div class=\"number\"><b>" + std::to_string(n) + "</b><span>" + EscapeHtml(label) + "</span></div>";
}

std::string Passions(const std::vector<std::pair<std::string, int>>& list) {
  std::string h = "<ol>";
  for (const auto& [passion, n] : list)
    h += "<li><bdi>" + EscapeHtml(passion) + "</bdi><span class=\"count\">" + std::to_string(n) + "</span></li>";
  return h + "</ol>";
}

}  // namespace

std::string RenderWall(const RoomStats& room, const std::locale& loc) {
  std::string h = "<section class=\"numbers\">";
  h += Number(room.conversations, TrN(loc, "conversation so far", "conversations so far", static_cast<long>(room.conversations)));
  h += Number(room.last_hour, Tr(loc, "in the last hour"));
  h += Number(room.people, TrN(loc, "person taking part", "people taking part", static_cast<long>(room.people)));
  h += "</section>";
  if (room.conversations == 0) {
    h += "<p class=\"invite\">" + EscapeHtml(Tr(loc, "No conversations yet: scan your badge at a kiosk to find your people.")) +
         "</p>";
    return h;
  }
  h += "<div class=\"columns\"><section class=\"passions\"><h2>" + EscapeHtml(Tr(loc, "What the room shares")) + "</h2>" +
       Passions(room.top);
  if (!room.rising.empty()) h += "<h2>" + EscapeHtml(Tr(loc, "Rising now")) + "</h2>" + Passions(room.rising);
  h += "</section>";
  if (!room.recent.empty()) {
    h += "<section class=\"recent\"><h2>" + EscapeHtml(Tr(loc, "Just met")) + "</h2><ul>";
    for (const RoomMeeting& m : room.recent) {
      const std::string line =
          m.passion.empty() ? Fill(Tr(loc, "{a} and {b} met"), {{"a", m.a}, {"b", m.b}})
                            : Fill(Tr(loc, "{a} and {b} met over {passion}"), {{"a", m.a}, {"b", m.b}, {"passion", m.passion}});
      h += "<li dir=\"auto\">" + EscapeHtml(line) + "</li>";
    }
    h += "</ul></section>";
  }
  h += "</div><p class=\"invite\">" + EscapeHtml(Tr(loc, "Scan your badge at a kiosk to find your people.")) + "</p>";
  // One line: the content travels as one data line of an event.
  for (char& c : h)
    if (c == '\n' || c == '\r') c = ' ';
  return h;
}

std::string WallPage(const std::string& content, const std::string& lang, const std::locale& loc,
                     const std::string& events_path) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"" + EscapeHtml(i18n::Base(lang)) + "\"><head><meta charset=\"utf-8\">";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += "<title>" + EscapeHtml(Tr(loc, "The room, live")) + "</title>";
  h += "<noscript><meta http-equiv=\"refresh\" content=\"15\"></noscript>";
  h += "<link rel=\"stylesheet\" href=\"/static/wall.css\">";
  h += "<script src=\"/static/wall.js\" defer></script></head><body>\n";
  h += "<main id=\"wall\" data-events=\"" + EscapeHtml(events_path) + "\">" + content + "</main>\n</body></html>\n";
  return h;
}

// Sized by the screen's width, so 1280x720 and 1920x1080 look the same; the
// smallest text is ~1/40 of the width (48 px on 1920: readable from 15 m).
const char* const kWallCss = R"css(
html { font-family: system-ui, sans-serif; background: #13262c; color: #f4f1ea; font-size: 2.2vw; line-height: 1.3; }
body { margin: 0; }
main { padding: 2.5vw 3.5vw; }
.numbers { display: flex; gap: 3vw; }
.number { flex: 1; background: #1d3a42; border-radius: 1vw; padding: 1.2vw 1.6vw; }
.number b { display: block; font-size: 5.5vw; line-height: 1.1; color: #ffbf4d; }
.number span { font-size: 1.6vw; color: #c9d6d3; }
.columns { display: flex; gap: 3vw; margin-top: 2vw; }
.columns > section { flex: 1; min-width: 0; }
h2 { font-size: 1.8vw; margin: 0.6vw 0; color: #9fd3c7; font-weight: 600; }
ol, ul { list-style: none; margin: 0; padding: 0; }
li { font-size: 2vw; padding: 0.5vw 0; border-bottom: 0.1vw solid #2c4b54; overflow: hidden; white-space: nowrap;
     text-overflow: ellipsis; }
.count { float: right; color: #ffbf4d; margin-left: 1vw; }
.invite { font-size: 1.6vw; color: #c9d6d3; margin-top: 2vw; }
)css";

// Each message is the wall's whole content, rendered (and escaped) by the server.
const char* const kWallJs = R"js(
(function () {
  var wall = document.getElementById('wall');
  if (!wall || !window.EventSource) return;
  var source = new EventSource(wall.getAttribute('data-events'));
  source.addEventListener('wall', function (e) { wall.innerHTML = e.data; });
})();
)js";

}  // namespace kindred
