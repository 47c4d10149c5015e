// A prepared SQLite statement that finalizes itself. Internal to storage/.
#pragma once

#include <sqlite3.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>

namespace kindred {

// The last error on `db` in words an organiser can act on: a full or
// read-only disk and a busy or damaged database are named as such, with
// SQLite's own message after.
inline std::string FriendlyError(sqlite3* db) {
  const int code = sqlite3_extended_errcode(db);
  const int sys = sqlite3_system_errno(db);
  std::string what = sqlite3_errmsg(db);
  if ((code & 0xFF) == SQLITE_FULL || sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
    return "the disk is full; free some space or move the database (" + what + ")";
  if ((code & 0xFF) == SQLITE_READONLY || sys == EROFS || sys == EACCES || sys == EPERM)
    return "the database cannot be written: its disk or file is read-only (" + what + ")";
  if ((code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED)
    return "the database is busy: another program is writing to it; try again (" + what + ")";
  if ((code & 0xFF) == SQLITE_CORRUPT)
    return "the database file is damaged; restore it from a backup (" + what + ")";
  if ((code & 0xFF) == SQLITE_IOERR)
    return "the disk could not be written: it may be full, read-only or failing (" + what + ")";
  return what;
}

class Stmt {
 public:
  // Prepares `sql` on `db`; check ok() before use.
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  Stmt(sqlite3* db, const std::string& sql) : Stmt(db, sql.c_str()) {}
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK && stmt_ != nullptr; }

  // Binds by 1-based index. Text the caller holds is not copied: it must
  // outlive the next Step(). A temporary string is copied (the && overload),
  // so `Bind(1, JoinList(...))` is safe too.
  Stmt& Bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& Bind(int i, const std::string& text) { return Bind(i, std::string_view(text)); }
  Stmt& Bind(int i, std::string&& text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, const char* text) { return Bind(i, std::string_view(text)); }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& Bind(int i, bool v) { return Bind(i, static_cast<int64_t>(v)); }

  // Steps once: SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return rc_ = sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col))
             : std::string();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }

  // A one-line description of the last failure, for the user.
  std::string Error() const { return FriendlyError(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

}  // namespace kindred
