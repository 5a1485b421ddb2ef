using System.Globalization;
using CmqRecovery.Core.Captcha;

// Usage: CaptchaAudioSamples COUNT FOLDER
// Writes COUNT spoken captchas per language, mixed exactly as the app mixes them, as FOLDER/{fr,en}-NN-CODE.wav, and
// prints per sample: its length, and how much louder the digits are than what lies under them (babble and noise)
// while a digit is spoken (power ratio in dB over the samples where the digits are not silent).
if (args.Length != 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var count) || count < 1)
{
    Console.Error.WriteLine("Usage: CaptchaAudioSamples COUNT FOLDER");
    return 2;
}

Directory.CreateDirectory(args[1]);
Console.WriteLine("file\tseconds\tdigits-to-background dB");
foreach (var language in CaptchaVoice.Languages)
{
    for (var i = 1; i <= count; i++)
    {
        var code = CaptchaCode.Generate();
        var mix = CaptchaAudio.Compose(code, language);
        double speech = 0, background = 0;
        for (var n = 0; n < mix.Speech.Length; n++)
        {
            if (Math.Abs(mix.Speech[n]) > 1e-4)
            {
                speech += mix.Speech[n] * (double)mix.Speech[n];
                background += mix.Background[n] * (double)mix.Background[n];
            }
        }

        var name = $"{language}-{i:00}-{code}.wav";
        File.WriteAllBytes(Path.Combine(args[1], name), CaptchaAudio.Render(mix));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}\t{mix.Speech.Length / (double)CaptchaVoice.SampleRate:0.00}\t{10 * Math.Log10(speech / background):0.0}"));
    }
}

return 0;
