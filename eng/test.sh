#!/usr/bin/env bash
# The README's test command. The browser test drives Debian's chromium, so it is installed here when
# missing; then every test runs. Extra arguments go to dotnet test (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "chromium is missing; installing it with apt-get for the browser test..."
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; }; then
    echo "Could not install chromium; the browser test will be skipped (or fail, in CI)." >&2
  fi
fi

exec dotnet test Bot.sln "$@"
