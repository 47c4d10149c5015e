#!/usr/bin/env bash
# Kindred's one set-up script, for a fresh Debian 12 / Raspberry Pi OS 12.
#
#   deploy/setup.sh demo   install what is missing, build (Release), start the
#                          kiosk on the bundled demo event
#   deploy/setup.sh test   install what is missing, build, run every test, then
#                          build and run them again with ASan + UBSan, fuzz the
#                          parsers for a fixed time (clang's libFuzzer), then (on
#                          x86-64) cross-build for arm64 and run the unit tests
#                          under qemu-user, as on a Raspberry Pi
#                          (KINDRED_SKIP_ARM64=1 leaves that out)
#
# Packages come from deploy/packages.txt (and, for the tests,
# deploy/packages-test.txt), through sudo when not root. Builds go
# to build/ (and build-sanitize/). The demo database lives in the user's data
# directory ($XDG_DATA_HOME/kindred, or ~/.local/share/kindred).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mode=${1:-}
case "$mode" in
  demo|test) ;;
  *) echo "usage: deploy/setup.sh demo|test" >&2; exit 2 ;;
esac

jobs=$(nproc 2>/dev/null || echo 2)

sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)

install_packages() {  # install_packages LIST_FILE
  local missing=()
  while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done < "$1"
  [[ ${#missing[@]} -eq 0 ]] && return 0
  echo "Installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # build DIR [cmake args...] [-- targets...]
  local dir=$1; shift
  local args=() targets=()
  while [[ $# -gt 0 && $1 != -- ]]; do args+=("$1"); shift; done
  [[ ${1:-} == -- ]] && { shift; targets=("$@"); }
  local generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  [[ -f $dir/CMakeCache.txt ]] && generator=()  # an existing build keeps its generator
  cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "${args[@]}" >/dev/null
  if [[ ${#targets[@]} -gt 0 ]]; then
    cmake --build "$dir" -j"$jobs" --target "${targets[@]}"
  else
    cmake --build "$dir" -j"$jobs"
  fi
}

# Prints how long each stage of the test command took (a stage starts a line).
stage_started=$SECONDS
stage() {
  echo "== $1 ($(( (SECONDS - stage_started) / 60 )) min $(( (SECONDS - stage_started) % 60 )) s since the start)"
}

install_packages deploy/packages.txt

if [[ $mode == demo ]]; then
  build build
  data=${XDG_DATA_HOME:-$HOME/.local/share}/kindred
  mkdir -p "$data"
  build/cli/kindred import assets/demo-roster.csv --db "$data/demo.db"
  exec build/kiosk/kindred-kiosk --db "$data/demo.db" --event-name "Kindred demo"
fi

install_packages deploy/packages-test.txt

# test: the whole suite, then again under AddressSanitizer + UndefinedBehaviorSanitizer.
# Headless machines render the kiosk through SDL's offscreen driver (Mesa llvmpipe).
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then export SDL_VIDEODRIVER=offscreen; fi
stage "Release build"
build build
stage "Release tests"
(cd build && ctest -j"$jobs" --output-on-failure --timeout 600)
# The benches are not tests: the sanitizer build leaves them out.
stage "ASan+UBSan build"
build build-sanitize -DKINDRED_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKINDRED_BUILD_BENCHMARKS=OFF
stage "ASan+UBSan tests"
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest -j"$jobs" --output-on-failure --timeout 900)

# The hand-written parsers under libFuzzer, for a fixed time each, from seed
# corpora (the project's, and ../shared/data when it is there).
stage "fuzzing"
build build-fuzz -DKINDRED_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
fuzz_seconds=${KINDRED_FUZZ_SECONDS:-30}
shared=$(cd .. && pwd)/shared/data
for target in badge_payload roster form_text; do
  corpus=$(mktemp -d)
  seeds=(fuzz/seeds/"$target")
  if [[ -d $shared ]]; then
    case $target in
      badge_payload) seeds+=("$shared/vcards") ;;
      roster) seeds+=("$shared/registration" "$shared/csv-injection/payloadbox") ;;
    esac
  fi
  echo "Fuzzing $target for ${fuzz_seconds}s"
  build-fuzz/fuzz/fuzz_"$target" -max_total_time="$fuzz_seconds" -max_len=8192 -print_final_stats=0 \
    "$corpus" "${seeds[@]}" 2>&1 | tail -n 1
  rm -rf "$corpus"
done

# The Raspberry Pi is arm64: code that breaks there must not land.
if [[ $(dpkg --print-architecture) == amd64 && -z "${KINDRED_SKIP_ARM64:-}" ]]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    "${sudo[@]}" dpkg --add-architecture arm64
    "${sudo[@]}" apt-get update -qq
  fi
  stage "arm64 packages"
  install_packages deploy/packages-arm64.txt
  # Only what the unit tests need: the kiosk's screens and the end-to-end
  # tests run on this machine's build.
  stage "arm64 build"
  build build-arm64 -DCMAKE_TOOLCHAIN_FILE=deploy/aarch64-linux-gnu.cmake -DKINDRED_BUILD_BENCHMARKS=OFF \
    -- unit-tests
  stage "arm64 unit tests under qemu-user"
  (cd build-arm64 && ctest -L unit -j"$jobs" --output-on-failure --timeout 900)
  stage "done"
  echo "All tests passed (Release, ASan+UBSan, fuzzing, and the unit tests on arm64 under qemu-user)."
else
  echo "All tests passed (Release, ASan+UBSan and fuzzing)."
fi
