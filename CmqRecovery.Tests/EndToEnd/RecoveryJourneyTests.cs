using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// The seed's procedure end to end, once per member kind, by code and by email, in French and once in English:
/// login page → « Mot de passe oublié? » → identify → questions → confirm → real mail → link → questions →
/// new password → done → sign in with the new password (the old one refused).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RecoveryJourneyTests(BrowserFixture browser)
{
    [BrowserFact]
    public Task Recovery_PhysicianByCode_SetsPasswordAndSignsIn() =>
        RecoverAndSignInAsync(Journey.Physician, "54321", UiText.French);

    [BrowserFact]
    public Task Recovery_ResidentByEmail_SetsPasswordAndSignsIn() =>
        RecoverAndSignInAsync(Journey.Resident, "julien.gagnon@example.org", UiText.French);

    [BrowserFact]
    public Task Recovery_StudentByLowercaseCode_SetsPasswordAndSignsIn() =>
        RecoverAndSignInAsync(Journey.Student, "e12342012", UiText.French);

    [BrowserFact]
    public Task Recovery_OtherByEmailInEnglish_SetsPasswordAndSignsIn() =>
        RecoverAndSignInAsync(Journey.Other, "LOUIS.COTE@example.org", UiText.English);

    private async Task RecoverAndSignInAsync(NewMember member, string identifier, UiText language)
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var oldHash = await PasswordHashAsync(session.App, member.Email);

        // Procedure step 1: from the login page's link.
        await ui.Page.GotoAsync("/connexion");
        if (language != UiText.French)
        {
            await ui.SwitchLanguageAsync(language);
        }

        await ui.Link(ui.Text.ForgotPassword).ClickAsync();
        await ui.ExpectRecoveryStartAsync();

        // Steps 2 to 5: the link arrives by real mail, built on the app's own address.
        var link = await ui.RequestResetLinkAsync(identifier, member.Email);
        await Expect(ui.Heading(ui.Text.MailSent)).ToBeVisibleAsync();
        Assert.StartsWith(session.App.BaseUrl + "/reinitialisation/", link.Url.ToString(), StringComparison.Ordinal);

        // Steps 7 to 9, in the same browser's new tab as a mail client would open it.
        var tab = new RecoveryDriver(await ui.Page.Context.NewPageAsync(), session.App, ui.Text);
        await tab.OpenLinkAndAnswerAsync(link);
        await tab.ChoosePasswordAsync(Journey.NewPassword);
        await tab.ExpectDoneAsync(member.Email, Journey.NewPassword);

        await using (var db = session.App.NewDbContext())
        {
            var stored = await db.Members.SingleAsync(m => m.Email == member.Email);
            Assert.NotEqual(oldHash, stored.PasswordHash);
            Assert.All(await db.RecoveryRequests.Where(r => r.MemberId == stored.Id).ToListAsync(), r => Assert.NotNull(r.ConsumedAt));
            Assert.Contains(await db.AuditEvents.Select(e => e.Kind).ToListAsync(), k => k == AuditKind.PasswordChanged);
        }

        // The « password changed » notice reaches the member and never carries the password.
        var notice = await session.App.Smtp.WaitForMailToAsync(member.Email, Journey.PasswordChangedSubject);
        Assert.DoesNotContain(Journey.NewPassword, notice.Text ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(Journey.NewPassword, notice.Html ?? string.Empty, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(notice.Text));

        // No automatic sign-in: the link opens /connexion with the address filled in.
        await tab.Link(tab.Text.SignInLink).ClickAsync();
        await Expect(tab.Field(tab.Text.Email)).ToHaveValueAsync(member.Email);
        await Expect(tab.MyAccountHeading).ToHaveCountAsync(0);

        // The old password is refused, the new one signs in.
        await tab.SignInAsync(null, Journey.OldPassword);
        await Expect(tab.Alert(tab.Text.SignInRefused)).ToBeVisibleAsync();
        await Expect(tab.MyAccountHeading).ToHaveCountAsync(0);

        await tab.SignInAsync(member.Email, Journey.NewPassword);
        session.AssertNoServerErrors();
        await Expect(tab.MyAccountHeading).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText(member.DisplayName)).ToBeVisibleAsync();
    }

    private static async Task<string> PasswordHashAsync(RunningApp app, string email)
    {
        await using var db = app.NewDbContext();
        return await db.Members.Where(m => m.Email == email).Select(m => m.PasswordHash!).SingleAsync();
    }
}
