#include "storage/attendee.h"


namespace kindred {

std::string ForgottenId(const std::string& forget_key) { return "forgotten-" + forget_key.substr(0, 16); }

bool IsForgottenId(const std::string& badge_id) { return badge_id.starts_with("forgotten-"); }

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += "; ";
    out += item;
  }
  return out;
}

std::vector<std::string> SplitList(const std::string& cell) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find(';', start);
    if (end == std::string::npos) end = cell.size();
    size_t b = cell.find_first_not_of(" \t\r\n", start);
    size_t e = cell.find_last_not_of(" \t\r\n", end == 0 ? 0 : end - 1);
    if (b != std::string::npos && b < end && e != std::string::npos && e >= b)
      items.push_back(cell.substr(b, e - b + 1));
    start = end + 1;
  }
  return items;
}

std::string FirstName(const std::string& name) {
  // "Okafor, Maya": the family name written first, as many exports do.
  if (const size_t comma = name.find(','); comma != std::string::npos) {
    const size_t start = name.find_first_not_of(' ', comma + 1);
    if (start != std::string::npos) return FirstName(name.substr(start));
    return name.substr(0, comma);
  }
  size_t space = name.find(' ');
  return space == std::string::npos ? name : name.substr(0, space);
}

bool IsPresent(const Attendee& a, const std::string& start_of_today) {
  return a.checked_in || (!a.last_seen_at.empty() && a.last_seen_at >= start_of_today);
}

}  // namespace kindred
