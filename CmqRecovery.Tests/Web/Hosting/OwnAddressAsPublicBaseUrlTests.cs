using CmqRecovery.Web.Hosting;

namespace CmqRecovery.Tests.Web.Hosting;

public sealed class OwnAddressAsPublicBaseUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5099", "http://127.0.0.1:5099")]
    [InlineData("https://localhost:7127;http://localhost:5041", "http://localhost:5041")]
    [InlineData("http://[::]:8080", "http://localhost:8080")]
    [InlineData("http://+:80", "http://localhost:80")]
    [InlineData("http://0.0.0.0:5000/", "http://localhost:5000")]
    [InlineData("", "http://localhost:5000")]
    public void Choose_ListeningAddresses_PrefersPlainHttpOnAHostABrowserOpens(string addresses, string expected)
    {
        var chosen = OwnAddressAsPublicBaseUrl.Choose(addresses.Split(';', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(expected, chosen);
    }
}
