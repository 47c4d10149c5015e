#include "storage/csv_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kindred {
namespace {

std::string Row(const std::vector<std::string>& cells) {
  std::string out;
  AppendCsvRow(cells, &out);
  return out;
}

TEST(CsvWriterTest, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(Row({"a", "b c", "José"}), "a,b c,José\r\n");
  EXPECT_EQ(Row({"a,b", "say \"hi\"", "two\nlines"}), "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
  EXPECT_EQ(Row({""}), "\r\n");
}

TEST(CsvWriterTest, FormulasAreNeutralised) {
  EXPECT_EQ(Row({"=1+1"}), "\"'=1+1\"\r\n");
  EXPECT_EQ(Row({"+33 6 12"}), "\"'+33 6 12\"\r\n");
  EXPECT_EQ(Row({"-2"}), "\"'-2\"\r\n");
  EXPECT_EQ(Row({"@SUM(A1)"}), "\"'@SUM(A1)\"\r\n");
  EXPECT_EQ(Row({"\tx"}), "\"'\tx\"\r\n");
  EXPECT_EQ(Row({"  =cmd"}), "\"'  =cmd\"\r\n");
  EXPECT_EQ(Row({"a=b"}), "a=b\r\n");
}

// What a spreadsheet sees in a cell: the RFC 4180 unquoted value.
std::vector<std::string> ParseRow(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(cell), cell.clear();
    } else if (c != '\r' && c != '\n') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

TEST(CsvWriterTest, NoInjectionPayloadSurvivesAsAFormula) {
  const std::filesystem::path dir = std::filesystem::path(KINDRED_SHARED_DATA) / "csv-injection";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "shared/data is absent";
  int payloads = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      ++payloads;
      std::string out = Row({"name", line});
      std::vector<std::string> cells = ParseRow(out);
      ASSERT_EQ(cells.size(), 2u) << line;
      EXPECT_FALSE(LooksLikeFormula(cells[1]) && cells[1][0] != '\'') << line;
      if (LooksLikeFormula(line)) {
        EXPECT_EQ(cells[1][0], '\'') << line;
      }
    }
  }
  EXPECT_GE(payloads, 15);
}

TEST(CsvWriterTest, AtomicWriteReplacesWholeFiles) {
  std::string path = (std::filesystem::temp_directory_path() / "kindred-atomic.csv").string(), err;
  ASSERT_TRUE(WriteFileAtomically(path, "old", &err)) << err;
  ASSERT_TRUE(WriteFileAtomically(path, "new content", &err)) << err;
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), "new content");
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
    EXPECT_EQ(e.path().filename().string().find("kindred-atomic.csv.tmp"), std::string::npos);
  std::filesystem::remove(path);
  EXPECT_FALSE(WriteFileAtomically("/nonexistent-dir/x.csv", "x", &err));
  EXPECT_NE(err.find("/nonexistent-dir/x.csv"), std::string::npos);
}

}  // namespace
}  // namespace kindred
