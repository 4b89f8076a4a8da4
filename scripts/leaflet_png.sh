#!/bin/sh
# PNG renders of leaflet pages, to look at what a patient sees (pdftoppm from poppler-utils).
#   scripts/leaflet_png.sh [PDF_DIR] [OUT_DIR] [ID...]
# Defaults: site/pdf/a4, reports/png, the wet-cupping and acupuncture leaflets; page 1 of each at 100 dpi.
set -eu
pdf_dir=${1:-site/pdf/a4}
out_dir=${2:-reports/png}
[ $# -gt 2 ] && shift 2 || set -- wet-cupping acupuncture
mkdir -p "$out_dir"
for id in "$@"; do
  pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$pdf_dir/$id.pdf" "$out_dir/$id-page1"
  echo "$out_dir/$id-page1.png"
done
