#!/usr/bin/env bash
# Writes 12 production-drawn captchas to docs/captcha/ and prints the Markdown table of docs/CAPTCHA.md:
# each image beside its code and what tesseract read, raw and binarised.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../docs/captcha"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -f "$out"/sample-*.png
mkdir -p "$out"
dotnet run --project "$here/CaptchaSamples" -c Release -- 12 "$work" >/dev/null

read_digits() { tesseract "$1" - --psm 7 -c tessedit_char_whitelist=0123456789 2>/dev/null | tr -cd '0-9'; }

echo "| Image | Code | tesseract raw | tesseract binarised |"
echo "| --- | --- | --- | --- |"
n=0
for image in "$work"/*.png; do
  n=$((n + 1))
  code="$(basename "$image" .png)"; code="${code#*-}"
  name="sample-$(printf '%02d' "$n").png"
  cp "$image" "$out/$name"
  convert "$image" -colorspace Gray -threshold 50% "$work/bw.png"
  raw="$(read_digits "$image")"; bw="$(read_digits "$work/bw.png")"
  echo "| <img src=\"captcha/$name\" width=\"240\" alt=\"captcha sample $n\"> | $code | ${raw:-(nothing)} | ${bw:-(nothing)} |"
done
