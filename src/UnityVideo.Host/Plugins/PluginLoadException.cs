namespace UnityVideo.Host.Plugins;

/// <summary>A plugin could not be loaded or registered. The message names the plugin file or folder.</summary>
public sealed class PluginLoadException(string location, string message, Exception? inner = null)
    : Exception($"{location}: {message}", inner)
{
    /// <summary>The plugin folder or assembly path.</summary>
    public string Location { get; } = location;
}
