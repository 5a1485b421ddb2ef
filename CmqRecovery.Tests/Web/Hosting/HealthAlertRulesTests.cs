using System.Net;
using System.Text.RegularExpressions;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Tests.MultiNode;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// deploy/prometheus-alerts.yml names only metrics the app really exports: each cmq_ name in its expressions is in a
/// real scrape of the management port, taken after a mail was abandoned (a counter appears once it has counted).
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed partial class HealthAlertRulesTests
{
    private static string RulesPath => Path.Combine(PublishedWeb.RepositoryRoot, "deploy", "prometheus-alerts.yml");

    [Fact]
    public void AlertRules_File_EachRuleHasANameAnExpressionAndASeverity()
    {
        var text = File.ReadAllText(RulesPath);
        var alerts = AlertLine().Matches(text).Select(m => m.Groups[1].Value).ToList();

        Assert.StartsWith("groups:", string.Join('\n', text.Split('\n').Where(l => !l.StartsWith('#') && l.Length > 0)), StringComparison.Ordinal);
        Assert.Equal(["CmqRecoveryOutboxStuck", "CmqRecoveryMailAbandoned", "CmqRecoveryRelayRefusingMany", "CmqRecoveryAbandonedMailKept"], alerts);
        Assert.Equal(alerts.Count, ExprLine().Matches(text).Count);
        Assert.Equal(alerts.Count, SeverityLine().Matches(text).Count);
        Assert.DoesNotContain('\t', text);
    }

    [DatabaseTheory]
    public async Task AlertRules_MetricNames_AreAllInTheScrapeAfterAnAbandon(DatabaseProvider provider)
    {
        await using var app = await TwoPortApp.StartAsync(provider, "Development");
        using var management = new HttpClient { BaseAddress = new Uri(app.ManagementUrl) };
        var factory = app.Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>();
        var id = Guid.CreateVersion7();
        await using (var db = await factory.CreateDbContextAsync())
        {
            // No body to send (as after lost keys): the sender gives it up at its first attempt.
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id, Kind = MailKinds.ResetLink, To = "marie.tremblay@example.org", Subject = "Réinitialisation",
                CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        app.Services.GetRequiredService<MailOutbox>().Wake();
        await WaitUntilAbandonedAsync(factory, id);

        var response = await management.GetAsync(ManagementEndpoint.MetricsPath);
        var scrape = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var exported = ScrapeName().Matches(scrape).Select(m => m.Groups[1].Value).ToHashSet();
        var used = ExprLine().Matches(File.ReadAllText(RulesPath))
            .SelectMany(e => MetricName().Matches(e.Groups[1].Value).Select(m => m.Value)).Distinct().ToList();
        Assert.Equal(["cmq_outbox_abandoned", "cmq_outbox_abandonments_total", "cmq_outbox_oldest_age_seconds"], used.Order());
        Assert.All(used, name => Assert.Contains(name, exported));
        Assert.Matches("(?m)^cmq_outbox_abandonments_total\\{[^}]*reason=\"compose\"[^}]*\\} 1", scrape);
    }

    // A bounded wait for the app's own sender (woken above; it also polls every 5 s), not a retry of what is tested.
    private static async Task WaitUntilAbandonedAsync(IDbContextFactory<RecoveryDbContext> factory, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            if (await db.OutboxMessages.AnyAsync(m => m.Id == id && m.NextAttemptAt == DeliverOutbox.Never))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The sender did not abandon the mail within 30 s.");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"(?m)^\s*- alert: (\S+)\s*$")]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"(?m)^\s+expr: (.+)$")]
    private static partial Regex ExprLine();

    [GeneratedRegex(@"(?m)^\s+severity: (warning|ticket|page)\s*$")]
    private static partial Regex SeverityLine();

    [GeneratedRegex(@"\bcmq_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"(?m)^(cmq_[a-z_]+)[{ ]")]
    private static partial Regex ScrapeName();
}
