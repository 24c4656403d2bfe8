#!/usr/bin/env bash
# Install (as root, with apt-get) Debian's Chromium and its WebDriver, which the
# browser test of `stackpick web` drives headless. Nothing is downloaded at test time.
# Safe to run again: it installs only what is missing.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  echo "browser: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
/usr/bin/chromium --version
/usr/bin/chromedriver --version
