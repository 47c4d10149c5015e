// A real browser for tests: Debian's Chromium, headless, driven through
// chromedriver's WebDriver API (plain HTTP and JSON) at a phone's size
// (mobile emulation). Both processes stop when the Browser goes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

namespace kindred::test {

class Browser {
 public:
  // True when chromedriver and chromium are installed.
  static bool Available();
  Browser() = default;
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  // Starts chromedriver and a browser session of `width` x `height` CSS
  // pixels. Without `javascript` no script runs at all (chromedriver's own
  // clicks then do not work: read pages only).
  bool Start(int width, int height, bool javascript, std::string* err);
  bool Open(const std::string& url);
  std::string CurrentUrl();
  // Waits (at most `timeout_s`) until the page's address is `url`, as after
  // a form sent; true when it is.
  bool WaitForUrl(const std::string& url, double timeout_s = 10);
  // The visible text of every element matching the CSS selector, in order
  // (found again when the page replaced one while it was read).
  std::vector<std::string> Texts(const std::string& css);
  // Replaces the text in the first matching field, clicks the first match.
  bool Type(const std::string& css, const std::string& text);
  bool Click(const std::string& css);
  // Runs `script` in the page (WebDriver's own, whatever the page allows)
  // and gives its result.
  nlohmann::json Run(const std::string& script);
  // The page as a PNG file.
  bool Screenshot(const std::string& path);

 private:
  nlohmann::json Call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);
  std::vector<std::string> Find(const std::string& css);
  Background driver_;
  TempDir dir_;
  int port_ = 0;
  std::string session_;
};

}  // namespace kindred::test
