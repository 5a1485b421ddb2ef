using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>Circuit options are host settings, not data: one provider is enough.</summary>
public sealed class CircuitSettingsTests
{
    [Fact]
    public async Task CircuitOptions_NoSection_UseTheAppsDefaults()
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(DatabaseProvider.Sqlite);

        var options = factory.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(1), options.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(CircuitSettings.DisconnectedCircuitMaxRetained, options.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromSeconds(15), options.JSInteropDefaultCallTimeout);
        Assert.Equal(CircuitSettings.MaxBufferedUnacknowledgedRenderBatches, options.MaxBufferedUnacknowledgedRenderBatches);
    }

    [Fact]
    public async Task CircuitOptions_Section_OverridesOnlyWhatItSets()
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(DatabaseProvider.Sqlite, overrides: new Dictionary<string, string?>
        {
            ["Circuits:DisconnectedCircuitRetentionPeriod"] = "00:00:30",
            ["Circuits:DisconnectedCircuitMaxRetained"] = "20",
        });

        var options = factory.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), options.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(20, options.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromSeconds(15), options.JSInteropDefaultCallTimeout);
    }
}
