using System.Net;
using System.Text;
using System.Text.Json;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// The console logger reads Console.Out once, when it is made: these tests swap it for a buffer, so they run alone
/// (no other test's app writes into the buffer meanwhile).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutputCollection
{
    public const string Name = "Console output";
}

/// <summary>Outside Development the app logs one JSON object per line to the console, and never a secret (password, answer, token, HMAC key, pepper, certificate password).</summary>
[Collection(ConsoleOutputCollection.Name)]
public sealed class ProductionLogTests
{
    private const string WrongPassword = "Mauvais-mot-de-passe-9";

    [DatabaseTheory]
    public async Task Log_ProductionSignInsAndLinks_WritesJsonLinesWithoutAnySecret(DatabaseProvider provider)
    {
        var output = new StringBuilder();
        var original = Console.Out;
        string token;
        List<string> keys = [];
        Console.SetOut(TextWriter.Synchronized(new StringWriter(output)));
        try
        {
            await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Production", ProductionSettings.Required());
            var client = factory.CreateHttpsBrowser();
            var member = await factory.Services.GetRequiredService<CreateMember>().ExecuteAsync(DemoMembers.All[0]);
            factory.Services.GetRequiredService<ILogger<ProductionLogTests>>().LogWarning("Marker {Number}", 42);

            await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields(member.Email, WrongPassword));
            await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields(member.Email, DemoMembers.Password));
            await RecoveryWebFactory.PostFormAsync(client, "/mon-compte", new Dictionary<string, string>(), action: "/deconnexion");
            (var request, token) = await RecoverySteps.AddRequestAsync(factory.NewDbContext, DateTimeOffset.UtcNow, member.Id);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Routes.ResetLinkFor(request.Id, token))).StatusCode);
            foreach (var name in ServerKeys.All)
            {
                var key = await factory.Services.GetRequiredService<ServerKeys>().GetAsync(name);
                keys.Add(Convert.ToBase64String(key));
                keys.Add(Convert.ToHexString(key));
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var marker = Assert.Single(lines, l => l.Contains("Marker 42", StringComparison.Ordinal));
        using (var json = JsonDocument.Parse(marker))
        {
            Assert.Equal("Warning", json.RootElement.GetProperty("LogLevel").GetString());
            Assert.Equal(typeof(ProductionLogTests).FullName, json.RootElement.GetProperty("Category").GetString());
            Assert.Equal(42, json.RootElement.GetProperty("State").GetProperty("Number").GetInt32());
        }

        foreach (var line in lines)
        {
            using var _ = JsonDocument.Parse(line); // every line is one JSON object
        }

        string[] secrets =
        [
            DemoMembers.Password, WrongPassword, token, .. DemoMembers.Answers.Values, .. keys,
            ProductionSettings.Pepper, TestCertificates.Password,
        ];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, output.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }
}
