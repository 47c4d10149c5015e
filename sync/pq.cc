#include "sync/pq.h"

#include <cstdio>

namespace kindred::pq {

std::string FirstLine(const char* message) {
  std::string s = message ? message : "";
  if (s.rfind("ERROR:  ", 0) == 0) s = s.substr(8);
  if (s.rfind("FATAL:  ", 0) == 0) s = s.substr(8);
  if (size_t nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

PGresult* Run(PGconn* c, const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  return PQexecParams(c, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
}

bool RunBatch(PGconn* c, const std::string& sql, std::vector<std::unique_ptr<Result>>* results, std::string* err) {
  results->clear();
  if (!PQsendQuery(c, sql.c_str())) {
    *err = FirstLine(PQerrorMessage(c));
    return false;
  }
  bool ok = true;
  while (PGresult* r = PQgetResult(c)) {
    results->push_back(std::make_unique<Result>(r));
    if (ok && !results->back()->ok()) {
      ok = false;
      *err = results->back()->error();
    }
  }
  return ok;
}

bool Exec(PGconn* c, const std::string& sql, std::string* err) {
  Result r(PQexec(c, sql.c_str()));
  if (!r.ok()) *err = r.error();
  return r.ok();
}


std::string Identifier(PGconn* c, const std::string& name) {
  char* quoted = PQescapeIdentifier(c, name.c_str(), name.size());
  std::string out = quoted ? quoted : "\"\"";
  PQfreemem(quoted);
  return out;
}

std::string Literal(PGconn* c, const std::string& value) {
  char* quoted = PQescapeLiteral(c, value.c_str(), value.size());
  std::string out = quoted ? quoted : "''";
  PQfreemem(quoted);
  return out;
}

bool IsDataError(const std::string& sqlstate) {
  return sqlstate.rfind("22", 0) == 0 || sqlstate.rfind("23", 0) == 0;
}

bool IsRowRefused(const std::string& sqlstate) { return sqlstate == "42501"; }

bool IsCertificateProblem(const std::string& message) {
  return message.find("certificate verify failed") != std::string::npos ||
         message.find("does not match host name") != std::string::npos ||
         message.find("server certificate for") != std::string::npos;
}

bool ToolArgsOk(const std::vector<std::string>& args, std::string* err) {
  for (const std::string& a : args)
    if (a.find('\'') != std::string::npos) {
      *err = "give paths and URLs without a quote (') in them: " + a;
      return false;
    }
  return true;
}

bool RunTool(const std::vector<std::string>& args, const std::string& what, std::string* err) {
  if (!ToolArgsOk(args, err)) return false;
  // Through the shell for its umask; every argument single-quoted.
  std::string command = "umask 077 && exec";
  for (const std::string& a : args) command += " '" + a + "'";
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) {
    *err = "cannot run " + args[0];
    return false;
  }
  std::string output;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) output += buf;
  if (pclose(p) != 0) {
    *err = what + ": " + output.substr(0, output.find('\n'));
    return false;
  }
  return true;
}

}  // namespace kindred::pq
