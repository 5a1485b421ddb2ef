// Shows a captcha the circuit streamed once (Components/Recovery/CaptchaPicture.razor): the server keeps no copy.
window.cmqShowCaptcha = async (img, streamRef) => {
  const blob = new Blob([await streamRef.arrayBuffer()], { type: 'image/png' });
  const previous = img.dataset.objectUrl;
  img.src = img.dataset.objectUrl = URL.createObjectURL(blob);
  if (previous) {
    URL.revokeObjectURL(previous);
  }
};
