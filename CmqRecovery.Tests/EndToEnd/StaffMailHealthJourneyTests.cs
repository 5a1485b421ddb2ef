using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// « État des courriels » walked in Chromium: « Fermer » an abandoned mail by keyboard only on a 360 px phone in
/// French (no reason: the error is on the reason, focused and described; then closed: the row leaves the list and the
/// focus is on the result), then « Renvoyer » (the mail reaches the member's mailbox). In English at desktop width the
/// same two forms with the mouse, and a close refused because another agent closed the mail first (the refusal
/// focused). axe and the phone layout at each state; labels written out.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StaffMailHealthJourneyTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task CloseMail_FrenchPhoneKeyboardOnly_ReasonAskedOnTheFieldThenClosedAndResent()
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        var link = await AbandonedAsync(session, MailKinds.ResetLink); // closable, never resent
        await AbandonedAsync(session, MailKinds.SuspensionLifted); // resendable
        await ui.Page.GotoAsync("/soutien");
        await StaffWalk.SignInAsync(ui, "Se connecter comme agent1 (soutien)", "Console du soutien");
        await ui.Link("État des courriels").TapAsync();

        await Expect(ui.Heading("État des courriels")).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#mail-counts")).ToContainTextAsync("Abandonnés : 2.");
        await StaffWalk.CheckAsync(ui.Page, "the mail health, two abandoned mails", phone: true);

        // No reason: Tab to the form's mail, past the reason, to « Fermer », Enter.
        var close = ui.Page.GetByRole(AriaRole.Form, new() { Name = "Fermer", Exact = true });
        await StaffWalk.TabToAsync(ui.Page, "#closed-mail-id");
        await ui.Page.Keyboard.PressAsync("Tab");
        await StaffWalk.ExpectFocusedAsync(close.GetByLabel("Raison", new() { Exact = true }));
        await ui.Page.Keyboard.PressAsync("Tab");
        await StaffWalk.ExpectFocusedAsync(close.GetByRole(AriaRole.Button, new() { Name = "Fermer", Exact = true }));
        await ui.Page.Keyboard.PressAsync("Enter");

        var reason = close.GetByLabel("Raison", new() { Exact = true });
        await StaffWalk.ExpectFocusedAsync(reason);
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reason).ToHaveAccessibleDescriptionAsync("Choisissez la raison.");
        await Expect(ui.Page.Locator("#mail-counts")).ToContainTextAsync("Abandonnés : 2.");
        await StaffWalk.CheckAsync(ui.Page, "the mail health, a close without a reason", phone: true);
        await AssertAuditedAsync(session, AuditKind.StaffMailClosed, expected: 0);

        // From the reason (focused), back to the mail, the reset link by its first letter, the reason, « Fermer ».
        await ui.Page.Keyboard.PressAsync("Shift+Tab");
        await StaffWalk.ExpectFocusedAsync(close.GetByLabel("Courriel abandonné à fermer", new() { Exact = true }));
        await ui.Page.Keyboard.PressAsync("l"); // « Lien de réinitialisation »
        await Expect(close.GetByLabel("Courriel abandonné à fermer", new() { Exact = true })).ToHaveValueAsync(link.Id.ToString());
        await ui.Page.Keyboard.PressAsync("Tab");
        await ui.Page.Keyboard.PressAsync("U"); // « Un courriel au membre n'a pas été livré »
        await Expect(reason).ToHaveValueAsync("MailProblem");
        await ui.Page.Keyboard.PressAsync("Tab");
        await ui.Page.Keyboard.PressAsync("Enter");

        var closed = ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Le courriel est fermé : il ne sera plus proposé. Rien n'a été envoyé." });
        await StaffWalk.ExpectFocusedAsync(closed, control: false);
        await Expect(ui.Page.Locator("#mail-counts")).ToContainTextAsync("Abandonnés : 1.");
        await Expect(ui.Page.Locator("#abandoned-mails")).Not.ToContainTextAsync("Lien de réinitialisation");
        await Expect(ui.Page.Locator($"#closed-mail-id option[value='{link.Id}']")).ToHaveCountAsync(0);
        await StaffWalk.CheckAsync(ui.Page, "the mail health, a mail closed", phone: true);
        await AssertAuditedAsync(session, AuditKind.StaffMailClosed, expected: 1);
        await using (var db = session.App.NewDbContext())
        {
            Assert.NotNull((await db.OutboxMessages.SingleAsync(m => m.Id == link.Id)).ClosedAt);
        }

        // « Renvoyer » the notice, by keyboard too: its reason, then the button.
        var resend = ui.Page.Locator("#resend-abandoned");
        await StaffWalk.TabToAsync(ui.Page, "#abandoned-reason");
        await ui.Page.Keyboard.PressAsync("U");
        await Expect(resend.GetByLabel("Raison", new() { Exact = true })).ToHaveValueAsync("MailProblem");
        await ui.Page.Keyboard.PressAsync("Tab");
        await StaffWalk.ExpectFocusedAsync(resend.GetByRole(AriaRole.Button, new() { Name = "Renvoyer le courriel", Exact = true }));
        await ui.Page.Keyboard.PressAsync("Enter");

        var resent = ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Le courriel est renvoyé au membre." });
        await StaffWalk.ExpectFocusedAsync(resent, control: false);
        await Expect(ui.Page.Locator("#mail-counts")).ToContainTextAsync("Abandonnés : 0.");
        await Expect(ui.Page.Locator("#abandoned-mails")).ToHaveTextAsync("Aucun");
        await StaffWalk.CheckAsync(ui.Page, "the mail health, a mail resent", phone: true);
        await session.App.Smtp.WaitForMailToAsync(Journey.Physician.Email, session.App.Services.GetRequiredService<RecoveryMails>().SuspensionLiftedSubject);
        await AssertAuditedAsync(session, AuditKind.StaffMailResent, expected: 1);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task CloseMail_EnglishDesktop_ReasonAskedClosedByAnotherAgentRefusedThenClosedThenResent()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var link = await AbandonedAsync(session, MailKinds.ResetLink);
        var questions = await AbandonedAsync(session, MailKinds.QuestionsChanged);
        await AbandonedAsync(session, MailKinds.PasswordChanged);
        await ui.Page.GotoAsync("/soutien");
        await ui.SwitchLanguageAsync(UiText.English);
        await StaffWalk.SignInAsync(ui, "Sign in as superviseur1 (supervisor)", "Support console");
        await ui.Link("Mail health").ClickAsync();

        await Expect(ui.Heading("Mail health")).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#mail-counts")).ToContainTextAsync("Abandoned: 3.");
        await StaffWalk.CheckAsync(ui.Page, "the mail health, in English");

        var close = ui.Page.Locator("#close-abandoned");
        var mail = close.GetByLabel("Abandoned mail to close", new() { Exact = true });
        var reason = close.GetByLabel("Reason", new() { Exact = true });
        var closeButton = close.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true });
        await closeButton.ClickAsync();
        await Expect(reason).ToHaveAccessibleDescriptionAsync("Choose the reason.");
        await StaffWalk.ExpectFocusedAsync(reason);
        await StaffWalk.CheckAsync(ui.Page, "the mail health, a close without a reason, in English");
        await AssertAuditedAsync(session, AuditKind.StaffMailClosed, expected: 0);

        // Another agent closes the reset link while this page still offers it: this agent's close is refused, and said.
        await using (var scope = session.App.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<CloseMail>().ExecuteAsync(link.Id, StaffReason.MailProblem, new StaffActor("agent2"))).Passed);
        }

        await mail.SelectOptionAsync(link.Id.ToString());
        await reason.SelectOptionAsync(new SelectOptionValue { Label = "A mail to the member was not delivered" });
        await closeButton.ClickAsync();
        await StaffWalk.ExpectFocusedAsync(
            ui.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "This mail cannot be closed: it was already resent or closed, or it is not abandoned." }), control: false);
        await Expect(ui.Page.Locator("#mail-counts")).ToContainTextAsync("Abandoned: 2.");
        await StaffWalk.CheckAsync(ui.Page, "the mail health, a close refused, in English");
        await AssertAuditedAsync(session, AuditKind.StaffMailClosed, expected: 1);

        await mail.SelectOptionAsync(questions.Id.ToString());
        await reason.SelectOptionAsync(new SelectOptionValue { Label = "A mail to the member was not delivered" });
        await closeButton.ClickAsync();

        await StaffWalk.ExpectFocusedAsync(
            ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The mail is closed: it will no longer be offered. Nothing was sent." }), control: false);
        await Expect(ui.Page.Locator("#mail-counts")).ToContainTextAsync("Abandoned: 1.");
        await Expect(ui.Page.Locator("#abandoned-mails")).Not.ToContainTextAsync("Notice: questions changed");
        await StaffWalk.CheckAsync(ui.Page, "the mail health, a mail closed, in English");
        await AssertAuditedAsync(session, AuditKind.StaffMailClosed, expected: 2);

        var resend = ui.Page.Locator("#resend-abandoned");
        await resend.GetByRole(AriaRole.Button, new() { Name = "Resend the mail", Exact = true }).ClickAsync();
        await Expect(resend.GetByLabel("Reason", new() { Exact = true })).ToHaveAccessibleDescriptionAsync("Choose the reason.");
        await StaffWalk.CheckAsync(ui.Page, "the mail health, a resend without a reason, in English");
        await AssertAuditedAsync(session, AuditKind.StaffMailResent, expected: 0);
        await resend.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "The member called support" });
        await resend.GetByRole(AriaRole.Button, new() { Name = "Resend the mail", Exact = true }).ClickAsync();

        await StaffWalk.ExpectFocusedAsync(ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The mail is resent to the member." }), control: false);
        await Expect(ui.Page.Locator("#mail-counts")).ToContainTextAsync("Abandoned: 0.");
        await Expect(ui.Page.Locator("#abandoned-mails")).ToHaveTextAsync("None");
        await StaffWalk.CheckAsync(ui.Page, "the mail health, a mail resent, in English");
        await session.App.Smtp.WaitForMailToAsync(Journey.Physician.Email, Journey.PasswordChangedSubject);
        await AssertAuditedAsync(session, AuditKind.StaffMailResent, expected: 1);
        session.AssertNoServerErrors();
    }

    /// <summary>An abandoned mail to the physician, as the page tests seed it: the sender gave up and erased its body.</summary>
    private static async Task<OutboxMessage> AbandonedAsync(BrowserSession session, string kind)
    {
        await using var db = session.App.NewDbContext();
        var member = await db.Members.SingleAsync(m => m.UserCode == Journey.Physician.UserCode);
        var message = session.App.Services.GetRequiredService<MailOutbox>().Prepare(kind, member.Email, new MailContent("s", "Corps", "<p>Corps</p>"), member.Id);
        message.NextAttemptAt = DeliverOutbox.Never;
        message.ProtectedTextBody = message.ProtectedHtmlBody = null;
        message.Attempts = 4;
        message.LastError = $"550 5.1.1 <{member.Email}>: user unknown in this very long relay message";
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    private static async Task AssertAuditedAsync(BrowserSession session, AuditKind kind, int expected)
    {
        await using var db = session.App.NewDbContext();
        Assert.Equal(expected, await db.AuditEvents.CountAsync(e => e.Kind == kind && e.StaffId != null));
    }
}
