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

    [Fact]
    public void Read_KeySentencesInFrench_ReadAsWritten()
    {
        Assert.Equal("Adresse courriel", Read("fr-CA", "EmailLabel"));
        Assert.Equal("Code d'utilisateur", Read("fr-CA", "UserCodeLabel"));
        Assert.Equal("Recopiez les cinq chiffres de l'image", Read("fr-CA", "CaptchaLabel"));
        Assert.Equal("Inscrivez votre adresse courriel ou votre code d'utilisateur.", Read("fr-CA", "ErrorNothingGiven"));
        Assert.Equal("Les réponses ne sont pas toutes les deux correctes. Veuillez réessayer.", Read("fr-CA", "ErrorAnswers"));
        Assert.Equal("Le courriel ci-dessous est-il valide et fonctionnel ?", Read("fr-CA", "ConfirmQuestion"));
        Assert.Equal("Merci, votre mot de passe a été réinitialisé avec succès!", Read("fr-CA", "DoneHeading"));
        Assert.Equal("Étape 3 de 5", Read("fr-CA", "StepOf", 3, 5));
        Assert.Equal("Trop de tentatives. Réessayez dans 10 minutes.", Read("fr-CA", "ErrorTooManyAttemptsMinutes", 10));
    }

    [Fact]
    public void Read_KeySentencesInEnglish_ReadAsWritten()
    {
        Assert.Equal("Email address", Read("en-CA", "EmailLabel"));
        Assert.Equal("User code", Read("en-CA", "UserCodeLabel"));
        Assert.Equal("Copy the five digits from the image", Read("en-CA", "CaptchaLabel"));
        Assert.Equal("Enter your email address or your user code.", Read("en-CA", "ErrorNothingGiven"));
        Assert.Equal("The answers are not both correct. Please try again.", Read("en-CA", "ErrorAnswers"));
        Assert.Equal("Is the email address below valid and working?", Read("en-CA", "ConfirmQuestion"));
        Assert.Equal("Thank you, your password has been reset successfully!", Read("en-CA", "DoneHeading"));
        Assert.Equal("Step 3 of 5", Read("en-CA", "StepOf", 3, 5));
        Assert.Equal("Too many attempts. Try again in 10 minutes.", Read("en-CA", "ErrorTooManyAttemptsMinutes", 10));
    }
}
