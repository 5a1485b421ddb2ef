using CmqRecovery.Core.Mail;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>Procedure step 8: refusals say why, change nothing, and the member can try again on the same page.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PasswordStepTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task SetPassword_Guessable_RefusedWithReasonThenStrongAccepted()
    {
        await using var session = await ReachNewPasswordAsync();
        var ui = session.Driver;

        await ui.ChoosePasswordAsync("motdepasse2026");

        await Expect(ui.Alert(ui.Text.TooGuessable)).ToBeVisibleAsync();
        await Expect(ui.Field(ui.Text.NewPassword)).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertNothingChangedAsync(session.App);

        await ui.ChoosePasswordAsync(Journey.NewPassword);
        await ui.ExpectDoneAsync(Journey.Physician.Email, Journey.NewPassword);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task SetPassword_ConfirmationDiffers_RefusedWithReason()
    {
        await using var session = await ReachNewPasswordAsync();
        var ui = session.Driver;

        await ui.ChoosePasswordAsync(Journey.NewPassword, Journey.NewPassword + "x");

        await Expect(ui.Alert(ui.Text.Mismatch)).ToBeVisibleAsync();
        await Expect(ui.Alert(ui.Text.TooGuessable)).ToHaveCountAsync(0);
        await Expect(ui.Field(ui.Text.ConfirmPassword)).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ui.Field(ui.Text.NewPassword)).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await AssertNothingChangedAsync(session.App);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task StrengthMeter_TypingKeyByKey_UpdatesInTheBrowserInBothLanguages()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        var link = await ui.RequestResetLinkAsync("54321", Journey.Physician.Email);
        await ui.OpenLinkAndAnswerAsync(link);
        var meter = ui.Page.Locator("#strength-meter");
        var announced = meter.Locator(".strength-text[aria-live=polite]");
        await Expect(announced).ToHaveTextAsync("Robustesse : très faible");

        await ui.Field(ui.Text.NewPassword).PressSequentiallyAsync(Journey.NewPassword);

        await Expect(announced).ToHaveTextAsync("Robustesse : excellente");
        await Expect(meter).ToHaveAttributeAsync("data-score", "4");

        // In English: the link is still good, so opening it again asks the questions again, then the meter speaks English.
        await ui.SwitchLanguageAsync(UiText.English);
        await ui.OpenLinkAndAnswerAsync(link);
        await Expect(announced).ToHaveTextAsync("Strength: very weak");
        await ui.Field(ui.Text.NewPassword).PressSequentiallyAsync("password");
        await Expect(meter).ToHaveAttributeAsync("data-score", "0");
        await ui.Field(ui.Text.NewPassword).PressSequentiallyAsync(" under the maple tree, Tadoussac");
        await Expect(announced).ToHaveTextAsync("Strength: excellent");
        session.AssertNoServerErrors();
    }

    private async Task<BrowserSession> ReachNewPasswordAsync()
    {
        var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        var link = await ui.RequestResetLinkAsync("54321", Journey.Physician.Email);
        await ui.OpenLinkAndAnswerAsync(link);
        return session;
    }

    /// <summary>A refusal leaves the password, the request and the outbox as they were.</summary>
    private static async Task AssertNothingChangedAsync(RunningApp app)
    {
        await using var db = app.NewDbContext();
        var member = await db.Members.SingleAsync(m => m.Email == Journey.Physician.Email);
        Assert.Null(member.PasswordChangedAt);
        Assert.Null((await db.RecoveryRequests.SingleAsync()).ConsumedAt);
        Assert.DoesNotContain(MailKinds.PasswordChanged, await db.OutboxMessages.Select(m => m.Kind).ToListAsync());
    }
}
