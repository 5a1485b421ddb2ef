using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;

namespace CmqRecovery.Tests.Web.Components.Recovery.Steps;

/// <summary>The pages that end a branch: mail sent, support contact, suspension, dead link, success.</summary>
public abstract class OutcomeStepTests : WebComponentTest
{
    [DatabaseFact]
    public void MailSentStep_Render_TellsToCheckTheMailboxAndTheLifetime()
    {
        var cut = Context.Render<MailSentStep>();

        Assert.Equal("Vérifiez vos courriels", cut.Find("h2").TextContent.Trim());
        Assert.Contains("cliquez sur le lien qui s'y trouve afin de réinitialiser votre mot de passe", cut.Markup);
        Assert.Contains("Le lien est valide pendant 30 minutes", cut.Markup);
    }

    [DatabaseFact]
    public void DisputedStep_Render_ShowsTheSupportContact()
    {
        State.Disputed("514 933-4325");

        var cut = Context.Render<DisputedStep>();

        Assert.Equal("Communiquez avec le Collège", cut.Find("h2").TextContent.Trim());
        var phone = cut.Find(".support-phone a");
        Assert.Equal("Soutien technique: 514 933-4325", phone.TextContent.Trim());
        Assert.Equal("tel:+1-514-933-4325", phone.GetAttribute("href"));
    }

    [DatabaseFact]
    public void SuspendedStep_Render_ExplainsTheSuspension()
    {
        var cut = Context.Render<SuspendedStep>();

        Assert.Equal("Récupération suspendue", cut.Find("h2").TextContent.Trim());
        Assert.Contains("suspendue pendant 24 heures", cut.Markup);
        Assert.Equal("/connexion", cut.Find("a").GetAttribute("href"));
    }

    [DatabaseFact]
    public void LinkInvalidStep_Render_OffersTheWayBackOnly()
    {
        var cut = Context.Render<LinkInvalidStep>();

        Assert.Equal("Ce lien n'est plus valide", cut.Find("h2").TextContent.Trim());
        Assert.Equal("/recuperation", cut.Find("a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("input"));
    }

    [DatabaseFact]
    public void DoneStep_Render_ShowsEmailAndSignInLinkWithEmailFilledIn()
    {
        State.PasswordChanged("marie.tremblay@example.org");

        var cut = Context.Render<DoneStep>();

        Assert.Equal("Merci, votre mot de passe a été réinitialisé avec succès!", cut.Find("h2").TextContent.Trim());
        Assert.Equal("Votre courriel est : marie.tremblay@example.org", cut.Find(".done-email").TextContent.Trim());
        var link = cut.Find("a.done-sign-in");
        Assert.Equal("Cliquez ici pour vous connecter", link.TextContent.Trim());
        Assert.Equal("/connexion?courriel=marie.tremblay%40example.org", link.GetAttribute("href"));
        Assert.DoesNotContain("mot de passe est", cut.Markup);
    }

    [DatabaseFact]
    public void DoneStep_RenderEnglish_ShowsEnglishTexts()
    {
        UseCulture("en-CA");
        State.PasswordChanged("marie.tremblay@example.org");

        var cut = Context.Render<DoneStep>();

        Assert.Equal("Thank you, your password has been reset successfully!", cut.Find("h2").TextContent.Trim());
        Assert.Equal("Click here to sign in", cut.Find("a.done-sign-in").TextContent.Trim());
    }

    [DatabaseFact]
    public void StepIndicator_Render_SaysWhichStepOfFive()
    {
        var cut = Context.Render<StepIndicator>(p => p.Add(c => c.Step, RecoveryStep.ConfirmEmail));

        Assert.Equal("Étape 3 de 5", cut.Find(".step-of").TextContent);
        Assert.Equal("Confirmation du courriel", cut.Find("li[aria-current=step]").TextContent);
        Assert.Equal(5, cut.FindAll("li").Count);
    }

    [DatabaseFact]
    public void StepIndicator_RenderOutcome_ShowsNothing()
    {
        var cut = Context.Render<StepIndicator>(p => p.Add(c => c.Step, RecoveryStep.MailSent));

        Assert.Empty(cut.Markup.Trim());
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class OutcomeStepTestsOnSqlite : OutcomeStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class OutcomeStepTestsOnPostgreSql : OutcomeStepTests;
