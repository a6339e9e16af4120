namespace UnityVideo.Host.Options;

/// <summary>Where plugins are found and what happens when one fails. Section <c>Plugins</c>.</summary>
public sealed class PluginsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Plugins";

    /// <summary>
    /// Folders whose sub-folders each hold one plugin. Relative paths resolve against the working directory,
    /// then against the application folder and its ancestors (so <c>artifacts/plugins</c> is found from
    /// anywhere in a checkout).
    /// </summary>
    public List<string> Directories { get; set; } = [];

    /// <summary>Also search the bundled plugin folder <c>artifacts/plugins</c> (when it exists).</summary>
    public bool IncludeDefaultDirectory { get; set; } = true;

    /// <summary>What to do when a plugin fails to load or its <c>Register</c> throws.</summary>
    public PluginFailurePolicy OnError { get; set; } = PluginFailurePolicy.Stop;

    /// <summary>Per-plugin settings, handed to each plugin as its own section (free-form).</summary>
    [FreeForm]
    public Dictionary<string, object?> Settings { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
