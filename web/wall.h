// The room's wall for the venue's projector (1920x1080 or 1280x720, read
// from the back of the room): the numbers, the passions, who just met.
// One renderer for the page and for each live update (the update is the
// wall's whole content, sent as a Server-Sent Event), so a projector that
// missed updates shows the room as it is now.
#pragma once

#include <locale>
#include <string>

#include "event/room.h"

namespace kindred {

// The wall's content as HTML (one line: it travels as an event's data
// line), every word from the catalogue in `loc`, every name escaped.
std::string RenderWall(const RoomStats& room, const std::locale& loc);

// The whole page around `content` (RenderWall's): in `lang`; with script,
// /static/wall.js replaces the content from `events_path` as the room
// changes; without, the page reloads itself every 15 seconds.
std::string WallPage(const std::string& content, const std::string& lang, const std::locale& loc,
                     const std::string& events_path);

// The wall's look and its one script.
extern const char* const kWallCss;
extern const char* const kWallJs;

}  // namespace kindred
