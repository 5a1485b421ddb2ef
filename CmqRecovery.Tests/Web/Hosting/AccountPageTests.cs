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

    /// <summary>A submit button (rendered by MudButton) posting a session: its value is the session's handle, or « autres ».</summary>
    [GeneratedRegex("""<button(?=[^>]*\btype="submit")(?=[^>]*\bname="session")[^>]*\bvalue="(?<value>[^"]+)"[^>]*>""")]
    private static partial Regex SessionButton();
}
