using CmqRecovery.Web.Hosting;
using CmqRecovery.Web.Oidc;

var builder = WebApplication.CreateBuilder(args);
builder.AddRecoveryWeb();
builder.AddOidcProvider();

var app = builder.Build();
await app.InitializeRecoveryDatabaseAsync();
app.UseRecoveryPipeline();
app.MapRecoveryEndpoints();
app.MapOidcProvider();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
