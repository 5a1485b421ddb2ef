using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Pages;
using CmqRecovery.Web.Dev;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using MimeKit;

namespace CmqRecovery.Tests.Web.Components.Pages;

public abstract class DevMailboxPageTests : WebComponentTest
{
    private readonly DevMailbox _mailbox = new();

    public DevMailboxPageTests()
    {
        Context.Services.AddSingleton(_mailbox);
        Context.Services.AddSingleton<IWebHostEnvironment>(new TestEnvironment("Development"));
    }

    private ReceivedMail Receive(string subject, string text)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse("cmqweb@cmq.org"));
        message.To.Add(MailboxAddress.Parse("marie.tremblay@example.org"));
        message.Body = new TextPart("plain") { Text = text };
        return _mailbox.Add(message);
    }

    [DatabaseFact]
    public void Render_Empty_SaysNoMailYet()
    {
        var cut = Context.Render<DevMailboxPage>();

        Assert.Equal(Text("DevMailTitle"), cut.Find("h1").TextContent);
        Assert.Equal(Text("DevMailEmpty"), cut.Find("[role=status]").TextContent);
    }

    [DatabaseFact]
    public void Render_MailArrivesWhileOpen_ListsItNewestFirst()
    {
        Receive("Premier", "un");
        var cut = Context.Render<DevMailboxPage>();

        var second = Receive("Réinitialisation du mot de passe", "deux");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr").Count));
        var first = cut.Find("tbody tr a");
        Assert.Equal("Réinitialisation du mot de passe", first.TextContent);
        Assert.Equal($"/dev/courriels/{second.Id}", first.GetAttribute("href"));
    }

    [DatabaseFact]
    public void Render_OneMail_ShowsItsTextWithTheLinkClickable()
    {
        const string link = "https://recuperation.test/reinitialisation/0123456789abcdef0123456789abcdef/jeton";
        var mail = Receive("Réinitialisation du mot de passe", $"Bonjour,\n\nCliquez sur le lien :\n{link}\n\nMerci!");

        var cut = Context.Render<DevMailboxPage>(p => p.Add(c => c.MailId, mail.Id));

        Assert.Equal("Réinitialisation du mot de passe", cut.Find("h2").TextContent);
        Assert.Equal(link, cut.Find(".dev-mail-text a").GetAttribute("href"));
        Assert.Contains("Cliquez sur le lien", cut.Find(".dev-mail-text").TextContent);
        Assert.Contains("marie.tremblay@example.org", cut.Find(".dev-mail-headers").TextContent);
    }

    private sealed class TestEnvironment(string name) : IWebHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "CmqRecovery.Web";
        public string WebRootPath { get; set; } = string.Empty;
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = string.Empty;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class DevMailboxPageTestsOnSqlite : DevMailboxPageTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class DevMailboxPageTestsOnPostgreSql : DevMailboxPageTests;
