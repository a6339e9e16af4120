namespace UnityVideo.Host.Plugins;

/// <summary>Resolves configured plugin folders to absolute paths.</summary>
public static class PluginDirectories
{
    /// <summary>The folder the build writes the bundled plugins to, relative to the repository root.</summary>
    public const string Default = "artifacts/plugins";

    /// <summary>
    /// Absolute path of <paramref name="path"/>: as is when rooted; else the first existing of the working
    /// directory and the application folder and its ancestors; else relative to the working directory
    /// (which then reports "not found").
    /// </summary>
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path)) return Path.GetFullPath(path);
        var fromCwd = Path.GetFullPath(path);
        if (Directory.Exists(fromCwd)) return fromCwd;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (Directory.Exists(candidate)) return candidate;
        }
        return fromCwd;
    }
}
