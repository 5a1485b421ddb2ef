using System.Net.Sockets;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Dev;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CmqRecovery.Tests.Web.Dev;

public sealed class EmbeddedSmtpServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_ReceivesMailKitMessageIntoMailbox()
    {
        var mailbox = new DevMailbox();
        await using var server = new EmbeddedSmtpServer(mailbox, port: 0);
        await server.StartAsync();
        Assert.NotEqual(0, server.Port);
        var notified = new List<ReceivedMail>();
        mailbox.Received += notified.Add;

        await SendAsync(server.Port, "Objet éàç", "Bonjour, voici le texte.");

        var mail = Assert.Single(mailbox.Messages);
        Assert.Equal("Objet éàç", mail.Subject);
        Assert.Equal("Collège des médecins du Québec <cmqweb@cmq.org>", mail.From);
        Assert.Equal("marie.tremblay@example.org", mail.To);
        Assert.Equal("Bonjour, voici le texte.", mail.Text?.Trim());
        Assert.Equal([mail], notified);
        Assert.Same(mail, mailbox.Find(mail.Id));
    }

    [Fact]
    public async Task StartAsync_PortAlreadyTaken_Throws()
    {
        await using var first = await SmtpTestServer.StartAsync();
        await using var second = new EmbeddedSmtpServer(new DevMailbox(), first.Port);

        await Assert.ThrowsAsync<SocketException>(() => second.StartAsync());
        Assert.False(second.IsRunning);
    }

    [Fact]
    public async Task StopAsync_Running_RefusesConnections()
    {
        var smtp = await SmtpTestServer.StartAsync();
        await SendAsync(smtp.Port, "avant", "texte");

        await smtp.StopAsync();

        await Assert.ThrowsAnyAsync<SocketException>(() => SendAsync(smtp.Port, "après", "texte"));
        Assert.Equal(["avant"], smtp.Messages.Select(m => m.Subject));
    }

    [Fact]
    public void Add_PastCapacity_KeepsNewestFirst()
    {
        var mailbox = new DevMailbox(capacity: 3);

        for (var i = 1; i <= 5; i++)
        {
            mailbox.Add(new MimeMessage { Subject = $"m{i}", Body = new TextPart("plain") { Text = "x" } });
        }

        Assert.Equal(["m5", "m4", "m3"], mailbox.Messages.Select(m => m.Subject));
    }

    [Fact]
    public async Task WaitForMailAsync_MailAlreadyReceived_ReturnsIt()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await SendAsync(smtp.Port, "déjà là", "texte");

        var mail = await smtp.WaitForMailAsync(m => m.Subject == "déjà là");

        Assert.Equal("déjà là", mail.Subject);
    }

    [Fact]
    public async Task WaitForMailAsync_NoMatchingMail_TimesOutNamingWhatArrived()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await SendAsync(smtp.Port, "autre", "texte");

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => smtp.WaitForMailAsync(m => m.Subject == "absent", TimeSpan.FromMilliseconds(200)));

        Assert.Contains("« autre »", error.Message);
    }

    [Theory]
    [InlineData("Cliquez : https://recuperation.test/reinitialisation/0123456789abcdef0123456789abcdef/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE\n", true)]
    [InlineData("https://recuperation.test/reinitialisation/0123456789abcdef0123456789abcdef/tooShort", false)]
    [InlineData("https://recuperation.test/reinitialisation/0123456789ABCDEF0123456789abcdef/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE", false)]
    public void TryExtractResetLink_Text_FindsOnlyWellFormedLinks(string text, bool expected)
    {
        var found = SmtpTestServer.TryExtractResetLink(text, out var link);

        Assert.Equal(expected, found);
        if (expected)
        {
            Assert.Equal("/reinitialisation/0123456789abcdef0123456789abcdef/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE", link.Path);
            Assert.Equal("0123456789abcdef0123456789abcdef", link.RequestId);
            Assert.Equal("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE", link.Token);
        }
    }

    private static async Task SendAsync(int port, string subject, string text)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = text } };
        message.From.Add(MailboxAddress.Parse("Collège des médecins du Québec <cmqweb@cmq.org>"));
        message.To.Add(MailboxAddress.Parse("marie.tremblay@example.org"));
        using var client = new SmtpClient();
        await client.ConnectAsync(EmbeddedSmtpServer.Host, port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }
}
