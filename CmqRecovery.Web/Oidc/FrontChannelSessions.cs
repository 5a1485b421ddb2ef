using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// Which clients a member's session signed in to (Front-Channel Logout 1.0). Each grant's authorization is made here,
/// instead of OpenIddict's ad hoc one, with the session's <c>sid</c> among its properties: at sign-out the
/// authorizations of that <c>sid</c> name the clients whose front-channel logout page the signed-out page frames.
/// Stored with OpenIddict's own rows, so every node reads the same answer.
/// </summary>
internal sealed class FrontChannelSessions(
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictApplicationManager applications,
    OidcMembers members,
    IOptions<OidcOptions> options,
    TimeProvider time)
{
    public const string SessionProperty = "cmq_sid";

    /// <summary>The session's claim in the id token (Front-Channel Logout 1.0; OpenIddict has no constant for it).</summary>
    public const string SessionIdClaim = "sid";

    /// <summary>Puts the session's <c>sid</c> in the identity and attaches an authorization that remembers it.</summary>
    public async Task AttachAsync(ClaimsIdentity identity, string sessionId, string clientId, CancellationToken cancellationToken)
    {
        var sid = await members.SessionIdAsync(sessionId, cancellationToken);
        identity.SetClaim(SessionIdClaim, sid);
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken)
            ?? throw new InvalidOperationException($"The OIDC client '{clientId}' OpenIddict accepted is not stored.");
        var descriptor = new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = await applications.GetIdAsync(application, cancellationToken),
            CreationDate = time.GetUtcNow(),
            Status = Statuses.Valid,
            Subject = identity.GetClaim(Claims.Subject),
            Type = AuthorizationTypes.AdHoc,
        };
        descriptor.Properties[SessionProperty] = JsonSerializer.SerializeToElement(sid);
        descriptor.Scopes.UnionWith(identity.GetScopes());
        var authorization = await authorizations.CreateAsync(descriptor, cancellationToken);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization, cancellationToken));
    }

    /// <summary>The configured clients with a front-channel logout page that had an authorization in this session.</summary>
    public async Task<IReadOnlyList<OidcClient>> ClientsOfAsync(string subject, string sid, CancellationToken cancellationToken)
    {
        var clientIds = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var authorization in authorizations.FindBySubjectAsync(subject, cancellationToken))
        {
            var properties = await authorizations.GetPropertiesAsync(authorization, cancellationToken);
            if (properties.TryGetValue(SessionProperty, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == sid
                && await authorizations.GetApplicationIdAsync(authorization, cancellationToken) is { } applicationId
                && await applications.FindByIdAsync(applicationId, cancellationToken) is { } application
                && await applications.GetClientIdAsync(application, cancellationToken) is { } clientId)
            {
                clientIds.Add(clientId);
            }
        }

        // From configuration only: the frames' addresses and origins never come from a stored or requested value.
        return options.Value.Clients.Where(c => c.FrontChannelLogoutUri is not null && clientIds.Contains(c.ClientId)).ToList();
    }
}
