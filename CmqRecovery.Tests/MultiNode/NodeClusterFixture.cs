using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// One two-node cluster behind haproxy for the tests of one class, started
/// on first use so that skipped tests start nothing. Each test works on its own members, so they can share it.
/// </summary>
public class NodeClusterFixture : IAsyncLifetime
{
    public const int MemberCount = 20;

    /// <summary>The proxy's per-client-IP limits here: sign-in posts per 5 minutes, and requests per 10 s.</summary>
    public const int ProxySignInRate = 10;
    public const int ProxyRequestRate = 300;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NodeCluster? _cluster;
    private Exception? _failure;

    public async Task<NodeCluster> ClusterAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_failure is not null)
            {
                throw new InvalidOperationException("The cluster failed to start for an earlier test.", _failure);
            }

            try
            {
                return _cluster ??= await NodeCluster.StartAsync(MemberCount, (ProxyRequestRate, ProxySignInRate), Settings());
            }
            catch (Exception ex)
            {
                _failure = ex;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Settings a test class's cluster adds to every node's (OidcNodeClusterFixture: the provider's clients and keys).</summary>
    protected virtual IDictionary<string, string?>? Settings() => null;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
