#include "storage/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <string_view>

#include "common/utf8.h"

namespace kindred {

namespace {

constexpr char kSaveAs[] = "save it from the spreadsheet as \"CSV UTF-8 (Comma delimited)\" and import that file";

// iconv from `from` to UTF-8; false if the bytes are not valid in `from`.
bool Convert(const char* from, std::string_view in, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out->clear();
  out->resize(in.size() * 2 + 16);
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  size_t used = 0;
  bool ok = true;
  while (src_left > 0) {
    char* dst = out->data() + used;
    size_t dst_left = out->size() - used;
    const size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    used = out->size() - dst_left;
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out->resize(out->size() * 2);
      continue;
    }
    ok = false;  // EILSEQ or EINVAL: not text in `from`
    break;
  }
  iconv_close(cd);
  out->resize(used);
  return ok;
}

// True when some byte sequence in `text` is a valid multi-byte UTF-8 character.
bool HasUtf8Multibyte(std::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0xC2 || c > 0xF4) continue;
    const size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + n <= text.size() && IsValidUtf8(text.substr(i, n))) return true;
  }
  return false;
}

// UTF-16 without a BOM: every other byte of the first line is zero.
bool LooksUtf16(std::string_view text, bool* little_endian) {
  const size_t n = std::min<size_t>(text.size() & ~size_t{1}, 200);
  if (n < 4) return false;
  size_t zero_odd = 0, zero_even = 0;
  for (size_t i = 0; i < n; i += 2) {
    zero_even += text[i] == '\0';
    zero_odd += text[i + 1] == '\0';
  }
  *little_endian = zero_odd > zero_even;
  return std::max(zero_odd, zero_even) * 4 >= n;  // at least half the pairs
}

}  // namespace

bool DecodeSpreadsheetText(std::string* bytes, std::string* encoding, std::string* err) {
  std::string_view text(*bytes);
  if (text.starts_with("PK\x03\x04")) {
    *err = "this is a spreadsheet workbook (.xlsx or .ods), not CSV: " + std::string(kSaveAs);
    return false;
  }
  if (text.starts_with("\xD0\xCF\x11\xE0")) {
    *err = "this is an Excel 97-2003 workbook (.xls), not CSV: " + std::string(kSaveAs);
    return false;
  }
  std::string out;
  bool little = true;
  const bool bom_le = text.starts_with("\xFF\xFE"), bom_be = text.starts_with("\xFE\xFF");
  if (bom_le || bom_be || LooksUtf16(text, &little)) {
    const bool le = bom_le || (!bom_be && little);
    if (bom_le || bom_be) text.remove_prefix(2);
    if (!Convert(le ? "UTF-16LE" : "UTF-16BE", text, &out)) {
      *err = "the file looks like UTF-16 text but is damaged: " + std::string(kSaveAs);
      return false;
    }
    *encoding = le ? "UTF-16LE" : "UTF-16BE";
    if (out.starts_with("\xEF\xBB\xBF")) out.erase(0, 3);
    *bytes = std::move(out);
    return true;
  }
  if (text.starts_with("\xEF\xBB\xBF")) bytes->erase(0, 3);
  if (IsValidUtf8(*bytes) || HasUtf8Multibyte(*bytes)) {
    *encoding = "UTF-8";
    return true;
  }
  if (bytes->find('\0') == std::string::npos && Convert("WINDOWS-1252", *bytes, &out)) {
    *encoding = "Windows-1252";
    *bytes = std::move(out);
    return true;
  }
  *err = "the file is not text in UTF-8, UTF-16 or Windows-1252: " + std::string(kSaveAs);
  return false;
}

}  // namespace kindred
