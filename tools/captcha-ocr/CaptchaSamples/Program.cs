using System.Globalization;
using CmqRecovery.Core.Captcha;

// Usage: CaptchaSamples COUNT FOLDER
// Writes COUNT captchas drawn exactly as the app draws them (CSPRNG code, CSPRNG distortion) as FOLDER/NNN-CODE.png.
if (args.Length != 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var count) || count < 1)
{
    Console.Error.WriteLine("Usage: CaptchaSamples COUNT FOLDER");
    return 2;
}

Directory.CreateDirectory(args[1]);
var renderer = new CaptchaRenderer();
for (var i = 0; i < count; i++)
{
    var code = CaptchaCode.Generate();
    File.WriteAllBytes(Path.Combine(args[1], $"{i:000}-{code}.png"), renderer.Render(code));
}

Console.WriteLine($"{count} captchas written to {args[1]}");
return 0;
