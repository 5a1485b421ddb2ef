using System.Security.Claims;
using Bunit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.Core.Account;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Pages;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.Http;

namespace CmqRecovery.Tests.Web.Components.Pages;

/// <summary>
/// « Mon compte » rendered as its static page is (a cascading HttpContext with the member's cookie claims): the
/// sessions named by browser and system, « cette session » marked, and the recent activity with failures grouped.
/// </summary>
public abstract class AccountPageTests : WebComponentTest
{
    private IRenderedComponent<AccountPage> Render(Member member, string sessionId)
    {
        var http = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, member.Id.ToString()),
                new Claim(ClaimTypes.Name, member.DisplayName),
                new Claim(ClaimTypes.Email, member.Email),
                new Claim(MemberAuthentication.SessionClaim, sessionId),
            ], "test")),
        };
        return Context.Render<AccountPage>(p => p.AddCascadingValue(http));
    }

    private async Task<(Member Member, string Here)> TwoBrowsersAsync()
    {
        var marie = await AddMarieAsync();
        var sessions = Host.Get<MemberSessions>();
        await sessions.StartAsync(marie.Id, SessionDeviceTests.ChromeAndroid);
        Host.Time.Advance(TimeSpan.FromMinutes(5));
        var here = await sessions.StartAsync(marie.Id, SessionDeviceTests.FirefoxWindows);
        Host.Time.Advance(TimeSpan.FromMinutes(5));
        await sessions.StartAsync(marie.Id);
        return (marie, here.Id);
    }

    [DatabaseFact]
    public async Task Render_SessionsFromThreeBrowsers_NamesEachAndMarksThisOne()
    {
        var (marie, here) = await TwoBrowsersAsync();

        var cut = Render(marie, here);

        var items = cut.WaitForElements("#sessions > li");
        Assert.Equal(3, items.Count);
        Assert.Contains(Text("SessionDeviceFormat", "Firefox", "Windows"), items[0].TextContent);
        Assert.Contains(" " + Text("SessionThis"), items[0].TextContent); // a word apart from the date
        Assert.Empty(items[0].QuerySelectorAll("button"));
        Assert.Contains(Text("SessionBrowserUnknown"), items[1].TextContent); // the newest other one: no User-Agent
        Assert.Contains(Text("SessionDeviceFormat", "Chrome", "Android"), items[2].TextContent);
        Assert.All(items.Skip(1), item => Assert.Equal(Text("SessionEnd"), item.QuerySelector("button")!.TextContent.Trim()));
        Assert.Equal("Chrome sur Android", Text("SessionDeviceFormat", "Chrome", "Android"));
    }

    [DatabaseFact]
    public async Task Render_InEnglish_NamesTheBrowsersInEnglish()
    {
        UseCulture("en-CA");
        var (marie, here) = await TwoBrowsersAsync();

        var cut = Render(marie, here);

        cut.WaitForElements("#sessions > li"); // rendered empty until the page has read the sessions
        var sessions = cut.Find("#sessions").TextContent;
        Assert.Contains("Firefox on Windows", sessions);
        Assert.Contains("Chrome on Android", sessions);
        Assert.Contains("Unknown browser", sessions);
        Assert.Contains("(this session)", sessions);
    }

    [DatabaseFact]
    public async Task Render_ThreeWrongPasswordsThenASignIn_ShowsOneGroupedLineAndTheSignIn()
    {
        var marie = await AddMarieAsync();
        var signIn = Host.Get<SignInMember>();
        for (var i = 0; i < 3; i++)
        {
            Host.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.False((await signIn.ExecuteAsync(marie.Email, "pas le bon", RecoverySteps.Client)).Passed);
        }

        Host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await signIn.ExecuteAsync(marie.Email, DemoMembers.Password, RecoverySteps.Client)).Passed);
        var here = await Host.Get<MemberSessions>().StartAsync(marie.Id);

        var cut = Render(marie, here.Id);

        var lines = cut.WaitForElements("#activity > li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, lines.Count);
        Assert.EndsWith(Text("ActivitySignInSucceeded"), lines[0].Trim(), StringComparison.Ordinal);
        Assert.EndsWith(Text("ActivitySignInFailedMany", 3), lines[1].Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("pas le bon", cut.Markup, StringComparison.Ordinal);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class AccountPageTestsOnSqlite : AccountPageTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class AccountPageTestsOnPostgreSql : AccountPageTests;
