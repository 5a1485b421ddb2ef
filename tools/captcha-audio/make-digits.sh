#!/usr/bin/env bash
# Records the ten digits with Debian's espeak-ng, in French and English, as the small clips the audio captcha
# mixes at run time: 8 kHz mono 16-bit PCM WAV, leading and trailing silence trimmed, peak-normalised.
# Usage: tools/captcha-audio/make-digits.sh   Needs: espeak-ng, sox.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../CmqRecovery.Core/Captcha/Voice"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for voice in fr en; do
  mkdir -p "$out/$voice"
  for digit in 0 1 2 3 4 5 6 7 8 9; do
    # Slightly slow (150 words/min) and clear; the digit itself is the text, so espeak says it in the voice's language.
    espeak-ng -v "$voice" -s 150 -w "$work/raw.wav" "$digit"
    sox "$work/raw.wav" -r 8000 -c 1 -b 16 "$out/$voice/$digit.wav" \
      silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -1
  done
done
ls -l "$out"/*/*.wav | awk '{ total += $5 } END { print NR " clips, " total " bytes" }'
