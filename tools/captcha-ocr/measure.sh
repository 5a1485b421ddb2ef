#!/usr/bin/env bash
# How often Debian's tesseract reads a captcha exactly right, as an attacker with no preparation would try it:
# raw, and after a simple binarisation (ImageMagick: grey, threshold at 50%).
# Usage: tools/captcha-ocr/measure.sh [COUNT=200]   Needs: tesseract-ocr, imagemagick, the .NET SDK.
set -euo pipefail
count="${1:-200}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet run --project "$here/CaptchaSamples" -c Release -- "$count" "$work" >/dev/null

read_digits() { tesseract "$1" - --psm 7 -c tessedit_char_whitelist=0123456789 2>/dev/null | tr -cd '0-9'; }

raw=0; binarised=0
for image in "$work"/*.png; do
  code="$(basename "$image" .png)"; code="${code#*-}"
  [ "$(read_digits "$image")" = "$code" ] && raw=$((raw + 1))
  convert "$image" -colorspace Gray -threshold 50% "$work/bw.png"
  [ "$(read_digits "$work/bw.png")" = "$code" ] && binarised=$((binarised + 1))
done

awk -v n="$count" -v r="$raw" -v b="$binarised" 'BEGIN {
  printf "tesseract --psm 7 digits, %d captchas\n", n
  printf "  raw:       %d read exactly (%.1f%%)\n", r, 100 * r / n
  printf "  binarised: %d read exactly (%.1f%%)\n", b, 100 * b / n }'
