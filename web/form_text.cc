#include "web/form_text.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "common/utf8.h"

namespace kindred {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// `line` with the characters in `as_space` made spaces, trimmed, and cut
// before the character that crosses `longest` bytes; "" when not UTF-8.
std::string CleanLine(std::string line, std::string_view as_space, size_t longest) {
  for (char& c : line)
    if (as_space.find(c) != std::string_view::npos) c = ' ';
  line = std::string(Trim(line));
  if (line.empty() || !IsValidUtf8(line)) return "";
  if (line.size() > longest) line = std::string(Trim(Utf8Prefix(line, longest)));
  return line;
}

}  // namespace

std::vector<std::string> AcceptedLanguages(std::string_view header) {
  std::vector<std::pair<double, std::string>> tags;  // (-weight, tag), stable-sorted
  while (!header.empty() && tags.size() < 20) {
    const size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const size_t semi = item.find(';');
    const std::string_view tag = Trim(item.substr(0, semi));
    double q = 1;
    if (semi != std::string_view::npos) {
      std::string_view param = Trim(item.substr(semi + 1));
      if (param.substr(0, 2) == "q=") q = std::strtod(std::string(param.substr(2)).c_str(), nullptr);
    }
    if (!tag.empty() && tag != "*" && q > 0 && q <= 1) tags.push_back({-q, std::string(tag)});
  }
  std::stable_sort(tags.begin(), tags.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& [weight, tag] : tags) out.push_back(std::move(tag));
  return out;
}

std::vector<std::string> TypedItems(std::string_view text, size_t most, size_t longest) {
  std::vector<std::string> out;
  while (!text.empty() && out.size() < most) {
    const size_t newline = text.find('\n');
    std::string line = CleanLine(std::string(text.substr(0, newline)), ";\r\t", longest);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (!line.empty()) out.push_back(std::move(line));
  }
  return out;
}

std::string TypedLine(std::string_view text, size_t longest) {
  return CleanLine(std::string(text), "\r\n\t", longest);
}

}  // namespace kindred
