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
sizes="$(stat -c %s "$work"/*.png | sort -n)"

read_digits() { tesseract "$1" - --psm 7 -c tessedit_char_whitelist=0123456789 2>/dev/null | tr -cd '0-9'; }

raw=0; binarised=0
for image in "$work"/*.png; do
  code="$(basename "$image" .png)"; code="${code#*-}"
  if [ "$(read_digits "$image")" = "$code" ]; then raw=$((raw + 1)); fi
  convert "$image" -colorspace Gray -threshold 50% "$work/bw.png"
  if [ "$(read_digits "$work/bw.png")" = "$code" ]; then binarised=$((binarised + 1)); fi
done

awk -v n="$count" -v r="$raw" -v b="$binarised" 'BEGIN {
  printf "tesseract --psm 7 digits, %d captchas\n", n
  printf "  raw:       %d read exactly (%.1f%%)\n", r, 100 * r / n
  printf "  binarised: %d read exactly (%.1f%%)\n", b, 100 * b / n }'
echo "$sizes" | awk '{ s[NR] = $1 } END { printf "  PNG size:  median %d B, min %d B, max %d B\n", s[int((NR + 1) / 2)], s[1], s[NR] }'
