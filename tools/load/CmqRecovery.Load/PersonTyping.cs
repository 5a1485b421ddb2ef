using System.Diagnostics;
using System.Text.RegularExpressions;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.TestSupport;
using CmqRecovery.Web.Dev;
using Microsoft.Playwright;

namespace CmqRecovery.Load;

/// <summary>One step of a recovery: the server CPU it cost and how long the person waited after submitting.</summary>
internal sealed record StepCost(string Step, TimeSpan ServerCpu, TimeSpan Wall, TimeSpan? Latency);

/// <summary>
/// A person recovering their password on a phone: one key at a time, finding fields by their ids (the same in the
/// old and new versions of the app), submitting, reading the mail, following the link.
/// </summary>
internal sealed partial class PersonTyping(IPage page, AppProcess app, DevMailbox mailbox)
{
    /// <summary>Milliseconds between keys: a quick typist.</summary>
    public static int KeyDelay { get; set; } = 40;

    public static async Task<IPage> NewPhonePageAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseUrl,
            ViewportSize = new() { Width = 360, Height = 740 },
            Locale = "fr-CA",
            ExtraHTTPHeaders = BehindProxy.Headers,
        });
        return await context.NewPageAsync();
    }

    /// <summary>The whole recovery for <paramref name="member"/>, step by step.</summary>
    public async Task<IReadOnlyList<StepCost>> RecoverAsync(NewMember member, string newPassword)
    {
        var steps = new List<StepCost>();
        async Task Step(string name, Func<Task> typing, Func<Task>? submit = null, Func<Task>? arrived = null)
        {
            var before = app.Cpu;
            var wall = Stopwatch.StartNew();
            await typing();
            TimeSpan? latency = null;
            if (submit is not null)
            {
                var clock = Stopwatch.StartNew();
                await submit();
                await arrived!();
                latency = clock.Elapsed;
            }

            // Let the circuit finish what the last event started (render batches, acknowledgements).
            await Task.Delay(300);
            steps.Add(new StepCost(name, app.Cpu - before, wall.Elapsed, latency));
        }

        var captcha = page.Locator("img.captcha-image[src^='blob:']");
        await Step("open /recuperation", async () =>
        {
            await page.GotoAsync("/recuperation");
            await captcha.WaitForAsync();
        });
        await Step("identify: type code and captcha", async () =>
        {
            await TypeAsync("#user-code", member.UserCode);
            await TypeAsync("#captcha", TestHostSettings.CaptchaCode);
        }, SubmitAsync, () => page.Locator("#answer-1").WaitForAsync());
        await Step("questions: type and check (KDF)", AnswerAsync, SubmitAsync, () => page.Locator("input[type=radio]").First.WaitForAsync());
        var since = DateTimeOffset.UtcNow;
        await Step("confirm email: yes", () => page.GetByRole(AriaRole.Radio, new() { Name = "Oui" }).CheckAsync(), SubmitAsync,
            () => page.Locator(".mud-alert").WaitForAsync());
        var link = await WaitForLinkAsync(member.Email, since);
        await Step("open the mailed link", async () =>
        {
            await page.GotoAsync(link);
            await page.Locator("#answer-1").WaitForAsync();
        });
        await Step("link questions: type and check (KDF)", AnswerAsync, SubmitAsync, () => page.Locator("#new-password").WaitForAsync());
        await Step("type new password and confirmation", async () =>
        {
            await TypeAsync("#new-password", newPassword);
            await TypeAsync("#password-confirmation", newPassword);
        });
        await Step("set password (KDF)", () => Task.CompletedTask, SubmitAsync, () => page.Locator(".done-email").WaitForAsync());
        return steps;
    }

    private async Task TypeAsync(string selector, string text)
    {
        var field = page.Locator(selector);
        await field.ClickAsync();
        await field.PressSequentiallyAsync(text, new() { Delay = KeyDelay });
    }

    private Task SubmitAsync() => page.Locator("button[type=submit]").ClickAsync();

    private async Task AnswerAsync()
    {
        foreach (var id in new[] { "answer-1", "answer-2" })
        {
            var label = (await page.Locator($"label[for={id}]").First.InnerTextAsync()).Trim();
            var question = QuestionCatalogue.All.Single(q => q.TextFr == label || q.TextEn == label);
            await TypeAsync($"#{id}", DemoMembers.Answers[question.Id]);
        }
    }

    private async Task<string> WaitForLinkAsync(string email, DateTimeOffset since)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var mail = mailbox.Messages.FirstOrDefault(m => m.ReceivedAt >= since && m.To.Contains(email, StringComparison.OrdinalIgnoreCase)
                && ResetLink().IsMatch(m.Text ?? string.Empty));
            if (mail is not null)
            {
                return ResetLink().Match(mail.Text!).Value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No reset link for {email} within 30 s.");
    }

    [GeneratedRegex(@"https?://\S+/reinitialisation/\S+")]
    private static partial Regex ResetLink();
}
