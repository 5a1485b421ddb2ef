using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// Makes the stored client applications exactly what configuration lists, at start-up on every node (after the
/// migration): new ones created, listed ones updated, others deleted (with their authorizations and tokens).
/// Idempotent, and safe when nodes start together: a node that loses a race (the unique client id, a concurrency
/// token) reads what the winner wrote and goes on, since both write the same configuration.
/// </summary>
internal sealed class OidcClientSync(IServiceScopeFactory scopes, IOptions<OidcOptions> options, ILogger<OidcClientSync> logger) : IHostedLifecycleService
{
    // Starting, not Start: every hosted service's StartingAsync runs before any StartAsync, the web server's
    // included, so no request meets a node whose clients are not synchronised yet.
    public Task StartingAsync(CancellationToken cancellationToken) => SyncAllAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A node racing another one sees at most a conflict or two; past that something else is wrong.</summary>
    private const int Attempts = 3;

    private async Task SyncAllAsync(CancellationToken cancellationToken)
    {
        foreach (var client in options.Value.Clients)
        {
            await WithRaceAsync(manager => SyncAsync(manager, client, cancellationToken), cancellationToken);
        }

        var listed = options.Value.Clients.Select(c => c.ClientId).ToHashSet(StringComparer.Ordinal);
        await WithRaceAsync(async manager =>
        {
            await foreach (var application in manager.ListAsync(count: null, offset: null, cancellationToken))
            {
                if (await manager.GetClientIdAsync(application, cancellationToken) is { } id && !listed.Contains(id))
                {
                    await manager.DeleteAsync(application, cancellationToken);
                    logger.LogInformation("OIDC client {ClientId} is no longer configured: removed.", id);
                }
            }
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static OpenIddictApplicationDescriptor Describe(OidcClient client)
    {
        var confidential = !string.IsNullOrEmpty(client.ClientSecret);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = confidential ? client.ClientSecret : null,
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = client.DisplayName,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Email,
                Permissions.Prefixes.Scope + OidcMembers.MemberScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (confidential)
        {
            // Introspection authenticates the caller: only a client with a secret may ask.
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }

        descriptor.RedirectUris.UnionWith(client.RedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        return descriptor;
    }

    private static async Task SyncAsync(IOpenIddictApplicationManager manager, OidcClient client, CancellationToken cancellationToken)
    {
        var descriptor = Describe(client);
        if (await manager.FindByClientIdAsync(client.ClientId, cancellationToken) is { } existing)
        {
            // Nodes starting together with the same configuration each found the row: rewriting it anyway made every
            // one of them bump its concurrency token, and a node could lose that race on every attempt and fail to
            // start (seen in CI). A row that already says what the configuration says is left alone.
            if (!await IsCurrentAsync(manager, existing, descriptor, cancellationToken))
            {
                await manager.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }
        else
        {
            await manager.CreateAsync(descriptor, cancellationToken);
        }
    }

    private static async Task<bool> IsCurrentAsync(
        IOpenIddictApplicationManager manager, object existing, OpenIddictApplicationDescriptor wanted, CancellationToken cancellationToken)
    {
        var stored = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(stored, existing, cancellationToken);
        var same = stored.ClientType == wanted.ClientType
            && stored.ConsentType == wanted.ConsentType
            && stored.DisplayName == wanted.DisplayName
            && stored.Permissions.SetEquals(wanted.Permissions)
            && stored.Requirements.SetEquals(wanted.Requirements)
            && stored.RedirectUris.SetEquals(wanted.RedirectUris)
            && stored.PostLogoutRedirectUris.SetEquals(wanted.PostLogoutRedirectUris);
        // Only the secret's hash is stored: a confidential client's secret is checked against it.
        return same && (wanted.ClientSecret is null || await manager.ValidateClientSecretAsync(existing, wanted.ClientSecret, cancellationToken));
    }

    private async Task WithRaceAsync(Func<IOpenIddictApplicationManager, Task> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A fresh scope (and DbContext) per attempt: the loser's context still tracks the rows it failed to write.
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await work(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>());
                return;
            }
            // The other node's row can also land between our lookup and CreateAsync's own check, which then refuses with
            // a validation error ("same client identifier already exists": a node failed to start in CI run 8); read
            // again, as for a conflict. A configuration that is really invalid fails the same way every attempt and is
            // thrown after the last.
            catch (Exception ex) when (attempt < Attempts
                && ex is OpenIddictExceptions.ConcurrencyException or OpenIddictExceptions.ValidationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                logger.LogInformation("Another node synchronised the OIDC clients at the same time ({Error}); reading theirs.", ex.GetType().Name);
            }
        }
    }
}
