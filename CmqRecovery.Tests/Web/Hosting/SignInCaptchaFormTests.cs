using System.Net;
using System.Text.RegularExpressions;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>The static sign-in form past the captcha threshold: what it shows, in both languages, for any email.</summary>
public abstract partial class SignInCaptchaFormTests : IAsyncLifetime
{
    private RecoveryWebFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await RecoveryWebFactory.CreateAsync(OnDatabaseAttribute.Of(GetType()));

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static async Task<string> PostAsync(HttpClient client, string email, string password, string? challengeId = null, string? digits = null)
    {
        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields(email, password, challengeId, digits));
        return response.StatusCode == HttpStatusCode.Redirect
            ? "redirect:" + response.Headers.Location!.AbsolutePath
            : WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static string? ChallengeId(string html) => SignInForm.ChallengeId(html);

    [DatabaseTheory]
    [InlineData("fr-CA", "for=\"captcha\">Recopiez les cinq chiffres de l'image</label>", "Par sécurité, après plusieurs tentatives infructueuses")]
    [InlineData("en-CA", "for=\"captcha\">Copy the five digits from the image</label>", "For your security, after several unsuccessful attempts")]
    public async Task SignIn_FifthFailure_ShowsTheCaptchaThenTheMemberSignsInWithIt(string culture, string label, string required)
    {
        var client = _factory.CreateBrowser();
        client.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Culture=c%3D{culture}%7Cuic%3D{culture}");

        var pages = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            pages.Add(await PostAsync(client, "marie.tremblay@example.org", "Mauvais-mot-de-passe-1"));
        }

        Assert.All(pages.Take(4), page => Assert.Null(ChallengeId(page)));
        Assert.NotNull(ChallengeId(pages[4]));
        Assert.Contains(label, pages[4]);
        Assert.Contains("<img class=\"captcha-image\" src=\"data:image/png;base64,", pages[4]);

        // Without the captcha, the right password is not even checked.
        var withoutCaptcha = await PostAsync(client, "marie.tremblay@example.org", DemoMembers.Password);
        Assert.Contains(required, withoutCaptcha);
        Assert.DoesNotContain(DemoMembers.Password, withoutCaptcha);

        var signedIn = await PostAsync(client, "marie.tremblay@example.org", DemoMembers.Password, ChallengeId(withoutCaptcha), TestHostSettings.CaptchaCode);
        Assert.Equal("redirect:/mon-compte", signedIn);
    }

    [DatabaseFact]
    public async Task SignIn_UnknownEmail_ReachesTheCaptchaTheSameWay()
    {
        var client = _factory.CreateBrowser();
        // The form as a person sees it: field values, the image's pixels, its sealed audio ticket and the one-time tokens masked.
        string Masked(string page)
        {
            var form = page[page.IndexOf("<form", StringComparison.Ordinal)..(page.IndexOf("</form>", StringComparison.Ordinal) + 7)];
            var masked = Regex.Replace(Regex.Replace(form, "value=\"[^\"]*\"", "value=\"\""), "base64,[^\"]*", "base64,");
            return Regex.Replace(masked, "audio\\?t=[^\"]*", "audio?t=");
        }

        var member = new List<string>();
        var stranger = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            member.Add(Masked(await PostAsync(client, "marie.tremblay@example.org", "Mauvais-mot-de-passe-1")));
            stranger.Add(Masked(await PostAsync(client, "personne@example.org", "Mauvais-mot-de-passe-1")));
        }

        for (var i = 0; i < member.Count; i++)
        {
            Assert.Equal(member[i], stranger[i]);
        }

        Assert.Contains("Par sécurité, après plusieurs tentatives infructueuses", member[5]);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class SignInCaptchaFormTestsOnSqlite : SignInCaptchaFormTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class SignInCaptchaFormTestsOnPostgreSql : SignInCaptchaFormTests;
