#!/bin/sh
# Install the Debian packages listed in $1 (default: the build's own, debian-packages.txt beside
# this script) when any is missing; `letter-site system [--list FILE]` runs it.
# As root, or with passwordless sudo, on Debian or Ubuntu it installs them; anywhere else it
# stops with one line saying the exact command to run.  `make serve` needs none of them.
set -eu
here=$(dirname "$0")
packages=$(sed -e 's/#.*//' "${1:-$here/debian-packages.txt}" | tr -s ' \t\n' ' ')

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "make test: this is not a Debian or Ubuntu machine; install the equivalents of:$packages" >&2
  exit 1
fi

missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $package"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "make test: Debian packages are missing; run this once, then make test again:" \
    "sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi

echo "make test: installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086 # one word per package
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
