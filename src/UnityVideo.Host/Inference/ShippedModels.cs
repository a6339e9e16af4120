namespace UnityVideo.Host.Inference;

/// <summary>
/// Models that ship with the project, named instead of a path: <c>--checkpoint reference</c> (and
/// <c>--init-from reference</c>, and <see cref="UnityVideoPipeline"/> calls) mean
/// <c>models/reference/model.safetensors</c> under the application folder or the nearest of its ancestors that has
/// it, the way the bundled plugins are found. A file or folder of that name in the working directory wins, so a
/// path is never reinterpreted.
/// </summary>
public static class ShippedModels
{
    /// <summary>The folder, beside the executable or above it, that holds the shipped models.</summary>
    public const string Folder = "models";

    /// <summary>The names that resolve to a shipped model.</summary>
    public static IReadOnlyList<string> Names { get; } = ["reference"];

    /// <summary>
    /// <paramref name="checkpoint"/> as given when it exists or is not a shipped model's name; else the shipped file.
    /// </summary>
    /// <exception cref="FileNotFoundException">A shipped model's name whose file is not found (a copy without <c>models/</c>).</exception>
    public static string Resolve(string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (File.Exists(checkpoint) || Directory.Exists(checkpoint) || !Names.Contains(checkpoint, StringComparer.Ordinal)) return checkpoint;
        return Find(checkpoint) ?? throw new FileNotFoundException(
            $"'{checkpoint}' names the shipped model, but {RelativePath(checkpoint)} is not beside the executable ({AppContext.BaseDirectory}) or in a folder above it; " +
            "use a path to a checkpoint, or a complete copy of the repository.", RelativePath(checkpoint));
    }

    /// <summary>The shipped model <paramref name="name"/>'s file, whatever the working directory holds; null when absent.</summary>
    public static string? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return BesideExecutable.Find(RelativePath(name), File.Exists);
    }

    private static string RelativePath(string name) => Path.Combine(Folder, name, "model.safetensors");
}
