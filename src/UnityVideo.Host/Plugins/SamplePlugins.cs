namespace UnityVideo.Host.Plugins;

/// <summary>
/// The sample plugins the build writes beside the bundled ones (<c>artifacts/samples/plugins/NAME</c>), which the host
/// never loads unless a configuration names their folder. Found beside the executable like the bundled plugins.
/// </summary>
public static class SamplePlugins
{
    /// <summary>The folder the build writes the sample plugins to, relative to the repository root.</summary>
    public const string Folder = "artifacts/samples/plugins";

    /// <summary>The built sample plugin <paramref name="name"/>'s folder (e.g. "Normals"), or null when it was not built.</summary>
    public static string? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return BesideExecutable.Find(Path.Combine(Folder, name), dir => Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*.dll").Any());
    }
}
