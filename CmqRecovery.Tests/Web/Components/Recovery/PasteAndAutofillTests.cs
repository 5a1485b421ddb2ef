using CmqRecovery.Core.Data;
using AngleSharp.Dom;
using Bunit;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>
/// WCAG 2.2 SC 3.3.8: answers and passwords may be pasted and filled by a password manager. Nothing on the
/// fields turns autofill off, blocks paste, copy or drop, or makes them read-only.
/// </summary>
public abstract class PasteAndAutofillTests : WebComponentTest
{
    private static readonly string[] BlockingHandlers = ["onpaste", "oncopy", "oncut", "ondrop", "onbeforeinput"];

    [DatabaseFact]
    public async Task Render_QuestionsStep_AnswersAcceptPasteAndAutofill()
    {
        var marie = await AddMarieAsync();
        State.GoTo(StepTable.Questions, (await Host.IdentifyAsync(null, marie.UserCode)).Value!);

        var cut = Context.Render<QuestionsStep>();

        foreach (var id in new[] { "answer-1", "answer-2" })
        {
            var field = cut.Find($"#{id}");
            Assert.NotEqual("off", field.GetAttribute("autocomplete"));
            AssertNothingBlocks(field);
        }
    }

    [DatabaseFact]
    public async Task Render_NewPasswordStep_PasswordsAcceptPasteAndOfferNewPassword()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        State.Start(StepTable.LinkChecking);
        State.GoTo(StepTable.NewPassword, await Host.ResetAuthorizationAsync(request.Id, token));

        var cut = Context.Render<NewPasswordStep>();

        foreach (var id in new[] { "new-password", "password-confirmation" })
        {
            var field = cut.Find($"#{id}");
            Assert.Equal("new-password", field.GetAttribute("autocomplete"));
            AssertNothingBlocks(field);
        }
    }

    private static void AssertNothingBlocks(IElement field)
    {
        Assert.False(field.HasAttribute("readonly"), $"#{field.Id} is read-only");
        foreach (var attribute in field.Attributes)
        {
            // bUnit shows Blazor handlers as blazor:onpaste; a plain onpaste would be script.
            Assert.DoesNotContain(BlockingHandlers, h => attribute.Name.EndsWith(h, StringComparison.OrdinalIgnoreCase));
        }
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class PasteAndAutofillTestsOnSqlite : PasteAndAutofillTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class PasteAndAutofillTestsOnPostgreSql : PasteAndAutofillTests;
