// Where Kindred keeps its data and finds its assets.
#pragma once

#include <string>

namespace kindred {

// $XDG_DATA_HOME/kindred, or ~/.local/share/kindred; created if missing.
// Returns "" and sets *err when it cannot be created.
std::string DataDir(std::string* err);

// The assets folder: $KINDRED_ASSETS, else ../share/kindred beside the
// executable (an installed tree), else the source tree's assets/.
std::string AssetsDir();


}  // namespace kindred
