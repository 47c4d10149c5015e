// Writing CSV that spreadsheets open safely, and files that are never half-written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/file.h"  // WriteFileAtomically, for the writers of these files

namespace kindred {

// Appends one RFC 4180 row (CRLF-terminated) to *out. A cell a spreadsheet
// would evaluate as a formula (starting with = + - @ tab or CR, also after
// leading spaces) is prefixed with ' so it shows as text.
void AppendCsvRow(const std::vector<std::string>& cells, std::string* out);

// True when a spreadsheet would evaluate `cell` as a formula.
bool LooksLikeFormula(std::string_view cell);

// A file name made from an ID: letters, digits, '-' and '_' kept, anything
// else (a '/', a space, a dot) becomes '_'; never empty.
std::string SafeFileName(const std::string& id);

}  // namespace kindred
