// libpq, the way sync/ uses it: results that clear themselves, statements
// with parameters, quoting, and what an error's SQLSTATE says. Internal to
// sync/.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

namespace kindred::pq {

// The first line of a server or libpq message, without "ERROR:  ".
std::string FirstLine(const char* message);

// One statement's result, cleared when it goes.
class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  ~Result() { PQclear(r_); }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  bool ok() const {
    const ExecStatusType s = PQresultStatus(r_);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
  }
  std::string sqlstate() const {
    const char* s = PQresultErrorField(r_, PG_DIAG_SQLSTATE);
    return s ? s : "";
  }
  std::string error() const { return FirstLine(PQresultErrorMessage(r_)); }
  int rows() const { return PQntuples(r_); }
  std::string at(int row, int col) const { return PQgetvalue(r_, row, col); }
  bool is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }

 private:
  PGresult* r_;
};

// Runs `sql` with text parameters $1..; the caller wraps it in a Result.
PGresult* Run(PGconn* c, const std::string& sql, const std::vector<std::string>& params = {});
// Runs statements without parameters; false and *err on failure.
bool Exec(PGconn* c, const std::string& sql, std::string* err);
// Runs `sql`, several statements without parameters, in one round trip, and
// gives each statement's result in order; false and *err when sending fails
// or any statement failed (then *results holds those that ran).
bool RunBatch(PGconn* c, const std::string& sql, std::vector<std::unique_ptr<Result>>* results, std::string* err);

// An identifier or a literal quoted for `c`'s server.
std::string Identifier(PGconn* c, const std::string& name);
std::string Literal(PGconn* c, const std::string& value);

// Bad data (22: invalid UTF-8, too long; 23: a check) is the row's fault;
// anything else is the hub's or the network's.
bool IsDataError(const std::string& sqlstate);
// A row this session may not write (row-level security, 42501).
bool IsRowRefused(const std::string& sqlstate);
// libpq's messages for a server whose certificate is not the event's.
bool IsCertificateProblem(const std::string& message);

// True when `args` can be passed to RunTool: none holds a quote (').
// Otherwise false and one line in *err.
bool ToolArgsOk(const std::vector<std::string>& args, std::string* err);
// Runs PostgreSQL's client program args[0] (pg_dump, pg_restore, found on
// the PATH) with the rest of `args`; files it makes are readable by this
// user alone. False and one line in *err when it cannot run or fails:
// "`what`: " and the first line of its output.
bool RunTool(const std::vector<std::string>& args, const std::string& what, std::string* err);

}  // namespace kindred::pq
