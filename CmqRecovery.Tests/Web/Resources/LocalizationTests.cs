using CmqRecovery.Core.Data;
using System.Xml.Linq;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Layout;

namespace CmqRecovery.Tests.Web.Resources;

public abstract class LocalizationTests : WebComponentTest
{
    private static Dictionary<string, string> ReadResx(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "CmqRecovery.Web", "Resources", fileName);
        return XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);
    }

    [DatabaseFact]
    public void Resources_FrenchAndEnglish_HaveTheSameKeysAndNoEmptyText()
    {
        var french = ReadResx("Strings.resx");
        var english = ReadResx("Strings.en.resx");

        Assert.Equal(french.Keys.Order(), english.Keys.Order());
        Assert.DoesNotContain(french, pair => string.IsNullOrWhiteSpace(pair.Value));
        Assert.DoesNotContain(english, pair => string.IsNullOrWhiteSpace(pair.Value));
    }

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
public sealed class LocalizationTestsOnSqlite : LocalizationTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class LocalizationTestsOnPostgreSql : LocalizationTests;
