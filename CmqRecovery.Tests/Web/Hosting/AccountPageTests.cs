using System.Net;
using System.Text.RegularExpressions;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// « Mon compte » as posted static HTML: its MudButtons carry the session's handle to the server, and the activity's
/// heading names the period the page reads (Account:ActivityPeriod), not a number written in the text.
/// </summary>
public sealed partial class AccountPageTests
{
    private static async Task SignInAsync(HttpClient client)
    {
        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields(DemoMembers.All[0].Email, DemoMembers.Password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [DatabaseTheory]
    public async Task EndSession_OtherSessionsCloseButton_SignsThatBrowserOutAndKeepsThisOne(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var phone = factory.CreateBrowser();
        var laptop = factory.CreateBrowser();
        await SignInAsync(phone);
        await SignInAsync(laptop);

        var page = await laptop.GetStringAsync("/mon-compte");
        var buttons = SessionButton().Matches(page).Select(m => m.Groups["value"].Value).ToList();
        var handle = Assert.Single(buttons, value => value != "autres"); // « Fermer » of the phone's session
        Assert.Contains("autres", buttons); // « Fermer toutes les autres sessions »
        var response = await laptop.PostAsync("/mon-compte", new FormUrlEncodedContent(
            RecoveryWebFactory.FormFields(page, new Dictionary<string, string> { ["session"] = WebUtility.HtmlDecode(handle) })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/mon-compte")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/mon-compte")).StatusCode);
    }

    [DatabaseTheory]
    public async Task Account_ActivityPeriodOfAWeek_HeadingSaysSevenDays(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: new Dictionary<string, string?> { ["Account:ActivityPeriod"] = "7.00:00:00" });
        var client = factory.CreateBrowser();
        await SignInAsync(client);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/mon-compte"));

        Assert.Contains("<h2>Activité récente (7 derniers jours)</h2>", html);
    }

    [DatabaseTheory]
    public async Task Sessions_SignedInFromTwoBrowsers_NamesEachBrowserAndSystem(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var phone = factory.CreateBrowser();
        phone.DefaultRequestHeaders.UserAgent.ParseAdd(Core.Account.SessionDeviceTests.ChromeAndroid);
        var laptop = factory.CreateBrowser();
        laptop.DefaultRequestHeaders.UserAgent.ParseAdd(Core.Account.SessionDeviceTests.FirefoxWindows);
        var script = factory.CreateBrowser(); // no User-Agent at all
        await SignInAsync(phone);
        await SignInAsync(laptop);
        await SignInAsync(script);

        var sessions = Sessions().Match(WebUtility.HtmlDecode(await laptop.GetStringAsync("/mon-compte"))).Value;

        Assert.Contains("Chrome sur Android", sessions);
        Assert.Contains("Firefox sur Windows", sessions);
        Assert.Contains("Navigateur inconnu", sessions);
    }

    [DatabaseTheory]
    public async Task EndSession_PastTheAccountBudget_SaysHowLongToWaitAndEndsNothing(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: new Dictionary<string, string?>
        {
            ["RateLimits:Account:PermitLimit"] = "1",
            ["RateLimits:Account:Window"] = "00:10:00",
        });
        var phone = factory.CreateBrowser();
        var tablet = factory.CreateBrowser();
        var laptop = factory.CreateBrowser();
        await SignInAsync(phone);
        await SignInAsync(tablet);
        await SignInAsync(laptop);
        var page = await laptop.GetStringAsync("/mon-compte");
        var handles = SessionButton().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups["value"].Value)).Where(v => v != "autres").ToList();
        Assert.Equal(2, handles.Count);
        var first = await laptop.PostAsync("/mon-compte", new FormUrlEncodedContent(
            RecoveryWebFactory.FormFields(page, new Dictionary<string, string> { ["session"] = handles[0] })));
        Assert.DoesNotContain("Trop de tentatives", WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync()));

        var refused = await laptop.PostAsync("/mon-compte", new FormUrlEncodedContent(
            RecoveryWebFactory.FormFields(page, new Dictionary<string, string> { ["session"] = "autres" })));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Trop de tentatives. Réessayez dans 10 minutes.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        // One of phone and tablet was ended by the first post; the other is still signed in.
        var stillIn = 0;
        foreach (var other in new[] { phone, tablet })
        {
            stillIn += (await other.GetAsync("/mon-compte")).StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        Assert.Equal(1, stillIn);
    }

    /// <summary>The list of sessions on « Mon compte ».</summary>
    [GeneratedRegex("""<ul id="sessions">.*?</ul>""", RegexOptions.Singleline)]
    private static partial Regex Sessions();

    /// <summary>A submit button (rendered by MudButton) posting a session: its value is the session's handle, or « autres ».</summary>
    [GeneratedRegex("""<button(?=[^>]*\btype="submit")(?=[^>]*\bname="session")[^>]*\bvalue="(?<value>[^"]+)"[^>]*>""")]
    private static partial Regex SessionButton();
}
