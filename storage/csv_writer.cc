#include "storage/csv_writer.h"

#include <cctype>

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


}  // namespace kindred
