namespace UnityVideo.Tests;

/// <summary>Locations in the checkout the tests run from.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root (the folder holding UnityVideo.sln).</summary>
    public static string Root { get; } = FindRoot();

    public static string BundledPlugins => Path.Combine(Root, "artifacts", "plugins");

    public static string TestPlugin(string name) => Path.Combine(Root, "artifacts", "test-plugins", name);

    /// <summary>The build output of a sample plugin under samples/plugins/ (not loaded by default).</summary>
    public static string SamplePlugin(string name) => Path.Combine(Root, "artifacts", "samples", "plugins", name);

    public static string HostingSample => Path.Combine(Root, "artifacts", "samples", "HostingSample", "UnityVideo.Samples.Hosting.dll");

    /// <summary>The CLI built alongside the tests (same configuration).</summary>
    public static string Cli
    {
        get
        {
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(Root, "src", "UnityVideo.Cli", "bin", config, "net10.0", "unityvideo.dll");
        }
    }

    /// <summary>Copies a plugin folder into <paramref name="parent"/>/<paramref name="as"/>.</summary>
    public static string CopyPlugin(string sourceFolder, string parent, string? @as = null)
    {
        var target = Path.Combine(parent, @as ?? Path.GetFileName(sourceFolder));
        Directory.CreateDirectory(target);
        foreach (var f in Directory.GetFiles(sourceFolder)) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        return target;
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "UnityVideo.sln"))) return d.FullName;
        throw new InvalidOperationException("Tests must run from inside the repository (UnityVideo.sln not found above " + AppContext.BaseDirectory + ").");
    }
}
