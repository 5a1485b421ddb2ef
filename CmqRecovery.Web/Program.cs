using CmqRecovery.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRecoveryWeb();

var app = builder.Build();
await app.InitializeRecoveryDatabaseAsync();
app.UseRecoveryPipeline();
app.MapRecoveryEndpoints();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
