using MudBlazor;

namespace CmqRecovery.Web.Components.Layout;

/// <summary>Dark blue on white: every text/background pair here is above WCAG AA's 4.5:1.</summary>
public static class CmqTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0B4A7D",
            PrimaryContrastText = "#FFFFFF",
            Secondary = "#5E3A87",
            AppbarBackground = "#0B4A7D",
            AppbarText = "#FFFFFF",
            Background = "#F5F7FA",
            TextPrimary = "#1B1F24",
            TextSecondary = "#44505C",
            Error = "#B3261E",
            Success = "#1E6B34",
            Info = "#0B4A7D",
            Warning = "#7A4F01",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
