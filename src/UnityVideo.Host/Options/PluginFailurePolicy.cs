namespace UnityVideo.Host.Options;

/// <summary>How the host reacts to a plugin that cannot be loaded or registered.</summary>
public enum PluginFailurePolicy
{
    /// <summary>Start-up fails with one message naming the plugin.</summary>
    Stop,

    /// <summary>The plugin is left out, a warning names it, and the host continues.</summary>
    Skip,
}
