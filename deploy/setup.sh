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

# The tests mostly wait (servers starting, kiosks drawing, sync rounds), so
# the next build compiles beside them at the lowest priority: the tests keep
# the CPU they ask for, and the builds take what they leave. A step in the
# background writes to its own log, shown when it fails.
export -f build install_packages
export jobs
background_pid=
background_log=
in_background() {  # in_background NAME 'commands': starts them at nice 19
  background_log=$(mktemp --suffix=".$1.log")
  setsid nice -n 19 bash -c "set -euo pipefail; $2" > "$background_log" 2>&1 &
  background_pid=$!
}
wait_background() {  # wait_background [show]: stops here when the step failed; "show" prints its output
  local pid=$background_pid
  background_pid=
  if ! wait "$pid"; then
    tail -n 60 "$background_log"
    echo "The step in the background failed; its whole output is in $background_log" >&2
    exit 1
  fi
  [[ ${1:-} == show ]] && cat "$background_log"
  rm -f "$background_log"
}
trap '[[ -n $background_pid ]] && kill -- "-$background_pid" 2>/dev/null; true' EXIT

arm64=
if [[ $(dpkg --print-architecture) == amd64 && -z "${KINDRED_SKIP_ARM64:-}" ]]; then arm64=1; fi
if [[ -n $arm64 ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  "${sudo[@]}" dpkg --add-architecture arm64
  "${sudo[@]}" apt-get update -qq
fi
# sudo's password, if it asks for one, is asked here and not in the background.
[[ -n $arm64 ]] && install_packages deploy/packages-arm64.txt

stage "Release build"
build build
stage "Release tests (the ASan+UBSan build compiles beside them)"
in_background sanitize "build build-sanitize -DKINDRED_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKINDRED_BUILD_BENCHMARKS=OFF"  # the benches are not tests
(cd build && ctest -j4 --output-on-failure --timeout 600)
stage "waiting for the ASan+UBSan build"
wait_background

# The Raspberry Pi is arm64: code that breaks there must not land. Only what
# the unit tests need is cross-built: the kiosk's screens and the end-to-end
# tests run on this machine's builds.
next_builds="build build-fuzz -DKINDRED_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo"
[[ -n $arm64 ]] && next_builds+="; build build-arm64 -DCMAKE_TOOLCHAIN_FILE=deploy/aarch64-linux-gnu.cmake \
  -DKINDRED_BUILD_BENCHMARKS=OFF -- unit-tests"
stage "ASan+UBSan tests (the fuzzers${arm64:+ and the arm64 unit tests} build beside them)"
in_background next "$next_builds"
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest -j4 --output-on-failure --timeout 900)
stage "waiting for the fuzzers${arm64:+ and the arm64 build}"
wait_background

# The hand-written parsers under libFuzzer, for a fixed time each, from seed
# corpora (the project's, and ../shared/data when it is there); on arm64
# under qemu-user meanwhile, the unit tests.
stage "fuzzing${arm64:+, and the arm64 unit tests under qemu-user}"
fuzz_seconds=${KINDRED_FUZZ_SECONDS:-30}
shared=$(cd .. && pwd)/shared/data
fuzz() {
  for target in badge_payload roster form_text; do
    local corpus seeds=(fuzz/seeds/"$target")
    corpus=$(mktemp -d)
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
}
if [[ -n $arm64 ]]; then
  export -f fuzz
  export fuzz_seconds shared
  in_background fuzz fuzz
  (cd build-arm64 && ctest -L unit -j"$jobs" --output-on-failure --timeout 900)
  wait_background show
  stage "done"
  echo "All tests passed (Release, ASan+UBSan, fuzzing, and the unit tests on arm64 under qemu-user)."
else
  fuzz
  stage "done"
  echo "All tests passed (Release, ASan+UBSan and fuzzing)."
fi
