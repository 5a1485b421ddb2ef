#!/usr/bin/env bash
# Records the ten digits with Debian's espeak-ng, in French and English, in several voices each, as the small clips
# the audio captcha mixes at run time (CaptchaAudio picks one voice per digit, then changes its pitch and tempo and
# lays speech-like babble under it): 8 kHz mono 16-bit PCM WAV, leading and trailing silence trimmed, peak-normalised.
# Output: CmqRecovery.Core/Captcha/Voice/{fr,en}/{1..6}/{0..9}.wav (voice 1 is the original single voice).
# Usage: tools/captcha-audio/make-digits.sh   Needs: espeak-ng, sox.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../CmqRecovery.Core/Captcha/Voice"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# "voice speed" pairs: espeak-ng's plain voices and its formant variants (male, female, the klatt synthesiser),
# slightly slow (140-160 words/min) and clear. No whisper, croak or novelty variants: a person must understand them.
declare -A voices=(
  [fr]="fr:150 fr+f2:145 fr-be+m3:155 fr-ch+klatt:150 fr+f4:160 fr+m6:140"
  [en]="en:150 en-us+f2:145 en-gb-x-rp+m3:155 en-us+klatt:150 en+f4:160 en-us+m6:140"
)

rm -rf "$out/fr" "$out/en"
for language in fr en; do
  n=0
  for pair in ${voices[$language]}; do
    n=$((n + 1))
    mkdir -p "$out/$language/$n"
    for digit in 0 1 2 3 4 5 6 7 8 9; do
      # The digit itself is the text, so espeak says it in the voice's language.
      espeak-ng -v "${pair%%:*}" -s "${pair##*:}" -w "$work/raw.wav" "$digit"
      sox "$work/raw.wav" -r 8000 -c 1 -b 16 "$out/$language/$n/$digit.wav" \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -1
    done
  done
done
find "$out" -name '*.wav' -printf '%s\n' | awk '{ total += $1 } END { print NR " clips, " total " bytes" }'
