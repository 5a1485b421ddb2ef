#!/usr/bin/env bash
# Listening check of the spoken captcha: writes COUNT samples per language as the app mixes them (FLAC), with their
# length and digits-to-background ratio, a spectrogram of the first in each language, and (English only: Debian ships
# no French model) what pocketsphinx hears, restricted to the ten digit words. That stand-in for a listener is not
# usable at 8 kHz: its en-us model is wideband, and it misreads even a clean espeak clip resampled to 8 kHz
# (docs/CAPTCHA.md), so a person still has to listen.
# Usage: tools/captcha-audio/samples.sh [COUNT=5] [FOLDER=docs/captcha]
#   Needs: the .NET SDK, sox; for the transcription pocketsphinx and pocketsphinx-en-us (Debian).
set -euo pipefail
count="${1:-5}"
here="$(cd "$(dirname "$0")" && pwd)"
out="${2:-$here/../../docs/captcha}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet run --project "$here/CaptchaAudioSamples" -c Release -- "$count" "$work" | tee "$work/figures.tsv"
mkdir -p "$out"
rm -f "$out"/audio-*.flac "$out"/spectrogram-*.png
model=/usr/share/pocketsphinx/model/en-us
declare -A word=([zero]=0 [one]=1 [two]=2 [three]=3 [four]=4 [five]=5 [six]=6 [seven]=7 [eight]=8 [nine]=9)
heard=0; right=0
for wav in "$work"/*.wav; do
  name="$(basename "$wav" .wav)"; code="${name##*-}"; language="${name%%-*}"; n="${name#*-}"; n="${n%%-*}"
  sox "$wav" "$out/audio-$language-$n-$code.flac"
  # One small spectrogram per language for docs/CAPTCHA.md: the digits should stand out from the babble.
  if [ "$n" = 01 ]; then sox "$wav" -n spectrogram -x 480 -y 129 -t "$name" -o "$out/spectrogram-$language.png"; fi
  if [ "$language" = en ] && command -v pocketsphinx_continuous >/dev/null && [ -d "$model" ]; then
    sox "$wav" -r 16000 "$work/16k.wav"
    words="$(pocketsphinx_continuous -infile "$work/16k.wav" -hmm "$model/en-us" -dict "$model/cmudict-en-us.dict" \
      -jsgf "$here/digits-en.gram" -logfn /dev/null 2>/dev/null | tr '\n' ' ')"
    digits=""; for w in $words; do digits+="${word[$w]:-}"; done
    same=0; for i in 0 1 2 3 4; do [ "${digits:$i:1}" = "${code:$i:1}" ] && same=$((same + 1)); done
    heard=$((heard + 5)); right=$((right + same))
    echo "$name: pocketsphinx heard '$digits' ($same/5)"
  fi
done
[ "$heard" -gt 0 ] && echo "pocketsphinx, English: $right of $heard digits in place"
