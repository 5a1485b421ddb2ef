using System.Diagnostics;
using System.Globalization;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Tests.Core.Captcha;

// Usage: CaptchaAudioAttack COUNT VOICE_FOLDER
// Renders COUNT audio challenges per language exactly as the app does (CSPRNG code, CaptchaAudio.Render) and reads
// each with AudioClipMatcher, using every recording found under VOICE_FOLDER/{fr,en} (the shipped clips).
if (args.Length != 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var count) || count < 1 || !Directory.Exists(args[1]))
{
    Console.Error.WriteLine("Usage: CaptchaAudioAttack COUNT VOICE_FOLDER");
    return 2;
}

foreach (var language in new[] { "fr", "en" })
{
    var recordings = Directory.EnumerateFiles(Path.Combine(args[1], language), "*.wav", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(path => (Path.GetFileNameWithoutExtension(path)[0], AudioClipMatcher.Pcm(File.ReadAllBytes(path))))
        .ToList();
    var matcher = new AudioClipMatcher(recordings);
    int exact = 0, digits = 0;
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        var code = CaptchaCode.Generate();
        var read = matcher.Read(AudioClipMatcher.Pcm(CaptchaAudio.Render(code, language)));
        exact += read == code ? 1 : 0;
        digits += code.Zip(read).Count(p => p.First == p.Second);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{language}: {recordings.Count} recordings, {count} challenges: {exact} read exactly ({100.0 * exact / count:0.0} %), " +
        $"{100.0 * digits / (5 * count):0.0} % of digits, {watch.Elapsed.TotalMilliseconds / count:0} ms per challenge"));
}

return 0;
