using System.Diagnostics.Metrics;
using CmqRecovery.Core.Operations;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// The provider's counters, on the app's one meter (<see cref="RecoveryMetrics.MeterName"/>; the factory hands back the
/// same meter). Tags carry only protocol words from a fixed list: never a client id, a subject or a token.
/// </summary>
public sealed class OidcMetrics
{
    private static readonly HashSet<string> KnownGrants = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken];

    private static readonly HashSet<string> KnownErrors =
    [
        Errors.InvalidRequest, Errors.InvalidClient, Errors.InvalidScope, Errors.UnauthorizedClient, Errors.AccessDenied,
        Errors.UnsupportedResponseType, Errors.ServerError, Errors.LoginRequired, Errors.InteractionRequired, Errors.InvalidRequestUri,
    ];

    private readonly Counter<long> _issued;
    private readonly Counter<long> _refreshReused;
    private readonly Counter<long> _authorizationErrors;

    public OidcMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RecoveryMetrics.MeterName);
        _issued = meter.CreateCounter<long>("cmq.oidc.tokens.issued", "{response}",
            "Token responses issued, tagged with the grant type: authorization_code, refresh_token.");
        _refreshReused = meter.CreateCounter<long>("cmq.oidc.refresh.reused", "{reuse}",
            "Refresh tokens presented again after rotation: refused, and their whole family revoked.");
        _authorizationErrors = meter.CreateCounter<long>("cmq.oidc.authorization.errors", "{error}",
            "Authorization requests answered with an error, tagged with its OAuth code (login_required, invalid_request…).");
    }

    public void Issued(string? grantType) =>
        _issued.Add(1, new KeyValuePair<string, object?>("grant_type", grantType is not null && KnownGrants.Contains(grantType) ? grantType : "other"));

    public void RefreshReused() => _refreshReused.Add(1);

    public void AuthorizationError(string error) =>
        _authorizationErrors.Add(1, new KeyValuePair<string, object?>("error", KnownErrors.Contains(error) ? error : "other"));
}
