namespace UnityVideo.Host;

/// <summary>
/// What the build puts beside the executable (the bundled plugins, the sample plugins, the shipped models): found under
/// the application folder or the nearest of its ancestors that has it — never in the working directory, so running
/// unityvideo inside a downloaded folder does not pick up what that folder ships.
/// </summary>
public static class BesideExecutable
{
    /// <summary>The full path of <paramref name="relativePath"/> under the nearest folder for which <paramref name="exists"/> holds; null when none does.</summary>
    public static string? Find(string relativePath, Func<string, bool> exists)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(exists);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }
}
