using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// Drives the pages the way a member does, finding everything by accessible name and role. Every step waits
/// with Playwright's web-first assertions, so nothing sleeps and nothing retries.
/// </summary>
/// <param name="smtp">Where mail arrives, when it is not <paramref name="app"/>'s (several nodes share one server).</param>
public sealed class RecoveryDriver(IPage page, RunningApp? app, UiText text, SmtpTestServer? smtp = null)
{
    public const string WrongAnswer = "Réponse erronée";

    public IPage Page { get; } = WithEventLog(page);

    public RunningApp App => app ?? throw new InvalidOperationException("This driver drives separate app processes, not a RunningApp.");

    public SmtpTestServer Smtp => smtp ?? App.Smtp;

    public UiText Text { get; set; } = text;

    // Exact names everywhere: « Mot de passe » must not also find « Nouveau mot de passe ».
    public ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator Link(string name) => Page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public ILocator Radio(string name) => Page.GetByRole(AriaRole.Radio, new() { Name = name, Exact = true });

    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    /// <summary>An alert (role=alert) containing <paramref name="message"/>.</summary>
    public ILocator Alert(string message) => Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = message }).First;

    public ILocator CaptchaImage => Page.GetByRole(AriaRole.Img, new() { Name = Text.CaptchaImage, Exact = true });

    public ILocator SubmitButton => Button(Text.Submit);

    /// <summary>Any field labelled with a catalogue question, in the current language.</summary>
    public ILocator AnyQuestionField =>
        QuestionTexts.Select(q => Field(q)).Aggregate((all, next) => all.Or(next));

    public IEnumerable<string> QuestionTexts =>
        QuestionCatalogue.All.Select(q => Text.Language == "fr" ? q.TextFr : q.TextEn);

    public async Task OpenRecoveryAsync()
    {
        await Page.GotoAsync("/recuperation");
        await ExpectRecoveryStartAsync();
    }

    /// <summary>Step 2, interactive: the captcha image is drawn only once the circuit runs.</summary>
    public async Task ExpectRecoveryStartAsync()
    {
        await Expect(CaptchaImage).ToBeVisibleAsync();
        await Expect(Field(Text.Captcha)).ToBeEmptyAsync();
    }

    /// <summary>
    /// The language switch: a link or a button named « English » / « Français ». On an interactive page, only once its
    /// circuit has drawn it (<see cref="ExpectRecoveryStartAsync"/>): Blazor replaces the prerendered markup with the
    /// circuit's first render, and a click whose press lands before that and release after it reaches no link (the
    /// browser sends it to what both have in common), so nothing happens; a person sees nothing and taps again. Seen
    /// once on CI when a test clicked « English » straight after the page's load.
    /// </summary>
    public async Task SwitchLanguageAsync(UiText to)
    {
        var from = Text;
        await Link(to.SwitchTo).ClickAsync();
        Text = to;
        // The switch now offers the language we came from, and the page declares the new one.
        await WithBrowserEventsAsync(() => Expect(Link(from.SwitchTo)).ToBeVisibleAsync());
        Assert.StartsWith(to.Language, await Page.EvaluateAsync<string>("() => document.documentElement.lang"), StringComparison.Ordinal);
    }

    /// <summary>Runs a wait; if it fails, the failure also tells what the page did meanwhile (<see cref="PageEventLog"/>).</summary>
    public async Task WithBrowserEventsAsync(Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            throw new PlaywrightException($"{ex.Message}\n{PageEventLog.Describe(Page)}", ex);
        }
    }

    private static IPage WithEventLog(IPage page)
    {
        PageEventLog.Attach(page);
        return page;
    }

    /// <summary>Step 2: an email (contains @) or a user code, then the captcha.</summary>
    public async Task IdentifyAsync(string identifier, string captcha = TestHostSettings.CaptchaCode)
    {
        await Field(identifier.Contains('@') ? Text.Email : Text.UserCode).FillAsync(identifier);
        await Field(Text.Captcha).FillAsync(captcha);
        await SubmitButton.ClickAsync();
    }

    /// <summary>The question fields now shown, read from their labels (exactly two are expected).</summary>
    public async Task<IReadOnlyList<string>> ShownQuestionsAsync()
    {
        await Expect(AnyQuestionField.First).ToBeVisibleAsync();
        var shown = new List<string>();
        foreach (var question in QuestionTexts)
        {
            // Both fields render together, so once one is visible the count is final.
            if (await Field(question).CountAsync() > 0)
            {
                shown.Add(question);
            }
        }

        return shown;
    }

    /// <summary>Steps 3 and 7: answers each shown question; the demo answers when <paramref name="correct"/>.</summary>
    public async Task<IReadOnlyList<string>> AnswerQuestionsAsync(bool correct = true)
    {
        var shown = await ShownQuestionsAsync();
        Assert.Equal(2, shown.Count);
        foreach (var question in shown)
        {
            await Field(question).FillAsync(correct ? DemoAnswer(question) : WrongAnswer);
        }

        await SubmitButton.ClickAsync();
        return shown;
    }

    public static string DemoAnswer(string questionText)
    {
        var question = QuestionCatalogue.All.Single(q => q.TextFr == questionText || q.TextEn == questionText);
        return DemoMembers.Answers.TryGetValue(question.Id, out var answer)
            ? answer
            : throw new InvalidOperationException($"Demo members did not choose « {questionText} ».");
    }

    /// <summary>Step 4: the masked address is shown; answer « Oui » or « Non ».</summary>
    public async Task ConfirmEmailAsync(string maskedEmail, bool valid)
    {
        await Expect(Page.GetByText(Text.EmailQuestion)).ToBeVisibleAsync();
        await Expect(Page.GetByText(maskedEmail, new() { Exact = true })).ToBeVisibleAsync();
        await Radio(valid ? Text.Yes : Text.No).CheckAsync();
        await SubmitButton.ClickAsync();
    }

    /// <summary>Steps 2 to 4 with good answers; returns the link from the new mail once it arrived.</summary>
    public async Task<MailedResetLink> RequestResetLinkAsync(string identifier, string email)
    {
        await IdentifyAsync(identifier);
        await AnswerQuestionsAsync();
        var before = Smtp.Messages.Select(m => m.Id).ToHashSet();
        await ConfirmEmailAsync(EmailAddress.Mask(email), valid: true);
        var mail = await Smtp.WaitForMailAsync(m =>
            !before.Contains(m.Id)
            && m.To.Contains(email, StringComparison.OrdinalIgnoreCase)
            && m.Subject == Journey.ResetLinkSubject);
        return SmtpTestServer.ExtractResetLink(mail);
    }

    /// <summary>From a mailed link to the new-password step (the second challenge answered).</summary>
    public async Task OpenLinkAndAnswerAsync(MailedResetLink link)
    {
        await OpenLinkAsync(link);
        await AnswerQuestionsAsync();
        await Expect(Field(Text.NewPassword)).ToBeVisibleAsync();
    }

    public async Task OpenLinkAsync(MailedResetLink link)
    {
        await Page.GotoAsync(link.Url.ToString());
    }

    /// <summary>Step 8.</summary>
    public async Task ChoosePasswordAsync(string password, string? confirmation = null)
    {
        await Field(Text.NewPassword).FillAsync(password);
        await Field(Text.ConfirmPassword).FillAsync(confirmation ?? password);
        await SubmitButton.ClickAsync();
    }

    /// <summary>Step 9: the thanks and the address, never the password, and no automatic sign-in.</summary>
    public async Task ExpectDoneAsync(string email, string password)
    {
        await Expect(Heading(Text.Done)).ToBeVisibleAsync();
        await Expect(Page.GetByText(Text.YourEmailIs)).ToContainTextAsync(email);
        await Expect(Page.GetByText(password)).ToHaveCountAsync(0);
        Assert.DoesNotContain(password, await Page.ContentAsync(), StringComparison.Ordinal);
    }

    /// <summary>The /connexion form: email and password, then « Connexion ».</summary>
    public async Task SignInAsync(string? email, string password)
    {
        if (email is not null)
        {
            await Field(Text.Email).FillAsync(email);
        }

        await Field(Text.Password).FillAsync(password);
        await Button(Text.SignIn).ClickAsync();
    }

    public ILocator MyAccountHeading => Heading(Text.MyAccount);

    /// <summary>The page a used, expired, superseded or forged link leads to: the way back and nothing else.</summary>
    public async Task ExpectLinkInvalidAsync()
    {
        await Expect(Heading(Text.LinkInvalid)).ToBeVisibleAsync();
        await Expect(Link(Text.BackToRecovery)).ToHaveAttributeAsync("href", "/recuperation");
        await Expect(Page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        await Expect(SubmitButton).ToHaveCountAsync(0);
    }
}
