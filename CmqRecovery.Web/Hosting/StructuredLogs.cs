
namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Outside Development the console carries one JSON object per line (timestamp in UTC, level, category, message and
/// its named values), which a collector can index without parsing prose. What gets logged never holds a secret:
/// messages name ids and kinds, never tokens, answers, passwords or keys; request paths (a reset link's token) are
/// logged only at Information by the framework, which appsettings.json keeps at Warning.
/// </summary>
public static class StructuredLogs
{
    public static WebApplicationBuilder AddRecoveryLogging(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return builder;
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.IncludeScopes = false;
        });
        return builder;
    }
}
