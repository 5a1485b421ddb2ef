namespace CmqRecovery.Core.Recovery;

/// <summary>
/// The absolute addresses mails point to. Core knows what a link is for; the web app, which owns the routes and the
/// public base URL, knows where it lives.
/// </summary>
public interface IRecoveryLinks
{
    /// <summary>The mailed reset link carrying one request's id and token.</summary>
    Uri ResetLink(string requestId, string token);

    Uri SignIn { get; }

    Uri Recovery { get; }
}
