namespace CmqRecovery.Core.Throttling;

/// <summary>
/// Every per-client and global limit, bound from the <c>RateLimits</c> section (README lists the keys). Per-IP
/// limits are fixed windows; past one, the client is told how many minutes to wait. The KDF cap bounds how many
/// PBKDF2 runs share the CPU at once, with a short queue; past it the client is told the service is busy.
/// </summary>
public sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";

    /// <summary>POSTs to /connexion (each costs one PBKDF2), per client IP.</summary>
    public ClientLimit SignIn { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(5) };

    /// <summary>
    /// Sign-in posts one client IP may have in progress at once, and waiting behind them: a burst from one address
    /// then holds at most this many KDF slots, so it cannot queue ahead of everyone else (neighbours behind one NAT
    /// wait a moment in the small queue instead of being refused).
    /// </summary>
    public int SignInConcurrencyPerClient { get; set; } = 1;

    public int SignInQueuePerClient { get; set; } = 2;

    /// <summary>Captcha challenges issued (images, and any other form of the challenge), per client IP.</summary>
    public ClientLimit Captcha { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Identification attempts (procedure step 2), per client IP.</summary>
    public ClientLimit Identify { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Answer checks (steps 3 and 7; each costs one PBKDF2), per client IP.</summary>
    public ClientLimit AnswerCheck { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Mailed links opened (procedure step 5), per client IP.</summary>
    public ClientLimit LinkOpen { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// « Mon compte »'s actions (password change: 2 KDF units; questions: up to 11; ending sessions), per client IP:
    /// a stolen session, or many, cannot turn the page into a KDF pump or a password oracle faster than this.
    /// </summary>
    public ClientLimit Account { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// How many leading bits of an IPv6 address make one client for every per-IP limit (default 64: one subscriber's
    /// network). Shorter (56, 48) when the clients' providers hand out larger prefixes; IPv4 is always by address.
    /// </summary>
    public int IPv6PrefixLength { get; set; } = ClientAddress.DefaultIPv6PrefixLength;

    /// <summary>PBKDF2 evaluations running at once, all clients together; 0 means one per processor.</summary>
    public int KdfConcurrency { get; set; }

    /// <summary>Evaluations allowed to wait for a free slot; past that the request is refused as busy.</summary>
    public int KdfQueue { get; set; } = 8;

    public int EffectiveKdfConcurrency => KdfConcurrency > 0 ? KdfConcurrency : Environment.ProcessorCount;

    public ClientLimit For(ClientAction action) => action switch
    {
        ClientAction.SignIn => SignIn,
        ClientAction.Captcha => Captcha,
        ClientAction.Identify => Identify,
        ClientAction.AnswerCheck => AnswerCheck,
        ClientAction.LinkOpen => LinkOpen,
        ClientAction.Account => Account,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}

/// <summary>At most <see cref="PermitLimit"/> actions per <see cref="Window"/> for one client IP.</summary>
public sealed class ClientLimit
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}
