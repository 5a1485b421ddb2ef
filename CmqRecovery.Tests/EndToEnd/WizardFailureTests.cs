using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>Steps 2 to 4 when things go wrong: each shows a clear message and leaves nothing behind.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WizardFailureTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Identify_WrongCaptcha_ShowsMessageAndNewImage()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        var firstImage = await ui.CaptchaImage.GetAttributeAsync("src");

        await ui.IdentifyAsync("54321", captcha: "00000");

        await Expect(ui.Alert(ui.Text.CaptchaFailed)).ToBeVisibleAsync();
        await Expect(ui.CaptchaImage).Not.ToHaveAttributeAsync("src", firstImage!);
        await Expect(ui.Field(ui.Text.Captcha)).ToBeEmptyAsync();
        await Expect(ui.Field(ui.Text.Captcha)).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(ui.AnyQuestionField).ToHaveCountAsync(0);
        await using (var db = session.App.NewDbContext())
        {
            var kinds = await db.AuditEvents.Select(e => e.Kind).ToListAsync();
            Assert.Equal([AuditKind.CaptchaFailed], kinds);
        }

        // The new image works: the member goes on without reloading.
        await ui.Field(ui.Text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
        await ui.SubmitButton.ClickAsync();
        Assert.Equal(2, (await ui.ShownQuestionsAsync()).Count);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task Answers_WrongFiveTimes_FailsFourTimesThenSuspends()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync("54321");

        var questions = await ui.ShownQuestionsAsync();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await ui.AnswerQuestionsAsync(correct: false);
            await Expect(ui.Alert(ui.Text.AnswersFailed)).ToBeVisibleAsync();
            // The same two questions: nobody cycles to an easier one.
            Assert.Equal(questions, await ui.ShownQuestionsAsync());
            await Expect(ui.Field(questions[0])).ToBeEmptyAsync();
        }

        await ui.AnswerQuestionsAsync(correct: false);
        await Expect(ui.Heading(ui.Text.Suspended)).ToBeVisibleAsync();
        await Expect(ui.AnyQuestionField).ToHaveCountAsync(0);

        // Suspended for real: starting over with the same identifier gets no further, and no reset mail is queued.
        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync("54321");
        await Expect(ui.Heading(ui.Text.Suspended)).ToBeVisibleAsync();
        await Expect(ui.AnyQuestionField).ToHaveCountAsync(0);

        await session.App.Services.GetRequiredService<NotifyMember>().WhenIdleAsync();
        await using var db = session.App.NewDbContext();
        var kinds = await db.AuditEvents.Select(e => e.Kind).ToListAsync();
        Assert.Equal(5, kinds.Count(k => k == AuditKind.AnswersFailed));
        Assert.DoesNotContain(AuditKind.AnswersPassed, kinds);
        Assert.Contains(await db.AttemptCounters.ToListAsync(), c => c.Key.StartsWith(CounterKeys.SuspensionPrefix) && c.LockedUntil > DateTimeOffset.UtcNow.AddHours(23));
        // The only request is the notice's way back (a day long), and the only mail the notice that carries it.
        var wayBack = Assert.Single(await db.RecoveryRequests.ToListAsync());
        Assert.Equal(TimeSpan.FromHours(24), wayBack.ExpiresAt - wayBack.CreatedAt);
        Assert.Equal([MailKinds.Notice(MemberNotice.RecoverySuspended)], await db.OutboxMessages.Select(m => m.Kind).ToListAsync());
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task Answers_UnknownIdentifier_SameScreensAndMessageAsMember()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var member = await WrongAnswerScreensAsync(session.Driver, "54321");
        var stranger = await WrongAnswerScreensAsync(await session.NewDriverAsync(), "59999");

        Assert.Equal(member.Questions, stranger.Questions);
        Assert.Equal(member.Message, stranger.Message);
        Assert.Equal(UiText.French.AnswersFailed, member.Message);
        await using var db = session.App.NewDbContext();
        Assert.Empty(await db.RecoveryRequests.ToListAsync());
        session.AssertNoServerErrors();
    }

    /// <summary>
    /// The questions step before and after a wrong answer, as an accessibility tree with the two questions'
    /// wording replaced by one placeholder (a decoy draws its own questions; everything else must match).
    /// </summary>
    private static async Task<(string Questions, string Message)> WrongAnswerScreensAsync(RecoveryDriver ui, string identifier)
    {
        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync(identifier);
        var shown = await ui.ShownQuestionsAsync();
        Assert.Equal(2, shown.Count);
        var before = await MainTreeAsync(ui, shown);

        await ui.AnswerQuestionsAsync(correct: false);
        var alert = ui.Alert(ui.Text.AnswersFailed);
        await Expect(alert).ToBeVisibleAsync();
        Assert.Equal(shown, await ui.ShownQuestionsAsync());
        var after = await MainTreeAsync(ui, shown);
        return (before + "\n---\n" + after, (await alert.InnerTextAsync()).Trim());
    }

    private static async Task<string> MainTreeAsync(RecoveryDriver ui, IReadOnlyList<string> questions)
    {
        var tree = await ui.Page.GetByRole(AriaRole.Main).AriaSnapshotAsync();
        return tree.Replace(questions[0], "«question»", StringComparison.Ordinal)
            .Replace(questions[1], "«question»", StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task ConfirmEmail_No_ShowsSupportAndSendsNothing()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync("julien.gagnon@example.org");
        await ui.AnswerQuestionsAsync();
        await ui.ConfirmEmailAsync(EmailAddress.Mask(Journey.Resident.Email), valid: false);

        await Expect(ui.Heading(ui.Text.Disputed)).ToBeVisibleAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Main).GetByText(UiText.SupportPhone).First).ToBeVisibleAsync();

        // The page renders after the use case committed, and « Oui » writes its mail in that same transaction:
        // an empty outbox now means no mail will ever go, without waiting for one.
        await using var db = session.App.NewDbContext();
        Assert.Empty(await db.RecoveryRequests.ToListAsync());
        Assert.Empty(await db.OutboxMessages.ToListAsync());
        Assert.Contains(AuditKind.EmailDisputed, await db.AuditEvents.Select(e => e.Kind).ToListAsync());
        Assert.Empty(session.App.Smtp.Messages);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task Wizard_RefreshMidway_RestartsAtStepOneShowingNothing()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync("54321");
        var questions = await ui.ShownQuestionsAsync();

        await ui.Page.ReloadAsync();
        await ui.ExpectRecoveryStartAsync();
        await Expect(ui.Field(ui.Text.UserCode)).ToBeEmptyAsync();
        await Expect(ui.Page.GetByText(questions[0])).ToHaveCountAsync(0);

        // Again one step further on, with the masked address on screen.
        await ui.IdentifyAsync("54321");
        await ui.AnswerQuestionsAsync();
        var masked = EmailAddress.Mask(Journey.Physician.Email);
        await Expect(ui.Page.GetByText(masked)).ToBeVisibleAsync();

        await ui.Page.ReloadAsync();
        await ui.ExpectRecoveryStartAsync();
        await Expect(ui.Page.GetByText(masked)).ToHaveCountAsync(0);
        await Expect(ui.Page.GetByText(ui.Text.EmailQuestion)).ToHaveCountAsync(0);
        await Expect(ui.AnyQuestionField).ToHaveCountAsync(0);
        await using var db = session.App.NewDbContext();
        Assert.Empty(await db.RecoveryRequests.ToListAsync());
        session.AssertNoServerErrors();
    }
}
