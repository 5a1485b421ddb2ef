#!/usr/bin/env bash
# How often the clip-matching attack of issue 17 reads the audio captcha: every shipped recording slid along the
# audio (normalised cross-correlation), the five best non-overlapping matches taken as the answer.
# Usage: tools/captcha-audio-attack/measure.sh [COUNT=200] [COMMIT]
#   With COMMIT, measures that commit's generator and clips instead (e.g. the one before the voices were varied),
#   from a temporary export of it; the matcher is always this tree's.   Needs: the .NET SDK, git.
set -euo pipefail
count="${1:-200}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ -z "${2:-}" ]; then
  dotnet run --project "$here/CaptchaAudioAttack" -c Release -- "$count" "$root/CmqRecovery.Core/Captcha/Voice"
  exit
fi
old="$(mktemp -d)"
trap 'rm -rf "$old"' EXIT
git -C "$root" archive "$2" CmqRecovery.Core Directory.Build.props Directory.Packages.props | tar -x -C "$old"
grep -q 'InternalsVisibleTo Include="CaptchaAudioAttack"' "$old/CmqRecovery.Core/CmqRecovery.Core.csproj" \
  || sed -i 's|<InternalsVisibleTo Include="CaptchaSamples" />|&<InternalsVisibleTo Include="CaptchaAudioAttack" />|' "$old/CmqRecovery.Core/CmqRecovery.Core.csproj"
cp -r "$here/CaptchaAudioAttack" "$old/attack"
cp "$root/CmqRecovery.Tests/Core/Captcha/AudioClipMatcher.cs" "$old/attack/"
sed -i 's|<Compile Include=.*AudioClipMatcher.cs" />||' "$old/attack/CaptchaAudioAttack.csproj"
dotnet run --project "$old/attack" -c Release -p:CoreProject="$old/CmqRecovery.Core/CmqRecovery.Core.csproj" -- "$count" "$old/CmqRecovery.Core/Captcha/Voice"
