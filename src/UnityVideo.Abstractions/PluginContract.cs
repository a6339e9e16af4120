namespace UnityVideo.Abstractions;

/// <summary>
/// The version of the plugin contract defined by this assembly. A plugin records the version it was built
/// against in its <see cref="PluginManifest"/>; the host refuses a plugin whose major version differs.
/// </summary>
public static class PluginContract
{
    /// <summary>Major version: bumped on any breaking change to a contract type.</summary>
    public const int Major = 1;

    /// <summary>Minor version: bumped when contracts gain members in a compatible way.</summary>
    public const int Minor = 1;

    /// <summary>The contract version as a <see cref="System.Version"/>.</summary>
    public static Version Current { get; } = new(Major, Minor);
}
