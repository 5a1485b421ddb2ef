using Bunit;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Components.Layout;

public abstract class MainLayoutTests : WebComponentTest
{
    [DatabaseFact]
    public void LanguageSwitch_French_OffersEnglishAndComesBackToThisPage()
    {
        var navigation = Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/recuperation");

        var cut = Context.Render<MainLayout>();

        var link = cut.Find("a.language-switch");
        Assert.Equal("English", link.TextContent);
        Assert.Equal("en", link.GetAttribute("lang"));
        Assert.Equal("/culture?c=en-CA&redirectUri=%2Frecuperation", link.GetAttribute("href"));
        // Never a client-side navigation, even while the circuit starts (it showed « Page introuvable »).
        Assert.Equal("_top", link.GetAttribute("target"));
    }

    [DatabaseFact]
    public void LanguageSwitch_English_OffersFrench()
    {
        UseCulture("en-CA");

        var cut = Context.Render<MainLayout>();

        var link = cut.Find("a.language-switch");
        Assert.Equal("Français", link.TextContent);
        Assert.Equal("fr", link.GetAttribute("lang"));
        Assert.StartsWith("/culture?c=fr-CA&", link.GetAttribute("href"));
    }

    [DatabaseFact]
    public void LanguageSwitch_NavigatedElsewhere_FollowsTheNewPage()
    {
        var navigation = Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var cut = Context.Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddContent(0, "page")));

        // What the router does on every navigation: a new Body for the layout.
        navigation.NavigateTo("/reinitialisation");
        cut.Render(p => p.Add(l => l.Body, b => b.AddContent(0, "other page")));

        Assert.Equal("/culture?c=en-CA&redirectUri=%2Freinitialisation", cut.Find("a.language-switch").GetAttribute("href"));
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class MainLayoutTestsOnSqlite : MainLayoutTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class MainLayoutTestsOnPostgreSql : MainLayoutTests;
