namespace CmqRecovery.Web.Resources;

/// <summary>Marker for IStringLocalizer&lt;Strings&gt;: Strings.resx is French (the default), Strings.en.resx English.</summary>
public sealed class Strings;
