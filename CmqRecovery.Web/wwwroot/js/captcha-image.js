// Shows a captcha the circuit streamed once (Components/Recovery/CaptchaImage.cs): the server keeps no copy.
export async function show(img, streamRef) {
  const blob = new Blob([await streamRef.arrayBuffer()], { type: 'image/png' });
  const previous = img.dataset.objectUrl;
  img.src = img.dataset.objectUrl = URL.createObjectURL(blob);
  if (previous) {
    URL.revokeObjectURL(previous);
  }
}
