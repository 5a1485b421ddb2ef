using CmqRecovery.Core.Mail;

namespace CmqRecovery.Tests.Core.Mail;

public sealed class RecoveryMailsTests
{
    private static readonly Uri Link = new("https://recuperation.test/reinitialisation/0123456789abcdef0123456789abcdef/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE");
    private static readonly Uri SignIn = new("https://recuperation.test/connexion");
    private static readonly DateTimeOffset Winter = new(2026, 11, 28, 14, 0, 0, TimeSpan.Zero);
    private static readonly RecoveryMails Mails = MailTestKit.NewMails();

    [Fact]
    public void ResetLink_Always_HasSeedSubjectWordingAndLink()
    {
        var mail = Mails.ResetLink("Dre Marie Tremblay", Link, TimeSpan.FromMinutes(30));

        Assert.Equal("Réinitialisation du mot de passe", mail.Subject);
        foreach (var body in new[] { mail.TextBody, mail.HtmlBody })
        {
            Assert.Contains("Une demande de modification de votre mot de passe a été reçue au Collège des médecins du Québec.", body);
            Assert.Contains("Cliquez sur le lien ci-dessous pour réinitialiser votre mot de passe.", body);
            Assert.Contains("copiez le lien et collez-le dans la barre d", body);
            Assert.Contains("Merci!", body);
            Assert.Contains("514 933-4325", body);
            Assert.Contains(Link.AbsoluteUri, body);
        }

        Assert.Contains($"<a href=\"{Link.AbsoluteUri}\"", mail.HtmlBody);
    }

    [Fact]
    public void PasswordChanged_Always_HasBilingualSubject()
    {
        var mail = Mails.PasswordChanged("Dre Marie Tremblay", Winter, SignIn);

        Assert.Equal("Votre mot de passe a été modifié / Your password was changed", mail.Subject);
        Assert.Equal(mail.Subject, Mails.PasswordChangedSubject);
        Assert.Equal("Réinitialisation du mot de passe", Mails.ResetLinkSubject);
    }

    [Theory]
    [InlineData(30, "valide pendant 30 minutes et une seule fois", "valid for 30 minutes and can be used only once")]
    [InlineData(1, "valide pendant 1 minute", "valid for 1 minute")]
    [InlineData(180, "valide pendant 3 heures", "valid for 3 hours")]
    public void ResetLink_Lifetime_IsStatedInBothLanguagesWithIgnoreAdvice(int minutes, string french, string english)
    {
        var mail = Mails.ResetLink("Dre Marie Tremblay", Link, TimeSpan.FromMinutes(minutes));

        foreach (var body in new[] { mail.TextBody, mail.HtmlBody })
        {
            Assert.Contains(french, body);
            Assert.Contains(english, body);
            Assert.Contains("Si vous n'avez pas fait cette demande, ignorez ce message", System.Net.WebUtility.HtmlDecode(body));
            Assert.Contains("If you did not make this request, ignore this message", System.Net.WebUtility.HtmlDecode(body));
        }
    }

    [Fact]
    public void ResetLink_Always_PutsFrenchBeforeEnglish()
    {
        var mail = Mails.ResetLink("Dre Marie Tremblay", Link, TimeSpan.FromMinutes(30));

        AssertFrenchFirst(mail, "Une demande de modification", "A request to change your password");
    }

    [Fact]
    public void PasswordChanged_Always_PutsFrenchBeforeEnglish()
    {
        var mail = Mails.PasswordChanged("Dre Marie Tremblay", Winter, SignIn);

        AssertFrenchFirst(mail, "a été modifié le", "was changed on");
    }

    [Fact]
    public void ResetLink_DisplayNameWithMarkup_IsHtmlEncoded()
    {
        var mail = Mails.ResetLink("<script>alert('x')</script> & Cie", new Uri(Link + "?a=1&b=\"2\""), TimeSpan.FromMinutes(30));

        Assert.DoesNotContain("<script>", mail.HtmlBody);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Cie", mail.HtmlBody);
        Assert.DoesNotContain("&b=", mail.HtmlBody);
        Assert.Contains("a=1&amp;b=%222%22", mail.HtmlBody);
        Assert.Contains("Bonjour <script>alert('x')</script> & Cie,", mail.TextBody); // Plain text stays plain.
    }

    [Fact]
    public void PasswordChanged_DisplayNameWithMarkup_IsHtmlEncoded()
    {
        var mail = Mails.PasswordChanged("<script>alert(1)</script>", Winter, SignIn);

        Assert.DoesNotContain("<script>", mail.HtmlBody);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", mail.HtmlBody);
    }

    [Fact]
    public void PasswordChanged_Always_SaysWhenWhatToDoAndWhereToSignIn()
    {
        var mail = Mails.PasswordChanged("Dre Marie Tremblay", Winter, SignIn);

        foreach (var body in new[] { mail.TextBody, System.Net.WebUtility.HtmlDecode(mail.HtmlBody) })
        {
            Assert.Contains("Si vous n'êtes pas à l'origine de ce changement, communiquez sans tarder avec le soutien technique au 514 933-4325", body);
            Assert.Contains("If you did not make this change, call technical support at 514 933-4325", body);
            Assert.Contains(SignIn.AbsoluteUri, body);
            if (TimeZoneInfo.TryFindSystemTimeZoneById("America/Toronto", out _))
            {
                // 14:00 UTC is 9:00 in Montréal in November (standard time).
                Assert.Contains("28 novembre 2026 à 9 h 00 (heure normale de l'Est, UTC−05:00)", body);
                Assert.Contains("November 28, 2026 at 9:00", body);
                Assert.Contains("(Eastern Standard Time, UTC−05:00)", body);
            }
            else
            {
                Assert.Contains("28 novembre 2026 à 14 h 00 (UTC)", body);
            }
        }
    }

    [Fact]
    public void PasswordChanged_InSummer_NamesDaylightTime()
    {
        Assert.True(TimeZoneInfo.TryFindSystemTimeZoneById("America/Toronto", out _), "Time zone data missing: install tzdata.");

        var mail = Mails.PasswordChanged("Dre Marie Tremblay", new DateTimeOffset(2026, 7, 1, 16, 30, 0, TimeSpan.Zero), SignIn);

        Assert.Contains("1 juillet 2026 à 12 h 30 (heure avancée de l'Est, UTC−04:00)", mail.TextBody);
        Assert.Contains("(Eastern Daylight Time, UTC−04:00)", mail.TextBody);
    }

    [Fact]
    public void PasswordChanged_Template_HasNoPlaceForAPassword()
    {
        // The notice is built from name, time and sign-in URL only; the seed's « Votre mot de passe est : » must not return.
        var mail = Mails.PasswordChanged(DemoName, Winter, SignIn);

        foreach (var body in new[] { mail.Subject, mail.TextBody, mail.HtmlBody })
        {
            Assert.DoesNotContain("mot de passe est", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("password is", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(CmqRecovery.Core.Members.DemoMembers.Password, body);
        }
    }

    private const string DemoName = "Dre Marie Tremblay";

    private static void AssertFrenchFirst(MailContent mail, string french, string english)
    {
        Assert.True(mail.TextBody.IndexOf(french, StringComparison.Ordinal) is >= 0 and var fr
            && mail.TextBody.IndexOf(english, StringComparison.Ordinal) > fr, "Text: French must come before English.");

        var html = mail.HtmlBody;
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"fr\">", html);
        var frSection = html.IndexOf("<div lang=\"fr\">", StringComparison.Ordinal);
        var enSection = html.IndexOf("<div lang=\"en\">", StringComparison.Ordinal);
        Assert.True(frSection >= 0 && enSection > frSection, "HTML: the lang=\"fr\" section must come before lang=\"en\".");
        Assert.InRange(html.IndexOf(french, StringComparison.Ordinal), frSection, enSection);
        Assert.True(html.IndexOf(english, StringComparison.Ordinal) > enSection, "HTML: English text must be in the lang=\"en\" section.");
    }
}
