using System.Globalization;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Tests.Web.Resources;

/// <summary>
/// The one place that checks the page texts themselves. Every other test reads them through their names
/// (WebComponentTest.Text), so a change of wording is made in the resx files and, for these few sentences, here.
/// </summary>
public sealed class LocalizationTests
{
    private const string French = "CmqRecovery.Web/Resources/Strings.resx";
    private const string English = "CmqRecovery.Web/Resources/Strings.en.resx";

    /// <summary>The app's localizer, as AddLocalization registers it, reading in <paramref name="culture"/>.</summary>
    private static string Read(string culture, string name, params object[] arguments)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<Strings>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var text = localizer[name, arguments];
            Assert.False(text.ResourceNotFound, $"No text {name} in {culture}.");
            return text.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Resources_FrenchAndEnglish_HaveTheSameKeysPlaceholdersAndNoEmptyText()
    {
        ResxFile.AssertComplete(French, English);
    }

    [Theory]
    [InlineData("Le texte {0} et {1:N0}", new[] { 0, 1 })]
    [InlineData("{1} puis {0}, et {1} encore", new[] { 0, 1 })]
    [InlineData("Des {{accolades}} sans argument", new int[0])]
    public void Placeholders_FormatText_AreTheArgumentNumbers(string text, int[] expected)
    {
        Assert.Equal(expected, ResxFile.Placeholders(text));
    }

    /// <summary>A few sentences a person reads at each step, in each language, with their arguments.</summary>
    public static TheoryData<string, string, string, object[]> KeySentences => new()
    {
        { "fr-CA", "EmailLabel", "Adresse courriel", [] },
        { "fr-CA", "UserCodeLabel", "Code d'utilisateur", [] },
        { "fr-CA", "CaptchaLabel", "Recopiez les cinq chiffres de l'image", [] },
        { "fr-CA", "ErrorNothingGiven", "Inscrivez votre adresse courriel ou votre code d'utilisateur.", [] },
        { "fr-CA", "ErrorAnswers", "Les réponses ne sont pas toutes les deux correctes. Veuillez réessayer.", [] },
        { "fr-CA", "ConfirmQuestion", "Le courriel ci-dessous est-il valide et fonctionnel ?", [] },
        { "fr-CA", "DoneHeading", "Merci, votre mot de passe a été réinitialisé avec succès!", [] },
        { "fr-CA", "StepOf", "Étape 3 de 5", [3, 5] },
        { "fr-CA", "ErrorTooManyAttemptsMinutes", "Trop de tentatives. Réessayez dans 10 minutes.", [10] },
        { "en-CA", "EmailLabel", "Email address", [] },
        { "en-CA", "UserCodeLabel", "User code", [] },
        { "en-CA", "CaptchaLabel", "Copy the five digits from the image", [] },
        { "en-CA", "ErrorNothingGiven", "Enter your email address or your user code.", [] },
        { "en-CA", "ErrorAnswers", "The answers are not both correct. Please try again.", [] },
        { "en-CA", "ConfirmQuestion", "Is the email address below valid and working?", [] },
        { "en-CA", "DoneHeading", "Thank you, your password has been reset successfully!", [] },
        { "en-CA", "StepOf", "Step 3 of 5", [3, 5] },
        { "en-CA", "ErrorTooManyAttemptsMinutes", "Too many attempts. Try again in 10 minutes.", [10] },
    };

    [Theory]
    [MemberData(nameof(KeySentences))]
    public void Read_KeySentence_ReadsAsWritten(string culture, string name, string expected, object[] arguments)
    {
        Assert.Equal(expected, Read(culture, name, arguments));
    }
}
