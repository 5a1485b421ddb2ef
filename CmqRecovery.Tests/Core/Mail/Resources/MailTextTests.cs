using System.Globalization;
using System.Reflection;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Mail.Resources;
using CmqRecovery.Core.Recovery;
using Microsoft.Extensions.DependencyInjection;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Mail.Resources;

/// <summary>The mails' wording: both resx files complete, and every name the code uses found at run time.</summary>
public sealed class MailTextTests
{
    private static readonly Uri Link = new("https://recuperation.test/reinitialisation/x/y");

    private const string Folder = "CmqRecovery.Core/Mail/Resources";

    private static Dictionary<string, string> ReadResx(string fileName) => ResxFile.Read($"{Folder}/{fileName}");

    /// <summary>The names RecoveryMails reads: MailText's constants.</summary>
    private static string[] NamesUsed() =>
        [.. typeof(MailText).GetFields(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)];

    private static IStringLocalizer<MailText> RegisteredLocalizer(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        return services.AddRecoveryMail().BuildServiceProvider().GetRequiredService<IStringLocalizer<MailText>>();
    }

    private static LocalizedString Read(IStringLocalizer localizer, string name, string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return localizer[name];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Resources_FrenchAndEnglish_HaveTheSameKeysPlaceholdersAndNoEmptyText()
    {
        ResxFile.AssertComplete($"{Folder}/MailText.resx", $"{Folder}/MailText.en.resx");
    }

    [Fact]
    public void Resources_NamesUsedByTheCode_AreExactlyTheResxKeys()
    {
        var names = NamesUsed();

        Assert.NotEmpty(names);
        Assert.Equal(ReadResx("MailText.resx").Keys.Order(), names.Order());
    }

    [Theory]
    [InlineData("fr-CA", "MailText.resx")]
    [InlineData("en-CA", "MailText.en.resx")]
    public void Localizer_EveryNameUsed_IsFoundInThatLanguage(string culture, string fileName)
    {
        // Equal to the file's value: the English satellite assembly was built and loaded, not a French fallback.
        var expected = ReadResx(fileName);
        var localizer = RegisteredLocalizer();

        foreach (var name in NamesUsed())
        {
            var value = Read(localizer, name, culture);
            Assert.False(value.ResourceNotFound, $"{name} not found for {culture}.");
            Assert.Equal(expected[name], value.Value);
        }
    }

    [Fact]
    public void Localizer_HostWithItsOwnResourcesPath_StillFindsTheMailText()
    {
        // LocalizationOptions are shared with the host; a ResourcesPath there must not misdirect Core's lookup.
        var localizer = RegisteredLocalizer(services => services.AddLocalization(o => o.ResourcesPath = "Resources"));
        var mails = MailTestKit.NewMails(services => services.AddLocalization(o => o.ResourcesPath = "Resources"));

        Assert.Equal("Merci!", Read(localizer, MailText.Thanks, "fr-CA").Value);
        Assert.Equal("Thank you!", Read(localizer, MailText.Thanks, "en-CA").Value);
        var mail = mails.ResetLink("Dre Marie Tremblay", Link, TimeSpan.FromMinutes(30));
        Assert.Contains("Bonjour Dre Marie Tremblay,", mail.TextBody);
        Assert.Contains("Hello Dre Marie Tremblay,", mail.TextBody);
    }

    [Fact]
    public void ResetLink_TextMissing_ThrowsNamingItInsteadOfMailingTheKey()
    {
        var text = new MissingText(RegisteredLocalizer(), MailText.ResetLinkIgnore);
        var mails = new RecoveryMails(text, new DurationFormatter(text), Options.Create(new RecoveryOptions()));

        var error = Assert.Throws<InvalidOperationException>(() => mails.ResetLink("Dre Marie Tremblay", Link, TimeSpan.FromMinutes(30)));

        Assert.Contains(MailText.ResetLinkIgnore, error.Message);
    }

    [Fact]
    public void ResetLink_CallerCulture_IsRestoredAfterwards()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-CA");
        try
        {
            MailTestKit.NewMails().ResetLink("Dre Marie Tremblay", Link, TimeSpan.FromMinutes(30));

            Assert.Equal("en-CA", CultureInfo.CurrentUICulture.Name);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>The real text with one name missing, as a resx without that key would answer.</summary>
    private sealed class MissingText(IStringLocalizer<MailText> inner, string missing) : IStringLocalizer<MailText>
    {
        public LocalizedString this[string name] =>
            name == missing ? new LocalizedString(name, name, resourceNotFound: true) : inner[name];

        public LocalizedString this[string name, params object[] arguments] =>
            name == missing ? new LocalizedString(name, name, resourceNotFound: true) : inner[name, arguments];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
