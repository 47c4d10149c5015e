#include "scanner/v4l2_camera.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <jpeglib.h>

#include <csetjmp>

#include "i18n/catalog.h"

namespace kindred {

namespace {

int Ioctl(int fd, unsigned long request, void* arg) {
  int r;
  do r = ioctl(fd, request, arg);
  while (r == -1 && errno == EINTR);
  return r;
}

bool CanCapture(int fd) {
  v4l2_capability cap{};
  if (Ioctl(fd, VIDIOC_QUERYCAP, &cap) != 0) return false;
  uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
  return (caps & V4L2_CAP_VIDEO_CAPTURE) && (caps & V4L2_CAP_STREAMING);
}

struct JpegError {
  jpeg_error_mgr mgr;
  jmp_buf jump;
};

// Decodes an MJPEG frame straight to grey (libjpeg-turbo skips the chroma).
bool DecodeMjpeg(const uint8_t* data, size_t size, LumaImage* out) {
  jpeg_decompress_struct cinfo{};
  JpegError jerr{};
  cinfo.err = jpeg_std_error(&jerr.mgr);
  jerr.mgr.error_exit = [](j_common_ptr c) { longjmp(reinterpret_cast<JpegError*>(c->err)->jump, 1); };
  jerr.mgr.output_message = [](j_common_ptr) {};
  if (setjmp(jerr.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
  if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  cinfo.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(&cinfo);
  if (out->width() != static_cast<int>(cinfo.output_width) ||
      out->height() != static_cast<int>(cinfo.output_height))
    *out = LumaImage(cinfo.output_width, cinfo.output_height);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = out->data() + static_cast<size_t>(cinfo.output_scanline) * out->width();
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

struct Mapped {
  void* start = MAP_FAILED;
  size_t length = 0;
};

}  // namespace

std::string FindCaptureDevice() {
  for (int i = 0; i < 64; ++i) {
    std::string path = "/dev/video" + std::to_string(i);
    int fd = open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    bool ok = CanCapture(fd);
    close(fd);
    if (ok) return path;
  }
  return "";
}

V4l2Camera::V4l2Camera(CameraOptions options) : options_(std::move(options)) {
  status_ = i18n::N_("Starting camera");
  thread_ = std::thread([this] { Run(); });
}

V4l2Camera::~V4l2Camera() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
}

bool V4l2Camera::TakeLatest(LumaImage* out, uint64_t* seq) {
  std::lock_guard<std::mutex> lock(mu_);
  if (latest_seq_ == *seq || latest_.empty()) return false;
  out->CopyFrom(latest_.view());
  *seq = latest_seq_;
  return true;
}

std::string V4l2Camera::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

std::string V4l2Camera::format() const {
  std::lock_guard<std::mutex> lock(mu_);
  return format_;
}

void V4l2Camera::Run() {
  while (!stop_) {
    std::string path = options_.device.empty() ? FindCaptureDevice() : options_.device;
    int fd = path.empty() ? -1 : open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0 && CanCapture(fd)) {
      Stream(fd);
    } else {
      std::lock_guard<std::mutex> lock(mu_);
      status_ = latest_seq_ == 0 ? i18n::N_("No camera found - badge scanners and name search still work")
                                 : i18n::N_("Camera unplugged - reconnecting");
    }
    if (fd >= 0) close(fd);
    std::unique_lock<std::mutex> lock(mu_);
    stop_cv_.wait_for(lock, std::chrono::milliseconds(options_.reconnect_ms), [this] { return stop_.load(); });
  }
}

bool V4l2Camera::Stream(int fd) {
  // Pick the first pixel format we can turn into luminance without colour maths.
  const uint32_t preferred[] = {V4L2_PIX_FMT_GREY, V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_NV12,
                                V4L2_PIX_FMT_MJPEG};
  v4l2_format fmt{};
  bool negotiated = false;
  for (uint32_t pix : preferred) {
    fmt = {};
    fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt.fmt.pix.width = options_.width;
    fmt.fmt.pix.height = options_.height;
    fmt.fmt.pix.pixelformat = pix;
    fmt.fmt.pix.field = V4L2_FIELD_ANY;
    if (Ioctl(fd, VIDIOC_S_FMT, &fmt) == 0 && fmt.fmt.pix.pixelformat == pix) {
      negotiated = true;
      break;
    }
  }
  if (!negotiated) {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = i18n::N_("Camera offers no usable picture format");
    return false;
  }
  const uint32_t pix = fmt.fmt.pix.pixelformat;
  const int width = static_cast<int>(fmt.fmt.pix.width);
  const int height = static_cast<int>(fmt.fmt.pix.height);
  const int stride = fmt.fmt.pix.bytesperline ? static_cast<int>(fmt.fmt.pix.bytesperline) : width;

  v4l2_requestbuffers req{};
  req.count = 3;  // few buffers: old frames are worthless at a kiosk
  req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  req.memory = V4L2_MEMORY_MMAP;
  if (Ioctl(fd, VIDIOC_REQBUFS, &req) != 0 || req.count < 2) return false;
  std::vector<Mapped> buffers(req.count);
  bool ok = true;
  for (uint32_t i = 0; i < req.count && ok; ++i) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    buf.index = i;
    ok = Ioctl(fd, VIDIOC_QUERYBUF, &buf) == 0;
    if (!ok) break;
    buffers[i].length = buf.length;
    buffers[i].start = mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, buf.m.offset);
    ok = buffers[i].start != MAP_FAILED && Ioctl(fd, VIDIOC_QBUF, &buf) == 0;
  }
  v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  ok = ok && Ioctl(fd, VIDIOC_STREAMON, &type) == 0;
  if (ok) {
    char name[5] = {static_cast<char>(pix & 0xFF), static_cast<char>((pix >> 8) & 0xFF),
                    static_cast<char>((pix >> 16) & 0xFF), static_cast<char>((pix >> 24) & 0xFF), 0};
    std::lock_guard<std::mutex> lock(mu_);
    format_ = std::string(name) + " " + std::to_string(width) + "x" + std::to_string(height);
    status_.clear();
  }
  LumaImage frame;
  while (ok && !stop_) {
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, 200);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL))) break;
    if (r == 0) continue;
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    if (Ioctl(fd, VIDIOC_DQBUF, &buf) != 0) {
      if (errno == EAGAIN) continue;
      break;  // ENODEV: unplugged
    }
    const auto* data = static_cast<const uint8_t*>(buffers[buf.index].start);
    bool good = !(buf.flags & V4L2_BUF_FLAG_ERROR) && buf.bytesused > 0;
    if (good && pix == V4L2_PIX_FMT_MJPEG) {
      good = DecodeMjpeg(data, buf.bytesused, &frame);
    } else if (good && pix == V4L2_PIX_FMT_YUYV) {
      if (frame.width() != width || frame.height() != height) frame = LumaImage(width, height);
      good = buf.bytesused >= static_cast<uint32_t>(stride) * height;
      for (int y = 0; good && y < height; ++y)
        for (int x = 0; x < width; ++x) frame.at(x, y) = data[static_cast<size_t>(y) * stride + 2 * x];
    } else if (good) {  // GREY and NV12 start with a full-resolution luminance plane
      good = buf.bytesused >= static_cast<uint32_t>(stride) * height;
      if (good) frame.CopyFrom({data, width, height, stride});
    }
    if (Ioctl(fd, VIDIOC_QBUF, &buf) != 0) break;
    if (!good) continue;
    std::lock_guard<std::mutex> lock(mu_);
    std::swap(latest_, frame);
    ++latest_seq_;
  }
  Ioctl(fd, VIDIOC_STREAMOFF, &type);
  for (Mapped& m : buffers)
    if (m.start != MAP_FAILED) munmap(m.start, m.length);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stop_) status_ = i18n::N_("Camera unplugged - reconnecting");
  }
  return ok;
}

}  // namespace kindred
