namespace CmqRecovery.Web;

/// <summary>
/// Every address the app answers or links to, and the query names it reads: pages use these in @page (through
/// [Route]), links, redirects and cookie options, and mailed links are built from them (<see cref="Hosting.RecoveryLinks"/>).
/// Paths are French, as the member reads them; the names here are English.
/// </summary>
public static class Routes
{
    public const string Home = "/";
    public const string SignIn = "/connexion";
    public const string SignOut = "/deconnexion";
    public const string Account = "/mon-compte";

    /// <summary>« Mon compte »: choosing or replacing the security questions (also where a member without them is sent).</summary>
    public const string AccountQuestions = Account + "/questions";

    /// <summary>« Mon compte »: changing the password (a static form: it re-issues this browser's cookie).</summary>
    public const string AccountPassword = Account + "/mot-de-passe";

    /// <summary>« Mon compte »: ending one session, or all the others (static forms that post).</summary>
    public const string AccountEndSession = Account + "/sessions/fermer";
    public const string AccountEndOtherSessions = Account + "/sessions/fermer-les-autres";
    public const string Recovery = "/recuperation";

    /// <summary>Where a mailed link lands once its token has been read: the address bar shows only this.</summary>
    public const string Reset = "/reinitialisation";

    /// <summary>The mailed link: {Reset}/{id}/{token}.</summary>
    public const string ResetLink = Reset + "/{Id}/{Token}";

    /// <summary>Development only: the mail the embedded SMTP server received.</summary>
    public const string DevMailbox = "/dev/courriels";
    public const string DevMail = DevMailbox + "/{MailId:guid}";

    /// <summary>Everything under this prefix answers 404 outside Development.</summary>
    public const string DevPrefix = "/dev";

    public const string Culture = "/culture";

    /// <summary>A static page's captcha digits, spoken: {CaptchaAudio}?{TicketQuery}=… (<see cref="Hosting.CaptchaAudioEndpoint"/>).</summary>
    public const string CaptchaAudio = "/verification/audio";
    public const string TicketQuery = "t";
    public const string NotFound = "/not-found";
    public const string Error = "/Error";
    public const string Liveness = "/healthz";
    public const string Readiness = "/readyz";

    /// <summary>The sign-in page's query parameter that fills in the email (after a password change).</summary>
    public const string EmailQuery = "courriel";

    public static string SignInWithEmail(string email) => $"{SignIn}?{EmailQuery}={Uri.EscapeDataString(email)}";

    public static string ResetLinkFor(string requestId, string token) =>
        $"{Reset}/{Uri.EscapeDataString(requestId)}/{Uri.EscapeDataString(token)}";

    /// <summary>An invitation's link (members invite): the activation, {Activation}/{id}/{token}.</summary>
    public const string Activation = "/activation";
    public const string ActivationLink = Activation + "/{Id}/{Token}";

    public static string ActivationLinkFor(string invitationId, string token) =>
        $"{Activation}/{Uri.EscapeDataString(invitationId)}/{Uri.EscapeDataString(token)}";

    public static string DevMailFor(Guid mailId) => $"{DevMailbox}/{mailId}";

    // OpenID Connect provider (docs/OIDC.md): the protocol's endpoints, and the sign-in's way through the recovery.
    public const string OidcAuthorize = "/connect/authorize";
    public const string OidcToken = "/connect/token";
    public const string OidcUserInfo = "/connect/userinfo";
    public const string OidcEndSession = "/connect/endsession";
    public const string OidcRevocation = "/connect/revoke";
    public const string OidcIntrospection = "/connect/introspect";

    /// <summary>The sign-in page's return address (the cookie handler's own parameter name).</summary>
    public const string ReturnUrlQuery = "ReturnUrl";

    /// <summary>« Mot de passe oublié? » from a client's sign-in: remembers the pending request, then the recovery.</summary>
    public const string OidcForgotPassword = "/connexion/mot-de-passe-oublie";

    /// <summary>The recovery's « Se connecter »: back to the sign-in, into the pending request when there is one.</summary>
    public const string SignInAfterRecovery = "/connexion/reprendre";

    public static string SignInAfterRecoveryWithEmail(string email) => $"{SignInAfterRecovery}?{EmailQuery}={Uri.EscapeDataString(email)}";

    // Staff console (CmqRecovery.Core/Staff/README.md): its own cookie, limited to this prefix.
    public const string StaffPrefix = "/soutien";
    public const string StaffHome = StaffPrefix;

    /// <summary>Development and Testing: choosing a staff identity; elsewhere a link to the Collège's provider.</summary>
    public const string StaffSignIn = StaffPrefix + "/connexion";
    public const string StaffSignOutPath = "/deconnexion";
    public const string StaffSignOut = StaffPrefix + StaffSignOutPath;
    public const string StaffOidcCallback = StaffPrefix + "/signin-oidc";
    public const string StaffOidcSignedOut = StaffPrefix + "/signout-callback-oidc";
    public const string StaffOidcRemoteSignOut = StaffPrefix + "/signout-oidc";

    /// <summary>Finding a member by exact user code or email.</summary>
    public const string StaffFindMember = StaffPrefix + "/membres";

    /// <summary>A found member's recovery status and the actions on it; reached only by posting the member's id (nothing lists members).</summary>
    public const string StaffMemberStatus = StaffPrefix + "/membres/etat";

    /// <summary>The outbox as a whole: pending, failing and abandoned mail; abandoned rows to resend.</summary>
    public const string StaffMailHealth = StaffPrefix + "/courriels";

    /// <summary>Four-eyes email change: an agent proposes a member's new email; a different supervisor approves or rejects it.</summary>
    public const string StaffEmailChangePropose = StaffPrefix + "/courriel/proposer";
    public const string StaffEmailChangeApprovals = StaffPrefix + "/courriel/approbations";

    /// <summary>The « Non » answers queue: the time of each, marked handled with a note.</summary>
    public const string StaffDisputes = StaffPrefix + "/reponses-non";

    /// <summary>The audit search (supervisors), and its CSV export (a posted form).</summary>
    public const string StaffAudit = StaffPrefix + "/journal";
    public const string StaffAuditExportPath = "/journal/csv";
    public const string StaffAuditExport = StaffPrefix + StaffAuditExportPath;
}
