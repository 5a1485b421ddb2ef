using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>The app as `dotnet run` starts it (Development): pages, sign-in cookie, language, headers.</summary>
public abstract class DevelopmentAppTests : IAsyncLifetime
{
    private RecoveryWebFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await RecoveryWebFactory.CreateAsync(OnDatabaseAttribute.Of(GetType()));

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The page as a browser shows its text: entities decoded.</summary>
    private static async Task<string> HtmlAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static string PathOf(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery;

    [DatabaseFact]
    public async Task GetSignIn_Development_ShowsTheFrenchSignInForm()
    {
        var response = await _factory.CreateBrowser().GetAsync("/connexion");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Contains("<html lang=\"fr-CA\">", html);
        Assert.Contains("for=\"email\">Adresse courriel</label>", html);
        Assert.Contains("for=\"password\">Mot de passe</label>", html);
        Assert.Contains("href=\"/recuperation\">Mot de passe oublié?</a>", html);
        Assert.Contains(">English</a>", html);
    }

    [DatabaseFact]
    public async Task GetSignIn_Always_SendsSecurityHeaders()
    {
        var response = await _factory.CreateBrowser().GetAsync("/connexion");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [DatabaseFact]
    public async Task GetSignIn_EnglishCultureCookie_ShowsEnglish()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/connexion");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den-CA%7Cuic%3Den-CA");

        var html = await HtmlAsync(await _factory.CreateBrowser().SendAsync(request));

        Assert.Contains("<html lang=\"en-CA\">", html);
        Assert.Contains("for=\"email\">Email address</label>", html);
        Assert.Contains(">Français</a>", html);
    }

    [DatabaseFact]
    public async Task GetSignIn_WithEmailInQuery_FillsTheEmail()
    {
        var html = await HtmlAsync(await _factory.CreateBrowser().GetAsync("/connexion?courriel=marie.tremblay%40example.org"));

        Assert.Contains("value=\"marie.tremblay@example.org\"", html);
    }

    [DatabaseFact]
    public async Task GetRoot_Always_RedirectsToSignIn()
    {
        var response = await _factory.CreateBrowser().GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connexion", PathOf(response));
    }

    [DatabaseFact]
    public async Task GetRecovery_Development_PrerendersStepOne()
    {
        var response = await _factory.CreateBrowser().GetAsync("/recuperation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Contains("Problème de connexion", html);
        Assert.Contains("Étape 1 de 5", html);
        Assert.Contains("for=\"user-code\">Code d'utilisateur</label>", html);
        Assert.Contains("Recopiez les cinq chiffres de l'image", html);
        Assert.Contains("Soumettre", html);
    }

    [DatabaseFact]
    public async Task GetReset_AnyLink_PrerendersWithoutOpeningIt()
    {
        var response = await _factory.CreateBrowser().GetAsync("/reinitialisation/0123456789abcdef0123456789abcdef/abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("Vérification du lien…", await HtmlAsync(response));
    }

    [DatabaseFact]
    public async Task GetDevMailbox_Development_ListsReceivedMail()
    {
        var response = await _factory.CreateBrowser().GetAsync("/dev/courriels");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Courriels reçus (développement)", await HtmlAsync(response));
    }

    [DatabaseFact]
    public async Task SignIn_DemoMember_LandsOnAccountWithTheirName()
    {
        var client = _factory.CreateBrowser();

        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields("marie.tremblay@example.org", DemoMembers.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/mon-compte", PathOf(response));
        var account = await client.GetAsync("/mon-compte");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        var html = await HtmlAsync(account);
        Assert.Contains("Vous êtes connecté en tant que Dre Marie Tremblay.", html);
        Assert.Contains("Se déconnecter", html);
    }

    [DatabaseFact]
    public async Task SignIn_WrongPassword_ShowsTheGenericMessageAndNoCookie()
    {
        var client = _factory.CreateBrowser();

        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields("marie.tremblay@example.org", "Mauvais-mot-de-passe-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Contains("L'adresse courriel ou le mot de passe est incorrect.", html);
        Assert.DoesNotContain("Mauvais-mot-de-passe-1", html);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cmq.connexion=")));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/mon-compte")).StatusCode);
    }

    [DatabaseFact]
    public async Task SignIn_UnknownEmail_ShowsTheSameMessage()
    {
        var client = _factory.CreateBrowser();

        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields("personne@example.org", "Mauvais-mot-de-passe-1"));

        Assert.Contains("L'adresse courriel ou le mot de passe est incorrect.", await HtmlAsync(response));
    }

    [DatabaseFact]
    public async Task GetAccount_Anonymous_RedirectsToSignIn()
    {
        var response = await _factory.CreateBrowser().GetAsync("/mon-compte");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/connexion", response.Headers.Location!.ToString());
    }

    [DatabaseFact]
    public async Task GetAccount_AfterThePasswordChangedElsewhere_RejectsTheCookie()
    {
        var client = _factory.CreateBrowser();
        await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields("julien.gagnon@example.org", DemoMembers.Password));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mon-compte")).StatusCode);

        var dbFactory = _factory.Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var member = await db.Members.SingleAsync(m => m.Email == "julien.gagnon@example.org");
            member.SecurityStamp = Guid.NewGuid().ToString("N");
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/mon-compte")).StatusCode);
    }

    [DatabaseFact]
    public async Task SignOut_PostedWithToken_EndsTheSession()
    {
        var client = _factory.CreateBrowser();
        await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields("chloe.roy@example.org", DemoMembers.Password));

        var response = await RecoveryWebFactory.PostFormAsync(client, "/mon-compte", new Dictionary<string, string>(), "/deconnexion");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/mon-compte")).StatusCode);
    }

    [DatabaseFact]
    public async Task SignOut_PostedWithoutToken_IsRefused()
    {
        var client = _factory.CreateBrowser();
        await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields("louis.cote@example.org", DemoMembers.Password));

        var response = await client.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mon-compte")).StatusCode);
    }

    [DatabaseFact]
    public async Task Culture_English_SetsTheCookieAndGoesBack()
    {
        var response = await _factory.CreateBrowser().GetAsync("/culture?c=en-CA&redirectUri=%2Frecuperation");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/recuperation", PathOf(response));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Den-CA%7Cuic%3Den-CA"));
    }

    [DatabaseTheory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Culture_RedirectOffSite_GoesHomeInstead(string target)
    {
        var response = await _factory.CreateBrowser().GetAsync($"/culture?c=en-CA&redirectUri={Uri.EscapeDataString(target)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", PathOf(response));
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class DevelopmentAppTestsOnSqlite : DevelopmentAppTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class DevelopmentAppTestsOnPostgreSql : DevelopmentAppTests;
