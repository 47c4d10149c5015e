// vCard 3.0 (RFC 2426) for phone contact apps.
#pragma once

#include <string>

#include "storage/attendee.h"

namespace kindred {

// One vCard 3.0 for `person`: FN, N, ORG, TITLE, EMAIL and a NOTE, with
// RFC 2426 escaping and lines folded at 75 octets (never inside a UTF-8
// character), CRLF line ends. The caller decides whether the person agreed
// to share these details.
std::string VCard30(const Attendee& person, const std::string& note);

}  // namespace kindred
