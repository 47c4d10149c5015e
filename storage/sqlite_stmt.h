// A prepared SQLite statement that finalizes itself. Internal to storage/.
#pragma once

#include <sqlite3.h>

#include <cerrno>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

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

// A connection's prepared statements, kept for the next Stmt with the same
// SQL: preparing a statement costs more than running most of Kindred's (a
// kiosk saving an encounter or folding in a pulled row spent half its time
// parsing SQL). The owner of the connection makes one and destroys it before
// closing the connection; a Stmt on a connection without one prepares
// afresh. A statement in use by one Stmt is not given to another.
class StmtCache {
 public:
  explicit StmtCache(sqlite3* db) : db_(db) {
    std::lock_guard<std::mutex> lock(Registry().mu);
    Registry().caches[db] = this;
  }
  ~StmtCache() {
    {
      std::lock_guard<std::mutex> lock(Registry().mu);
      Registry().caches.erase(db_);
    }
    for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
  }
  StmtCache(const StmtCache&) = delete;
  StmtCache& operator=(const StmtCache&) = delete;

  // The cache of `db`, or null.
  static StmtCache* For(sqlite3* db) {
    std::lock_guard<std::mutex> lock(Registry().mu);
    auto it = Registry().caches.find(db);
    return it == Registry().caches.end() ? nullptr : it->second;
  }
  // An idle statement for `sql`, or null; the caller owns it until Give.
  sqlite3_stmt* Take(const std::string& sql) {
    auto it = idle_.find(sql);
    if (it == idle_.end()) return nullptr;
    sqlite3_stmt* stmt = it->second;
    idle_.erase(it);
    return stmt;
  }
  // Back for the next Take, reset and unbound.
  void Give(std::string sql, sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    idle_.emplace(std::move(sql), stmt);
  }

 private:
  struct Caches {
    std::mutex mu;
    std::unordered_map<sqlite3*, StmtCache*> caches;
  };
  static Caches& Registry() {
    static Caches registry;
    return registry;
  }

  sqlite3* db_;
  std::unordered_multimap<std::string, sqlite3_stmt*> idle_;
};

class Stmt {
 public:
  // Prepares `sql` on `db` (or takes it from the connection's StmtCache);
  // check ok() before use.
  Stmt(sqlite3* db, const char* sql) : db_(db), cache_(StmtCache::For(db)) {
    if (cache_) {
      sql_ = sql;
      stmt_ = cache_->Take(sql_);
      if (stmt_) {
        rc_ = SQLITE_OK;
        return;
      }
    }
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  Stmt(sqlite3* db, const std::string& sql) : Stmt(db, sql.c_str()) {}
  ~Stmt() {
    if (cache_ && stmt_) cache_->Give(std::move(sql_), stmt_);
    else sqlite3_finalize(stmt_);
  }
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
  StmtCache* cache_;
  std::string sql_;  // with a cache: the key to give the statement back under
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

}  // namespace kindred
