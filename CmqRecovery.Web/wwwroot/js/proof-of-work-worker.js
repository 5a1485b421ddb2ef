// Proof of work for the recovery wizard (docs/CAPTCHA.md), in a worker so the page stays responsive.
// Finds the number n in 0..max with SHA-256(salt + n) = target, using the browser's own crypto.subtle.
'use strict';

const BATCH = 1000;

self.onmessage = async ({ data: { salt, target, max } }) => {
  const wanted = new Uint8Array(target.match(/../g).map(h => parseInt(h, 16)));
  const encoder = new TextEncoder();
  let reported = -1;
  for (let start = 0; start <= max; start += BATCH) {
    const end = Math.min(max, start + BATCH - 1);
    const pending = [];
    for (let n = start; n <= end; n++) {
      pending.push(crypto.subtle.digest('SHA-256', encoder.encode(salt + n)));
    }
    const digests = await Promise.all(pending);
    for (let i = 0; i < digests.length; i++) {
      if (same(new Uint8Array(digests[i]), wanted)) {
        self.postMessage({ found: start + i });
        return;
      }
    }
    const percent = Math.floor((100 * (end + 1)) / (max + 1));
    if (percent !== reported) {
      reported = percent;
      self.postMessage({ percent });
    }
  }
  self.postMessage({ found: null });
};

function same(a, b) {
  for (let i = 0; i < b.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}
