using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>The web host's own AddLocalization and Core's mail text live side by side.</summary>
public sealed class MailTextHostingTests
{
    [DatabaseTheory]
    public async Task RecoveryMails_WebHost_WritesFrenchThenEnglishFromTheResources(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var services = factory.Services;

        var mail = services.GetRequiredService<RecoveryMails>()
            .ResetLink("Dre Marie Tremblay", new Uri("https://recuperation.test/reinitialisation/x/y"), TimeSpan.FromMinutes(30));

        Assert.Equal("Réinitialisation du mot de passe", mail.Subject);
        var french = mail.TextBody.IndexOf("Bonjour Dre Marie Tremblay,", StringComparison.Ordinal);
        Assert.True(french >= 0 && mail.TextBody.IndexOf("Hello Dre Marie Tremblay,", StringComparison.Ordinal) > french);
        // And the web's own strings are untouched by Core's registration.
        Assert.False(services.GetRequiredService<IStringLocalizer<Strings>>()["AppName"].ResourceNotFound);
    }
}
