#!/usr/bin/env bash
# What `make test` needs from Debian besides Python: a browser for the browser and accessibility tests,
# poppler and zbar to read PDFs and their QR codes back, Java for the Nu HTML checker, npm for the pinned
# checkers, and the fonts the PDFs embed (DejaVu Sans; Noto Sans, and Noto Naskh Arabic for the Arabic PDFs, from
# fonts-noto-core). Installs what is missing when it may (as root, or with passwordless sudo), saying so; otherwise
# prints the one command to run and stops.
# APT_GET and KB_AS_ROOT exist for the tests of this script.
set -euo pipefail

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need chromium chromium
need pdftotext poppler-utils
need zbarimg zbar-tools
need java default-jre-headless
need npm npm
fonts=$({ fc-list 2>/dev/null || true; })
grep -q DejaVuSans <<<"$fonts" || missing+=(fonts-dejavu-core)
# leaflets (Noto Sans) and the Arabic PDFs (Noto Naskh Arabic); one package has both
grep -q "NotoSans-Regular" <<<"$fonts" && grep -q NotoNaskhArabic <<<"$fonts" || missing+=(fonts-noto-core)
((${#missing[@]})) || exit 0

apt=${APT_GET:-apt-get}
if [ "${KB_AS_ROOT:-$(id -u)}" = 0 ]; then
  sudo=()
elif [ -z "${KB_AS_ROOT:-}" ] && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "make test needs these Debian packages: ${missing[*]}"
  echo "install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
  exit 1
fi
echo "== make test: installing the Debian packages it needs: ${missing[*]}"
"${sudo[@]}" "$apt" update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" "$apt" install -y -qq --no-install-recommends "${missing[@]}"
