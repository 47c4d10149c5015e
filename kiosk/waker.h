// Lets the kiosk's main loop sleep while nothing happens and wake at once when
// another thread has news (a decoded badge). SDL 2.26's offscreen and KMSDRM
// drivers cannot wait for input natively (SDL_WaitEventTimeout polls every
// millisecond there), so the loop paces itself with this instead.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace kindred {

class Waker {
 public:
  // Any thread: ends the current or the next WaitFor at once.
  void Wake() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      woken_ = true;
    }
    cv_.notify_one();
  }
  // Sleeps up to `ms` milliseconds, or until Wake. Returns true if woken.
  bool WaitFor(int64_t ms) {
    std::unique_lock<std::mutex> lock(mu_);
    bool woken = cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return woken_; });
    woken_ = false;
    return woken;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
};

}  // namespace kindred
