using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// Watches the token responses OpenIddict sends (it issues and refuses them itself, some before the app's endpoint
/// runs): tokens issued by grant type, and a rotated refresh token presented again, which OpenIddict refuses and
/// answers by revoking the family: counted and audited, since it means a copy of the token is in someone else's hands.
/// </summary>
internal sealed class OidcTokenResponseObserver(OidcMetrics metrics, OidcAudit audit) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    /// <summary>OpenIddict's own mark on that refusal (its error_uri), rather than its English description.</summary>
    private static readonly string ReuseErrorUri = OpenIddictResources.FormatID8000(OpenIddictResources.ID2012);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseScopedHandler<OidcTokenResponseObserver>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Error is null)
        {
            metrics.Issued(context.Request?.GrantType);
        }
        else if (context.Request?.IsRefreshTokenGrantType() == true && context.Response.ErrorUri == ReuseErrorUri)
        {
            metrics.RefreshReused();
            await audit.RecordAsync(AuditKind.OidcRefreshReused, null, context.Transaction.GetHttpRequest()?.HttpContext);
        }
    }
}

/// <summary>Authorization requests answered with an error (to a registered redirect URI), by error code.</summary>
internal sealed class OidcAuthorizationResponseObserver(OidcMetrics metrics) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<OidcAuthorizationResponseObserver>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (context.Error is { } error)
        {
            metrics.AuthorizationError(error);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>The provider's audit events: a member's authorization granted to a client, a refresh token reused, a sign-out.</summary>
public sealed class OidcAudit(IDbContextFactory<RecoveryDbContext> dbFactory, AuditTrail trail, ILogger<OidcAudit> logger)
{
    public async Task RecordAsync(AuditKind kind, Guid? memberId, HttpContext? http, string? clientId = null)
    {
        var cancellationToken = http?.RequestAborted ?? CancellationToken.None;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await trail.AddAsync(db, kind, memberId, new ClientContext(http?.Connection.RemoteIpAddress?.ToString(), Cultures.Current), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // The client id is configuration, not personal data; the audit table has no column for it, the log does.
        logger.LogInformation("OIDC {AuditKind} for client {ClientId}.", kind, clientId ?? "-");
    }
}
