namespace UnityVideo.Abstractions;

/// <summary>
/// Entry point of a plugin assembly. The host finds the single public, non-abstract implementation with a
/// parameterless constructor, checks <see cref="Manifest"/>, then calls <see cref="Register"/> once.
/// </summary>
public interface IUnityVideoPlugin
{
    /// <summary>Name, version and contract version of the plugin.</summary>
    PluginManifest Manifest { get; }

    /// <summary>Registers the plugin's modalities, annotators, metrics and services.</summary>
    /// <param name="registrar">The host-side registration surface.</param>
    void Register(IPluginRegistrar registrar);
}
