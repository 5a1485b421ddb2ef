using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Components.Recovery.Steps;

public abstract class NewPasswordStepTests : WebComponentTest
{
    private const string StrongPassword = "Quatre chevaux bleus dansent sous la pluie";

    // As the refusal names them: the list is part of what the member reads.
    private const string CollegeWords = "collège, médecin, Québec, CMQ, messagerie";

    private async Task<Member> StandAtNewPasswordAsync()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        var authorization = await Host.ResetAuthorizationAsync(request.Id, token);
        State.Start(StepTable.LinkChecking);
        State.GoTo(StepTable.NewPassword, authorization);
        return marie;
    }

    private async Task<string> PasswordHashAsync(Guid memberId)
    {
        await using var db = Host.NewDbContext();
        return await db.Members.Where(m => m.Id == memberId).Select(m => m.PasswordHash!).SingleAsync();
    }

    /// <summary>The five strength levels, weakest first, as the meter's script receives them.</summary>
    private string StrengthLevels() => string.Join('|', Enumerable.Range(0, 5).Select(level => Text($"Strength{level}")));

    [DatabaseFact]
    public async Task Render_French_ShowsLabelsPolicyAndNewPasswordAutocomplete()
    {
        await StandAtNewPasswordAsync();

        var cut = Context.Render<NewPasswordStep>();

        Assert.Equal(Text("NewPasswordLabel"), LabelOf(cut, "new-password"));
        Assert.Equal(Text("ConfirmPasswordLabel"), LabelOf(cut, "password-confirmation"));
        Assert.StartsWith("De 12 à 128 caractères", cut.Find("#password-policy").TextContent);
        foreach (var id in new[] { "new-password", "password-confirmation" })
        {
            Assert.Equal("password", cut.Find($"#{id}").GetAttribute("type"));
            Assert.Equal("new-password", cut.Find($"#{id}").GetAttribute("autocomplete"));
        }

        Assert.Contains("password-policy", cut.Find("#new-password").GetAttribute("aria-describedby"));
        Assert.Equal(Text("ShowPasswords"), cut.Find("label.mud-checkbox").TextContent.Trim());
    }

    [DatabaseFact]
    public async Task ShowPasswords_Check_TurnsBothFieldsToText()
    {
        await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();

        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = true });

        cut.WaitForAssertion(() => Assert.Equal("text", cut.Find("#new-password").GetAttribute("type")));
        Assert.Equal("text", cut.Find("#password-confirmation").GetAttribute("type"));
    }

    [DatabaseFact]
    public async Task Render_French_MeterRunsInTheBrowserWithFrenchLevels()
    {
        await StandAtNewPasswordAsync();
        var module = Context.JSInterop.SetupModule("http://localhost/js/password-strength.js");
        module.SetupVoid("attach", "strength-meter");

        var cut = Context.Render<NewPasswordStep>();

        var meter = cut.Find("#strength-meter");
        Assert.Equal(Text("StrengthLabel", Text("Strength0")), meter.QuerySelector(".strength-text")!.TextContent);
        Assert.Equal("polite", meter.QuerySelector(".strength-text")!.GetAttribute("aria-live"));
        Assert.Equal(Text("StrengthLabel"), meter.GetAttribute("data-format"));
        Assert.Equal(StrengthLevels(), meter.GetAttribute("data-levels"));
        Assert.Equal("new-password", meter.GetAttribute("data-for"));
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

        var meter = cut.Find("#strength-meter");
        Assert.Equal(Text("StrengthLabel", Text("Strength0")), meter.QuerySelector(".strength-text")!.TextContent);
        Assert.Equal(StrengthLevels(), meter.GetAttribute("data-levels"));
        Assert.EndsWith("lib/zxcvbn-ts/language-en.js", meter.GetAttribute("data-scripts"));
    }

    [DatabaseFact]
    public async Task Typing_StrongPassword_SendsNothingAndLeavesTheServerSideMeterAlone()
    {
        await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();

        await TypeAsync(cut, "new-password", StrongPassword);

        // The server no longer scores while typing: the text stays as rendered until the browser rewrites it.
        Assert.Equal(Text("StrengthLabel", Text("Strength0")), cut.Find("#strength-meter .strength-text").TextContent);
        Assert.Equal("0", cut.Find("#strength-meter").GetAttribute("data-score"));
    }

    [DatabaseTheory]
    [InlineData("court", "court", "RefusalTooShort", PasswordPolicy.MinLength)]
    [InlineData("motdepasse2026", "motdepasse2026", "RefusalTooGuessable")]
    [InlineData("password1234", "password1234", "RefusalCommon")]
    [InlineData("Quatre chevaux de Tremblay", "Quatre chevaux de Tremblay", "RefusalContainsName")]
    [InlineData("Quatre chevaux du college", "Quatre chevaux du college", "RefusalContainsCollegeWord", CollegeWords)]
    [InlineData("Quatre chevaux 54321 dansent", "Quatre chevaux 54321 dansent", "RefusalContainsUserCode")]
    [InlineData("Quatre marie.tremblay dansent", "Quatre marie.tremblay dansent", "RefusalContainsEmail")]
    [InlineData(StrongPassword, StrongPassword + "!", "RefusalMismatch")]
    public async Task Submit_RefusedPassword_ExplainsWhyAndChangesNothing(string password, string confirmation, string reasonKey, object? limit = null)
    {
        var reason = limit is null ? Text(reasonKey) : Text(reasonKey, limit);
        var marie = await StandAtNewPasswordAsync();
        var before = await PasswordHashAsync(marie.Id);
        var cut = Context.Render<NewPasswordStep>();

        await TypeAsync(cut, "new-password", password);
        await TypeAsync(cut, "password-confirmation", confirmation);
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains(reason, AlertText(cut)));
        Assert.StartsWith(Text("RefusalsIntro"), AlertText(cut));
        Assert.Equal(StepTable.NewPassword, State.Step);
        Assert.Equal(before, await PasswordHashAsync(marie.Id));
    }

    [DatabaseTheory]
    [InlineData("password1234", "RefusalCommon")]
    [InlineData("Four horses of Marie dance", "RefusalContainsName")]
    [InlineData("Four horses at the CMQ dance", "RefusalContainsCollegeWord", CollegeWords)]
    public async Task Submit_RefusedPasswordInEnglish_ExplainsWhyInEnglish(string password, string reasonKey, object? limit = null)
    {
        UseCulture("en-CA");
        var reason = limit is null ? Text(reasonKey) : Text(reasonKey, limit);
        await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();

        await TypeAsync(cut, "new-password", password);
        await TypeAsync(cut, "password-confirmation", password);
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains(reason, AlertText(cut)));
        Assert.StartsWith(Text("RefusalsIntro"), AlertText(cut));
    }

    [DatabaseFact]
    public async Task Submit_TooLong_ExplainsTheMaximum()
    {
        await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();
        var tooLong = new string('a', 60) + " " + new string('b', 68);

        await TypeAsync(cut, "new-password", tooLong + "c");
        await TypeAsync(cut, "password-confirmation", tooLong + "c");
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains(Text("RefusalTooLong", PasswordPolicy.MaxLength), AlertText(cut)));
    }

    [DatabaseFact]
    public async Task Submit_GoodPassword_ChangesItAndShowsDone()
    {
        var marie = await StandAtNewPasswordAsync();
        var cut = Context.Render<NewPasswordStep>();

        await TypeAsync(cut, "new-password", StrongPassword);
        await TypeAsync(cut, "password-confirmation", StrongPassword);
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(StepTable.Done, State.Step));
        Assert.Equal(marie.Email, State.Peek<string>());
        Assert.Null(State.Peek<ResetAuthorization>());
        var signIn = await Host.Get<SignInMember>().ExecuteAsync(marie.Email, StrongPassword, RecoverySteps.Client);
        Assert.True(signIn.Passed);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class NewPasswordStepTestsOnSqlite : NewPasswordStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class NewPasswordStepTestsOnPostgreSql : NewPasswordStepTests;
