using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using CmqRecovery.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>/healthz and /readyz as a proxy sees them: anonymous, a status and one word, nothing more.</summary>
public abstract class HealthEndpointsTests : IAsyncLifetime
{
    private RecoveryWebFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await RecoveryWebFactory.CreateAsync(OnDatabaseAttribute.Of(GetType()));

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [DatabaseFact]
    public async Task GetHealthz_Anonymous_Returns200Healthy()
    {
        var response = await _factory.CreateBrowser().GetAsync(Routes.Liveness);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [DatabaseFact]
    public async Task GetReadyz_DatabaseUpAndNoMailWaiting_Returns200Healthy()
    {
        var response = await _factory.CreateBrowser().GetAsync(Routes.Readiness);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [DatabaseFact]
    public async Task GetReadyz_MailWaitingForAnHour_Returns503WithoutSayingWhy()
    {
        var client = _factory.CreateBrowser();
        var now = DateTimeOffset.UtcNow;
        await using (var db = _factory.Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContext())
        {
            // Queued an hour ago and still backing off: the sender cannot deliver.
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.CreateVersion7(),
                Kind = MailKinds.ResetLink,
                To = "marie.tremblay@example.org",
                Subject = "Réinitialisation du mot de passe",
                CreatedAt = now.AddHours(-1),
                NextAttemptAt = now.AddHours(1),
                Attempts = 12,
            });
            await db.SaveChangesAsync();
        }

        var response = await client.GetAsync(Routes.Readiness);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
        // Liveness does not depend on it: the node is alive, only not ready.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Routes.Liveness)).StatusCode);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class HealthEndpointsTestsOnSqlite : HealthEndpointsTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class HealthEndpointsTestsOnPostgreSql : HealthEndpointsTests;
