using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// Sign-in posts past what one address may have in progress, or past the server's KDF slots: an immediate 429 that
/// says "busy, try again in seconds", while the held attempts complete normally.
/// </summary>
public sealed class SignInBusyTests
{
    private static Task<RunningApp> StartAsync(DatabaseProvider provider, Dictionary<string, string?> settings) =>
        RunningApp.StartAsync(provider, settings, services: s => s.AddSingleton<SecretHasher, BlockingSecretHasher>());

    private static Task<Dictionary<string, string>> FormAsync(HttpClient client) =>
        RecoveryWebFactory.FormFieldsAsync(client, "/connexion", SignInForm.Stranger());

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Dictionary<string, string> form) =>
        client.PostAsync("/connexion", new FormUrlEncodedContent(form));

    [DatabaseTheory]
    public async Task PostSignIn_SecondAtOnceFromOneIp_Is429BusyWhileAnotherIpIsAdmitted(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider, new()
        {
            ["RateLimits:SignInConcurrencyPerClient"] = "1",
            ["RateLimits:SignInQueuePerClient"] = "0",
        });
        var hasher = (BlockingSecretHasher)app.Services.GetRequiredService<SecretHasher>();
        using var attacker = LoopbackClient.From("127.0.0.1", app.BaseUrl);
        using var neighbour = LoopbackClient.From("127.0.0.5", app.BaseUrl);
        var (attackerForm, neighbourForm) = (await FormAsync(attacker), await FormAsync(neighbour));
        var first = PostAsync(attacker, attackerForm);
        await hasher.WhenRunningAsync(1);

        var second = await PostAsync(attacker, attackerForm);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), second.Headers.RetryAfter?.Delta);
        Assert.Contains("Le service est très sollicité en ce moment. Réessayez dans quelques secondes.", await second.Content.ReadAsStringAsync());
        var other = PostAsync(neighbour, neighbourForm);
        await hasher.WhenRunningAsync(2); // another address is not held back by this one
        hasher.Release();
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other).StatusCode);
        Assert.Equal(2, hasher.MaxRunning);
    }

    [DatabaseTheory]
    public async Task PostSignIn_NoKdfSlotLeft_Is429BusyWithTheMessageOnTheForm(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider, new()
        {
            ["RateLimits:KdfConcurrency"] = "1",
            ["RateLimits:KdfQueue"] = "0",
        });
        var hasher = (BlockingSecretHasher)app.Services.GetRequiredService<SecretHasher>();
        using var first = LoopbackClient.From("127.0.0.1", app.BaseUrl);
        using var second = LoopbackClient.From("127.0.0.6", app.BaseUrl);
        var (firstForm, secondForm) = (await FormAsync(first), await FormAsync(second));
        var held = PostAsync(first, firstForm);
        await hasher.WhenRunningAsync(1);

        var refused = await PostAsync(second, secondForm);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Le service est très sollicité en ce moment. Réessayez dans quelques secondes.", page);
        Assert.Contains("id=\"email\"", page); // the form itself, ready to post again
        hasher.Release();
        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
        Assert.Equal(1, hasher.MaxRunning);
    }
}
