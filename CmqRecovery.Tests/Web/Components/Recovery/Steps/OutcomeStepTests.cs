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

        Assert.Equal(Text("MailSentHeading"), cut.Find("h2").TextContent.Trim());
        Assert.Contains(Text("MailSentText"), cut.Markup);
        Assert.Contains("Le lien est valide pendant 30 minutes", cut.Markup);
    }

    [DatabaseFact]
    public void DisputedStep_Render_ShowsTheSupportContact()
    {
        State.GoTo(StepTable.Disputed);

        var cut = Context.Render<DisputedStep>();

        Assert.Equal(Text("DisputedHeading"), cut.Find("h2").TextContent.Trim());
        var phone = cut.Find(".support-phone a");
        Assert.Equal(Text("SupportPhone", "514 933-4325"), phone.TextContent.Trim());
        Assert.Equal("tel:+1-514-933-4325", phone.GetAttribute("href"));
    }

    [DatabaseFact]
    public void SuspendedStep_Render_ExplainsTheSuspension()
    {
        var cut = Context.Render<SuspendedStep>();

        Assert.Equal(Text("SuspendedHeading"), cut.Find("h2").TextContent.Trim());
        Assert.Contains("suspendue pendant 24 heures", cut.Markup);
        Assert.Equal("/connexion", cut.Find("a").GetAttribute("href"));
    }

    [DatabaseFact]
    public void SuspendedStep_ReachedIdentifying_SaysAMailWithAWayBackIsOnItsWayIfTheIdentifierIsTheReaders()
    {
        State.Start(StepTable.Identify);
        State.GoTo(StepTable.Suspended);

        var cut = Context.Render<SuspendedStep>();

        Assert.Contains("Si cet identifiant est le vôtre, un courriel vous est envoyé", cut.Markup);
    }

    [DatabaseFact]
    public void SuspendedStep_ReachedFromAMailedLink_PromisesNoMail()
    {
        State.Start(StepTable.LinkChecking);
        State.GoTo(StepTable.Suspended);

        var cut = Context.Render<SuspendedStep>();

        Assert.Contains("la récupération par le lien reçu par courriel est suspendue pendant 24 heures", cut.Markup);
        Assert.DoesNotContain("courriel vous est envoyé", cut.Markup);
    }

    [DatabaseFact]
    public void LinkInvalidStep_Render_OffersTheWayBackOnly()
    {
        var cut = Context.Render<LinkInvalidStep>();

        Assert.Equal(Text("LinkInvalidHeading"), cut.Find("h2").TextContent.Trim());
        Assert.Equal("/recuperation", cut.Find("a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("input"));
    }

    [DatabaseFact]
    public void DoneStep_Render_ShowsEmailAndSignInLinkWithEmailFilledIn()
    {
        State.GoTo(StepTable.Done, "marie.tremblay@example.org");

        var cut = Context.Render<DoneStep>();

        Assert.Equal(Text("DoneHeading"), cut.Find("h2").TextContent.Trim());
        Assert.Equal(Text("DoneEmail") + " marie.tremblay@example.org", cut.Find(".done-email").TextContent.Trim());
        var link = cut.Find("a.done-sign-in");
        Assert.Equal(Text("DoneSignIn"), link.TextContent.Trim());
        // Through /connexion/reprendre: back into a client's pending request when there is one (OidcSignInTests), else /connexion?courriel=….
        Assert.Equal("/connexion/reprendre?courriel=marie.tremblay%40example.org", link.GetAttribute("href"));
        Assert.DoesNotContain("mot de passe est", cut.Markup);
    }

    [DatabaseFact]
    public void DoneStep_RenderEnglish_ShowsEnglishTexts()
    {
        UseCulture("en-CA");
        State.GoTo(StepTable.Done, "marie.tremblay@example.org");

        var cut = Context.Render<DoneStep>();

        Assert.Equal(Text("DoneHeading"), cut.Find("h2").TextContent.Trim());
        Assert.Equal(Text("DoneSignIn"), cut.Find("a.done-sign-in").TextContent.Trim());
    }

    [DatabaseFact]
    public void StepIndicator_Render_SaysWhichStepOfFive()
    {
        var cut = Context.Render(StepParts.Indicator(Localizer, StepTable.ConfirmEmail));

        Assert.Equal(Text("StepOf", 3, 5), cut.Find(".step-of").TextContent);
        Assert.Equal(Text("StepConfirmEmail"), cut.Find("li[aria-current=step]").TextContent);
        Assert.Equal(5, cut.FindAll("li").Count);
    }

    [DatabaseFact]
    public void StepIndicator_RenderOutcome_ShowsNothing()
    {
        var cut = Context.Render(StepParts.Indicator(Localizer, StepTable.MailSent));

        Assert.Empty(cut.Markup.Trim());
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class OutcomeStepTestsOnSqlite : OutcomeStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class OutcomeStepTestsOnPostgreSql : OutcomeStepTests;
