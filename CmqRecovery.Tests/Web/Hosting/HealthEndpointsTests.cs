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
    public async Task GetReadyz_MailStuckForAWeek_Returns200Healthy()
    {
        var client = _factory.CreateBrowser();
        var now = DateTimeOffset.UtcNow;
        await using (var db = _factory.Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContext())
        {
            // Queued a week ago and still backing off (the relay refuses it or is down): every node shares this row.
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.CreateVersion7(),
                Kind = MailKinds.Notice(MemberNotice.SignInCaptcha),
                To = "marie.tremblay@example.org",
                Subject = "Connexion",
                CreatedAt = now.AddDays(-7),
                NextAttemptAt = now.AddHours(1),
                Attempts = 99,
            });
            await db.SaveChangesAsync();
        }

        var response = await client.GetAsync(Routes.Readiness);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class HealthEndpointsTestsOnSqlite : HealthEndpointsTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class HealthEndpointsTestsOnPostgreSql : HealthEndpointsTests;
