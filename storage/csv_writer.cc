#include "storage/csv_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kindred {

bool LooksLikeFormula(std::string_view cell) {
  size_t i = cell.find_first_not_of(' ');
  if (i == std::string_view::npos) return false;
  if (i > 0) cell.remove_prefix(i);
  if (cell.empty()) return false;
  switch (cell[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r':
      return true;
  }
  // Full-width equals and plus signs (U+FF1D, U+FF0B) are formulas to some spreadsheets too.
  return cell.starts_with("\xEF\xBC\x9D") || cell.starts_with("\xEF\xBC\x8B");
}

void AppendCsvRow(const std::vector<std::string>& cells, std::string* out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out->push_back(',');
    const std::string& c = cells[i];
    bool formula = LooksLikeFormula(c);
    bool quote = formula || c.find_first_of(",\"\r\n") != std::string::npos;
    if (quote) out->push_back('"');
    if (formula) out->push_back('\'');
    for (char ch : c) {
      if (ch == '"') out->push_back('"');
      out->push_back(ch);
    }
    if (quote) out->push_back('"');
  }
  out->append("\r\n");
}

std::string SafeFileName(const std::string& id) {
  std::string out;
  for (char c : id) out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_');
  return out.empty() ? "_" : out;
}

bool WriteFileAtomically(const std::string& path, std::string_view content, std::string* err) {
  std::string tmp = path + ".tmp-" + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *err = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *err = "cannot write " + path + ": " + std::strerror(errno);
      close(fd);
      unlink(tmp.c_str());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    *err = "cannot write " + path + ": " + std::strerror(errno);
    unlink(tmp.c_str());
    return false;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    *err = "cannot write " + path + ": " + std::strerror(errno);
    unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace kindred
