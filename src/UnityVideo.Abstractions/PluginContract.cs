namespace UnityVideo.Abstractions;

/// <summary>
/// The version of the plugin contract defined by this assembly. A plugin records the version it was built
/// against in its <see cref="PluginManifest"/>; the host refuses a plugin whose major version differs.
/// </summary>
public static class PluginContract
{
    /// <summary>
    /// Major version: bumped on any breaking change to a contract type. 2: synthetic ground truth is offered as named
    /// buffers (<see cref="SceneGroundTruth.Buffers"/>) and an annotator lists the buffers it reads
    /// (<see cref="IAnnotator.RequiredBuffers"/>) instead of one field per bundled modality.
    /// </summary>
    public const int Major = 2;

    /// <summary>Minor version: bumped when contracts gain members in a compatible way.</summary>
    public const int Minor = 0;

    /// <summary>The contract version as a <see cref="System.Version"/>.</summary>
    public static Version Current { get; } = new(Major, Minor);
}
