// Finding someone by what a kiosk keyboard can type: the one search the
// kiosk's "find your name", organiser mode's Privacy tab and the phone pages
// use. A name matches as written, by its Latin spelling (the roster's
// name_latin, else ICU's transliteration made on import: "tanaka" finds
// 田中 由紀 when the roster spells it, "jose" and "ÁLVAREZ" find José
// Álvarez), by the consonants of a name in an alphabet with several Latin
// spellings ("omar" finds عمر الحداد, "eleni" finds Ελένη), and a badge ID
// whole.
#pragma once

#include <string>
#include <vector>

#include "storage/event_db.h"

namespace kindred {

// Up to `limit` people for `text`, best first. False and *err when the
// roster cannot be read; an empty list is "no match", for the screen to say.
bool FindPeople(EventDb& db, const std::string& text, int limit, std::vector<Attendee>* out, std::string* err);

// How a result is shown so that two people with similar Latin spellings are
// told apart: the name in its own script, and its Latin spelling beside it
// when the name is written in another script ("عمر الحداد (Omar Haddad)").
std::string SearchLabel(const Attendee& a);

// Fills a.name_latin from a.name (ICU) when the roster gave none and the
// name is not plain ASCII: what imports and walk-ins do before saving.
void AddLatinSpelling(Attendee* a);

}  // namespace kindred
