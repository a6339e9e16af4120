namespace UnityVideo.Host.Plugins;

/// <summary>
/// Where plugins are loaded from. Only trusted places: the bundled folder found beside the executable (never in the
/// working directory, so running unityvideo inside a downloaded folder does not run code that folder ships), and
/// the folders the configuration names, taken as given.
/// </summary>
public static class PluginDirectories
{
    /// <summary>The folder the build writes the bundled plugins to, relative to the repository root.</summary>
    public const string Default = "artifacts/plugins";

    /// <summary>What <c>plugins list</c> shows for a plugin from <see cref="ResolveDefault"/>.</summary>
    public const string BundledOrigin = "bundled, beside the executable";

    /// <summary>
    /// The bundled plugin folder: <see cref="Default"/> under the application folder or the nearest of its ancestors
    /// that has one; null when none does. The working directory is not searched.
    /// </summary>
    public static string? ResolveDefault() => BesideExecutable.Find(Default, Directory.Exists);

    /// <summary>A configured folder as given: an absolute path as is, a relative one from the working directory.</summary>
    public static string Resolve(string path) => Path.GetFullPath(path);
}
