using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.EndToEnd;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.Load;

/// <summary>Runs only with CMQ_LOAD=1 (tools/load/run.sh): a measurement, not part of the default suite.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LoadFactAttribute : FactAttribute
{
    public LoadFactAttribute()
    {
        Timeout = 600_000;
        if (Environment.GetEnvironmentVariable("CMQ_LOAD") != "1")
        {
            Skip = "A load measurement: run tools/load/run.sh (CMQ_LOAD=1).";
        }
        else if (!BrowserAvailability.ChromiumInstalled)
        {
            Skip = BrowserAvailability.InstallHint;
        }
    }
}

/// <summary>
/// Issue 7 item 2: 300 sign-in posts from one IP over 10 s (loopback only) while a member recovers in a real
/// browser from another IP, at the production KDF cost (210,000 iterations) and the default RateLimits. Records the
/// process CPU spent during the flood (/proc/self/stat: the app runs in this process) and each step's latency.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Load")]
public sealed class SignInFloodMeasurement(BrowserFixture browser, ITestOutputHelper output)
{
    private const int Posts = 300;
    private static readonly TimeSpan FloodDuration = TimeSpan.FromSeconds(10);
    private static readonly string[] Steps = ["identify", "answers", "confirm", "open-link", "answers-again", "new-password"];

    [LoadFact]
    public async Task Flood_300SignInPostsIn10s_MemberStepsStayUnderOneSecond()
    {
        // CMQ_LOAD_UNLIMITED=1 measures the same flood with the per-IP and KDF limits raised out of the way.
        var unlimited = Environment.GetEnvironmentVariable("CMQ_LOAD_UNLIMITED") == "1";
        // RunningApp raises every limit for the functional tests; here the shipped defaults come back.
        var defaults = new RateLimitsOptions();
        var settings = new Dictionary<string, string?>
        {
            ["Hashing:Iterations"] = HashingOptions.MinimumIterations.ToString(CultureInfo.InvariantCulture),
            ["RateLimits:SignIn:PermitLimit"] = unlimited ? "1000000" : defaults.SignIn.PermitLimit.ToString(CultureInfo.InvariantCulture),
            ["RateLimits:KdfQueue"] = unlimited ? "1000000" : defaults.KdfQueue.ToString(CultureInfo.InvariantCulture),
        };
        await using var session = await BrowserSession.StartAsync(browser, settings);
        var ui = session.Driver;
        using var attacker = LoopbackClient.From("127.0.0.2", session.App.BaseUrl);
        attacker.Timeout = TimeSpan.FromSeconds(60);
        var form = await SignInFormAsync(attacker);

        // Warm-up (JIT, pools; not reported), then a baseline recovery with no flood, then one under the flood.
        await RecoverAsync(ui, Journey.Student.UserCode, Journey.Student.Email);
        var quietCpuBefore = ProcessCpu();
        var quiet = await RecoverAsync(ui, Journey.Physician.UserCode, Journey.Physician.Email);
        var quietCpu = ProcessCpu() - quietCpuBefore;
        var machineLoad = File.ReadAllText("/proc/loadavg").Split(' ')[0];

        var cpuBefore = ProcessCpu();
        var clock = Stopwatch.StartNew();
        var flood = FloodAsync(attacker, form);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the member starts while the flood is under way
        var loaded = await RecoverAsync(ui, Journey.Resident.UserCode, Journey.Resident.Email);
        var statuses = await flood;
        var wall = clock.Elapsed;
        var cpu = ProcessCpu() - cpuBefore;

        var result = new
        {
            mode = unlimited ? "limits raised" : "default limits",
            processors = Environment.ProcessorCount,
            // The 1-minute load average of the whole machine just before the flood: other work shares the cores.
            loadAverage = double.Parse(machineLoad, CultureInfo.InvariantCulture),
            posts = statuses.Count,
            byStatus = statuses.GroupBy(s => (int)s).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
            floodWallSeconds = Math.Round(wall.TotalSeconds, 2),
            cpuSeconds = Math.Round(cpu.TotalSeconds, 2),
            // What one recovery alone costs: the flood's own cost is roughly cpuSeconds minus this.
            quietRecoveryCpuSeconds = Math.Round(quietCpu.TotalSeconds, 2),
            quietStepsMs = Steps.Zip(quiet).ToDictionary(p => p.First, p => Math.Round(p.Second.TotalMilliseconds)),
            floodStepsMs = Steps.Zip(loaded).ToDictionary(p => p.First, p => Math.Round(p.Second.TotalMilliseconds)),
        };
        var json = JsonSerializer.Serialize(result);
        output.WriteLine(json);
        if (Environment.GetEnvironmentVariable("CMQ_LOAD_OUT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, json + Environment.NewLine);
        }

        Assert.Equal(Posts, statuses.Count);
        if (!unlimited)
        {
            Assert.All(loaded, step => Assert.True(step < TimeSpan.FromSeconds(1), $"a step took {step.TotalMilliseconds} ms"));
        }
    }

    /// <summary>The six member actions, each timed from the click to the next step on screen.</summary>
    private static async Task<List<TimeSpan>> RecoverAsync(RecoveryDriver ui, string userCode, string email)
    {
        var times = new List<TimeSpan>();
        async Task Time(Func<Task> act, ILocator next)
        {
            var watch = Stopwatch.StartNew();
            await act();
            await Expect(next).ToBeVisibleAsync(new() { Timeout = 180_000 });
            times.Add(watch.Elapsed);
        }

        await ui.OpenRecoveryAsync();
        await ui.Field(ui.Text.UserCode).FillAsync(userCode);
        await ui.Field(ui.Text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
        await Time(() => ui.SubmitButton.ClickAsync(), ui.AnyQuestionField.First);
        await FillAnswersAsync(ui);
        await Time(() => ui.SubmitButton.ClickAsync(), ui.Page.GetByText(ui.Text.EmailQuestion));
        await ui.Radio(ui.Text.Yes).CheckAsync();
        var before = ui.App.Smtp.Messages.Select(m => m.Id).ToHashSet();
        await Time(() => ui.SubmitButton.ClickAsync(), ui.Heading(ui.Text.MailSent));
        var mail = await ui.App.Smtp.WaitForMailAsync(m => !before.Contains(m.Id) && m.To.Contains(email, StringComparison.OrdinalIgnoreCase));
        var link = SmtpTestServer.ExtractResetLink(mail);
        await Time(() => ui.Page.GotoAsync(link.Url.ToString()), ui.AnyQuestionField.First);
        await FillAnswersAsync(ui);
        await Time(() => ui.SubmitButton.ClickAsync(), ui.Field(ui.Text.NewPassword));
        await ui.Field(ui.Text.NewPassword).FillAsync(Journey.NewPassword);
        await ui.Field(ui.Text.ConfirmPassword).FillAsync(Journey.NewPassword);
        await Time(() => ui.SubmitButton.ClickAsync(), ui.Heading(ui.Text.Done));
        return times;
    }

    private static async Task FillAnswersAsync(RecoveryDriver ui)
    {
        foreach (var question in await ui.ShownQuestionsAsync())
        {
            await ui.Field(question).FillAsync(RecoveryDriver.DemoAnswer(question));
        }
    }

    /// <summary>One antiforgery token and cookie, reused by every post, as a scripted attacker would.</summary>
    private static Task<Dictionary<string, string>> SignInFormAsync(HttpClient client) =>
        RecoveryWebFactory.FormFieldsAsync(client, "/connexion", SignInForm.Fields(DemoMembers.All[0].Email, SignInForm.WrongPassword));

    /// <summary>300 posts, one every 10 s / 300, each sent without waiting for the previous answers.</summary>
    private static async Task<List<HttpStatusCode>> FloodAsync(HttpClient client, Dictionary<string, string> form)
    {
        var clock = Stopwatch.StartNew();
        var sent = new List<Task<HttpStatusCode>>(Posts);
        for (var i = 0; i < Posts; i++)
        {
            var due = FloodDuration * i / Posts;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            sent.Add(Task.Run(async () =>
            {
                try
                {
                    return (await client.PostAsync("/connexion", new FormUrlEncodedContent(form))).StatusCode;
                }
                catch (TaskCanceledException)
                {
                    return (HttpStatusCode)0; // no answer within the client's timeout (counted as "0")
                }
            }));
        }

        return [.. await Task.WhenAll(sent)];
    }

    /// <summary>User + system CPU of this process (the app runs in it), from /proc/self/stat, in clock ticks of 10 ms.</summary>
    private static TimeSpan ProcessCpu()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 is index 0: utime is field 14, stime field 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
