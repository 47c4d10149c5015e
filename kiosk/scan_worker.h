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

 private:
  void Run();

  FrameSource* source_;
  FrameScanner scanner_;
  std::function<void()> wake_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::vector<DecodedCode>> results_;  // guarded by mu_
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace kindred
