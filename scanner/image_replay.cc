#include "scanner/image_replay.h"

#include <algorithm>
#include <filesystem>

namespace kindred {

std::unique_ptr<ImageReplay> ImageReplay::Open(const std::vector<std::string>& paths, int fps, int hold_ms,
                                               std::string* err) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> in_folder;
      for (const auto& e : fs::directory_iterator(p, ec)) {
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
        if (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".pgm")
          in_folder.push_back(e.path().string());
      }
      std::sort(in_folder.begin(), in_folder.end());
      files.insert(files.end(), in_folder.begin(), in_folder.end());
    } else {
      files.push_back(p);
    }
  }
  if (files.empty()) {
    *err = "no images to replay";
    return nullptr;
  }
  if (files.size() > 500) {
    *err = "too many images to replay (at most 500)";
    return nullptr;
  }
  std::vector<LumaImage> images(files.size());
  for (size_t i = 0; i < files.size(); ++i)
    if (!LoadLumaImage(files[i], &images[i], err)) return nullptr;
  return std::unique_ptr<ImageReplay>(
      new ImageReplay(std::move(images), std::clamp(fps, 1, 120), std::max(hold_ms, 1)));
}

bool ImageReplay::TakeLatest(LumaImage* out, uint64_t* seq) {
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
  const uint64_t frame = static_cast<uint64_t>(elapsed.count()) * fps_ / 1000 + 1;
  if (frame == *seq) return false;
  const size_t image = static_cast<size_t>(elapsed.count() / hold_ms_) % images_.size();
  out->CopyFrom(images_[image].view());
  *seq = frame;
  return true;
}

}  // namespace kindred
