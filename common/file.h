// Reading and writing whole files, with an error a person can act on.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace kindred {

// Reads all of `path` into *out. Returns false and sets *err ("cannot open
// PATH: reason") when it cannot.
bool ReadWholeFile(const std::string& path, std::string* out, std::string* err);

// Replaces `path` with `content` whole or not at all (a temporary file,
// fsync, rename), created with `mode` whatever the umask. False and *err
// ("cannot write PATH: reason") on failure; `path` is then unchanged.
bool WriteFileAtomically(const std::string& path, std::string_view content, std::string* err,
                         mode_t mode = 0644);

}  // namespace kindred
