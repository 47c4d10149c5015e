// Text in HTML and SVG: the badge sheet and follow-up e-mail.
#pragma once

#include <string>
#include <string_view>

namespace kindred {

// `text` with & < > " ' escaped, safe in element content and quoted attributes.
std::string EscapeHtml(std::string_view text);

}  // namespace kindred
