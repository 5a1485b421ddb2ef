using System.Security.Claims;
using Bunit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Pages;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Components.Pages;

/// <summary>
/// « Changer le mot de passe » rendered as its static page is (a cascading HttpContext with the member's cookie
/// claims), against the real ChangePassword: what the fields are named, and that a refused post says why in words,
/// writes no password back into the page and changes nothing. The successful post sets a cookie, which only an HTTP
/// response can do: AccountPasswordJourneyTests covers it in Chromium.
/// </summary>
public abstract class AccountPasswordPageTests : WebComponentTest
{
    private const string Strong = "Érable-sucré-Tadoussac-2026";

    private async Task<(Member Member, IRenderedComponent<AccountPasswordPage> Page)> RenderForMarieAsync()
    {
        var marie = await AddMarieAsync();
        var session = await Host.Get<MemberSessions>().StartAsync(marie.Id);
        var http = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, marie.Id.ToString()),
                new Claim(ClaimTypes.Name, marie.DisplayName),
                new Claim(ClaimTypes.Email, marie.Email),
                new Claim(MemberAuthentication.SessionClaim, session.Id),
            ], "test")),
        };
        return (marie, Context.Render<AccountPasswordPage>(p => p.AddCascadingValue(http)));
    }

    private async Task<string?> StoredHashAsync(Member member)
    {
        await using var db = Host.NewDbContext();
        return await db.Members.Where(m => m.Id == member.Id).Select(m => m.PasswordHash).SingleAsync();
    }

    [DatabaseFact]
    public async Task Render_SignedIn_LabelsNameTheThreeFieldsAndNothingIsFilledIn()
    {
        var (_, cut) = await RenderForMarieAsync();

        Assert.Equal(Text("CurrentPasswordLabel"), LabelOf(cut, "current-password"));
        Assert.Equal(Text("NewPasswordLabel"), LabelOf(cut, "new-password"));
        Assert.Equal(Text("ConfirmPasswordLabel"), LabelOf(cut, "password-confirmation"));
        Assert.Equal("current-password", cut.Find("#current-password").GetAttribute("autocomplete"));
        Assert.Equal("new-password", cut.Find("#new-password").GetAttribute("autocomplete"));
        Assert.Contains("password-policy", cut.Find("#new-password").GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.All(cut.FindAll("input[type=password]"), input => Assert.True(string.IsNullOrEmpty(input.GetAttribute("value"))));
        Assert.Equal(Text("ChangePasswordButton"), cut.Find("button[type=submit]").TextContent.Trim());
    }

    [DatabaseFact]
    public async Task Submit_WrongCurrentPassword_SaysSoMarksTheFieldAndChangesNothing()
    {
        var (marie, cut) = await RenderForMarieAsync();
        var before = await StoredHashAsync(marie);

        await TypeAsync(cut, "current-password", "pas le bon");
        await TypeAsync(cut, "new-password", Strong);
        await TypeAsync(cut, "password-confirmation", Strong);
        await SubmitAsync(cut);

        Assert.Equal(Text("CurrentPasswordWrong"), AlertText(cut));
        Assert.Equal("true", cut.Find("#current-password").GetAttribute("aria-invalid"));
        Assert.DoesNotContain("pas le bon", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(Strong, cut.Markup, StringComparison.Ordinal);
        Assert.Equal(before, await StoredHashAsync(marie));
        Assert.Empty(cut.FindAll("[role=status]"));
    }

    [DatabaseFact]
    public async Task Submit_NewPasswordTooShortAndNotConfirmed_ListsEachReasonAndChangesNothing()
    {
        var (marie, cut) = await RenderForMarieAsync();
        var before = await StoredHashAsync(marie);

        await TypeAsync(cut, "current-password", DemoMembers.Password);
        await TypeAsync(cut, "new-password", "court");
        await TypeAsync(cut, "password-confirmation", "autre");
        await SubmitAsync(cut);

        var reasons = cut.FindAll("ul.refusals > li");
        Assert.True(reasons.Count >= 2, cut.Markup);
        Assert.Equal("true", cut.Find("#new-password").GetAttribute("aria-invalid"));
        Assert.Equal("true", cut.Find("#password-confirmation").GetAttribute("aria-invalid"));
        Assert.DoesNotContain(DemoMembers.Password, cut.Markup, StringComparison.Ordinal);
        Assert.Equal(before, await StoredHashAsync(marie));
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class AccountPasswordPageTestsOnSqlite : AccountPasswordPageTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class AccountPasswordPageTestsOnPostgreSql : AccountPasswordPageTests;
