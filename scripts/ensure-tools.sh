#!/usr/bin/env bash
# Command-line validators the tests use on what opcc writes, from Debian's packages:
# qpdf checks the structure of PDF reports, pdftotext (poppler-utils) reads their text back.
set -euo pipefail

missing=()
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=()
if [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi
echo "ensure-tools: installing ${missing[*]} from Debian's packages..." >&2
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
