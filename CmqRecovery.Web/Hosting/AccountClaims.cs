using System.Security.Claims;
using CmqRecovery.Core.Account;

namespace CmqRecovery.Web.Hosting;

/// <summary>The member and the sign-in session a « Mon compte » page acts for, read from the cookie's claims.</summary>
public static class AccountClaims
{
    public static AccountSession? SessionOf(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var memberId)
        && user.FindFirstValue(MemberAuthentication.SessionClaim) is { Length: > 0 } sessionId
            ? new AccountSession(memberId, sessionId)
            : null;
}
