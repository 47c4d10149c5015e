// Reading whole files, with an error a person can act on.
#pragma once

#include <string>

namespace kindred {

// Reads all of `path` into *out. Returns false and sets *err ("cannot open
// PATH: reason") when it cannot.
bool ReadWholeFile(const std::string& path, std::string* out, std::string* err);

}  // namespace kindred
