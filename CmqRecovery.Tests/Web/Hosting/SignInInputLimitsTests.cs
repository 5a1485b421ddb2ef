using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// The sign-in form refuses an email over 254 characters or a password over 512 (the wizard's <see cref="InputLimits"/>)
/// before any lookup, count or KDF, with a message in the member's language; a huge post is refused as it is read.
/// </summary>
public sealed class SignInInputLimitsTests
{
    private static Task<RunningApp> StartAsync(DatabaseProvider provider) =>
        RunningApp.StartAsync(provider, services: s => s.AddSingleton<SecretHasher, CountingSecretHasher>());

    private static string EmailOf(int length) => new string('a', length - "@example.org".Length) + "@example.org";

    [DatabaseTheory]
    [DatabaseData("fr-CA", "email", "L'adresse courriel compte au plus 254 caractères.")]
    [DatabaseData("fr-CA", "password", "Le mot de passe compte au plus 512 caractères.")]
    [DatabaseData("en-CA", "email", "An email address has at most 254 characters.")]
    [DatabaseData("en-CA", "password", "A password has at most 512 characters.")]
    public async Task PostSignIn_FieldOverItsLimit_SaysSoAndNothingIsLookedUpOrHashed(DatabaseProvider provider, string culture, string field, string message)
    {
        await using var app = await StartAsync(provider);
        var hasher = (CountingSecretHasher)app.Services.GetRequiredService<SecretHasher>();
        using var client = LoopbackClient.From("127.0.0.1", app.BaseUrl);
        client.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Culture=c%3D{culture}%7Cuic%3D{culture}");
        var fields = field == "email"
            ? SignInForm.Fields(EmailOf(InputLimits.Email + 1), SignInForm.WrongPassword)
            : SignInForm.Fields("marie.tremblay@example.org", new string('x', InputLimits.Password + 1));
        await using var before = app.NewDbContext();
        // The post itself is one sign-in post under RateLimits:SignIn (the middleware counts it before the page
        // runs); beyond that window nothing may change.
        var snapshot = await DatabaseSnapshot.TakeAsync(before, withRateLimitWindows: false);

        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page);
        Assert.Contains($"id=\"{field}\"", page);
        Assert.DoesNotContain(new string('a', 100), page); // the refused value is not echoed back
        Assert.Equal(0, hasher.Verifications);
        await using var after = app.NewDbContext();
        Assert.Equal(snapshot, await DatabaseSnapshot.TakeAsync(after, withRateLimitWindows: false)); // no audit, no counter, no captcha
        Assert.Empty(app.Logs.Errors);
    }

    [DatabaseTheory]
    public async Task PostSignIn_FieldsAtTheirLimits_AreCheckedAsUsual(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var hasher = (CountingSecretHasher)app.Services.GetRequiredService<SecretHasher>();
        using var client = LoopbackClient.From("127.0.0.1", app.BaseUrl);

        var response = await RecoveryWebFactory.PostFormAsync(
            client, "/connexion", SignInForm.Fields(EmailOf(InputLimits.Email), new string('é', InputLimits.Password)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("L'adresse courriel ou le mot de passe est incorrect.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(1, hasher.Verifications);
    }

    [DatabaseTheory]
    public async Task PostSignIn_TwoMillionCharacters_IsRefusedAsItIsReadNever500(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var hasher = (CountingSecretHasher)app.Services.GetRequiredService<SecretHasher>();
        using var client = LoopbackClient.From("127.0.0.1", app.BaseUrl);
        var huge = new string('a', 2_000_000);
        var form = await RecoveryWebFactory.FormFieldsAsync(client, "/connexion", SignInForm.Fields(huge + "@example.org", huge));
        await using var before = app.NewDbContext();
        // The post itself is one sign-in post under RateLimits:SignIn (the middleware counts it before the page
        // runs); beyond that window nothing may change.
        var snapshot = await DatabaseSnapshot.TakeAsync(before, withRateLimitWindows: false);

        var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(form));

        // Kestrel stops reading at the body's bound; the antiforgery check, which reads the form first, refuses it.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, hasher.Verifications);
        await using var after = app.NewDbContext();
        Assert.Equal(snapshot, await DatabaseSnapshot.TakeAsync(after, withRateLimitWindows: false));
        Assert.Empty(app.Logs.Errors);
    }

    [DatabaseTheory]
    public async Task PostSignIn_BodyOverItsBoundInShortFields_IsRefusedAsItIsRead(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var hasher = (CountingSecretHasher)app.Services.GetRequiredService<SecretHasher>();
        using var client = LoopbackClient.From("127.0.0.1", app.BaseUrl);
        var form = await RecoveryWebFactory.FormFieldsAsync(client, "/connexion", SignInForm.Stranger());
        // Each field short and harmless, together past the body's bound.
        for (var i = 0; i < 2 * InputLimits.SignInFormBytes / 100; i++)
        {
            form[$"x{i}"] = new string('x', 100);
        }

        var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, hasher.Verifications);
        Assert.Empty(app.Logs.Errors);
    }
}
