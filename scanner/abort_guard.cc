#include "scanner/abort_guard.h"

#include <csetjmp>
#include <csignal>
#include <mutex>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
// What the guarded code allocates is lost by design when it aborts: the
// sanitizer build's leak check is told not to count it (it would also miss
// a leak of ZXing's own, which is not Kindred's to fix).
#define KINDRED_LEAKS_IGNORED_BEGIN() __lsan_disable()
#define KINDRED_LEAKS_IGNORED_END() __lsan_enable()
#else
#define KINDRED_LEAKS_IGNORED_BEGIN()
#define KINDRED_LEAKS_IGNORED_END()
#endif

namespace kindred {

namespace {

thread_local sigjmp_buf* t_escape = nullptr;
struct sigaction g_previous;

void OnAbort(int sig) {
  if (t_escape != nullptr) siglongjmp(*t_escape, 1);
  // Not inside a guard: what abort() means, through whatever was there before.
  sigaction(SIGABRT, &g_previous, nullptr);
  raise(sig);
}

}  // namespace

bool RunAbortGuarded(const std::function<void()>& f) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    struct sigaction sa = {};
    sa.sa_handler = OnAbort;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGABRT, &sa, &g_previous);
  });
  // glibc's abort() releases its lock and resets its stage before raising
  // SIGABRT, so leaving its handler by siglongjmp leaves abort() reusable.
  sigjmp_buf escape;
  sigjmp_buf* outer = t_escape;
  KINDRED_LEAKS_IGNORED_BEGIN();
  if (sigsetjmp(escape, 1) != 0) {  // 1: the signal mask (SIGABRT blocked in the handler) is restored
    t_escape = outer;
    KINDRED_LEAKS_IGNORED_END();
    return false;
  }
  t_escape = &escape;
  f();
  t_escape = outer;
  KINDRED_LEAKS_IGNORED_END();
  return true;
}

}  // namespace kindred
