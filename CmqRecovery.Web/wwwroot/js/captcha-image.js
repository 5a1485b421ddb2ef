// Shows a captcha the circuit streamed once (Components/Recovery/CaptchaImageScript.cs): the server keeps no copy.
// Imported for this side effect only, so the server holds no reference to the module.
window.cmqShowCaptcha = async (img, streamRef) => {
  const blob = new Blob([await streamRef.arrayBuffer()], { type: 'image/png' });
  const previous = img.dataset.objectUrl;
  img.src = img.dataset.objectUrl = URL.createObjectURL(blob);
  if (previous) {
    URL.revokeObjectURL(previous);
  }
};
