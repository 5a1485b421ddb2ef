#!/usr/bin/env bash
# Refreshes docs/screenshots/: one PNG per step of the recovery, in French (fr-*) and English (en-*),
# taken by Playwright in Debian's Chromium against the app hosted by the tests (demo members, real mail).
set -euo pipefail
cd "$(dirname "$0")/../.."
SCREENSHOTS=1 dotnet test CmqRecovery.Tests --filter "Category=Screenshots"
ls -1 docs/screenshots/*.png
