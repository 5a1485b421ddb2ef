#!/usr/bin/env bash
# Listening check of the spoken captcha: writes COUNT samples per language as the app mixes them, with their length
# and digits-to-background ratio, a spectrogram of each, and (English only: Debian ships no French model) what
# pocketsphinx hears, restricted to the ten digit words, as a machine stand-in for a listener.
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
rm -f "$out"/audio-*.flac
model=/usr/share/pocketsphinx/model/en-us
declare -A word=([zero]=0 [one]=1 [two]=2 [three]=3 [four]=4 [five]=5 [six]=6 [seven]=7 [eight]=8 [nine]=9)
heard=0; right=0
for wav in "$work"/*.wav; do
  name="$(basename "$wav" .wav)"; code="${name##*-}"; language="${name%%-*}"; n="${name#*-}"; n="${n%%-*}"
  sox "$wav" "$out/audio-$language-$n-$code.flac"
  sox "$wav" -n spectrogram -x 600 -y 200 -t "$name" -o "$work/$name.png"
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
echo "spectrograms in $work are removed on exit; copy them first if needed (KEEP=1 keeps them in $out/spectrograms)"
if [ "${KEEP:-0}" = 1 ]; then mkdir -p "$out/spectrograms"; cp "$work"/*.png "$out/spectrograms/"; fi
