// Roster files as spreadsheets save them: UTF-8 with or without a BOM, UTF-16
// ("Unicode text" in Excel), Windows-1252 (Excel's plain "CSV" in Western
// Europe). Workbooks are recognised and refused with how to export CSV.
#pragma once

#include <string>

namespace kindred {

// Turns the bytes of a roster file into UTF-8 text in place, and names what
// they were in *encoding ("UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252").
// A file that is mostly UTF-8 with a few bad bytes stays UTF-8 (the parser
// then rejects those lines). Returns false with a one-line reason that says
// how to save the file for workbooks (.xlsx, .xls, .ods) and for bytes that
// are no text it knows.
bool DecodeSpreadsheetText(std::string* bytes, std::string* encoding, std::string* err);

}  // namespace kindred
