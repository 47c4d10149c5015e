// Decodes camera frames on a thread of its own, so the UI never waits on ZXing.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "scanner/decoder.h"
#include "scanner/frame_scanner.h"
#include "scanner/frame_source.h"

namespace kindred {

class ScanWorker {
 public:
  // Starts decoding the newest frame of `source` whenever one arrives, and
  // calls `wake` (from the worker thread) when codes were found.
  // REQUIRES: `source` outlives the worker.
  ScanWorker(FrameSource* source, DecoderOptions options, std::function<void()> wake);
  ~ScanWorker();
  ScanWorker(const ScanWorker&) = delete;
  ScanWorker& operator=(const ScanWorker&) = delete;

  // The codes found since the last call, one list per frame that had any.
  std::vector<std::vector<DecodedCode>> TakeResults();

  // What the latest frame searched suggests about a code in view that has
  // not read (FrameScanner::hint()).
  ScanHint hint() const { return hint_.load(); }

 private:
  void Run();

  FrameSource* source_;
  FrameScanner scanner_;
  std::function<void()> wake_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::vector<DecodedCode>> results_;  // guarded by mu_
  std::atomic<bool> stop_{false};
  std::atomic<ScanHint> hint_{ScanHint::kNone};
  std::thread thread_;
};

// When to tell someone holding up a badge what to change: a hint about the
// code in view is shown once the scanner has seen an unread code for
// `delay_ms` (a second: most badges read before that), follows what the
// scanner sees while it lasts, and goes at a read or once nothing code-like
// has been seen for `clear_ms`.
class ScanHintTimer {
 public:
  explicit ScanHintTimer(int64_t delay_ms = 1000, int64_t clear_ms = 600) : delay_ms_(delay_ms), clear_ms_(clear_ms) {}
  // `seen`: the scanner's latest hint; `read`: a code was read since the
  // last call. Returns the hint to show now (kNone: nothing).
  ScanHint Update(ScanHint seen, bool read, int64_t now_ms);

 private:
  int64_t delay_ms_, clear_ms_;
  int64_t since_ = -1;      // when an unread code was first seen; -1: none in view
  int64_t last_seen_ = -1;  // when one was last seen
  ScanHint last_ = ScanHint::kNone;
};

}  // namespace kindred
