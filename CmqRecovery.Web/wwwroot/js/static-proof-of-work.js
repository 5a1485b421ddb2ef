// The proof of work on a page with no circuit (Components/Recovery/WorkCheck.razor, static): runs the wizard's
// worker, shows its progress, writes the number found into the form's hidden answer, and holds the sign-in submit
// until then (the captcha buttons still post). Without this script the panel's <noscript> text says what to do.
'use strict';

const panel = document.querySelector('.work-check[data-salt]');
if (panel) {
  const form = panel.closest('form');
  const answer = form.querySelector('input.work-answer');
  const bar = panel.querySelector('[role=progressbar]');
  // MudProgressLinear's bar: drawn shifted left by what remains.
  const fill = panel.querySelector('.mud-progress-linear-bar');
  const fillTo = percent => { fill.style.transform = `translateX(-${100 - percent}%)`; };
  const progress = panel.querySelector('.work-progress');
  const announcement = panel.querySelector('.work-announcement');
  const text = (template, percent) => template.replace('{0}', String(percent));
  let announced = 0;
  let done = false;

  const show = percent => {
    const label = text(panel.dataset.progress, percent);
    bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-valuetext', label);
    fillTo(percent);
    progress.textContent = label;
    // Announced at milestones only, so a screen reader is not read every percent.
    if (Math.floor(percent / 25) > Math.floor(announced / 25) && percent < 100) {
      announced = percent;
      announcement.textContent = text(panel.dataset.progress, Math.floor(percent / 25) * 25);
    }
  };

  const fail = () => {
    const failed = document.createElement('p');
    failed.className = 'work-failed';
    failed.textContent = panel.dataset.failed;
    panel.insertBefore(failed, panel.querySelector('button'));
    announcement.textContent = panel.dataset.failed;
  };

  form.addEventListener('submit', event => {
    // A captcha button (new image, back to the image) posts at once; signing in waits for the proof.
    if (!done && !event.submitter?.name) {
      event.preventDefault();
      announcement.textContent = panel.dataset.pending;
    }
  });

  let worker;
  try {
    worker = new Worker(new URL('./proof-of-work-worker.js', import.meta.url));
  } catch {
    fail();
  }
  if (worker) {
    worker.onmessage = ({ data }) => {
      if ('percent' in data) {
        show(data.percent);
        return;
      }
      worker.terminate();
      if (data.found === null) {
        fail();
        return;
      }
      answer.value = String(data.found);
      done = true;
      bar.setAttribute('aria-valuenow', '100');
      bar.setAttribute('aria-valuetext', panel.dataset.done);
      fillTo(100);
      bar.setAttribute('aria-busy', 'false');
      progress.textContent = panel.dataset.done;
      announcement.textContent = panel.dataset.done;
    };
    worker.onerror = () => {
      worker.terminate();
      fail();
    };
    worker.postMessage({ salt: panel.dataset.salt, target: panel.dataset.target, max: Number(panel.dataset.max) });
  }
}
