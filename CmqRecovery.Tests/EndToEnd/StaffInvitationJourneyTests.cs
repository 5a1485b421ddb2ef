using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// « Envoyer une invitation » on a member's recovery status, walked in Chromium for a member without a password: by
/// keyboard only on a 360 px phone in French (no reason: the error is on the reason, focused and described, nothing
/// written; then sent: the focus is on the result, the invitation reaches the member's mailbox), and with the mouse
/// in English at desktop width, where a second invitation is refused once the member has activated (the refusal
/// focused). axe and the phone layout at each state; labels written out.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StaffInvitationJourneyTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task InviteMember_FrenchPhoneKeyboardOnly_ReasonAskedOnTheFieldThenInvitationMailed()
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        await WithoutPasswordAsync(session);
        await ui.Page.GotoAsync("/soutien");
        await StaffWalk.SignInAsync(ui, "Se connecter comme agent1 (soutien)", "Console du soutien");
        await ui.Link("Trouver un membre").TapAsync();
        await ui.Field("Code d'utilisateur ou courriel").FillAsync(Journey.Physician.Email);
        await ui.Page.GetByLabel("Raison", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Le membre a appelé le soutien" });
        await ui.Button("Rechercher").TapAsync();
        await ui.Button("Voir l'état de la récupération").TapAsync();

        await Expect(ui.Heading("État de la récupération")).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#status-member")).ToContainTextAsync("Non");
        await StaffWalk.CheckAsync(ui.Page, "the status of a member without a password", phone: true);

        // No reason: Tab to the invitation's reason, past it to « Envoyer une invitation », Enter.
        // Named by its button: its « Raison », one of several lists on the page, is read in that context.
        var invite = ui.Page.GetByRole(AriaRole.Form, new() { Name = "Envoyer une invitation", Exact = true });
        await StaffWalk.TabToAsync(ui.Page, "#invite-reason");
        await ui.Page.Keyboard.PressAsync("Tab");
        await StaffWalk.ExpectFocusedAsync(invite.GetByRole(AriaRole.Button, new() { Name = "Envoyer une invitation", Exact = true }));
        await ui.Page.Keyboard.PressAsync("Enter");

        var reason = ui.Page.Locator("#invite-member").GetByLabel("Raison", new() { Exact = true });
        await StaffWalk.ExpectFocusedAsync(reason);
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reason).ToHaveAccessibleDescriptionAsync("Choisissez la raison.");
        await StaffWalk.CheckAsync(ui.Page, "an invitation without a reason", phone: true);
        await AssertInvitedAsync(session, expected: 0);

        // The reason (focused) by its first letters, Tab to the button, Enter.
        await ui.Page.Keyboard.PressAsync("L"); // « Le membre a appelé le soutien »
        await Expect(reason).ToHaveValueAsync("MemberCalled");
        await ui.Page.Keyboard.PressAsync("Tab");
        await StaffWalk.ExpectFocusedAsync(invite.GetByRole(AriaRole.Button, new() { Name = "Envoyer une invitation", Exact = true }));
        await ui.Page.Keyboard.PressAsync("Enter");

        var sent = ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "L'invitation est envoyée; une invitation encore ouverte ne fonctionne plus." });
        await StaffWalk.ExpectFocusedAsync(sent, control: false);
        await Expect(ui.Page.Locator("#status-mails")).ToContainTextAsync("Invitation (activation du compte) : en attente");
        await StaffWalk.CheckAsync(ui.Page, "an invitation sent", phone: true);
        await session.App.Smtp.WaitForMailToAsync(Journey.Physician.Email, session.App.Services.GetRequiredService<RecoveryMails>().InvitationSubject);
        await AssertInvitedAsync(session, expected: 1);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task InviteMember_EnglishDesktop_ReasonAskedThenMailedThenRefusedOnceTheMemberIsActive()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await WithoutPasswordAsync(session);
        await ui.Page.GotoAsync("/soutien");
        await ui.SwitchLanguageAsync(UiText.English);
        await StaffWalk.SignInAsync(ui, "Sign in as agent2 (support)", "Support console");
        await ui.Link("Find a member").ClickAsync();
        await ui.Field("User code or email").FillAsync(Journey.Physician.UserCode);
        await ui.Page.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "The member wrote to the Collège" });
        await ui.Button("Search").ClickAsync();
        await ui.Button("View the recovery status").ClickAsync();

        await Expect(ui.Heading("Recovery status")).ToBeVisibleAsync();
        await StaffWalk.CheckAsync(ui.Page, "the status of a member without a password, in English");
        var invite = ui.Page.GetByRole(AriaRole.Form, new() { Name = "Send an invitation", Exact = true });
        await invite.GetByRole(AriaRole.Button, new() { Name = "Send an invitation", Exact = true }).ClickAsync();

        var reason = ui.Page.Locator("#invite-member").GetByLabel("Reason", new() { Exact = true });
        await Expect(reason).ToHaveAccessibleDescriptionAsync("Choose the reason.");
        await StaffWalk.ExpectFocusedAsync(reason);
        await StaffWalk.CheckAsync(ui.Page, "an invitation without a reason, in English");
        await AssertInvitedAsync(session, expected: 0);

        await reason.SelectOptionAsync(new SelectOptionValue { Label = "The member wrote to the Collège" });
        await invite.GetByRole(AriaRole.Button, new() { Name = "Send an invitation", Exact = true }).ClickAsync();

        await StaffWalk.ExpectFocusedAsync(
            ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The invitation is sent; an invitation still open no longer works." }), control: false);
        await Expect(ui.Page.Locator("#status-mails")).ToContainTextAsync("Invitation (account activation): pending");
        await StaffWalk.CheckAsync(ui.Page, "an invitation sent, in English");
        await session.App.Smtp.WaitForMailToAsync(Journey.Physician.Email, session.App.Services.GetRequiredService<RecoveryMails>().InvitationSubject);
        await AssertInvitedAsync(session, expected: 1);

        // The member activates meanwhile; this page still offers an invitation: it is refused, and said.
        await using (var db = session.App.NewDbContext())
        {
            await db.Members.Where(m => m.UserCode == Journey.Physician.UserCode)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.PasswordHash, "not-a-real-hash"));
        }

        await reason.SelectOptionAsync(new SelectOptionValue { Label = "The member called support" });
        await invite.GetByRole(AriaRole.Button, new() { Name = "Send an invitation", Exact = true }).ClickAsync();
        await StaffWalk.ExpectFocusedAsync(
            ui.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "This member already chose a password: no invitation was sent." }), control: false);
        await StaffWalk.CheckAsync(ui.Page, "an invitation refused, in English");
        await AssertInvitedAsync(session, expected: 1);
        session.AssertNoServerErrors();
    }

    /// <summary>The physician without a password, as the page tests make one (an imported member not yet active).</summary>
    private static async Task WithoutPasswordAsync(BrowserSession session)
    {
        await using var db = session.App.NewDbContext();
        await db.Members.Where(m => m.UserCode == Journey.Physician.UserCode)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.PasswordHash, (string?)null));
    }

    /// <summary>The invitation, its mail and its audit row: all of them, or none.</summary>
    private static async Task AssertInvitedAsync(BrowserSession session, int expected)
    {
        await using var db = session.App.NewDbContext();
        var member = await db.Members.SingleAsync(m => m.UserCode == Journey.Physician.UserCode);
        Assert.Equal(expected, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.StaffInvitationSent && e.MemberId == member.Id && e.StaffId != null));
        Assert.Equal(expected, await db.OutboxMessages.CountAsync(m => m.MemberId == member.Id && m.Kind == MailKinds.Invitation));
        Assert.Equal(expected, await db.Set<Invitation>().CountAsync(i => i.MemberId == member.Id));
    }
}
