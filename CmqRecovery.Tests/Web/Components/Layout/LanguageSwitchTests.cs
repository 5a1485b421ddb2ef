using Bunit;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Components.Layout;

public abstract class LanguageSwitchTests : WebComponentTest
{
    [DatabaseFact]
    public void LanguageSwitch_French_OffersEnglishAndComesBackToThisPage()
    {
        var navigation = Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/recuperation");

        var cut = Context.Render<LanguageSwitch>();

        var link = cut.Find("a");
        Assert.Equal("English", link.TextContent);
        Assert.Equal("en", link.GetAttribute("lang"));
        Assert.Equal("/culture?c=en-CA&redirectUri=%2Frecuperation", link.GetAttribute("href"));
    }

    [DatabaseFact]
    public void LanguageSwitch_English_OffersFrench()
    {
        UseCulture("en-CA");

        var cut = Context.Render<LanguageSwitch>();

        Assert.Equal("Français", cut.Find("a").TextContent);
        Assert.Equal("fr", cut.Find("a").GetAttribute("lang"));
        Assert.StartsWith("/culture?c=fr-CA&", cut.Find("a").GetAttribute("href"));
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class LanguageSwitchTestsOnSqlite : LanguageSwitchTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class LanguageSwitchTestsOnPostgreSql : LanguageSwitchTests;
