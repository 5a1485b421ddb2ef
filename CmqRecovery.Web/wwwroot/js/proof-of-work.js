// Runs the proof-of-work worker for WorkCheck.razor and reports to it: progress (percent), then the number found
// (or null when the browser cannot do it, e.g. no crypto.subtle outside a secure context).
'use strict';

let worker;

export function solve(component, salt, target, max) {
  stop();
  try {
    worker = new Worker(new URL('./proof-of-work-worker.js', import.meta.url));
  } catch {
    component.invokeMethodAsync('OnWorkDone', null);
    return;
  }
  worker.onmessage = ({ data }) => {
    if ('percent' in data) {
      component.invokeMethodAsync('OnWorkProgress', data.percent);
    } else {
      stop();
      component.invokeMethodAsync('OnWorkDone', data.found === null ? null : String(data.found));
    }
  };
  worker.onerror = () => {
    stop();
    component.invokeMethodAsync('OnWorkDone', null);
  };
  worker.postMessage({ salt, target, max });
}

export function stop() {
  worker?.terminate();
  worker = undefined;
}
