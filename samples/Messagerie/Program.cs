namespace Messagerie;

/// <summary>
/// Run the provider first (<c>dotnet run --project CmqRecovery.Web</c>, port 5041), then this one (port 5190): README.
/// A class of its own, not top-level statements, whose generated <c>Program</c> would be public and clash with the
/// provider's in the test project that hosts both.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMessagerie();
        var app = builder.Build();
        app.MapMessagerie();
        app.Run();
    }
}
