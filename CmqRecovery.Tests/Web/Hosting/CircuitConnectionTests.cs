using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>The circuit's WebSocket as a browser opens it, on a real Kestrel port: a host setting, one provider.</summary>
public sealed class CircuitConnectionTests
{
    [Fact]
    public async Task CircuitWebSocket_ClientOffersDeflate_ServerDeclinesCompression()
    {
        await using var app = await RunningApp.StartAsync(DatabaseProvider.Sqlite);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var negotiation = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", content: null);
        negotiation.EnsureSuccessStatusCode();
        var token = (await negotiation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();
        using var socket = new ClientWebSocket();
        // What Chromium offers: permessage-deflate with context takeover.
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", app.BaseUrl); // as a browser on the app's own page (CircuitAdmission)

        await socket.ConnectAsync(new Uri($"{app.BaseUrl.Replace("http", "ws", StringComparison.Ordinal)}/_blazor?id={token}"), CancellationToken.None);

        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.NotNull(socket.HttpResponseHeaders);
        Assert.False(socket.HttpResponseHeaders.ContainsKey("Sec-WebSocket-Extensions"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}
