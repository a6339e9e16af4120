namespace UnityVideo.Host.Configuration;

/// <summary>
/// What the command line contributes to configuration. Layers apply in Generic-Host order: built-in defaults →
/// <c>appsettings.json</c> beside the application → <see cref="ConfigFile"/> → environment variables
/// <c>UNITYVIDEO__Section__Key</c> → <see cref="Overrides"/>.
/// </summary>
public sealed record ConfigurationSources
{
    /// <summary>An experiment file (<c>--config</c>).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>
    /// Named layers of <c>KEY=VALUE</c> overrides applied after the environment and before <see cref="Overrides"/>, in
    /// order (an ablation arm's settings); the name appears as the source in configuration errors.
    /// </summary>
    public IReadOnlyList<(string Source, IReadOnlyList<string> Overrides)> Layers { get; init; } = [];

    /// <summary>Command-line overrides as <c>Section:Key=value</c> (<c>--set</c>), applied last.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Whether to read <c>UNITYVIDEO__*</c> environment variables.</summary>
    public bool IncludeEnvironment { get; init; } = true;

    /// <summary>Folder searched for an optional <c>appsettings.json</c>; null skips it.</summary>
    public string? AppSettingsDirectory { get; init; } = AppContext.BaseDirectory;
}
