using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// Debian's haproxy running the repository's own deploy/haproxy.cfg in front of the nodes, with TLS on a free
/// loopback port (a self-signed certificate made here), so the tests prove the example operators copy.
/// </summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly ConcurrentQueue<string> _output = new();

    private HaproxyProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The stickiness cookie deploy/haproxy.cfg inserts; its value names the server (node1, node2).</summary>
    public const string StickinessCookie = "CMQNODE";

    /// <summary>The public address: https through the proxy.</summary>
    public string BaseUrl => $"https://localhost:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string RecentOutput => string.Join('\n', _output);

    /// <summary>deploy/haproxy.cfg's CMQ_CONNECTIONS_PER_IP and CMQ_NODE_MAXCONN here (run-local.sh's defaults).</summary>
    public const int ConnectionsPerIp = 40;
    public const int NodeMaxConn = 1100;

    public static string ConfigPath => Path.Combine(PublishedWeb.RepositoryRoot, "deploy", "haproxy.cfg");

    /// <param name="port">The public port, chosen before the nodes start (their Recovery:PublicBaseUrl names it).</param>
    public static async Task<HaproxyProcess> StartAsync(int port, IReadOnlyList<AppNode> nodes, int requestRate, int signInRate)
    {
        if (nodes.Count != 2)
        {
            throw new ArgumentException("deploy/haproxy.cfg names two nodes.", nameof(nodes));
        }

        var folder = Directory.CreateTempSubdirectory("cmq-haproxy-").FullName;
        var pem = Path.Combine(folder, "tls.pem");
        await File.WriteAllTextAsync(pem, SelfSignedPem());
        var start = new ProcessStartInfo("haproxy") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-db", "-f", ConfigPath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CMQ_PUBLIC_BIND"] = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["CMQ_TLS_PEM"] = pem;
        start.Environment["CMQ_NODE1"] = $"127.0.0.1:{nodes[0].Port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["CMQ_NODE2"] = $"127.0.0.1:{nodes[1].Port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["CMQ_REQUEST_RATE"] = requestRate.ToString(CultureInfo.InvariantCulture);
        start.Environment["CMQ_SIGNIN_RATE"] = signInRate.ToString(CultureInfo.InvariantCulture);
        start.Environment["CMQ_CONNECTIONS_PER_IP"] = ConnectionsPerIp.ToString(CultureInfo.InvariantCulture);
        start.Environment["CMQ_NODE_MAXCONN"] = NodeMaxConn.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("haproxy did not start.");
        var proxy = new HaproxyProcess(process, folder, port);
        process.OutputDataReceived += (_, e) => proxy.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await proxy.WaitUntilBothNodesUpAsync();
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }

        return proxy;
    }

    /// <summary>An HTTP client through the proxy from a chosen loopback address (haproxy sees it as the client IP).</summary>
    public HttpClient ClientFrom(string localAddress)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string SelfSignedPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }

    // Bounded start-up wait: until haproxy's health checks have seen both nodes answer /readyz.
    private async Task WaitUntilBothNodesUpAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {_process.ExitCode}:\n{RecentOutput}");
            }

            // haproxy logs "Server nodes/nodeN is UP" only on a change; at start servers are assumed up, so ask a
            // node-specific question instead: one request per node with its stickiness cookie.
            if (await AnswersThroughBothAsync())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"haproxy did not reach both nodes within 30 s:\n{RecentOutput}");
    }

    private async Task<bool> AnswersThroughBothAsync()
    {
        using var client = ClientFrom("127.0.0.1");
        foreach (var node in new[] { "node1", "node2" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Routes.Readiness);
            request.Headers.Add("Cookie", $"{StickinessCookie}={node}");
            try
            {
                using var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }

        return true;
    }
}
