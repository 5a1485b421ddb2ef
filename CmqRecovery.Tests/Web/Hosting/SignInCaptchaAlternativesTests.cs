using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.Core.Captcha;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// The static sign-in form's captcha has the wizard's three ways through as plain HTTP (a new image, the digits
/// spoken, the proof of work), each issued through IssueCaptcha, so each counts under RateLimits:Captcha.
/// </summary>
public abstract partial class SignInCaptchaAlternativesTests : IAsyncLifetime
{
    private const string Email = "marie.tremblay@example.org";
    private const int CaptchaLimit = 60;
    private RecoveryWebFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _factory = await RecoveryWebFactory.CreateAsync(
            OnDatabaseAttribute.Of(GetType()), overrides: new Dictionary<string, string?> { ["RateLimits:Captcha:PermitLimit"] = $"{CaptchaLimit}" });
        _client = _factory.CreateBrowser();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>Five wrong passwords: the fifth answer asks for the captcha (one image issued).</summary>
    private async Task<string> FailFiveTimesAsync()
    {
        var page = string.Empty;
        for (var i = 0; i < 5; i++)
        {
            page = await PostAsync(SignInForm.Fields(Email, SignInForm.WrongPassword));
        }

        Assert.NotNull(SignInForm.ChallengeId(page));
        return page;
    }

    private async Task<string> PostAsync(Dictionary<string, string> fields)
    {
        var response = await PostRawAsync(fields);
        return response.StatusCode == HttpStatusCode.Redirect
            ? "redirect:" + response.Headers.Location!.AbsolutePath
            : WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PostRawAsync(Dictionary<string, string> fields) =>
        RecoveryWebFactory.PostFormAsync(_client, "/connexion", fields);

    private static Dictionary<string, string> Action(string action) =>
        new(SignInForm.Fields(Email, string.Empty)) { ["Input.CaptchaAction"] = action };

    private static string? AudioUrl(string html) => AudioSource().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [DatabaseFact]
    public async Task NewImage_PastTheCaptchaLimit_IsRefusedWhileTheFirstSixtyEachShowAFreshImage()
    {
        var previous = SignInForm.ChallengeId(await FailFiveTimesAsync());
        for (var issued = 1; issued < CaptchaLimit; issued++)
        {
            var page = await PostAsync(Action("image"));
            var challenge = SignInForm.ChallengeId(page);
            Assert.NotNull(challenge);
            Assert.NotEqual(previous, challenge);
            Assert.Contains("<span class=\"visually-hidden\" aria-live=\"polite\">Une nouvelle image est affichée.</span>", page);
            Assert.Equal(Email, EmailValue().Match(page).Groups[1].Value); // the email stays typed
            previous = challenge;
        }

        var refused = await PostRawAsync(Action("image"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var text = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Trop de tentatives. Réessayez dans", text);
        Assert.Null(SignInForm.ChallengeId(text));
    }

    [DatabaseFact]
    public async Task ProofOfWork_PastTheCaptchaLimit_IsRefused()
    {
        await FailFiveTimesAsync();
        for (var issued = 1; issued < CaptchaLimit; issued++)
        {
            Assert.NotNull(WorkChallenge(await PostAsync(Action("work"))));
        }

        var refused = await PostRawAsync(Action("work"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Null(WorkChallenge(await refused.Content.ReadAsStringAsync()));
    }

    [DatabaseFact]
    public async Task Audio_PastTheCaptchaLimit_IsRefused()
    {
        var audio = AudioUrl(await FailFiveTimesAsync());
        Assert.NotNull(audio);
        for (var issued = 1; issued < CaptchaLimit; issued++)
        {
            var listening = await _client.GetAsync(audio);
            Assert.Equal(HttpStatusCode.OK, listening.StatusCode);
            Assert.Equal("audio/wav", listening.Content.Headers.ContentType?.MediaType);
        }

        var refused = await _client.GetAsync(audio);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [DatabaseFact]
    public async Task Audio_ThenTheDigitsHeard_SignsIn()
    {
        var page = await FailFiveTimesAsync();
        var listening = await _client.GetAsync(AudioUrl(page));
        Assert.Equal(HttpStatusCode.OK, listening.StatusCode);
        Assert.True((await listening.Content.ReadAsByteArrayAsync()).AsSpan(0, 4).SequenceEqual("RIFF"u8));

        var signedIn = await PostAsync(SignInForm.Fields(Email, DemoMembers.Password, SignInForm.ChallengeId(page), TestHostSettings.CaptchaCode));

        Assert.Equal("redirect:/mon-compte", signedIn);
        // Spent: that challenge is never heard again.
        Assert.Equal(HttpStatusCode.Gone, (await _client.GetAsync(AudioUrl(page))).StatusCode);
    }

    [DatabaseFact]
    public async Task Audio_ForgedTicket_IsNotFoundAndSpeaksNothing()
    {
        var audio = AudioUrl(await FailFiveTimesAsync())!;

        var forged = await _client.GetAsync(audio[..^4] + (audio.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    [DatabaseFact]
    public async Task ProofOfWork_Solved_SignsIn()
    {
        await FailFiveTimesAsync();
        var page = await PostAsync(Action("work"));
        var (id, salt, target, max) = WorkChallenge(page)!.Value;
        var number = WorkProofTests.Solve(salt, target, max);

        var signedIn = await PostAsync(new(SignInForm.Fields(Email, DemoMembers.Password, id, number)) { ["Input.CaptchaWork"] = "true" });

        Assert.Equal("redirect:/mon-compte", signedIn);
    }

    [DatabaseFact]
    public async Task ProofOfWork_WrongNumber_AsksAgainWithAFreshProofOfWork()
    {
        await FailFiveTimesAsync();
        var (id, _, _, _) = WorkChallenge(await PostAsync(Action("work")))!.Value;

        var page = await PostAsync(new(SignInForm.Fields(Email, DemoMembers.Password, id, "-1")) { ["Input.CaptchaWork"] = "true" });

        Assert.Contains("La vérification automatique n'est plus valide.", page);
        var fresh = WorkChallenge(page);
        Assert.NotNull(fresh);
        Assert.NotEqual(id, fresh.Value.Id);
    }

    private static (string Id, string Salt, string Target, int Max)? WorkChallenge(string html)
    {
        var work = WorkPanel().Match(html);
        var id = SignInForm.ChallengeId(html);
        return work.Success && id is not null
            ? (id, work.Groups[1].Value, work.Groups[2].Value, int.Parse(work.Groups[3].Value, CultureInfo.InvariantCulture))
            : null;
    }

    [GeneratedRegex("<audio[^>]* src=\"([^\"]+)\"")]
    private static partial Regex AudioSource();

    [GeneratedRegex("id=\"email\"[^>]*value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*id=\"email\"")]
    private static partial Regex EmailValue();

    [GeneratedRegex("class=\"work-check\" data-salt=\"([^\"]+)\" data-target=\"([0-9a-f]+)\" data-max=\"([0-9]+)\"")]
    private static partial Regex WorkPanel();
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class SignInCaptchaAlternativesTestsOnSqlite : SignInCaptchaAlternativesTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class SignInCaptchaAlternativesTestsOnPostgreSql : SignInCaptchaAlternativesTests;
