using CmqRecovery.Web.Cli;
using CmqRecovery.Web.Hosting;
using CmqRecovery.Web.Oidc;
using CmqRecovery.Web.Staff;

if (MembersCommand.Handles(args))
{
    return await MembersCommand.RunAsync(args, Console.Out, Console.Error, showProgress: !Console.IsOutputRedirected);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddRecoveryWeb();
builder.AddOidcProvider();
builder.AddStaffConsole();

var app = builder.Build();
await app.InitializeRecoveryDatabaseAsync();
app.UseRecoveryPipeline();
app.UseStaffConsoleGate();
app.MapRecoveryEndpoints();
app.MapOidcProvider();
app.MapStaffConsole();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
