#include "kiosk/scan_worker.h"

#include <chrono>
#include <utility>

namespace kindred {

ScanWorker::ScanWorker(FrameSource* source, DecoderOptions options, std::function<void()> wake)
    : source_(source), scanner_(FrameScannerOptions{options}), wake_(std::move(wake)) {
  thread_ = std::thread([this] { Run(); });
}

ScanWorker::~ScanWorker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::vector<std::vector<DecodedCode>> ScanWorker::TakeResults() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(results_, {});
}

void ScanWorker::Run() {
  LumaImage frame;
  uint64_t seq = 0;
  while (!stop_) {
    if (!source_->TakeLatest(&frame, &seq)) {
      // No new frame yet: a camera gives one every ~33 ms.
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(10), [this] { return stop_.load(); });
      continue;
    }
    std::vector<DecodedCode> codes = scanner_.Scan(frame.view());
    hint_ = scanner_.hint();
    if (codes.empty()) continue;
    {
      std::lock_guard<std::mutex> lock(mu_);
      results_.push_back(std::move(codes));
    }
    wake_();
  }
}

ScanHint ScanHintTimer::Update(ScanHint seen, bool read, int64_t now_ms) {
  if (read) {
    since_ = last_seen_ = -1;
    last_ = ScanHint::kNone;
    return ScanHint::kNone;
  }
  if (seen != ScanHint::kNone) {
    if (since_ < 0) since_ = now_ms;
    last_seen_ = now_ms;
    last_ = seen;
  } else if (since_ >= 0 && now_ms - last_seen_ >= clear_ms_) {
    since_ = last_seen_ = -1;
    last_ = ScanHint::kNone;
  }
  return since_ >= 0 && now_ms - since_ >= delay_ms_ ? last_ : ScanHint::kNone;
}

}  // namespace kindred
