using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Components.Recovery.Steps;

public abstract class NewPasswordStepTests : WebComponentTest
{
    private const string StrongPassword = "Quatre chevaux bleus dansent sous la pluie";

    private async Task<Member> StandAtNewPasswordAsync()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        var authorization = await Host.ResetAuthorizationAsync(request.Id, token);
        State.StartReset();
        State.ResetAuthorized(authorization);
        return marie;
    }

    private async Task<string> PasswordHashAsync(Guid memberId)
    {
        await using var db = Host.NewDbContext();
        return await db.Members.Where(m => m.Id == memberId).Select(m => m.PasswordHash).SingleAsync();
    }

    [DatabaseFact]
    public async Task Render_French_ShowsLabelsPolicyAndNewPasswordAutocomplete()
    {
        await StandAtNewPasswordAsync();

        var cut = Context.Render<NewPasswordStep>();

        Assert.Equal("Nouveau mot de passe", LabelOf(cut, "nouveau-mot-de-passe"));
        Assert.Equal("Confirmation du nouveau mot de passe", LabelOf(cut, "confirmation-mot-de-passe"));
        Assert.StartsWith("De 12 à 128 caractères", cut.Find("#politique-mot-de-passe").TextContent);
        foreach (var id in new[] { "nouveau-mot-de-passe", "confirmation-mot-de-passe" })
        {
            Assert.Equal("password", cut.Find($"#{id}").GetAttribute("type"));
            Assert.Equal("new-password", cut.Find($"#{id}").GetAttribute("autocomplete"));
        }

        Assert.Contains("politique-mot-de-passe", cut.Find("#nouveau-mot-de-passe").GetAttribute("aria-describedby"));
        Assert.Equal("Afficher les mots de passe", cut.Find("label.mud-checkbox").TextContent.Trim());
    }

    [DatabaseFact]
    public async Task ShowPasswords_Check_TurnsBothFieldsToText()
    {
        await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();

        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = true });

        cut.WaitForAssertion(() => Assert.Equal("text", cut.Find("#nouveau-mot-de-passe").GetAttribute("type")));
        Assert.Equal("text", cut.Find("#confirmation-mot-de-passe").GetAttribute("type"));
    }

    [DatabaseFact]
    public async Task Render_French_MeterRunsInTheBrowserWithFrenchLevels()
    {
        await StandAtNewPasswordAsync();
        var module = Context.JSInterop.SetupModule("http://localhost/js/password-strength.js");
        module.SetupVoid("attach", "robustesse");

        var cut = Context.Render<NewPasswordStep>();

        var meter = cut.Find("#robustesse");
        Assert.Equal("Robustesse : très faible", meter.QuerySelector(".strength-text")!.TextContent);
        Assert.Equal("polite", meter.QuerySelector(".strength-text")!.GetAttribute("aria-live"));
        Assert.Equal("Robustesse : {0}", meter.GetAttribute("data-format"));
        Assert.Equal("très faible|faible|moyenne|bonne|excellente", meter.GetAttribute("data-levels"));
        Assert.Equal("nouveau-mot-de-passe", meter.GetAttribute("data-for"));
        Assert.Equal(["lib/zxcvbn-ts/core.js", "lib/zxcvbn-ts/language-common.js", "lib/zxcvbn-ts/language-fr.js"],
            meter.GetAttribute("data-scripts")!.Split(' '));
        module.VerifyInvoke("attach");
    }

    [DatabaseFact]
    public async Task Render_English_MeterCarriesEnglishLevelsAndDictionary()
    {
        UseCulture("en-CA");
        await StandAtNewPasswordAsync();

        var cut = Context.Render<NewPasswordStep>();

        var meter = cut.Find("#robustesse");
        Assert.Equal("Strength: very weak", meter.QuerySelector(".strength-text")!.TextContent);
        Assert.Equal("very weak|weak|fair|good|excellent", meter.GetAttribute("data-levels"));
        Assert.EndsWith("lib/zxcvbn-ts/language-en.js", meter.GetAttribute("data-scripts"));
    }

    [DatabaseFact]
    public async Task Typing_StrongPassword_SendsNothingAndLeavesTheServerSideMeterAlone()
    {
        await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();

        await TypeAsync(cut, "nouveau-mot-de-passe", StrongPassword);

        // The server no longer scores while typing: the text stays as rendered until the browser rewrites it.
        Assert.Equal("Robustesse : très faible", cut.Find("#robustesse .strength-text").TextContent);
        Assert.Equal("0", cut.Find("#robustesse").GetAttribute("data-score"));
    }

    [DatabaseTheory]
    [InlineData("court", "court", "Le mot de passe doit compter au moins 12 caractères.")]
    [InlineData("motdepasse2026", "motdepasse2026", "Le mot de passe est trop facile à deviner")]
    [InlineData("password1234", "password1234", "figure dans une liste de mots de passe courants ou divulgués")]
    [InlineData("Quatre chevaux de Tremblay", "Quatre chevaux de Tremblay", "Le mot de passe ne doit pas contenir votre nom.")]
    [InlineData("Quatre chevaux du college", "Quatre chevaux du college", "ne doit pas contenir le nom du Collège ni de ce service (collège, médecin, Québec, CMQ, messagerie).")]
    [InlineData("Quatre chevaux 54321 dansent", "Quatre chevaux 54321 dansent", "Le mot de passe ne doit pas contenir votre code d'utilisateur.")]
    [InlineData("Quatre marie.tremblay dansent", "Quatre marie.tremblay dansent", "Le mot de passe ne doit pas contenir votre adresse courriel.")]
    [InlineData(StrongPassword, StrongPassword + "!", "La confirmation ne correspond pas au nouveau mot de passe.")]
    public async Task Submit_RefusedPassword_ExplainsWhyAndChangesNothing(string password, string confirmation, string reason)
    {
        var marie = await StandAtNewPasswordAsync();
        var before = await PasswordHashAsync(marie.Id);
        var cut = Context.Render<NewPasswordStep>();

        await TypeAsync(cut, "nouveau-mot-de-passe", password);
        await TypeAsync(cut, "confirmation-mot-de-passe", confirmation);
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains(reason, AlertText(cut)));
        Assert.StartsWith("Ce mot de passe ne peut pas être utilisé :", AlertText(cut));
        Assert.Equal(RecoveryStep.NewPassword, State.Step);
        Assert.Equal(before, await PasswordHashAsync(marie.Id));
    }

    [DatabaseTheory]
    [InlineData("password1234", "is on a list of common passwords or passwords exposed in data breaches")]
    [InlineData("Four horses of Marie dance", "The password must not contain your name.")]
    [InlineData("Four horses at the CMQ dance", "must not contain the name of the Collège or of this service (collège, médecin, Québec, CMQ, messagerie).")]
    public async Task Submit_RefusedPasswordInEnglish_ExplainsWhyInEnglish(string password, string reason)
    {
        UseCulture("en-CA");
        await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();

        await TypeAsync(cut, "nouveau-mot-de-passe", password);
        await TypeAsync(cut, "confirmation-mot-de-passe", password);
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains(reason, AlertText(cut)));
        Assert.StartsWith("This password cannot be used:", AlertText(cut));
    }

    [DatabaseFact]
    public async Task Submit_TooLong_ExplainsTheMaximum()
    {
        await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();
        var tooLong = new string('a', 60) + " " + new string('b', 68);

        await TypeAsync(cut, "nouveau-mot-de-passe", tooLong + "c");
        await TypeAsync(cut, "confirmation-mot-de-passe", tooLong + "c");
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains("Le mot de passe doit compter au plus 128 caractères.", AlertText(cut)));
    }

    [DatabaseFact]
    public async Task Submit_GoodPassword_ChangesItAndShowsDone()
    {
        var marie = await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();

        await TypeAsync(cut, "nouveau-mot-de-passe", StrongPassword);
        await TypeAsync(cut, "confirmation-mot-de-passe", StrongPassword);
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(RecoveryStep.Done, State.Step));
        Assert.Equal(marie.Email, State.Email);
        Assert.Null(State.Authorization);
        var signIn = await Host.Get<SignInMember>().ExecuteAsync(marie.Email, StrongPassword, RecoverySteps.Client);
        Assert.True(signIn.Succeeded);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class NewPasswordStepTestsOnSqlite : NewPasswordStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class NewPasswordStepTestsOnPostgreSql : NewPasswordStepTests;
